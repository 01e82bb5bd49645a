"""Texts longer than one spaCy document may be: split at paragraph boundaries, all still read.

spaCy refuses a text over `nlp.max_length` characters (1,000,000), and memory grows with a
document's length. A longer text is cut into chunks of at most `limit` characters: at the last
blank line before the limit, else at the last line break, else after the last sentence end
(". "), else at the last space, else hard at the limit. Claims that span a cut are the only loss.
"""

from __future__ import annotations

from collections.abc import Iterator

CHUNK_CHARS = 200_000
_BREAKS = ("\n\n", "\n", ". ", " ")


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Yield (offset, chunk) pairs that cover `text` in order, each at most `limit` long."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = -1
        for separator in _BREAKS:
            found = text.rfind(separator, start + limit // 2, window_end)
            if found != -1:
                cut = found + len(separator)
                break
        if cut <= start:
            cut = window_end
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]
