"""claimedFor or hasRisk: the role of a condition or risk in its sentence.

The nearest relation cue before the object's list decides ("kava for anxiety", "risk of
addiction", "can cause headaches"); else a predicate noun right after an object that leads its
clause ("Headache is the most common side effect of valerian"); else the role of the line that
introduced a list item ("Possible side effects include:"); else the lexicon type (a Risk is a
risk, a Condition is claimed). "for" counts only right before the object and not after
"potential", "risk" and the like ("potential for abuse").
"""

from __future__ import annotations

from spacy.tokens import Doc

from kgbuild.nlp.anaphora import Ref
from kgbuild.nlp.clauses import Clause
from kgbuild.nlp.cues import CueMatch
from kgbuild.nlp.syntax import Syntax

# Relation cues that may follow the object as its predicate.
PREDICATE_CUES = {
    "side effect",
    "side effects",
    "side-effect",
    "side-effects",
    "adverse",
    "risk",
    "risks",
    "complication",
    "complications",
    "danger",
    "dangers",
    "harm",
    "toxicity",
    "treatment",
    "treatments",
    "remedy",
    "remedies",
    "therapy",
    "relief",
    "benefit",
    "benefits",
}
# Words that may stand between "for" and its object: "for the", "for mild", "for chronic".
FOR_FILLERS = {
    "the",
    "a",
    "an",
    "their",
    "its",
    "your",
    "my",
    "mild",
    "severe",
    "chronic",
    "acute",
    "occasional",
    "moderate",
}
PREDICATE_WINDOW = 8  # tokens between the object and a predicate cue
NOUN_CAUSES = {"cause", "causes"}  # followed by "of", these are nouns


def decide_role(
    doc: Doc,
    group: list[Ref],
    refs: list[Ref],
    clause: Clause,
    cues: list[CueMatch],
    syntax: Syntax,
    lead_in_role: str | None = None,
) -> str:
    """'claimedFor' or 'hasRisk' for a list of conditions/risks (see the module docstring)."""
    first = min(r.start for r in group)
    last = max(r.end for r in group)
    before: CueMatch | None = None
    after: CueMatch | None = None
    for cue in cues:
        if cue.kind not in ("risk", "benefit") or cue.start not in clause:
            continue
        if cue.end <= first and _governs(doc, cue, first, syntax):
            if before is None or (cue.end, -cue.start) > (before.end, -before.start):
                before = cue
        elif (
            cue.start >= last
            and cue.start - last <= PREDICATE_WINDOW
            and cue.text.lower() in PREDICATE_CUES
            and (after is None or cue.start < after.start)
        ):
            after = cue
    leads = not any(r.start < first for r in refs if r.start in clause)
    best = before or (after if leads else None)
    if best is not None:
        return "hasRisk" if best.kind == "risk" else "claimedFor"
    if lead_in_role:
        return lead_in_role
    return "hasRisk" if any(r.category == "risk" for r in group) else "claimedFor"


def _governs(doc: Doc, cue: CueMatch, first: int, syntax: Syntax) -> bool:
    if is_noun_cause(doc, cue):
        return False
    if cue.kind != "benefit" or cue.text.lower() != "for":
        return True
    adjacent = all(t.is_punct or t.lower_ in FOR_FILLERS for t in doc[cue.end : first])
    blocked = cue.start > 0 and doc[cue.start - 1].lower_ in syntax.benefit_for_blockers
    return adjacent and not blocked


def is_noun_cause(doc: Doc, cue: CueMatch) -> bool:
    """'other causes of hepatitis were excluded': the noun, not the verb of a risk."""
    return (
        cue.kind == "risk"
        and cue.text.lower() in NOUN_CAUSES
        and cue.end < len(doc)
        and doc[cue.end].lower_ == "of"
    )
