"""Score extracted mentions against gold claims (the project's evaluation format).

Gold rows (JSON Lines) name a document, a sentence substring, subject/relation/object canonical
names, the evidence level, hedged, negated and optional. A predicted mention matches a gold row
when document, canonical subject, relation and object are equal and the predicted sentence
overlaps an occurrence of the gold sentence. Optional gold rows are neither rewarded nor
penalised: a prediction matching one is dropped from the count, and a missed one is no error.
Names are compared through the gold's `entities.json` (surface forms -> canonical name).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.lexicon.normalize import key as surface_key
from kgbuild.records import Level

Key = tuple[str, str, str, str]  # doc, subject, relation, object (canonical)


@dataclass
class GoldRow:
    doc: str
    sentence: str
    subject: str
    relation: str
    object: str
    level: Level
    hedged: bool
    negated: bool
    optional: bool
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Predicted:
    doc: str
    subject: str  # canonical (after name mapping)
    relation: str
    object: str
    start: int
    end: int
    level: Level
    hedged: bool
    negated: bool
    sentence: str = ""


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    mention: Scores
    document: Scores
    graph: Scores
    matched: int
    level_correct: int
    hedged_correct: int
    negated_correct: int
    false_positives: list[Predicted]
    false_negatives: list[GoldRow]
    attribute_errors: list[tuple[GoldRow, Predicted]]
    matched_pairs: list[tuple[GoldRow, Predicted]] = field(default_factory=list)

    def accuracy(self, correct: int) -> float:
        return correct / self.matched if self.matched else 0.0

    def as_dict(self) -> dict:
        return {
            "mention": self.mention.as_dict(),
            "document": self.document.as_dict(),
            "graph": self.graph.as_dict(),
            "matched_mentions": self.matched,
            "evidence_accuracy": round(self.accuracy(self.level_correct), 4),
            "hedged_accuracy": round(self.accuracy(self.hedged_correct), 4),
            "negated_accuracy": round(self.accuracy(self.negated_correct), 4),
            "by_relation": {k: v.as_dict() for k, v in by_relation(self).items()},
            "by_document": {k: v.as_dict() for k, v in by_document(self).items()},
        }


def _breakdown(report: Report, field_name: str) -> dict[str, Scores]:
    """Mention scores grouped by one field shared by gold rows and predictions (doc, relation)."""
    out: dict[str, Scores] = defaultdict(Scores)
    for g, _p in report.matched_pairs:
        out[getattr(g, field_name)].tp += 1
    for p in report.false_positives:
        out[getattr(p, field_name)].fp += 1
    for g in report.false_negatives:
        out[getattr(g, field_name)].fn += 1
    return dict(sorted(out.items()))


def by_relation(report: Report) -> dict[str, Scores]:
    """Mention-level scores per relation (claimedFor, hasRisk, ...)."""
    return _breakdown(report, "relation")


def by_document(report: Report) -> dict[str, Scores]:
    """Mention-level scores per document; a document with neither gold nor predictions is absent."""
    return _breakdown(report, "doc")


def combine(reports: list[Report]) -> Report:
    """Pool several gold sets' reports (their documents are disjoint): counts add, lists join."""

    def pooled(attr: str) -> Scores:
        parts = [getattr(r, attr) for r in reports]
        return Scores(sum(s.tp for s in parts), sum(s.fp for s in parts), sum(s.fn for s in parts))

    return Report(
        pooled("mention"),
        pooled("document"),
        pooled("graph"),
        sum(r.matched for r in reports),
        sum(r.level_correct for r in reports),
        sum(r.hedged_correct for r in reports),
        sum(r.negated_correct for r in reports),
        [p for r in reports for p in r.false_positives],
        [g for r in reports for g in r.false_negatives],
        [e for r in reports for e in r.attribute_errors],
        [m for r in reports for m in r.matched_pairs],
    )


