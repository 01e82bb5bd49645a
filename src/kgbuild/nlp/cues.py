"""Stage 4: cue words (evidence, hedging, negation, calls for evidence, relation context).

Rules live in `ontology/cues/*.jsonl`, one rule per line::

    {"id": "research", "kind": "evidence", "level": "research", "phrases": ["studies suggest", ...]}
    {"id": "mixed", "kind": "hedge", "scope": "clause", "pattern": [<spaCy Matcher pattern>]}

`phrases` are matched on the folded, singular NORM of each token (so "Studies suggest" and
"study suggests" both match "studies suggest"); `pattern` is a spaCy token pattern. Rules are
validated on load: unknown keys, unknown kinds, missing levels and bad patterns are errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kgbuild.lexicon.jsonl import read_jsonl
from kgbuild.lexicon.model import LexiconError
from kgbuild.nlp.normalizer import normed_doc
from kgbuild.nlp.tokens import tokens_of
from kgbuild.nlp.windows import WindowedMatcher
from kgbuild.records import Level
from kgbuild.resources import cues_dir

KINDS = {
    "evidence",
    "hedge",
    "ignorance",
    "usage",
    "negation",
    "call",
    "risk",
    "benefit",
    "benefit-topic",
    "risk-topic",
    "contains",
    "pronoun",
    "substance-anaphor",
    "compound-anaphor",
    "receptor-anaphor",
}
SCOPES = {"sentence", "clause", "following"}
ALLOWED = {"id", "kind", "level", "scope", "lends", "phrases", "pattern", "note"}


@dataclass(frozen=True)
class CueRule:
    id: str
    kind: str
    level: Level | None = None
    scope: str = "clause"
    # A hedge or denial of the evidence itself ("but evidence is lacking") that a contrast clause
    # without claims of its own lends to the clause beside it.
    lends: bool = False


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a doc: token span [start, end) and the rule that found it."""

    rule: CueRule
    start: int
    end: int
    text: str
    # The rule's kind, kept as a plain attribute: it is read for every cue of a sentence for
    # every mention.
    kind: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", self.rule.kind)


def _parse_rule(record: object, where: str) -> tuple[CueRule, list[str], list[dict] | None]:
    if not isinstance(record, dict):
        raise LexiconError(f"{where}: a cue rule is a JSON object")
    unknown = set(record) - ALLOWED
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}")
    if record.get("kind") not in KINDS:
        raise LexiconError(f"{where}: kind must be one of {sorted(KINDS)}")
    if not isinstance(record.get("id"), str):
        raise LexiconError(f"{where}: a cue rule needs a string 'id'")
    level = None
    if record["kind"] == "evidence":
        try:
            level = Level.parse(record.get("level", ""))
        except ValueError:
            raise LexiconError(
                f"{where}: evidence rules need a level (clinical, research, ...)"
            ) from None
    scope = record.get("scope", "clause")
    if scope not in SCOPES:
        raise LexiconError(f"{where}: scope must be one of {sorted(SCOPES)}")
    phrases, pattern = record.get("phrases", []), record.get("pattern")
    if bool(phrases) == bool(pattern):
        raise LexiconError(f"{where}: give exactly one of 'phrases' (list) or 'pattern'")
    if phrases and not all(isinstance(p, str) and p.strip() for p in phrases):
        raise LexiconError(f"{where}: 'phrases' must be non-empty strings")
    lends = record.get("lends", False)
    if not isinstance(lends, bool):
        raise LexiconError(f"{where}: 'lends' must be true or false")
    return CueRule(record["id"], record["kind"], level, scope, lends), phrases, pattern


class CueMatcher:
    """All cue rules compiled into one PhraseMatcher and one Matcher."""

    def __init__(self, nlp: Language) -> None:
        self.rules: dict[str, CueRule] = {}
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.patterns = WindowedMatcher(nlp.vocab, validate=True)
        files = sorted(
            (f for f in cues_dir().iterdir() if f.name.endswith(".jsonl")), key=lambda f: f.name
        )
        for path in files:
            for where, record in read_jsonl(path):
                rule, phrases, pattern = _parse_rule(record, where)
                if rule.id in self.rules:
                    raise LexiconError(f"{where}: duplicate cue rule id {rule.id!r}")
                self.rules[rule.id] = rule
                if phrases:
                    self.phrases.add(rule.id, [normed_doc(nlp, phrase) for phrase in phrases])
                else:
                    try:
                        self.patterns.add(rule.id, [pattern])
                    except Exception as exc:  # spaCy raises several error types for bad patterns
                        raise LexiconError(f"{where}: bad token pattern ({exc})") from None

    def __call__(self, doc: Doc) -> list[CueMatch]:
        found = []
        tok = tokens_of(doc)
        for matcher in (self.phrases, self.patterns):
            for match_id, start, end in matcher(doc):
                rule = self.rules[doc.vocab.strings[match_id]]
                found.append(CueMatch(rule, start, end, tok.text_of(start, end)))
        found.sort(key=lambda m: (m.start, -m.end))
        return _drop_nested(found)


# A match of the second kind inside a match of the first is part of it, not a cue of its own:
# "don't" in "don't know" denies nothing.
ABSORBS = {("ignorance", "negation"), ("ignorance", "hedge"), ("hedge", "negation")}


def _drop_nested(matches: list[CueMatch]) -> list[CueMatch]:
    """'clinical trials' and 'trials' are one cue: drop a match inside a longer one of its kind
    (or of a kind that absorbs it).

    One sweep over `matches` sorted by (start, -end): every match that contains a span comes
    before it, so the furthest end reached so far by each kind tells whether a match of that kind
    contains it. Matches of one span are judged together, against the spans before them only.
    """
    absorbers: dict[str, set[str]] = {}
    for outer, inner in ABSORBS:
        absorbers.setdefault(inner, set()).add(outer)
    furthest: dict[str, int] = {}  # kind -> largest end among the spans before the current one
    kept: list[CueMatch] = []
    seen: set[tuple[str, int, int]] = set()
    index = 0
    while index < len(matches):
        span = (matches[index].start, matches[index].end)
        group_end = index
        while (
            group_end < len(matches)
            and (
                matches[group_end].start,
                matches[group_end].end,
            )
            == span
        ):
            group_end += 1
        group = matches[index:group_end]
        for match in group:
            if (match.kind, match.start, match.end) in seen:
                continue  # two rules, one span: one cue
            seen.add((match.kind, match.start, match.end))
            kinds = absorbers.get(match.kind, set()) | {match.kind}
            if any(furthest.get(kind, -1) >= match.end for kind in kinds):
                continue
            kept.append(match)
        for match in group:
            furthest[match.kind] = max(furthest.get(match.kind, -1), match.end)
        index = group_end
    return kept
