"""Zero-width and bidirectional control characters, removed before matching.

`Kra\u200btom` must match "kratom": such characters are invisible on a page but split a word for
the tokenizer and the lexicon. They are removed from the text the stages see; an `OffsetMap`
takes offsets in the cleaned text back to offsets in the original, so a mention's offsets still
point into the document as read.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Zero-width space/non-joiner/joiner, LRM/RLM, bidi embeddings and overrides, word joiner and
# invisible operators, bidi isolates, zero-width no-break space (a BOM inside the text), and the
# soft hyphen, which only marks where a word may break.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in a cleaned text back to the original text it was cleaned from.

    `removed` holds, for every removed character in order, the offset in the cleaned text at
    which it stood (several removed characters in a row share one).
    """

    removed: tuple[int, ...] = ()

    def start(self, offset: int) -> int:
        """Original offset of the character at cleaned `offset` (removed ones before it count)."""
        return offset + bisect_right(self.removed, offset)

    def end(self, offset: int) -> int:
        """Original end offset (exclusive) of a span ending at cleaned `offset`."""
        if offset <= 0:
            return self.start(offset)
        return self.start(offset - 1) + 1


def strip_invisible(text: str) -> tuple[str, OffsetMap]:
    """The text without invisible characters, and the map back to the original offsets."""
    if not INVISIBLE.search(text):
        return text, OffsetMap()
    removed: list[int] = []
    pieces: list[str] = []
    kept = 0
    last = 0
    for match in INVISIBLE.finditer(text):
        piece = text[last : match.start()]
        pieces.append(piece)
        kept += len(piece)
        removed.append(kept)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(tuple(removed))