class NameMap:
    """Surface form -> canonical name, from a gold `entities.json`."""

    def __init__(self, entities: dict[str, list[str]]) -> None:
        self.index: dict[str, str] = {}
        for canonical, forms in entities.items():
            if canonical.startswith("_"):
                continue
            for form in (canonical, *forms):
                self.index.setdefault(surface_key(form), canonical)

    @classmethod
    def load(cls, path: Path | None) -> NameMap:
        """Read an entities.json; a malformed one raises ValueError naming the file."""
        if path is None or not Path(path).is_file():
            return cls({})
        name = Path(path).name
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise ValueError(f"{name}: not a readable JSON file ({_reason(exc)})") from None
        if not isinstance(data, dict) or not all(
            isinstance(forms, list) and all(isinstance(f, str) for f in forms)
            for key, forms in data.items()
            if not key.startswith("_")
        ):
            raise ValueError(f"{name}: expected an object of name -> list of surface forms")
        return cls(data)

    def canonical(self, *names: str) -> str:
        """The canonical name of the first of `names` the gold knows, else the first name."""
        for name in names:
            found = self.index.get(surface_key(name))
            if found:
                return found
        return names[0]

    def gold_name(self, name: str) -> str:
        return self.index.get(surface_key(name), name)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def load_gold(path: Path, texts: dict[str, str]) -> list[GoldRow]:
    """Gold rows of a JSON Lines file; a malformed line raises ValueError naming file:line."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{Path(path).name}: cannot be read ({_reason(exc)})") from None
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            if not isinstance(d, dict):
                raise ValueError(f"expected a JSON object, found {type(d).__name__}")
            if not all(isinstance(d[k], str) for k in ("doc", "sentence", "subject", "object")):
                raise ValueError("doc, sentence, subject and object must be strings")
            row = GoldRow(
                d["doc"],
                d["sentence"],
                d["subject"],
                d["relation"],
                d["object"],
                Level.parse(d["evidence"]),
                bool(d["hedged"]),
                bool(d["negated"]),
                bool(d.get("optional", False)),
            )
        except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as exc:
            detail = f"missing {exc}" if isinstance(exc, KeyError) else _reason(exc)
            raise ValueError(f"{Path(path).name}:{lineno}: not a gold row ({detail})") from None
        text = texts.get(row.doc, "")
        start = text.find(row.sentence)
        while start != -1:
            row.spans.append((start, start + len(row.sentence)))
            start = text.find(row.sentence, start + 1)
        rows.append(row)
    return rows


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(gold: list[GoldRow], predicted: list[Predicted], names: NameMap) -> Report:
    """Mention-, document- and graph-level scores plus attribute accuracy on matched mentions."""
    docs = {g.doc for g in gold}
    predicted = [p for p in predicted if p.doc in docs]
    gold_by_key: dict[Key, list[GoldRow]] = defaultdict(list)
    for g in gold:
        gold_by_key[
            (g.doc, names.gold_name(g.subject), g.relation, names.gold_name(g.object))
        ].append(g)
    pred_by_key: dict[Key, list[Predicted]] = defaultdict(list)
    for p in predicted:
        pred_by_key[(p.doc, p.subject, p.relation, p.object)].append(p)

    mention = Scores()
    matched_pairs: list[tuple[GoldRow, Predicted]] = []
    false_positives: list[Predicted] = []
    false_negatives: list[GoldRow] = []
    for key in sorted(set(gold_by_key) | set(pred_by_key)):
        golds, preds = gold_by_key.get(key, []), pred_by_key.get(key, [])
        pairs = sorted(
            (
                (
                    g.optional,
                    -max((_overlap(s, (p.start, p.end)) for s in g.spans), default=0),
                    gi,
                    pi,
                )
                for gi, g in enumerate(golds)
                for pi, p in enumerate(preds)
            ),
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for optional, neg_overlap, gi, pi in pairs:
            if neg_overlap == 0 or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            if not optional:
                mention.tp += 1
                matched_pairs.append((golds[gi], preds[pi]))
        for pi, p in enumerate(preds):
            if pi not in used_p:
                mention.fp += 1
                false_positives.append(p)
        for gi, g in enumerate(golds):
            if gi not in used_g and not g.optional:
                mention.fn += 1
                false_negatives.append(g)

    required_keys = {k for k, rows in gold_by_key.items() if any(not r.optional for r in rows)}
    document = _set_scores(set(pred_by_key), required_keys, set(gold_by_key))
    graph = _set_scores(
        {k[1:] for k in pred_by_key}, {k[1:] for k in required_keys}, {k[1:] for k in gold_by_key}
    )
    level_ok = sum(g.level == p.level for g, p in matched_pairs)
    hedged_ok = sum(g.hedged == p.hedged for g, p in matched_pairs)
    negated_ok = sum(g.negated == p.negated for g, p in matched_pairs)
    errors = [
        (g, p)
        for g, p in matched_pairs
        if (g.level, g.hedged, g.negated) != (p.level, p.hedged, p.negated)
    ]
    return Report(
        mention,
        document,
        graph,
        len(matched_pairs),
        level_ok,
        hedged_ok,
        negated_ok,
        false_positives,
        false_negatives,
        errors,
        matched_pairs,
    )


def _set_scores(predicted: set, required: set, known: set) -> Scores:
    return Scores(
        tp=len(predicted & required), fp=len(predicted - known), fn=len(required - predicted)
    )
