"""Which cues reach an object: evidence level, hedging and negation of one mention.

* Evidence cues and clause-wide hedges count in the object's clause (and, for a relative clause,
  its parent): "while users report X, studies show Y" makes X anecdotal and Y research.
* Modifier hedges ("potential", "possible") count before or inside the object's words; negations
  from before it ("CBD is not addictive"; "does not just reduce anxiety" denies nothing), or
  anywhere in the clause for predicate denials ("claims that X cures Y are unsupported").
* Harm reports ("linked to", "cases of") govern what follows them, or an object right before them
  ("deaths have been linked to kratom").
* Evidence words inside a call for evidence ("the need for more clinical trials"), denied
  ("no clinical trials have tested"), admitted unknown ("scientists don't know") or right before
  a call ("researchers are investigating whether") are no evidence; a call for evidence or
  admitted ignorance hedges the claim.
* A contrast clause without claims of its own lends its doubts and denials of the evidence to
  the clause beside it ("Many use CBD for arthritis, but high-quality evidence is lacking").
* Cues inside an aside reach only objects in that aside; a question mark hedges the sentence.
  In a table row, a cue in another cell reaches only the claimed uses (an "Evidence" column
  rates what the substance is used for, not its risks or constituents).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kgbuild.nlp.anaphora import Ref
from kgbuild.nlp.asides import Aside, same_side
from kgbuild.nlp.clauses import Clause
from kgbuild.nlp.cues import CueMatch
from kgbuild.nlp.tables import column_of, is_row
from kgbuild.nlp.tokens import span_text, tokens_of
from kgbuild.records import Cue, Level, Mention

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


def build_mention(
    sent: Span,
    subject: Ref,
    relation: str,
    obj: Ref,
    clauses: list[Clause],
    ci: int,
    cues: list[CueMatch],
    path: str,
    asides: list[Aside],
    lenders: list[Clause] | None = None,
) -> Mention:
    """The mention of (subject, relation, object) in `sent`, with the cues that reach it.

    `lenders` are contrast clauses without claims of their own whose doubts or denials of the
    evidence reach this clause ("Many use CBD for arthritis, but evidence is lacking")."""
    doc = sent.doc
    clause = clauses[ci]
    scope = [clause]
    if clause.kind == "relative" and clause.parent is not None:
        scope.append(clauses[clause.parent])

    sentence_text = span_text(sent)
    row = is_row(sentence_text)
    lower = tokens_of(doc).lower

    def in_scope(cue: CueMatch) -> bool:
        if (
            row
            and relation != "claimedFor"
            and column_of(sent, cue.start) != column_of(sent, obj.start)
        ):
            return False  # a table's evidence column rates the claimed use, not the risks
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
        and not any(0 <= call.start - c.end <= 1 for call in calls)
        and not _denied(c, denials)
    ]
    hedges = [
        c
        for c in cues
        if c.kind in ("hedge", "ignorance")
        and (
            c.rule.scope == "sentence"
            or in_scope(c)
            and (c.rule.scope == "clause" or (c.start in clause and c.start < obj.end))
        )
    ]
    negations = [
        c
        for c in cues
        if c.kind == "negation"
        and in_scope(c)
        and c.start in clause
        and (c.rule.scope == "clause" or c.start < obj.start)
        and not (c.end < len(doc) and lower[c.end] in NOT_JUST)
    ]
    lent = [c for c in cues if c.rule.lends and any(c.start in lender for lender in lenders or ())]
    hedges += [c for c in lent if c.kind in ("hedge", "ignorance") and c not in hedges]
    negations += [c for c in lent if c.kind == "negation" and c not in negations]
    level = max((c.rule.level for c in evidence), default=Level.UNSTATED)
    deciding = [c for c in evidence if c.rule.level == level]
    text = sentence_text.rstrip()
    offset = sent.start_char

    tok = tokens_of(doc)

    def cue(c: CueMatch, kind: str) -> Cue:
        start_char = tok.idx[c.start]
        end_char = tok.idx[c.end - 1] + len(tok.text[c.end - 1])
        text = tok.text_of(c.start, c.end)
        return Cue(kind, text, start_char - offset, end_char - offset, c.rule.level)

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


def _reaches(doc: Doc, cue: CueMatch, obj: Ref) -> bool:
    """Clause cues reach every object of their clause; "following" cues (harm reports) what
    follows them, or an object right before them ("deaths have been linked to kratom")."""
    if cue.rule.scope == "clause" or cue.start <= obj.start:
        return True
    between = tokens_of(doc).lower[obj.end : cue.start]
    return obj.end <= cue.start and all(word in AUXILIARIES for word in between)


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
