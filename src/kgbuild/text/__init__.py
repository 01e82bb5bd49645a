"""Text preparation before the spaCy stages: invisible characters out, long texts in chunks."""

from kgbuild.text.chunks import chunk_text
from kgbuild.text.invisible import OffsetMap, strip_invisible

__all__ = ["OffsetMap", "chunk_text", "strip_invisible"]
