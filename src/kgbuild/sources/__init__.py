"""Who says so: the kind of source a document comes from, and what a manifest says of it."""

from kgbuild.sources.manifest import ManifestError, SourceEntry, read_manifest
from kgbuild.sources.types import SourceTypeRules, SourceVerdict, load_source_type_rules

__all__ = [
    "ManifestError",
    "SourceEntry",
    "SourceTypeRules",
    "SourceVerdict",
    "load_source_type_rules",
    "read_manifest",
]
