"""Tables: a header row gives its columns a role, and makes no claim itself.

    | Substance | Used for | Side effect   | Not effective for |
    |-----------|----------|---------------|-------------------|
    | Kava      | anxiety  | liver damage  | depression        |

gives kava claimedFor anxiety, kava hasRisk liver toxicity and kava claimedFor depression
(negated). A row's own words still decide first; the header decides what they leave open. A
"Label | value" table without a header is read row by row like any "Label: value" line.

A table may also run the other way, one column per substance or compound and one row per
property:

    | Property     | Kava         | Valerian |
    |--------------|--------------|----------|
    | Used for     | anxiety      | insomnia |
    | Side effects | liver damage | headache |

Then the substance heading a column is the subject of what its cells name, the row's first cell
(its label) gives the role, and the label itself is no claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from kgbuild.nlp.anaphora import Ref
from kgbuild.nlp.cues import CueMatch
from kgbuild.nlp.lists import ROLE_KINDS
from kgbuild.nlp.tokens import tokens_of

_SEPARATOR = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*(:?-{2,}:?\s*)?\|?\s*$")


@dataclass
class TableHeader:
    roles: dict[int, str] = field(default_factory=dict)  # column -> claimedFor | hasRisk
    denied: set[int] = field(default_factory=set)  # columns whose claims are denied
    # column -> the substances or compounds heading it (a table with one column per subject)
    subjects: dict[int, list[Ref]] = field(default_factory=dict)


def is_row(text: str) -> bool:
    return text.lstrip().startswith("|")


def is_separator(text: str) -> bool:
    return bool(_SEPARATOR.match(text.strip()))


def column_of(sent: Span, token: int) -> int:
    """The column (0-based) of a token in a table row."""
    bars = tokens_of(sent.doc).text[sent.start : max(sent.start, token)].count("|")
    return max(bars - 1, 0)


def header_of(sent: Span, cues: list[CueMatch], refs: list[Ref] | None = None) -> TableHeader:
    """The roles, denials and column subjects a header row gives its columns."""
    header = TableHeader()
    for ref in refs or []:
        column = column_of(sent, ref.start)
        if ref.is_subject and not ref.anaphoric and column > 0:
            header.subjects.setdefault(column, []).append(ref)
    for cue in sorted(cues, key=lambda c: c.start):
        column = column_of(sent, cue.start)
        if cue.kind in ROLE_KINDS:
            header.roles[column] = ROLE_KINDS[cue.kind]
        elif cue.kind == "negation":
            header.denied.add(column)
    return header


def row_label_role(sent: Span, cues: list[CueMatch]) -> str | None:
    """The role a row's first cell gives its other cells ("Used for", "Side effects"), in a
    table with one column per subject; None when the label names no role."""
    roles = [c for c in cues if c.kind in ROLE_KINDS and column_of(sent, c.start) == 0]
    return ROLE_KINDS[max(roles, key=lambda c: c.end).kind] if roles else None


def row_label_contains(sent: Span, cues: list[CueMatch]) -> bool:
    """Does a row's first cell name constituents ("Main compounds", "Active constituents")?"""
    return any(c.kind == "contains" and column_of(sent, c.start) == 0 for c in cues)
