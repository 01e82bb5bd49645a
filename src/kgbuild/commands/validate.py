"""`kgbuild validate GRAPH.ttl`: check a graph against the contract's SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from kgbuild.cli import app
from kgbuild.errors import UserError


@app.command()
def validate(
    graph: Path = typer.Argument(..., help="The graph file to check (graph.ttl)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the violations."),
) -> None:
    """Check a graph against the SHACL shapes of the contract (ontology/shapes.ttl).

    Each violation is printed on one line: the node, the property, what is wrong.

    Exit status: 0 when the graph conforms, 1 when it does not, 2 when it cannot be read.

    Example: kgbuild validate output/graph.ttl
    """
    from kgbuild.validate import validate_graph  # pyshacl is slow to import: only when needed

    report = validate_graph(graph)
    out = Console(highlight=False, soft_wrap=True)
    for v in report.violations:
        where = f"{v.focus} {v.path}" if v.path else v.focus
        out.print(f"{v.severity}: {where}: {v.message}", markup=False)
    if not report.conforms:
        count = len(report.violations)
        raise UserError(f"{graph} does not conform: {count} violation{'' if count == 1 else 's'}")
    if not quiet:
        out.print(f"{graph} conforms to the contract ({report.triples} triples)", markup=False)
