"""`kgbuild evaluate GOLD.jsonl --corpus CORPUS`: precision, recall and F1 against gold claims."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import typer
from rich.console import Console
from rich.table import Table

from kgbuild.cli import app
from kgbuild.errors import UserError
from kgbuild.evaluation import NameMap, Predicted, Report, load_gold, score
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


@app.command()
def evaluate(
    gold: Path = typer.Argument(..., help="Gold claims, one JSON object per line."),
    corpus: Path = typer.Option(..., "--corpus", help="The folder of articles the gold refers to."),
    graph: Path = typer.Option(
        None, "--graph", help="Score this graph.ttl instead of extracting now."
    ),
    entities: Path = typer.Option(
        None, "--entities", help="Gold entity names (default: entities.json beside GOLD)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    details: bool = typer.Option(
        False, "--details", help="Also list false positives, misses and attribute errors."
    ),
) -> None:
    """Score an extraction against gold claims: P/R/F1 per mention, document and graph.

    Example: kgbuild evaluate tests/data/gold/seeds.jsonl --corpus corpus/
    """
    report = evaluate_corpus(gold, corpus, graph, entities)
    if as_json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print_report(Console(), report)
    if details:
        print_details(report)


def print_report(console: Console, report: Report) -> None:
    table = Table(show_edge=False)
    for column in ("level", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="right" if column != "level" else "left")
    for name, s in (
        ("mention", report.mention),
        ("document", report.document),
        ("graph", report.graph),
    ):
        table.add_row(
            name,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            str(s.tp),
            str(s.fp),
            str(s.fn),
        )
    console.print(table)
    console.print(
        f"On {report.matched} matched mentions: evidence level accuracy "
        f"{report.accuracy(report.level_correct):.3f}, "
        f"hedged {report.accuracy(report.hedged_correct):.3f}, "
        f"negated {report.accuracy(report.negated_correct):.3f}",
        highlight=False,
    )


def print_details(report: Report) -> None:
    for p in report.false_positives:
        print(
            f"FP  {p.doc[:20]:20} {p.subject} {p.relation} {p.object} [{p.level.label}"
            f"{' H' if p.hedged else ''}{' N' if p.negated else ''}] :: {p.sentence[:110]!r}"
        )
    for g in report.false_negatives:
        print(
            f"FN  {g.doc[:20]:20} {g.subject} {g.relation} {g.object} [{g.level.label}"
            f"{' H' if g.hedged else ''}{' N' if g.negated else ''}] :: {g.sentence[:110]!r}"
        )
    for g, p in report.attribute_errors:
        print(
            f"ATTR {g.doc[:20]:20} {g.subject} {g.relation} {g.object} gold=[{g.level.label}"
            f"{' H' if g.hedged else ''}{' N' if g.negated else ''}] got=[{p.level.label}"
            f"{' H' if p.hedged else ''}{' N' if p.negated else ''}] :: {g.sentence[:90]!r}"
        )
