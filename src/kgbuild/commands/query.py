"""`kgbuild query GRAPH.ttl QUERY`: SPARQL from the terminal, on a file or on a server."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer
from rich.console import Console
from rich.table import Table

from kgbuild.cli import app
from kgbuild.console import make_console
from kgbuild.errors import UserError
from kgbuild.sparql.engine import check_read_only, load_graph, run_query
from kgbuild.sparql.remote import DEFAULT_TIMEOUT, query_endpoint
from kgbuild.sparql.results import FORMATS, write_result
from kgbuild.sparql.saved import (
    SavedQuery,
    bind_parameters,
    load_saved_query,
    parse_parameters,
    saved_queries,
)

T = TypeVar("T")


@app.command()
def query(
    graph: str | None = typer.Argument(
        None, metavar="[GRAPH]", help="The graph file (graph.ttl); omit it with --endpoint."
    ),
    text: str | None = typer.Argument(
        None, metavar="[QUERY]", help="The SPARQL query, or - to read it from standard input."
    ),
    file: Path | None = typer.Option(None, "--file", "-f", help="Read the query from this file."),
    saved: str | None = typer.Option(None, "--saved", "-s", help="Run a saved query by name."),
    param: list[str] = typer.Option(
        [], "--param", "-p", help="Set a query parameter: NAME=VALUE (repeatable)."
    ),
    fmt: str = typer.Option("table", "--format", help="table, csv, tsv or json."),
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="Query this SPARQL endpoint instead of a file."
    ),
    named_graph: str | None = typer.Option(
        None, "--graph", help="With --endpoint: query this named graph, not the default graph."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT,
        "--timeout",
        help="Stop the query after this many seconds (a file or --endpoint); 0 waits for ever.",
    ),
    limit: int | None = typer.Option(
        None, "--limit", min=0, help="Print at most this many rows (or triples)."
    ),
    plain: bool = typer.Option(
        False, "--plain", help="CSV/TSV for programs: cells starting with = + - @ left as they are."
    ),
    list_saved: bool = typer.Option(False, "--list", help="List the saved queries and exit."),
) -> None:
    """Ask the graph a SPARQL question; print the answer as a table, CSV, TSV or JSON.

    The prefixes kg, kge, kgc, kgm, kgd, rdf, rdfs, skos, xsd and owl need no declaration.

    Saved queries (--list) run by name and take their parameters with --param NAME=VALUE.

    Answers stream row by row in every format. The query only reads: updates (DROP, LOAD,
    INSERT ...) and SERVICE clauses are refused. CSV/TSV cells that a spreadsheet would run as a
    formula get a leading quote unless --plain.

    Exit status: 1 for a SPARQL syntax error, a server error or a timeout, 2 for unreadable input.

    Example: kgbuild query output/graph.ttl --saved contested-claims
    """
    if list_saved:
        print_saved_queries(make_console())
        return
    if fmt not in FORMATS:
        raise UserError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", exit_code=2)
    if endpoint is None and named_graph is not None:
        raise UserError("--graph needs --endpoint (a graph file has only one graph)", exit_code=2)
    if endpoint is not None:
        if text is not None:
            raise UserError("with --endpoint give only the query, not a graph file", exit_code=2)
        graph, text = None, graph
    elif graph is None:
        raise UserError("give the graph file to query, or --endpoint URL (or --list)", exit_code=2)
    sparql = bind_parameters(read_query(text, file, saved), parse_parameters(param))
    check_read_only(sparql, allow_service=endpoint is not None)
    store = None if endpoint is not None else load_graph(Path(graph))

    def answer() -> int | None:
        # Oxigraph's answers belong to the thread that made them: ask and write in one thread.
        if store is None:
            found = query_endpoint(endpoint, sparql, graph=named_graph, timeout=timeout or None)
        else:
            found = run_query(store, sparql)
        return write_result(found, fmt, sys.stdout.buffer, make_console(), limit=limit, plain=plain)

    rows = run_with_timeout(answer, timeout)
    if rows is not None:
        stopped = " (stopped at --limit)" if limit is not None and rows >= limit else ""
        make_console(stderr=True).print(f"{rows} row{'' if rows == 1 else 's'}{stopped}")


def run_with_timeout(work: Callable[[], T], timeout: float) -> T:
    """Run `work` in a thread and wait at most `timeout` seconds (0: no limit).

    Oxigraph evaluates a query without holding the GIL, so the wait can end while it works;
    past the limit the process ends at once, with one line, since a running query cannot be
    cancelled from Python.
    """
    if not timeout:
        return work()
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the main thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="kgbuild-query", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        print(
            f"\nkgbuild: error: the query was stopped after {timeout:g} s (--timeout)",
            file=sys.stderr,
            flush=True,
        )
        os._exit(1)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def read_query(text: str | None, file: Path | None, saved: str | None) -> str:
    """The query text from exactly one source: the argument, standard input, a file, a name."""
    given = [source for source in (text, file, saved) if source is not None]
    if len(given) != 1:
        raise UserError(
            "give exactly one query: as an argument, - for standard input, --file or --saved",
            exit_code=2,
        )
    if saved is not None:
        return load_saved_query(saved).text
    if file is not None and str(file) != "-":
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read query file {file}: {exc}", exit_code=2) from None
    if file is not None or text == "-":
        return sys.stdin.read()
    return text or ""


def print_saved_queries(console: Console) -> None:
    """The saved queries as a table: name, question, parameters."""
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("question")
    table.add_column("parameters")
    for query in saved_queries():
        table.add_row(query.name, query.question, _parameters(query))
    console.print(table)


def _parameters(query: SavedQuery) -> str:
    return ", ".join(f"{name} (optional)" for name in query.parameters) or "-"
