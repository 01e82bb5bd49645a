"""Stage 2: sentence boundaries for web articles.

Headings, list items and table rows are sentences of their own: every line break ends a sentence
unless the line is visibly hard-wrapped prose (a long line without closing punctuation followed by
a line that starts in lower case). Within a line, a sentence ends at . ! or ? followed by white
space and a character that can start a sentence, except after common abbreviations (St., Dr.,
e.g.) and initials. A citation marker right after the full stop ("[2]", "[6-8]") stays with the
sentence it closes.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kgbuild.nlp.tokens import doc_text

ABBREVIATIONS = {
    "st",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "eg",
    "ie",
    "fig",
    "no",
    "approx",
    "ca",
    "al",
    "u.s",
    "u.k",
    "inc",
    "ltd",
    "jr",
    "sr",
    "vol",
    "pp",
    "spp",
    "sp",
    "var",
    "subsp",
    "cf",
    "ft",
    "mt",
}
WRAP_MIN = 60
# The number of a numbered item or heading, in any style: "1. ", "2) ", "(3) ", "4\u3001",
# "Step 5:", "Benefit #6 -", "#7 \u2013", "IV. ", "\u2162 ", "b) " (lists.py and claims.py too).
NUMBERED_MARKER = (
    r"(?:\d{1,2}(?:[.)]\s|\s*[\u3001\uff0e\uff09])|\(\d{1,2}\)\s*"
    r"|(?i:step|tip|reason|no\.?|number|part|benefit|risk|way|sign|fact|myth)\s*#?\d{1,2}"
    r"\s*[:.)\u2013\u2014-]\s*"
    r"|#\d{1,2}\s*[:.)\u2013\u2014-]\s*"
    r"|[IVX]{1,4}[.)]\s|[\u2160-\u216b][.)]?\s?|[a-h]\)\s)"
)
_LINE_MARKER = re.compile(r"^\s*([-*+\u2022\u25cf\u25aa]\s|" + NUMBERED_MARKER + r"|#|\|)")
_END = re.compile(
    r"(?P<stop>[.!?\u2026]+)(?P<close>[\"'\u201d\u2019)\]]*)"
    r"(?P<cite>(?:\s?\[\d+(?:[,\u2013-]\s?\d+)*\])+|\d{1,2}(?:[,\u2013-]\d{1,2})*)?"
    r"(?=\s+[\"'\u201c\u2018(\[*\u2022]?[A-Z0-9])"
)
# Leading Markdown/list markers of a line: "## ", "- ", "* ", "> ", "\u2022 ".
LINE_MARKERS = re.compile(r"^[\s#>*+\u2022-]*")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


# A line ending in one of these cannot end a sentence, whatever the case of the next line.
_OPEN_ENDINGS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "with",
    "for",
    "in",
    "on",
    "by",
    "from",
    "that",
    "as",
    "at",
    "than",
    "into",
    "is",
    "are",
    "was",
    "were",
    "its",
    "their",
}


def _is_wrapped(line: str, next_line: str) -> bool:
    stripped = line.rstrip()
    if len(stripped) < WRAP_MIN or stripped.endswith((".", "!", "?", ":", ";", "|")):
        return False
    if _LINE_MARKER.match(next_line):
        return False
    last_word = stripped.rsplit(None, 1)[-1].lower()
    return next_line[:1].islower() or last_word in _OPEN_ENDINGS


def _blocks(text: str) -> list[tuple[int, int]]:
    """Lines, with hard-wrapped prose lines joined back into one block."""
    blocks: list[tuple[int, int]] = []
    offset = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        previous = blocks[-1] if blocks else None
        if (
            previous
            and previous[1] == start - 1
            and _is_wrapped(text[previous[0] : previous[1]].rsplit("\n", 1)[-1], line.lstrip())
        ):
            blocks[-1] = (previous[0], end)
        else:
            blocks.append((start, end))
        del index
    return blocks


# Only this much text before a full stop is looked at, so that the cost of a block stays linear
# in its length (a one-line page has one block); no abbreviation or item number is longer.
_LOOK_BACK = 64


def _is_abbreviation(block: str, stop_at: int) -> bool:
    """'St.', 'e.g.', an initial, or the number of a numbered list item ('1. First step')."""
    if stop_at <= _LOOK_BACK and LINE_MARKERS.sub("", block[:stop_at]).isdigit():
        return True  # "1. First step", "## 2. Helps With Sleep"
    match = _WORD_BEFORE.search(block, max(0, stop_at - _LOOK_BACK), stop_at)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word == "no":  # "No. 5" abbreviates; a FAQ's "No. Pregnant women ..." answers
        return block[stop_at + 1 : stop_at + 3].strip()[:1].isdigit()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        cut = 0
        for match in _END.finditer(block):
            if match.group("stop") == "." and _is_abbreviation(block, match.start()):
                continue
            spans.append((block_start + cut, block_start + match.end()))
            cut = match.end()
        spans.append((block_start + cut, block_end))
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    return trimmed


@Language.component("kg_segmenter")
def segment(doc: Doc) -> Doc:
    """Mark sentence starts in one array assignment (setting them token by token makes spaCy
    rescan the doc on every call, quadratic in its length)."""
    if not len(doc):
        return doc
    pending = sorted({start for start, _ in sentence_spans(doc_text(doc))})
    flags = numpy.full((len(doc), 1), -1, dtype="int64")  # -1: not a sentence start
    flags[0, 0] = 1
    index = 0
    columns = doc.to_array([IDX, IS_SPACE])
    starts, spaces = columns[:, 0].tolist(), columns[:, 1].tolist()
    for i, (idx, is_space) in enumerate(zip(starts, spaces, strict=True)):
        while index < len(pending) and pending[index] < idx:
            index += 1
        if index < len(pending) and idx >= pending[index] and not is_space:
            if i > 0:
                flags[i, 0] = 1
            index += 1
    doc.from_array([SENT_START], flags.astype("uint64"))  # spaCy's attribute array type
    return doc
