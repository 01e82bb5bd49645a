"""Stage 5: claims, sentence by sentence, with evidence, hedging and negation.

For every object mention (receptor, neurotransmitter, condition, risk) the finder picks a
subject, a relation and the cues in scope:

* **Relation** by the object's type: receptor -> actsOn, neurotransmitter -> modulates;
  a condition or risk is `claimedFor` or `hasRisk` by the nearest relation cue before its list
  ("for", "relief", "treat" vs "risk of", "can cause", "linked to"), else by its lexicon type.
  A compound and a substance in one clause with a containment cue give `contains`.
* **Subject**: the nearest substance/compound list before the object in its clause; for a
  relative clause its antecedent (none when the antecedent is itself an object: "serotonin,
  which is low in patients with GAD"); then the nearest one after the object in the clause; then
  the nearest in earlier clauses. Lists are expanded. A compound subject contained in a substance
  named in the same sentence lends `claimedFor`/`hasRisk` claims to that substance too.
  Sentences without any subject (explicit or anaphoric), headings aside, give risks and
  mechanisms to the substance under discussion (the last one named, else the document's most
  frequent); table rows, "Label: values" lines and benefits backed by a cited study give it every
  relation. "People with X" names a population, not a claim about X.
* **Scope**: evidence cues and clause-wide hedges in the object's clause (and a relative clause's
  parent); modifier hedges ("potential", "possible") before or inside the object's words
  ("potential for abuse"), and negations before the object, in its clause. Evidence words
  inside a call for evidence ("the need for more clinical trials") do
  not count, and the call makes the claim hedged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kgbuild.graph.merge import fold_mention
from kgbuild.lexicon.model import Lexicon
from kgbuild.nlp.anaphora import CATEGORY, Discourse, Ref, document_focus, resolve
from kgbuild.nlp.asides import Aside, aside_of, find_asides, same_side
from kgbuild.nlp.clauses import Clause, split_clauses
from kgbuild.nlp.cues import CueMatch, CueMatcher
from kgbuild.nlp.syntax import Syntax, load_syntax
from kgbuild.records import Cue, Level, Mention

OBJECT_RELATION = {"receptor": "actsOn", "neurotransmitter": "modulates"}
# A table row, or a "Label: values" line whose label is at most three words.
_STRUCTURED = re.compile(r"^\s*(\||[-*\u2022]?\s*[A-Z][\w()/-]*(?: [\w()/-]+){0,2}:\s)")
_LIST_ITEM = re.compile(
    r"^\s*([-*+\u2022\u25cf\u25aa\u2713\u2714\u2705\u27a4\u2192]|\d{1,2}[.)])\s"
)
_LINE_MARKERS = re.compile(r"^[\s#>*\u2022+-]+|[\s.:]+$")


class ClaimFinder:
    """Finds the claims of a parsed Doc (entities set) one sentence at a time."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.cues = CueMatcher(nlp)
        self.syntax: Syntax = load_syntax()

    def find(self, doc: Doc, path: str) -> list[Mention]:
        discourse = Discourse(focus=document_focus(doc))
        lead_in: LeadIn | None = None
        seen_lines: set[str] = set()
        mentions: list[Mention] = []
        sentences = list(doc.sents)
        sentence_of = [0] * len(doc)
        for index, sent in enumerate(sentences):
            sentence_of[sent.start : sent.end] = [index] * (sent.end - sent.start)
        ents_by_sentence: list[list[Span]] = [[] for _ in sentences]
        for ent in doc.ents:
            ents_by_sentence[sentence_of[ent.start]].append(ent)
        cues_by_sentence: list[list[CueMatch]] = [[] for _ in sentences]
        for cue in self.cues(doc):
            if sentence_of[cue.start] == sentence_of[cue.end - 1]:
                cues_by_sentence[sentence_of[cue.start]].append(cue)
        for index, sent in enumerate(sentences):
            refs = [
                Ref(e.start, e.end, e.kb_id_, CATEGORY[e.label_], e.text)
                for e in ents_by_sentence[index]
            ]
            sent_cues = cues_by_sentence[index]
            anaphors, bound_elsewhere = resolve(sent, refs, sent_cues, discourse, self.syntax)
            refs = sorted(refs + anaphors, key=lambda r: (r.start, r.end))
            line_key = _LINE_MARKERS.sub("", sent.text.lower())
            if line_key in seen_lines:
                discourse.update(refs)
                continue
            seen_lines.add(line_key)
            is_item = bool(_LIST_ITEM.match(sent.text))
            mentions.extend(
                self._sentence(
                    sent,
                    refs,
                    sent_cues,
                    discourse,
                    path,
                    bound_elsewhere,
                    lead_in if is_item else None,
                )
            )
            if not is_item:
                lead_in = _lead_in(sent.text, refs, sent_cues)
            discourse.update(refs)
        return mentions

    # -- one sentence ---------------------------------------------------------------------
    def _sentence(
        self,
        sent: Span,
        refs: list[Ref],
        cues: list[CueMatch],
        discourse: Discourse,
        path: str,
        bound_elsewhere: bool = False,
        lead_in: LeadIn | None = None,
    ) -> list[Mention]:
        entity_tokens = {i for r in refs if not r.anaphoric for i in range(r.start, r.end)}
        clauses = split_clauses(sent, self.syntax, entity_tokens)
        groups = _groups(sent.doc, refs, self.syntax, {c.start for c in clauses})
        asides = find_asides(sent, self.syntax, {r.start: r.end for r in refs if not r.anaphoric})
        structured = bool(_STRUCTURED.match(sent.text)) or lead_in is not None
        heading = not structured and _is_heading(sent.text)
        found: dict[tuple[str, str, str], Mention] = {}

        def emit(subject: Ref, relation: str, obj: Ref, clause_index: int) -> None:
            if subject.entity == obj.entity:
                return
            mention = self._mention(
                sent, subject, relation, obj, clauses, clause_index, cues, path, asides
            )
            key = (mention.subject, mention.relation, mention.object)
            if key in found:
                fold_mention(found[key], mention)
            else:
                found[key] = mention

        containers: dict[str, list[Ref]] = {}
        for ci, clause in enumerate(clauses):
            in_clause = [r for r in refs if r.start in clause]
            compounds = [r for r in in_clause if r.category == "compound" and not r.anaphoric]
            substances = [
                r
                for r in in_clause
                if r.category == "substance"
                and (aside_of(r.start, asides) or (0, 0, ""))[2] != "comparison"
            ]
            if clause.kind == "relative" and clause.antecedent is not None:
                antecedent = _ref_at(refs, clause.antecedent)
                if antecedent and antecedent.category == "substance":
                    substances.append(antecedent)
            has_cue = any(c.kind == "contains" and c.start in clause for c in cues)
            if compounds and substances and has_cue:
                for compound in compounds:
                    nearest = min(substances, key=lambda s: abs(s.start - compound.start))
                    if _listed_together(sent.doc, nearest, compound, self.syntax):
                        continue  # "kratom, kava and phenibut": a list, not containment
                    for substance in groups[nearest]:
                        emit(substance, "contains", compound, ci)
                        containers.setdefault(compound.entity, []).append(substance)

        has_subject = bound_elsewhere or any(r.is_subject for r in refs)
        for ci, clause in enumerate(clauses):
            objects = [r for r in refs if r.start in clause and not r.is_subject]
            for obj in objects:
                relation = OBJECT_RELATION.get(obj.category) or self._role(
                    sent.doc, groups[obj], refs, clause, cues, lead_in
                )
                if self._not_a_claim(sent.doc, min(groups[obj], key=lambda r: r.start)):
                    continue
                subjects = self._subjects(sent.doc, obj, clause, ci, clauses, refs, groups, asides)
                if subjects is None:
                    continue
                if (
                    not subjects
                    and not has_subject
                    and not heading
                    and not self._population(sent.doc, obj)
                    and self._may_fall_back(relation, structured, clause, cues)
                ):
                    fallback = discourse.fallback_subject()
                    if lead_in is not None and lead_in.subjects:
                        subjects = list(lead_in.subjects)
                    else:
                        subjects = [fallback] if fallback else []
                if relation in ("claimedFor", "hasRisk"):
                    subjects = subjects + [
                        s
                        for c in subjects
                        if c.category == "compound"
                        for s in containers.get(c.entity, [])
                    ]
                for subject in subjects:
                    emit(subject, relation, obj, ci)
        return list(found.values())

    def _subjects(
        self,
        doc: Doc,
        obj: Ref,
        clause: Clause,
        ci: int,
        clauses: list[Clause],
        refs: list[Ref],
        groups: dict[Ref, list[Ref]],
        asides: list[Aside],
    ) -> list[Ref] | None:
        """The subject list of `obj`; None when the clause hangs on a non-subject entity.
        Entities in an aside are subjects only of objects in the same aside."""
        subjects = [r for r in refs if r.is_subject and same_side(r.start, obj.start, asides)]
        before = [r for r in subjects if r.start in clause and r.end <= obj.start]
        if before:
            return groups[max(before, key=lambda r: r.end)]
        if clause.kind == "relative" and clause.antecedent is not None:
            if doc[clause.start].lower_ in self.syntax.person_relatives:
                return None  # "a psychiatrist who treats patients with depression"
            antecedent = _ref_at(refs, clause.antecedent)
            if antecedent is not None:
                return groups[antecedent] if antecedent.is_subject else None
        after = [r for r in subjects if r.start in clause and r.start >= obj.end]
        if after:
            return groups[min(after, key=lambda r: r.start)]
        for later in clauses[ci + 1 :]:
            # "side effects have been reported in people who use kratom"
            if (
                later.kind == "relative"
                and later.antecedent is not None
                and doc[later.antecedent].lower_ in self.syntax.population_nouns
            ):
                candidates = [r for r in subjects if r.start in later]
                if candidates:
                    return groups[min(candidates, key=lambda r: r.start)]
        for earlier in range(ci - 1, -1, -1):
            candidates = [r for r in subjects if r.start in clauses[earlier]]
            if candidates:
                return groups[max(candidates, key=lambda r: r.end)]
        return []

    def _not_a_claim(self, doc: Doc, obj: Ref) -> bool:
        """'lab tested for heavy metals', 'free of contaminants': named, but not claimed."""
        before = " ".join(t.lower_ for t in doc[max(0, obj.start - 3) : obj.start])
        return any(before.endswith(prefix) for prefix in self.syntax.non_claim_prefixes)

    def _may_fall_back(
        self, relation: str, structured: bool, clause: Clause, cues: list[CueMatch]
    ) -> bool:
        """May a subjectless object go to the substance under discussion? Table rows and
        "Label: values" lines always; a risk only with a risk cue ("side effects include",
        "can cause"), not a background fact ("Nausea is a common symptom"); a benefit only when
        a study is cited; a mechanism never ("GABA is the main inhibitory neurotransmitter").
        Words of use ("heavy use has been associated with liver damage") count as a risk cue."""
        if structured:
            return True
        if relation == "hasRisk":
            return any(c.kind in ("risk", "usage") for c in cues)
        if relation == "claimedFor":
            return self._studied(cues)
        return False

    def _population(self, doc: Doc, obj: Ref) -> bool:
        """'people with thyroid disorders should ...': a population, not a claim."""
        return (
            obj.start >= 2
            and doc[obj.start - 1].lower_ == "with"
            and doc[obj.start - 2].lower_ in self.syntax.population_nouns
        )

    @staticmethod
    @staticmethod
    def _studied(cues: list[CueMatch]) -> bool:
        """A subjectless benefit that cites a study ('In one study, people who took 600 mg
        reported less anxiety') is about the substance under discussion."""
        return any(c.kind == "evidence" and c.rule.level >= Level.RESEARCH for c in cues)

    def _role(
        self,
        doc: Doc,
        group: list[Ref],
        refs: list[Ref],
        clause: Clause,
        cues: list[CueMatch],
        lead_in: LeadIn | None = None,
    ) -> str:
        """claimedFor or hasRisk for a condition/risk: the nearest relation cue before its list,
        else the nearest after it ("Headache is the most common side effect"), else the role of
        the line that introduced a list item ("Possible side effects include:"), else its type."""
        first = min(r.start for r in group)
        last = max(r.end for r in group)
        before: CueMatch | None = None
        after: CueMatch | None = None
        for cue in cues:
            if cue.kind not in ("risk", "benefit") or cue.start not in clause:
                continue
            if cue.end <= first and self._governs(doc, cue, first):
                if before is None or (cue.end, -cue.start) > (before.end, -before.start):
                    before = cue
            elif (
                cue.start >= last
                and cue.start - last <= 8
                and cue.text.lower() in PREDICATE_CUES
                and (after is None or cue.start < after.start)
            ):
                after = cue
        leads = not any(r.start < first for r in refs if r.start in clause)
        best = before or (after if leads else None)
        if best is not None:
            return "hasRisk" if best.kind == "risk" else "claimedFor"
        if lead_in is not None and lead_in.role:
            return lead_in.role
        return "hasRisk" if any(r.category == "risk" for r in group) else "claimedFor"

    def _governs(self, doc: Doc, cue: CueMatch, first: int) -> bool:
        """'for' is a benefit cue only right before the object ('kava for anxiety'), and not
        after 'potential', 'risk' and the like ('potential for abuse')."""
        if cue.kind != "benefit" or cue.text.lower() != "for":
            return True
        adjacent = all(t.is_punct or t.lower_ in FOR_FILLERS for t in doc[cue.end : first])
        blocked = cue.start > 0 and doc[cue.start - 1].lower_ in self.syntax.benefit_for_blockers
        return adjacent and not blocked

    def _mention(
        self,
        sent: Span,
        subject: Ref,
        relation: str,
        obj: Ref,
        clauses: list[Clause],
        ci: int,
        cues: list[CueMatch],
        path: str,
        asides: list[Aside],
    ) -> Mention:
        doc = sent.doc
        clause = clauses[ci]
        scope = [clause]
        if clause.kind == "relative" and clause.parent is not None:
            scope.append(clauses[clause.parent])

        def in_scope(cue: CueMatch) -> bool:
            """In the object's clause (or a relative clause's parent), and not in an aside the
            object is outside of ('Kratom, a supplement sold at gas stations, ...')."""
            return any(cue.start in c for c in scope) and same_side(cue.start, obj.start, asides)

        calls = [c for c in cues if c.kind == "call" and in_scope(c)]
        denials = [c for c in cues if c.kind in ("negation", "ignorance") and in_scope(c)]
        evidence = [
            c
            for c in cues
            if c.kind == "evidence"
            and in_scope(c)
            and _reaches(doc, c, obj)
            and not any(call.start <= c.start and c.end <= call.end for call in calls)
            and not _denied(c, denials)
        ]
        hedges = [
            c
            for c in cues
            if (c.kind == "ignorance" and in_scope(c))
            or c.kind == "hedge"
            and (
                (c.rule.scope == "clause" and in_scope(c))
                or (c.start in clause and c.start < obj.end)
            )
        ]
        negations = [
            c
            for c in cues
            if c.kind == "negation"
            and c.start in clause
            and c.end <= obj.start
            and not (c.end < len(doc) and doc[c.end].lower_ in NOT_JUST)
        ]
        level = max((c.rule.level for c in evidence), default=Level.UNSTATED)
        deciding = [c for c in evidence if c.rule.level == level]
        text = sent.text.rstrip()
        offset = sent.start_char

        def cue(c: CueMatch, kind: str) -> Cue:
            span = doc[c.start : c.end]
            return Cue(
                kind, span.text, span.start_char - offset, span.end_char - offset, c.rule.level
            )

        used = (
            [cue(c, "evidence") for c in deciding]
            + [cue(c, "hedge") for c in hedges + calls]
            + [cue(c, "negation") for c in negations]
        )
        return Mention(
            subject=subject.entity,
            relation=relation,
            object=obj.entity,
            doc=path,
            sentence=text,
            char_start=offset,
            char_end=offset + len(text),
            level=level,
            hedged=bool(hedges or calls),
            negated=bool(negations),
            cues=used,
            subject_text=subject.text,
            object_text=obj.text,
        )


