"""`kgbuild evaluate GOLD... [--corpus CORPUS]`: precision, recall and F1 against gold claims.

Each GOLD names one gold set: a folder holding `gold.jsonl`, `corpus/` and `entities.json`; a
`GOLD.jsonl` file whose corpus is `--corpus` (or the `corpus/` folder beside it); or an explicit
`GOLD.jsonl::CORPUS` pair. Several sets are scored in one run, each on its own and pooled.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import typer
from rich.console import Console
from rich.table import Table

from kgbuild.cli import app
from kgbuild.errors import UserError
from kgbuild.evaluation import (
    GoldRow,
    NameMap,
    Predicted,
    Report,
    Scores,
    by_document,
    by_relation,
    combine,
    load_gold,
    score,
)
from kgbuild.readers import CorpusError, ReadFailure, read_corpus
from kgbuild.records import Level


def predictions_from_graph(graph: nx.MultiDiGraph, names: NameMap) -> list[Predicted]:
    out = []
    for subject, obj, _relation, data in graph.edges(keys=True, data=True):
        s_node, o_node = graph.nodes[subject], graph.nodes[obj]
        s_name = names.canonical(s_node["label"], *s_node["synonyms"], *s_node["abbreviations"])
        o_name = names.canonical(o_node["label"], *o_node["synonyms"], *o_node["abbreviations"])
        for m in data["mentions"]:
            out.append(
                Predicted(
                    m.doc,
                    s_name,
                    m.relation,
                    o_name,
                    m.char_start,
                    m.char_end,
                    m.level,
                    m.hedged,
                    m.negated,
                    m.sentence,
                )
            )
    return out


PREDICTIONS_QUERY = """
PREFIX kg: <https://w3id.org/kgbuild/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?path ?s ?p ?o ?start ?end ?rank ?hedged ?negated ?sentence WHERE {
  ?claim a kg:Claim ; rdf:subject ?si ; rdf:predicate ?p ; rdf:object ?oi ; kg:mention ?m .
  ?si rdfs:label ?s . ?oi rdfs:label ?o .
  ?m kg:document/kg:path ?path ; kg:charStart ?start ; kg:charEnd ?end ; kg:sentence ?sentence ;
     kg:evidenceLevel/kg:rank ?rank ; kg:hedged ?hedged ; kg:negated ?negated .
}"""


def predictions_from_turtle(path: Path, names: NameMap) -> list[Predicted]:
    from kgbuild.sparql.engine import load_graph  # missing or invalid RDF: one line, exit 2

    store = load_graph(path)
    out = []
    for row in store.query(PREDICTIONS_QUERY):
        relation = row["p"].value.rsplit("#", 1)[-1]
        out.append(
            Predicted(
                row["path"].value,
                names.canonical(row["s"].value),
                relation,
                names.canonical(row["o"].value),
                int(row["start"].value),
                int(row["end"].value),
                Level(int(row["rank"].value)),
                row["hedged"].value == "true",
                row["negated"].value == "true",
                row["sentence"].value,
            )
        )
    return out


def evaluate_corpus(
    gold: Path, corpus: Path, graph: Path | None = None, entities: Path | None = None
) -> Report:
    """Score an extraction (run now, or read from a Turtle file) against gold claims."""
    from kgbuild.pipeline import extract_corpus

    if not Path(gold).is_file():
        raise UserError(f"gold file not found: {gold}", exit_code=2)
    try:
        texts = {
            d.path: d.text for d in read_corpus(Path(corpus)) if not isinstance(d, ReadFailure)
        }
    except CorpusError as exc:
        raise UserError(str(exc), exit_code=2) from None
    try:
        names = NameMap.load(entities or Path(gold).with_name("entities.json"))
        rows = load_gold(Path(gold), texts)
    except ValueError as exc:
        raise UserError(str(exc), exit_code=2) from None
    if graph is not None:
        predicted = predictions_from_turtle(graph, names)
    else:
        predicted = predictions_from_graph(extract_corpus(Path(corpus)).graph, names)
    return score(rows, predicted, names)


SEPARATOR = "::"


@dataclass(frozen=True)
class GoldSet:
    """One gold file, the corpus its rows refer to, and the name shown in tables."""

    name: str
    gold: Path
    corpus: Path


def resolve_gold_sets(specs: list[str], corpus: Path | None) -> list[GoldSet]:
    """Turn GOLD arguments (folder, file, or FILE::CORPUS) into gold sets; bad ones: UserError."""
    sets: list[GoldSet] = []
    for spec in specs:
        explicit: Path | None = None
        if SEPARATOR in spec:
            gold_part, corpus_part = spec.split(SEPARATOR, 1)
            gold, explicit = Path(gold_part), Path(corpus_part)
        else:
            gold = Path(spec)
        if gold.is_dir():
            folder = gold
            gold = folder / "gold.jsonl"
            if not gold.is_file():
                raise UserError(f"no gold.jsonl in gold folder: {folder}", exit_code=2)
            name = folder.resolve().name
            default_corpus = folder / "corpus"
        else:
            name = gold.stem if gold.stem != "gold" else gold.resolve().parent.name
            default_corpus = gold.parent / "corpus"
        chosen = explicit or corpus or default_corpus
        if not Path(chosen).is_dir():
            raise UserError(
                f"no corpus for {spec}: give GOLD{SEPARATOR}CORPUS or --corpus CORPUS", exit_code=2
            )
        sets.append(GoldSet(name, gold, Path(chosen)))
    taken: set[str] = set()
    unique = []
    for s in sets:
        name = s.name if s.name not in taken else str(s.gold)
        taken.add(name)
        unique.append(GoldSet(name, s.gold, s.corpus))
    return unique


@app.command()
def evaluate(
    gold: list[str] = typer.Argument(
        ...,
        metavar="GOLD",
        help=(
            "Gold sets: a folder with gold.jsonl, corpus/ and entities.json; a GOLD.jsonl file"
            f" (its corpus is --corpus, else corpus/ beside it); or GOLD.jsonl{SEPARATOR}CORPUS."
        ),
    ),
    corpus: Path = typer.Option(
        None, "--corpus", help="The folder of articles for GOLD files given without one."
    ),
    graph: Path = typer.Option(
        None, "--graph", help="Score this graph.ttl instead of extracting now (one gold set)."
    ),
    entities: Path = typer.Option(
        None, "--entities", help="Gold entity names (default: entities.json beside each GOLD)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    details: bool = typer.Option(
        False,
        "--details",
        help="Also list false positives, misses and attribute errors (in the JSON with --json).",
    ),
) -> None:
    """Score an extraction against gold claims: P/R/F1 per mention, document and graph,
    then per relation and per document; several gold sets are scored each alone and pooled.

    Several sets at once (a folder such as ../gold/dev holds gold.jsonl, corpus/ and
    entities.json): kgbuild evaluate tests/data/gold/seeds.jsonl::corpus/ ../gold/dev ../gold/web

    Example: kgbuild evaluate tests/data/gold/seeds.jsonl --corpus corpus/
    """
    sets = resolve_gold_sets(gold, corpus)
    if graph is not None and len(sets) > 1:
        raise UserError("--graph scores one gold set at a time", exit_code=2)
    reports = {s.name: evaluate_corpus(s.gold, s.corpus, graph, entities) for s in sets}
    if as_json:

        def scores(report: Report) -> dict:
            return report.as_dict() | (error_lists(report) if details else {})

        if len(reports) == 1:
            payload = scores(next(iter(reports.values())))
        else:
            payload = {
                "total": combine(list(reports.values())).as_dict(),
                "sets": {name: scores(r) for name, r in reports.items()},
            }
            payload["total"]["by_document"] = {
                f"{name}/{doc}": s.as_dict()
                for name, r in reports.items()
                for doc, s in by_document(r).items()
            }
        print(json.dumps(payload, indent=2))
        return
    else:
        console = Console(width=max(Console().width, 100))
        if len(reports) == 1:
            print_report(console, next(iter(reports.values())))
        else:
            print_sets(console, reports)
        print_breakdowns(console, reports)
    if details:
        for name, report in reports.items():
            print_details(report, name if len(reports) > 1 else "")


def _score_cells(s: Scores) -> list[str]:
    return [
        f"{s.precision:.3f}",
        f"{s.recall:.3f}",
        f"{s.f1:.3f}",
        str(s.tp),
        str(s.fp),
        str(s.fn),
    ]


def _score_table(first: str, extra: tuple[str, ...] = ()) -> Table:
    table = Table(show_edge=False)
    table.add_column(first)
    for column in ("precision", "recall", "F1", "tp", "fp", "fn", *extra):
        table.add_column(column, justify="right")
    return table


def print_report(console: Console, report: Report) -> None:
    table = _score_table("level")
    for name, s in (
        ("mention", report.mention),
        ("document", report.document),
        ("graph", report.graph),
    ):
        table.add_row(name, *_score_cells(s))
    console.print(table)
    console.print(
        f"On {report.matched} matched mentions: evidence level accuracy "
        f"{report.accuracy(report.level_correct):.3f}, "
        f"hedged {report.accuracy(report.hedged_correct):.3f}, "
        f"negated {report.accuracy(report.negated_correct):.3f}",
        highlight=False,
    )


def print_sets(console: Console, reports: dict[str, Report]) -> None:
    """One row of mention scores and attribute accuracy per gold set, then the pooled total."""
    table = _score_table("gold set (mentions)", ("evidence", "hedged", "negated", "doc F1"))
    rows = [*reports.items(), ("total", combine(list(reports.values())))]
    for name, r in rows:
        table.add_row(
            name,
            *_score_cells(r.mention),
            f"{r.accuracy(r.level_correct):.3f}",
            f"{r.accuracy(r.hedged_correct):.3f}",
            f"{r.accuracy(r.negated_correct):.3f}",
            f"{r.document.f1:.3f}",
        )
    console.print(table)


def print_breakdowns(console: Console, reports: dict[str, Report]) -> None:
    """Mention scores per relation (all sets pooled) and per document."""
    relations = _score_table("relation (mentions)")
    for relation, s in by_relation(combine(list(reports.values()))).items():
        relations.add_row(relation, *_score_cells(s))
    console.print(relations)
    documents = _score_table("document (mentions)")
    for name, report in reports.items():
        for doc, s in by_document(report).items():
            documents.add_row(f"{name}/{doc}" if len(reports) > 1 else doc, *_score_cells(s))
    console.print(documents)


def error_lists(report: Report) -> dict[str, list[dict]]:
    """False claims, misses and attribute errors as JSON-ready records (`--json --details`)."""

    def claim(row: GoldRow | Predicted) -> dict:
        return {
            "doc": row.doc,
            "subject": row.subject,
            "relation": row.relation,
            "object": row.object,
            "evidence": row.level.label,
            "hedged": row.hedged,
            "negated": row.negated,
            "sentence": row.sentence,
        }

    return {
        "false_positives": [claim(p) for p in report.false_positives],
        "misses": [claim(g) for g in report.false_negatives],
        "attribute_errors": [
            claim(g) | {"got": {k: claim(p)[k] for k in ("evidence", "hedged", "negated")}}
            for g, p in report.attribute_errors
        ],
    }


def _flags(level_label: str, hedged: bool, negated: bool) -> str:
    return f"[{level_label}{' H' if hedged else ''}{' N' if negated else ''}]"


def print_details(report: Report, set_name: str = "") -> None:
    """False claims (FP), misses (FN) and attribute errors (ATTR), one line each."""
    prefix = f"{set_name}/" if set_name else ""
    for p in report.false_positives:
        doc = prefix + p.doc
        print(
            f"FP  {doc:28} {p.subject} {p.relation} {p.object} "
            f"{_flags(p.level.label, p.hedged, p.negated)} :: {p.sentence[:110]!r}"
        )
    for g in report.false_negatives:
        doc = prefix + g.doc
        print(
            f"FN  {doc:28} {g.subject} {g.relation} {g.object} "
            f"{_flags(g.level.label, g.hedged, g.negated)} :: {g.sentence[:110]!r}"
        )
    for g, p in report.attribute_errors:
        doc = prefix + g.doc
        print(
            f"ATTR {doc:28} {g.subject} {g.relation} {g.object} "
            f"gold={_flags(g.level.label, g.hedged, g.negated)} "
            f"got={_flags(p.level.label, p.hedged, p.negated)} :: {g.sentence[:90]!r}"
        )
