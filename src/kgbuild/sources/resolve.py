"""A document's source metadata, as the graph records it: what the user says wins.

Order of precedence, field by field: the `--sources` manifest row; what the file itself says
(HTML metadata, Markdown front matter, a WARC record, PDF fields); and, for the source type,
the URL rules, then the page-cue rules (decided where the text was read), then `unknown`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from kgbuild.sources.manifest import SourceEntry
from kgbuild.sources.types import UNKNOWN, SourceTypeRules

MANIFEST_RULE = "manifest"


def resolve_source(
    info: dict[str, str], entry: SourceEntry | None, rules: SourceTypeRules
) -> dict[str, str]:
    """`info` (from `graph.merge.document_info`) completed with the manifest and the source type."""
    resolved = dict(info)
    if entry is not None:
        for field, value in (("url", entry.url), ("issued", entry.date), ("site", entry.site)):
            if value:
                resolved[field] = value
    url = resolved.get("url", "")
    if url and not resolved.get("site"):
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if host:
            resolved["site"] = host
    if entry is not None and entry.source_type:
        kind, rule = entry.source_type, MANIFEST_RULE
    else:
        verdict = rules.classify_url(url)
        if verdict.type != UNKNOWN:
            kind, rule = verdict.type, verdict.rule
        else:
            kind = resolved.get("page_type") or UNKNOWN
            rule = resolved.get("page_type_rule") or "none"
    resolved["source_type"], resolved["source_type_rule"] = kind, rule
    return {key: value for key, value in resolved.items() if value}
