"""`kgbuild export GRAPH.ttl`: JSON-LD, N-Triples, GraphML and KGX TSV for other tools."""

from __future__ import annotations

from pathlib import Path

import typer

from kgbuild.cli import app
from kgbuild.console import make_console
from kgbuild.errors import UserError
from kgbuild.sparql.engine import load_graph
from kgbuild.writers.exports import EXPORT_FORMATS, export_graph
from kgbuild.writers.output_set import check_folder


@app.command()
def export(
    graph: Path = typer.Argument(..., help="The graph file to export (graph.ttl)."),
    formats: list[str] = typer.Option(
        [], "--format", "-f", help="jsonld, nt, graphml or kgx (repeatable; all four when omitted)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Folder for the files (the graph's folder by default)."
    ),
    plain: bool = typer.Option(
        False,
        "--plain",
        help="KGX TSV with cells starting with = + - @ left as they are.",
    ),
) -> None:
    """Write the graph for other tools: JSON-LD, N-Triples, GraphML and KGX TSV.

    GraphML opens in Gephi and Cytoscape; KGX TSV (nodes.tsv and edges.tsv) carries Biolink
    categories and predicates (ontology/biolink-mapping.md).

    Exit status: 2 when the graph cannot be read or a format is unknown.

    Example: kgbuild export output/graph.ttl --format graphml --format kgx
    """
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise UserError(
            f"unknown export format {unknown[0]!r}; formats: {', '.join(EXPORT_FORMATS)}",
            exit_code=2,
        )
    chosen = list(dict.fromkeys(formats)) or list(EXPORT_FORMATS)
    folder = output or graph.parent
    check_folder(folder, create=False)
    store = load_graph(graph)
    try:
        written = export_graph(store, chosen, folder, plain=plain)
    except OSError as exc:
        raise UserError(f"cannot write to {folder}: {exc.strerror or exc}", exit_code=2) from None
    console = make_console()
    for path in written:
        console.print(f"wrote {path}", markup=False)
