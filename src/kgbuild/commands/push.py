"""`kgbuild push GRAPH.ttl --endpoint URL`: load the graph into a SPARQL server."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from kgbuild.cli import app
from kgbuild.sparql.remote import DEFAULT_TIMEOUT, push_graph


@app.command()
def push(
    graph: Path = typer.Argument(..., help="The graph file to load (graph.ttl)."),
    endpoint: str = typer.Option(
        ...,
        "--endpoint",
        help="The server's Graph Store Protocol URL (Oxigraph: http://HOST/store).",
    ),
    named_graph: str | None = typer.Option(
        None, "--graph", help="Replace this named graph (an IRI); the default graph otherwise."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT, "--timeout", help="Seconds to wait for the server."
    ),
) -> None:
    """Load a graph into a SPARQL server, replacing the named graph (or the default graph).

    Works with any server that speaks the SPARQL 1.1 Graph Store HTTP Protocol: Oxigraph,
    Apache Jena Fuseki, GraphDB. The file is checked before anything is sent.

    Exit status: 1 when the server cannot be reached or refuses, 2 when the file cannot be read.

    Example: kgbuild push output/graph.ttl --endpoint http://localhost:7878/store --graph https://w3id.org/kgbuild/graph/corpus
    """
    report = push_graph(graph, endpoint, graph=named_graph, timeout=timeout)
    target = f"graph <{report.graph}>" if report.graph else "the default graph"
    Console(highlight=False).print(
        f"loaded {report.triples} triples from {graph} into {target} (HTTP {report.status})",
        markup=False,
    )
