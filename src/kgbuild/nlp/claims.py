"""Stage 5: claims, sentence by sentence, with evidence, hedging and negation.

For every object mention (receptor, neurotransmitter, condition, risk) the finder picks a
relation, a subject and the cues in scope:

* **Relation** by the object's type: receptor -> actsOn, neurotransmitter -> modulates; a
  condition or risk is claimedFor or hasRisk (`roles.py`). A compound and a substance in one
  clause with a containment cue give `contains` ("kratom, kava and phenibut" is a list, not
  containment).
* **Subject**: the nearest substance/compound list before the object in its clause; for a
  relative clause its antecedent (none when the antecedent is itself an object, "serotonin,
  which is low in patients with GAD", or a person, "a psychiatrist who treats depression");
  then the nearest one after the object in its clause; then "people who use X"; then the
  nearest in earlier clauses; for a risk, a later subordinate clause of use ("... can occur
  if kava is combined with alcohol") lends its substance. Entities in an aside are no subject
  outside it (`asides.py`). Lists are expanded (`lists.py`). A compound subject contained in a
  substance named in the same sentence lends claimedFor/hasRisk claims to that substance too.
* **No subject**: a sentence without any subject (explicit or anaphoric), headings aside (but for
  those that open with a verb of benefit or harm: "2. May Reduce Stress"), gives
  its risks (with a risk or usage cue) to the substance under discussion, and its benefits when
  it cites a study; table rows, "Label: values" lines and list items give it every relation,
  list items taking the subject and relation of their lead-in line. "People with X" names a
  population, and "tested for X" no claim.
* **Tables** (`tables.py`): the substance in a row's first cell is the subject of the row, and
  the compounds in its other cells are contained in it.
* **Scope** of evidence, hedging and negation: `scope.py`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kgbuild.graph.merge import fold_mention
from kgbuild.nlp.anaphora import CATEGORY, Discourse, Ref, document_focus, resolve
from kgbuild.nlp.asides import Aside, aside_of, find_asides
from kgbuild.nlp.clauses import Clause, split_clauses
from kgbuild.nlp.cues import CueMatch, CueMatcher
from kgbuild.nlp.derived import derived_role
from kgbuild.nlp.lists import (
    LIST_ITEM,
    LeadIn,
    coordinated_groups,
    drop_forms,
    is_heading,
    lead_in_of,
    listed_together,
    ref_at,
)
from kgbuild.nlp.roles import decide_role, is_noun_cause
from kgbuild.nlp.scope import build_mention
from kgbuild.nlp.segmenter import LINE_MARKERS, NUMBERED_MARKER
from kgbuild.nlp.syntax import Syntax, load_syntax
from kgbuild.nlp.tables import (
    TableHeader,
    column_of,
    header_of,
    is_row,
    is_separator,
    row_label_contains,
    row_label_role,
)
from kgbuild.nlp.tokens import span_text, tokens_of
from kgbuild.records import Cue, Level, Mention

OBJECT_RELATION = {"receptor": "actsOn", "neurotransmitter": "modulates"}
PERSONAL_PRONOUNS = {"it", "they"}
# A table row, or a "Label: values" line whose label is at most three words.
_STRUCTURED = re.compile(r"^\s*(\||[-*\u2022]?\s*[A-Z][\w()/-]*(?: [\w()/-]+){0,2}:\s)")
_LABEL = re.compile(r"^([\w *_-]{2,30}):")
_NUMBER = re.compile(r"^(?:" + NUMBERED_MARKER + r"|\d{1,2}[.):]?\s*)")

# Severity words between "people with" and the condition: "adults with mild asthma".
POPULATION_MODIFIERS = {"mild", "moderate", "severe", "chronic", "acute", "diagnosed", "known"}


def _row_subjects(sent: Span, refs: list[Ref]) -> list[Ref]:
    """In a table row, the substances of the first cell are the subject of the whole row."""
    if not is_row(span_text(sent)):
        return []
    return [r for r in refs if r.category == "substance" and column_of(sent, r.start) == 0]


def _lenders(clauses: list[Clause], refs: list[Ref], cues: list[CueMatch]) -> dict[int, list]:
    """Contrast clauses with no claims of their own but a doubt or denial of the evidence,
    by the index of the clause (with claims) they lend it to: the one before, else after."""
    has_objects = [any(r.start in c and not r.is_subject for r in refs) for c in clauses]
    lenders: dict[int, list[Clause]] = {}
    for index, clause in enumerate(clauses):
        if clause.kind not in ("subordinate", "coordinate") or has_objects[index]:
            continue
        if not any(c.rule.lends and c.start in clause for c in cues):
            continue
        before = [j for j in range(index - 1, -1, -1) if has_objects[j]]
        after = [j for j in range(index + 1, len(clauses)) if has_objects[j]]
        target = (before or after or [None])[0]
        if target is not None:
            lenders.setdefault(target, []).append(clause)
    return lenders


class ClaimFinder:
    """Finds the claims of a parsed Doc (entities set) one sentence at a time."""

    def __init__(self, nlp: Language) -> None:
        self.cues = CueMatcher(nlp)
        self.syntax: Syntax = load_syntax()

    def find(self, doc: Doc, path: str) -> list[Mention]:
        discourse = Discourse(focus=document_focus(doc))
        lead_in: LeadIn | None = None
        header: TableHeader | None = None
        seen_lines: set[str] = set()
        mentions: list[Mention] = []
        previous: list[Mention] = []  # the mentions of the sentence before
        sentences = list(doc.sents)
        tok = tokens_of(doc)
        texts = tok.sentence_texts
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
            text = texts[index]
            refs = [
                Ref(e.start, e.end, e.kb_id_, CATEGORY[e.label_], tok.text_of(e.start, e.end))
                for e in ents_by_sentence[index]
            ]
            sent_cues = cues_by_sentence[index]
            refs = drop_forms(doc, refs, self.syntax)
            anaphors, bound_elsewhere = resolve(sent, refs, sent_cues, discourse, self.syntax)
            refs = sorted(refs + anaphors, key=lambda r: (r.start, r.end))
            if is_row(text):
                following = texts[index + 1] if index + 1 < len(sentences) else ""
                if is_separator(text):
                    continue
                if is_separator(following):
                    header = header_of(sent, sent_cues, refs)
                    discourse.update(refs, sent.start)
                    continue
            else:
                header = None
            if self._non_claim_label(text):
                continue  # "Keywords: kava; anxiety; ..."
            line_key = LINE_MARKERS.sub("", text.lower()).rstrip(" \t\r\n.:")
            if line_key in seen_lines:
                discourse.update(refs, sent.start)
                continue
            seen_lines.add(line_key)
            is_item = bool(LIST_ITEM.match(text))
            found = self._sentence(
                sent,
                refs,
                sent_cues,
                discourse,
                path,
                bound_elsewhere,
                lead_in if is_item else None,
                header,
            )
            if self._carries_evidence(sent):
                _inherit_evidence(found, previous)
            mentions.extend(found)
            previous = found
            if not is_item:
                lead_in = lead_in_of(text, refs, sent_cues)
            discourse.update(refs, sent.start)
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
        header: TableHeader | None = None,
    ) -> list[Mention]:
        text = span_text(sent)
        entity_tokens = {i for r in refs if not r.anaphoric for i in range(r.start, r.end)}
        clauses = split_clauses(sent, self.syntax, entity_tokens)
        groups = coordinated_groups(sent.doc, refs, self.syntax, {c.start for c in clauses})
        asides = find_asides(sent, self.syntax, {r.start: r.end for r in refs if not r.anaphoric})
        structured = (
            bool(_STRUCTURED.match(text)) and not text.rstrip().endswith("?")
        ) or lead_in is not None
        heading = not structured and is_heading(text)
        if heading and self._claim_heading(text):
            structured, heading = True, False  # "## 2. May Reduce Stress and Anxiety"
        has_subject = bound_elsewhere or any(r.is_subject for r in refs)
        found: dict[tuple[str, str, str], Mention] = {}

        def emit(
            subject: Ref, relation: str, obj: Ref, clause_index: int, denied: bool = False
        ) -> None:
            if subject.entity == obj.entity:
                return
            mention = build_mention(
                sent,
                subject,
                relation,
                obj,
                clauses,
                clause_index,
                cues,
                path,
                asides,
                lenders.get(clause_index),
            )
            mention.negated = mention.negated or denied
            key = (mention.subject, mention.relation, mention.object)
            if key in found:
                fold_mention(found[key], mention)
            else:
                found[key] = mention

        lenders = _lenders(clauses, refs, cues)
        containers: dict[str, list[Ref]] = {}
        columns = header.subjects if header else {}  # one column per subject
        if columns:
            self._column_row(sent, refs, cues, columns, emit)
            return list(found.values())
        row_subjects = _row_subjects(sent, refs)
        for compound in (r for r in refs if r.category == "compound" and not r.anaphoric):
            if row_subjects and column_of(sent, compound.start) > 0:
                for substance in row_subjects:  # a compound in a substance's table row
                    emit(substance, "contains", compound, 0)
                    containers.setdefault(compound.entity, []).append(substance)
        for ci, clause in enumerate(clauses if not row_subjects else []):
            in_clause = [r for r in refs if r.start in clause]
            compounds = [r for r in in_clause if r.category == "compound" and not r.anaphoric]
            if not compounds and any(not r.anaphoric for r in in_clause):
                # "It occurs naturally in kratom leaves": a compound named by a personal
                # pronoun, beside a substance named outright
                compounds = [
                    r
                    for r in in_clause
                    if r.category == "compound" and r.text.lower() in PERSONAL_PRONOUNS
                ]
            substances = [
                r
                for r in in_clause
                if r.category == "substance"
                and (aside_of(r.start, asides) or (0, 0, ""))[2] != "comparison"
            ]
            if clause.kind == "relative" and clause.antecedent is not None:
                antecedent = ref_at(refs, clause.antecedent) or ref_at(refs, clause.antecedent - 1)
                if antecedent and antecedent.category == "substance":
                    substances.append(antecedent)
            has_cue = any(c.kind == "contains" and c.start in clause for c in cues)
            if compounds and not substances and has_cue and structured and not has_subject:
                fallback = discourse.fallback_subject()  # "- Naturally rich in kavalactones"
                if fallback is not None and fallback.category == "substance":
                    substances = [fallback]
            if compounds and substances and has_cue:
                for compound in compounds:
                    nearest = min(substances, key=lambda s: abs(s.start - compound.start))
                    if listed_together(sent.doc, nearest, compound, self.syntax):
                        continue  # "kratom, kava and phenibut": a list, not containment
                    for substance in groups[nearest]:
                        emit(substance, "contains", compound, ci)
                        containers.setdefault(compound.entity, []).append(substance)

        for ci, clause in enumerate(clauses):
            objects = [r for r in refs if r.start in clause and not r.is_subject]
            for obj in objects:
                column = column_of(sent, obj.start) if header else -1
                default_role = header.roles.get(column) if header else None
                relation = (
                    OBJECT_RELATION.get(obj.category)
                    or derived_role(sent.doc, obj.start, obj.entity)
                    or decide_role(
                        sent.doc,
                        groups[obj],
                        refs,
                        clause,
                        cues,
                        self.syntax,
                        default_role or (lead_in.role if lead_in else None),
                    )
                )
                if self._not_a_claim(sent.doc, min(groups[obj], key=lambda r: r.start)):
                    continue
                if relation == "hasRisk" and self._population(sent.doc, obj):
                    continue  # "adults with mild asthma were given X": who, not a harm
                subjects = row_subjects or self._subjects(
                    sent.doc, obj, clause, ci, clauses, refs, groups, asides, relation
                )
                if subjects is None:
                    continue
                if relation in OBJECT_RELATION.values() and discourse.recent_compounds:
                    subjects = _mechanism_subjects(subjects, discourse.recent_compounds)
                if (
                    not subjects
                    and not has_subject
                    and not heading
                    and not self._population(sent.doc, obj)
                    and self._may_fall_back(
                        relation,
                        structured,
                        clause,
                        [c for c in cues if not is_noun_cause(sent.doc, c)],
                    )
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
                    emit(subject, relation, obj, ci, bool(header) and column in header.denied)
        return list(found.values())

    def _column_row(
        self,
        sent: Span,
        refs: list[Ref],
        cues: list[CueMatch],
        columns: dict[int, list[Ref]],
        emit,
    ) -> None:
        """A row of a table with one column per subject: each cell's entities go to the subject
        heading its column, in the role the row's label gives ("Used for", "Side effects"); the
        label cell itself is no claim."""
        role = row_label_role(sent, cues)
        contains = row_label_contains(sent, cues)
        for obj in refs:
            column = column_of(sent, obj.start)
            if column == 0 or obj.anaphoric or column not in columns:
                continue
            if obj.category == "compound" and contains:
                relation = "contains"
            elif obj.is_subject:
                continue
            else:
                relation = OBJECT_RELATION.get(obj.category) or role
                if relation is None:
                    relation = "hasRisk" if obj.category == "risk" else "claimedFor"
            for subject in columns[column]:
                if relation == "contains" and subject.category != "substance":
                    continue
                emit(subject, relation, obj, 0)

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
        relation: str = "",
    ) -> list[Ref] | None:
        """The subject list of `obj`; None when the clause hangs on a non-subject entity.
        Entities in an aside are subjects only of objects in the same aside; an object in an
        aside may take its subject outside ("Kratom, used for pain, ...")."""
        subjects = [
            r
            for r in refs
            if r.is_subject and aside_of(r.start, asides) in (None, aside_of(obj.start, asides))
        ]
        before = [r for r in subjects if r.start in clause and r.end <= obj.start]
        if before:
            return groups[max(before, key=lambda r: r.end)]
        if clause.kind == "relative" and clause.antecedent is not None:
            if doc[clause.start].lower_ in self.syntax.person_relatives:
                return None  # "a psychiatrist who treats patients with depression"
            antecedent = ref_at(refs, clause.antecedent) or ref_at(refs, clause.antecedent - 1)
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
            # "toxicity generally appears when kratom is used with other substances"
            if (
                relation == "hasRisk"
                and later.kind == "subordinate"
                and any(
                    doc[k].lower_ in self.syntax.use_verbs for k in range(later.start, later.end)
                )
            ):
                candidates = [r for r in subjects if r.start in later]
                if candidates:
                    return groups[min(candidates, key=lambda r: r.start)]
        for earlier in range(ci - 1, -1, -1):
            candidates = [r for r in subjects if r.start in clauses[earlier]]
            if candidates:
                return groups[max(candidates, key=lambda r: r.end)]
        return []

    def _carries_evidence(self, sent: Span) -> bool:
        """'Those that have occurred include ...', 'These effects were mild': the sentence
        reports the findings of the one before it."""
        tok = tokens_of(sent.doc)
        words = []
        for i in range(sent.start, sent.end):
            if not (tok.is_punct[i] or tok.is_space[i]):
                words.append(tok.lower[i])
                if len(words) == 2:
                    break
        return (
            len(words) == 2
            and words[0] in self.syntax.evidence_carriers
            and words[1] in self.syntax.evidence_carrier_heads
        )

    def _non_claim_label(self, text: str) -> bool:
        label = _LABEL.match(LINE_MARKERS.sub("", text))
        return bool(label) and label.group(1).strip(" *_").lower() in self.syntax.non_claim_labels

    def _claim_heading(self, text: str) -> bool:
        """A heading that opens with a verb of benefit or harm makes a claim about the
        substance under discussion ("1. May Reduce Stress", "Helps With Sleep")."""
        words = _NUMBER.sub("", LINE_MARKERS.sub("", text)).split()
        return bool(words) and words[0].lower() in self.syntax.claim_heading_verbs

    def _not_a_claim(self, doc: Doc, obj: Ref) -> bool:
        """'lab tested for potency and heavy metals', 'free of contaminants': named, not claimed."""
        before = tokens_of(doc).joined_lower(obj.start - 8, obj.start)
        return any(prefix in before for prefix in self.syntax.non_claim_prefixes)

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
            return any(c.kind in ("risk", "risk-topic", "usage") for c in cues)
        if relation == "claimedFor":
            return self._studied(cues)
        return False

    def _population(self, doc: Doc, obj: Ref) -> bool:
        """'people with thyroid disorders should ...', 'adults with mild asthma were randomized',
        'if you have an autoimmune disease': a population, not a claim."""
        lower = tokens_of(doc).lower
        i = obj.start
        while i >= 3 and lower[i - 1] in POPULATION_MODIFIERS:
            i -= 1
        while i >= 1 and lower[i - 1] in {"a", "an", "the"}:
            i -= 1
        before = " ".join(lower[max(0, i - 5) : i])
        if any(before.endswith(opener) for opener in self.syntax.population_openers):
            return True  # "if you have an autoimmune disease", "a history of seizures"
        return i >= 2 and lower[i - 1] == "with" and lower[i - 2] in self.syntax.population_nouns

    @staticmethod
    @staticmethod
    def _studied(cues: list[CueMatch]) -> bool:
        """A subjectless benefit that cites a study ('In one study, people who took 600 mg
        reported less anxiety') is about the substance under discussion."""
        return any(c.kind == "evidence" and c.rule.level >= Level.RESEARCH for c in cues)


def _inherit_evidence(found: list[Mention], previous: list[Mention]) -> None:
    """Give the mentions of a sentence that reports the findings of the one before it ("Few
    side effects have been reported in studies. Those that have occurred include headache")
    that sentence's evidence, where they state none of their own. The inherited cue keeps its
    words but no offsets (they lie in the sentence before)."""
    sources = [m for m in previous if m.level > Level.UNSTATED and not m.negated]
    if not sources:
        return
    best = max(sources, key=lambda m: m.level)
    words = next((c.text for c in best.cues if c.kind == "evidence" and c.level == best.level), "")
    for mention in found:
        if mention.level == Level.UNSTATED and not mention.negated and words:
            mention.level = best.level
            mention.cues.append(Cue("evidence", words, 0, 0, best.level))


def _mechanism_subjects(subjects: list[Ref], recent_compounds: list[Ref]) -> list[Ref]:
    """ "Kratom contains mitragynine. It binds to mu-opioid receptors": a receptor or
    transmitter claim whose only subject is a pronoun naming a substance goes to the compounds
    named outright in the sentence before."""
    if subjects and all(
        s.anaphoric and s.category == "substance" and s.text.lower() in PERSONAL_PRONOUNS
        for s in subjects
    ):
        return [
            Ref(s.start, s.end, c.entity, c.category, subjects[0].text, anaphoric=True)
            for c in recent_compounds
            for s in subjects[:1]
        ]
    return subjects