# Relation cues that may follow the object as its predicate: "Headache is the most common side
# effect of valerian", "Anxiety is the main reason people take kava".
PREDICATE_CUES = {
    "side effect",
    "side effects",
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
# Negators that deny the evidence noun right after them ("no clinical trials have tested").
NO_EVIDENCE = {"no", "not enough", "insufficient", "little", "lack of", "without", "never"}
# "does not just reduce anxiety" denies nothing.
NOT_JUST = {"just", "only", "merely", "simply"}
# Words that may stand between a harm report and what it reports: "deaths have been linked to".
AUXILIARIES = {
    "have",
    "has",
    "had",
    "been",
    "be",
    "was",
    "were",
    "is",
    "are",
    "reportedly",
    "also",
    "now",
    "since",
    "all",
    "repeatedly",
    "previously",
}


def _reaches(doc: Doc, cue: CueMatch, obj: Ref) -> bool:
    """Does an evidence cue govern the object? Clause cues always; "following" cues (harm
    reports) govern what follows them, or an object right before them ("deaths have been linked
    to kratom")."""
    if cue.rule.scope == "clause" or cue.end <= obj.start:
        return True
    between = doc[obj.end : cue.start]
    return obj.end <= cue.start and all(t.lower_ in AUXILIARIES for t in between)


def _denied(cue: CueMatch, denials: list[CueMatch]) -> bool:
    """Evidence denied or admitted unknown is no evidence: 'no clinical trials have tested',
    'not enough scientific evidence', 'scientists don't know'."""
    for d in denials:
        contains = d.start <= cue.start and cue.end <= d.end
        quantifies = d.text.lower() in NO_EVIDENCE and 0 <= cue.start - d.end <= 1
        if d.kind == "negation" and (contains or quantifies):
            return True
        if d.kind == "ignorance" and 0 <= d.start - cue.end <= 2:
            return True
    return False


@dataclass(frozen=True)
class LeadIn:
    """The line that introduces a list ("What are the risks of kratom?", "Uses:"): its items
    inherit its subjects and, when they have no cue of their own, its relation."""

    subjects: tuple[Ref, ...]
    role: str | None


def _lead_in(text: str, refs: list[Ref], cues: list[CueMatch]) -> LeadIn | None:
    stripped = text.strip()
    if not (stripped.endswith((":", "?")) or _is_heading(stripped)):
        return None
    subjects = [r for r in refs if r.is_subject]
    roles = [c for c in cues if c.kind in ("risk", "benefit") and c.text.lower() != "for"]
    role = None
    if roles:
        role = "hasRisk" if max(roles, key=lambda c: c.end).kind == "risk" else "claimedFor"
    return LeadIn(tuple(subjects), role)


def _is_heading(text: str) -> bool:
    """A short line without closing punctuation ('Adverse effects', '## Safety')."""
    stripped = text.strip()
    return len(stripped.split()) <= 12 and not stripped.endswith((".", "!", "?", ";", ")", "]"))


# Plain coordination: what may join a substance and a compound in one list. Apposition and
# examples ("kratom leaves, primarily mitragynine") are not coordination.
COORDINATION = {",", "and", "or", "&", "/", "as", "well", "nor"}


def _listed_together(doc: Doc, first: Ref, second: Ref, syntax: Syntax) -> bool:
    """Two refs joined only by plain coordination ('kratom, kava and phenibut')."""
    left, right = (first, second) if first.start < second.start else (second, first)
    gap = doc[left.end : right.start]
    return len(gap) > 0 and all(t.lower_ in COORDINATION or t.is_space for t in gap)


def _ref_at(refs: list[Ref], token: int) -> Ref | None:
    return next((r for r in refs if r.start <= token < r.end), None)


def _groups(
    doc: Doc, refs: list[Ref], syntax: Syntax, clause_starts: set[int]
) -> dict[Ref, list[Ref]]:
    """Coordinated lists: refs of one kind joined only by connectors ("A, B and C"), never
    across a clause boundary ("Unlike coffee, green tea ...")."""
    kind = {
        "substance": "S",
        "compound": "C",
        "receptor": "R",
        "neurotransmitter": "N",
        "condition": "O",
        "risk": "O",
    }
    groups: dict[Ref, list[Ref]] = {}
    current: list[Ref] = []
    for ref in refs:
        if current:
            last = current[-1]
            gap = doc[last.end : ref.start]
            same_kind = kind[ref.category] == kind[last.category] or (
                {kind[ref.category], kind[last.category]} == {"S", "C"}
                and all(t.lower_ in COORDINATION or t.is_space for t in doc[last.end : ref.start])
            )
            joined = (
                same_kind
                and ref.anaphoric == last.anaphoric
                and all(t.lower_ in syntax.list_connectors or t.is_space for t in gap)
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
