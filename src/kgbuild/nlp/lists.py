"""Lists and lines: coordinated entities, list items and the lines that introduce them.

* A coordinated list ("A, B and C") is one group: a claim about the list is a claim about each.
  Lists never cross a clause boundary ("Unlike coffee, green tea ..."), and a substance and a
  compound join only by plain coordination ("kratom, kava and phenibut"), not by apposition or
  examples ("kratom leaves, primarily mitragynine").
* A list item ("- Nausea") inherits the subject and relation of the line that introduced it
  ("What are the risks of kratom?", "Possible side effects include:", "## Uses").
* A heading is a short line without closing punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass

from spacy.tokens import Doc

from kgbuild.nlp.anaphora import Ref
from kgbuild.nlp.cues import CueMatch
from kgbuild.nlp.segmenter import NUMBERED_MARKER
from kgbuild.nlp.syntax import Syntax
from kgbuild.nlp.tokens import tokens_of

LIST_ITEM = re.compile(
    r"^\s*(?:[-*+\u2022\u25cf\u25aa\u2713\u2714\u2705\u27a4\u2192]\s|" + NUMBERED_MARKER + ")"
)
# Plain coordination: what may join a substance and a compound in one list.
COORDINATION = {",", "and", "or", "&", "/", "as", "well", "nor"}
# Cue kinds that set the role of a list's items ("Possible side effects include:", "## Uses").
ROLE_KINDS = {
    "risk": "hasRisk",
    "risk-topic": "hasRisk",
    "benefit": "claimedFor",
    "benefit-topic": "claimedFor",
}
GROUP_KIND = {
    "substance": "S",
    "compound": "C",
    "receptor": "R",
    "neurotransmitter": "N",
    "condition": "O",
    "risk": "O",
}


@dataclass(frozen=True)
class LeadIn:
    """The line that introduces a list ("What are the risks of kratom?", "Uses:"): its items
    inherit its subjects and, when they have no cue of their own, its relation."""

    subjects: tuple[Ref, ...]
    role: str | None


def lead_in_of(text: str, refs: list[Ref], cues: list[CueMatch]) -> LeadIn | None:
    stripped = text.strip()
    if not (stripped.endswith((":", "?")) or is_heading(stripped)):
        return None
    subjects = [r for r in refs if r.is_subject]
    roles = [c for c in cues if c.kind in ROLE_KINDS and c.text.lower() != "for"]
    role = None
    if roles:
        role = ROLE_KINDS[max(roles, key=lambda c: c.end).kind]
    return LeadIn(tuple(subjects), role)


def is_heading(text: str) -> bool:
    """A short line without closing punctuation ('Adverse effects', '## Safety')."""
    stripped = text.strip()
    return len(stripped.split()) <= 12 and not stripped.endswith((".", "!", "?", ";", ")", "]"))


def listed_together(doc: Doc, first: Ref, second: Ref, syntax: Syntax) -> bool:
    """Two refs joined only by plain coordination ('kratom, kava and phenibut')."""
    left, right = (first, second) if first.start < second.start else (second, first)
    return right.start > left.end and _only(doc, left.end, right.start, COORDINATION)


def _only(doc: Doc, start: int, end: int, words: Set[str]) -> bool:
    """Is every token in [start, end) white space or one of `words`?"""
    tok = tokens_of(doc)
    lower, space = tok.lower, tok.is_space
    return all(lower[i] in words or space[i] for i in range(start, end))


def drop_forms(doc: Doc, refs: list[Ref], syntax: Syntax) -> list[Ref]:
    """Leave out substances named as a preparation form: "I drink it as a tea", "sold as
    capsules, tablets and teas". They are neither subjects nor antecedents."""
    kept: list[Ref] = []
    in_form_list = False
    tok = tokens_of(doc)
    for index, ref in enumerate(refs):
        is_form = False
        if ref.category == "substance":
            before = tok.joined_lower(ref.start - 4, ref.start)
            is_form = any(before == p or before.endswith(" " + p) for p in syntax.form_prefixes)
        if not is_form and in_form_list and ref.category == "substance":
            is_form = _only(doc, refs[index - 1].end, ref.start, COORDINATION)
        in_form_list = is_form
        if not is_form:
            kept.append(ref)
    return kept


def ref_at(refs: list[Ref], token: int) -> Ref | None:
    return next((r for r in refs if r.start <= token < r.end), None)


def coordinated_groups(
    doc: Doc, refs: list[Ref], syntax: Syntax, clause_starts: set[int]
) -> dict[Ref, list[Ref]]:
    """Coordinated lists: refs of one kind joined only by connectors ("A, B and C"), never
    across a clause boundary ("Unlike coffee, green tea ...")."""
    kind = GROUP_KIND
    groups: dict[Ref, list[Ref]] = {}
    current: list[Ref] = []
    for ref in refs:
        if current:
            last = current[-1]
            same_kind = kind[ref.category] == kind[last.category] or (
                {kind[ref.category], kind[last.category]} == {"S", "C"}
                and _only(doc, last.end, ref.start, COORDINATION)
            )
            joined = (
                same_kind
                and ref.anaphoric == last.anaphoric
                and _only(doc, last.end, ref.start, syntax.list_connectors)
                and not any(last.end <= start <= ref.start for start in clause_starts)
            )
            if not joined:
                for member in current:
                    groups[member] = list(current)
                current = []
        if not current or ref.entity not in {m.entity for m in current}:
            current.append(ref)
        else:
            groups[ref] = current
    for member in current:
        groups[member] = list(current)
    for ref in refs:
        groups.setdefault(ref, [ref])
    return groups
