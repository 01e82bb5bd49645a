"""Write query results: a table for people, or the standard SPARQL CSV, TSV and JSON formats.

SELECT results in csv/tsv/json follow the W3C SPARQL 1.1 result formats (written by Oxigraph);
ASK results are `true`/`false` (or the JSON boolean form); CONSTRUCT and DESCRIBE results are RDF:
Turtle in the table format, N-Triples in csv/tsv, JSON-LD in json.
"""

from __future__ import annotations

import re
from typing import BinaryIO

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kgbuild.sparql.engine import QUERY_PREFIXES, QueryResult

FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")

_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
_RDF_FORMATS = {
    "table": ox.RdfFormat.TURTLE,
    "csv": ox.RdfFormat.N_TRIPLES,
    "tsv": ox.RdfFormat.N_TRIPLES,
    "json": ox.RdfFormat.JSON_LD,
}
_LOCAL_NAME = re.compile(r"[\w-]+(\.[\w-]+)*")
# Longest namespaces first, so that kge: wins over a shorter namespace it starts with.
_NAMESPACES = sorted(QUERY_PREFIXES.items(), key=lambda item: -len(item[1]))


def compact(term: object) -> str:
    """A term as people read it: `kge:kratom` for IRIs, the bare value for literals."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, namespace in _NAMESPACES:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(local):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def write_result(result: QueryResult, fmt: str, out: BinaryIO, console: Console) -> int | None:
    """Write `result` in format `fmt` (one of FORMATS); for a table, return its number of rows.

    The table goes to `console`; the machine formats are written as bytes to `out`.
    """
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            out.write(result.serialize(format=ox.QueryResultsFormat.JSON) + b"\n")
        else:
            out.write(b"true\n" if bool(result) else b"false\n")
    elif isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            return _print_table(result, console)
        else:
            data = result.serialize(format=_RESULT_FORMATS[fmt])
            out.write(data if data.endswith(b"\n") else data + b"\n")
    else:
        prefixes = QUERY_PREFIXES if fmt in ("table", "json") else None
        out.write(ox.serialize(list(result), format=_RDF_FORMATS[fmt], prefixes=prefixes) or b"")
    out.flush()
    return None


def _print_table(solutions: ox.QuerySolutions, console: Console) -> int:
    names = [v.value for v in solutions.variables]
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name in names:
        table.add_column(name, overflow="fold")
    count = 0
    for solution in solutions:
        table.add_row(*(compact(solution[name]) for name in names))
        count += 1
    console.print(table)
    return count
