"""`kgbuild export GRAPH.ttl`: JSON-LD, N-Triples, GraphML and KGX TSV for other tools."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from kgbuild.cli import app
from kgbuild.errors import UserError
from kgbuild.sparql.engine import load_graph
from kgbuild.writers.exports import EXPORT_FORMATS, export_graph


@app.command()
def export(
    graph: Path = typer.Argument(..., help="The graph file to export (graph.ttl)."),
    formats: list[str] = typer.Option(
        [], "--format", "-f", help="jsonld, nt, graphml or kgx (repeatable; all four when omitted)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Folder for the files (the graph's folder by default)."
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
    store = load_graph(graph)
    for path in export_graph(store, chosen, output or graph.parent):
        Console(highlight=False).print(f"wrote {path}", markup=False)
