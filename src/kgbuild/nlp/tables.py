"""Tables: a header row gives its columns a role, and makes no claim itself.

    | Substance | Used for | Side effect   | Not effective for |
    |-----------|----------|---------------|-------------------|
    | Kava      | anxiety  | liver damage  | depression        |

gives kava claimedFor anxiety, kava hasRisk liver toxicity and kava claimedFor depression
(negated). A row's own words still decide first; the header decides what they leave open. A
"Label | value" table without a header is read row by row like any "Label: value" line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from kgbuild.nlp.cues import CueMatch
from kgbuild.nlp.lists import ROLE_KINDS

_SEPARATOR = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*(:?-{2,}:?\s*)?\|?\s*$")


@dataclass
class TableHeader:
    roles: dict[int, str] = field(default_factory=dict)  # column -> claimedFor | hasRisk
    denied: set[int] = field(default_factory=set)  # columns whose claims are denied


def is_row(text: str) -> bool:
    return text.lstrip().startswith("|")


def is_separator(text: str) -> bool:
    return bool(_SEPARATOR.match(text.strip()))


def column_of(sent: Span, token: int) -> int:
    """The column (0-based) of a token in a table row."""
    bars = sum(1 for t in sent.doc[sent.start : token] if t.text == "|")
    return max(bars - 1, 0)


def header_of(sent: Span, cues: list[CueMatch]) -> TableHeader:
    header = TableHeader()
    for cue in sorted(cues, key=lambda c: c.start):
        column = column_of(sent, cue.start)
        if cue.kind in ROLE_KINDS:
            header.roles[column] = ROLE_KINDS[cue.kind]
        elif cue.kind == "negation":
            header.denied.add(column)
    return header
