"""Anaphora: pronouns and nominal references resolved to the entities they name.

* "it" / "its" name the nearest entity before them in the sentence when that is a substance or
  compound; when the nearest is something else ("GAD ... its mechanisms") they name nothing; with
  nothing before them they name the subject of the previous sentence that had one, else the
  document's focus. Right after a verb of use ("stop using it") they name the nearest subject
  before them, whatever stands between. Expletive "it" ("it is important to ...") names nothing.
* "this botanical", "the substance", "the plant" ... name the most recent substance, else focus.
* "these compounds", "its alkaloids", "the alkaloids" name the most recent group of compounds,
  unless a list of compounds follows at once ("its alkaloids, A and B"), which names itself.
* "these receptors", "all receptors", "both subtypes" name the receptors named before them in
  the sentence, else those of the last two sentences.
* A mechanism ("It binds to mu-opioid receptors") whose "it" names a substance belongs to the
  compound named outright in the sentence just before, if any ("Kratom contains mitragynine.");
  `claims.py` applies this, since it depends on the relation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kgbuild.nlp.cues import CueMatch
from kgbuild.nlp.syntax import Syntax

SUBJECT_TYPES = {"Substance": "substance", "Compound": "compound", "Alkaloid": "compound"}
RECEPTOR_WINDOW = 2  # sentences after which "these receptors" no longer reaches back
CATEGORY = {
    **SUBJECT_TYPES,
    "Receptor": "receptor",
    "Neurotransmitter": "neurotransmitter",
    "Condition": "condition",
    "Risk": "risk",
}


@dataclass(frozen=True)
class Ref:
    """An entity mention, or an anaphor resolved to an entity, at token positions [start, end)."""

    start: int
    end: int
    entity: str
    category: str
    text: str
    anaphoric: bool = False

    @property
    def is_subject(self) -> bool:
        return self.category in ("substance", "compound")


@dataclass
class Discourse:
    """What earlier sentences of the document make available to anaphora."""

    focus: Ref | None = None
    last_subject: Ref | None = None
    last_substance: Ref | None = None
    last_compounds: list[Ref] = field(default_factory=list)
    # compounds named outright in the sentence just before ("Kratom contains mitragynine.")
    recent_compounds: list[Ref] = field(default_factory=list)
    # receptors named outright in the last RECEPTOR_WINDOW sentences, and how long ago
    recent_receptors: list[Ref] = field(default_factory=list)
    receptors_age: int = 0
    # sentences since last_subject was named outright (0: in the sentence just before)
    subject_age: int = 0
    # last_subject opened its sentence ("Melatonin is better for jet lag.")
    subject_leads: bool = False

    def fallback_subject(self) -> Ref | None:
        """Who a subjectless risk or mechanism sentence is about: the substance last named,
        or a compound that opened the sentence just before ('Melatonin is better for jet lag. The
        big doses gave me headaches.'), else the document's focus ('Side effects
        include nausea' in an article on kava)."""
        last = self.last_subject
        if last is not None and (
            last.category == "substance"
            or (self.subject_age == 0 and self.subject_leads and not last.anaphoric)
        ):
            return last
        return self.focus or self.last_subject

    def update(self, refs: list[Ref], sent_start: int | None = None) -> None:
        explicit = [r for r in refs if r.is_subject and not r.anaphoric]
        subjects = explicit or [r for r in refs if r.is_subject]
        if subjects:
            self.last_subject = subjects[0]
            self.subject_age = 0
            self.subject_leads = sent_start is not None and subjects[0].start - sent_start <= 1
        else:
            self.subject_age += 1
        substances = [r for r in refs if r.category == "substance"]
        if substances:
            self.last_substance = substances[-1]
        compounds = [r for r in explicit if r.category == "compound"]
        if compounds:
            self.last_compounds = compounds
        self.recent_compounds = compounds
        receptors = [r for r in refs if r.category == "receptor" and not r.anaphoric]
        if receptors:
            self.recent_receptors, self.receptors_age = receptors, 0
        else:
            self.receptors_age += 1
            if self.receptors_age >= RECEPTOR_WINDOW:
                self.recent_receptors = []


def document_focus(doc: Doc) -> Ref | None:
    """The substance or compound mentioned most often (ties: the earliest)."""
    counts: Counter = Counter()
    first: dict[str, Span] = {}
    for ent in doc.ents:
        if ent.label_ in SUBJECT_TYPES:
            counts[ent.kb_id_] += 1
            first.setdefault(ent.kb_id_, ent)
    if not counts:
        return None
    best = max(counts, key=lambda e: (counts[e], -first[e].start))
    ent = first[best]
    return Ref(ent.start, ent.end, best, SUBJECT_TYPES[ent.label_], ent.text)


def _is_expletive(doc: Doc, i: int, syntax: Syntax) -> bool:
    """'it is important to ...', 'it's not always clear whether ...' (but not 'it is a tree')."""
    if (
        doc[i].lower_ != "it"
        or i + 1 >= len(doc)
        or doc[i + 1].lower_ not in syntax.expletive_verbs
    ):
        return False
    j = i + 2
    while j < len(doc) and doc[j].lower_ in syntax.expletive_adverbs:
        j += 1
    return j < len(doc) and doc[j].lower_ in syntax.expletive_adjectives


def resolve(
    sent: Span, refs: list[Ref], cues: list[CueMatch], discourse: Discourse, syntax: Syntax
) -> tuple[list[Ref], bool]:
    """Anaphors of `sent` as Refs (to be merged with the sentence's entity Refs).

    The flag is true when a pronoun names a non-subject entity ("If depression ..., it can
    become severe"): the sentence then has a subject, just not one that makes claims.
    """
    doc = sent.doc
    resolved: list[Ref] = []
    bound_elsewhere = False
    for cue in cues:
        if not sent.start <= cue.start < sent.end:
            continue
        if cue.kind == "pronoun":
            if _is_expletive(doc, cue.start, syntax):
                continue
            before = [r for r in refs + resolved if r.end <= cue.start]
            if cue.start > 0 and doc[cue.start - 1].lower_ in syntax.use_verbs:
                # "... when people stop using it": the thing used is a substance or compound
                before = [r for r in before if r.is_subject]
            if before:
                nearest = max(before, key=lambda r: r.end)
                if nearest.is_subject:
                    resolved.append(_as_anaphor(nearest, cue))
                else:
                    bound_elsewhere = True
                continue
            target = discourse.last_subject or discourse.focus
            if target:
                resolved.append(_as_anaphor(target, cue))
        elif cue.kind == "substance-anaphor":
            target = discourse.last_substance or discourse.focus
            before = [
                r for r in refs + resolved if r.end <= cue.start and r.category == "substance"
            ]
            if before:
                target = max(before, key=lambda r: r.end)
            if target:
                resolved.append(_as_anaphor(target, cue))
        elif cue.kind == "receptor-anaphor":
            if _list_follows(doc, cue.end, refs, "receptor"):
                continue
            here = [r for r in refs if r.category == "receptor" and r.end <= cue.start]
            for target in here or discourse.recent_receptors:
                resolved.append(_as_anaphor(target, cue))
        elif cue.kind == "compound-anaphor":
            if _list_follows(doc, cue.end, refs):
                continue
            plural = cue.text.lower().endswith("s")
            targets = discourse.last_compounds if plural else discourse.last_compounds[:1]
            for target in targets:  # "the alkaloid": the first (main) one named
                resolved.append(_as_anaphor(target, cue))
    return resolved, bound_elsewhere


def _as_anaphor(target: Ref, cue: CueMatch) -> Ref:
    return Ref(cue.start, cue.end, target.entity, target.category, cue.text, anaphoric=True)


def _list_follows(doc: Doc, end: int, refs: list[Ref], category: str = "compound") -> bool:
    """'its alkaloids, mitragynine and ...' / 'compounds such as A': the list names itself."""
    window = end
    while (
        window < len(doc)
        and window < end + 4
        and (
            doc[window].is_punct
            or doc[window].lower_
            in {
                "such",
                "as",
                "like",
                "including",
                "primarily",
                "mainly",
                "namely",
                "notably",
                "especially",
            }
        )
    ):
        window += 1
    return any(r.start == window and r.category == category for r in refs)
