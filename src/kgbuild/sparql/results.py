"""Write query results: a table for people, or the standard SPARQL CSV, TSV and JSON formats.

Every format streams: rows are written as the engine produces them, so an answer of millions of
rows needs no more memory than one row. SELECT results in csv/tsv/json follow the W3C SPARQL 1.1
result formats;
ASK results are `true`/`false` (or the JSON boolean form); CONSTRUCT and DESCRIBE results are RDF:
Turtle in the table format, N-Triples in csv/tsv, JSON-LD in json.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import BinaryIO

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from kgbuild.sparql.engine import QUERY_PREFIXES, QueryResult
from kgbuild.writers.spreadsheet import FORMULA_TRIGGERS, safe_cells

FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")

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


def write_result(
    result: QueryResult,
    fmt: str,
    out: BinaryIO,
    console: Console,
    *,
    limit: int | None = None,
    plain: bool = False,
) -> int | None:
    """Write `result` in format `fmt` (one of FORMATS), row by row; return the rows written.

    Nothing is held in memory but the row being written (and, for a table, the first
    `TABLE_SAMPLE` rows that set its column widths). `limit` stops after that many rows or
    triples. CSV and TSV cells that a spreadsheet would run as formulas are neutralised unless
    `plain` (see `writers.spreadsheet`). Returns None for an ASK answer.
    """
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            out.write(result.serialize(format=ox.QueryResultsFormat.JSON) + b"\n")
        else:
            out.write(b"true\n" if bool(result) else b"false\n")
        out.flush()
        return None
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = islice(result, limit) if limit is not None else result
        if fmt == "table":
            count = _print_table(names, rows, console)
        else:
            count = _SOLUTION_WRITERS[fmt](names, rows, out, plain)
    else:
        triples = islice(result, limit) if limit is not None else result
        counted = _Counted(triples)
        prefixes = QUERY_PREFIXES if fmt in ("table", "json") else None
        if fmt == "json":  # JSON-LD is one document: the triples are gathered first
            out.write(ox.serialize(list(counted), format=_RDF_FORMATS[fmt], prefixes=prefixes))
        else:
            ox.serialize(counted, out, format=_RDF_FORMATS[fmt], prefixes=prefixes)
        count = counted.count
    out.flush()
    return count


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, items: Iterable) -> None:
        self._items = iter(items)
        self.count = 0

    def __iter__(self) -> Iterator:
        return self

    def __next__(self) -> object:
        item = next(self._items)
        self.count += 1
        return item


_NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#double",
    "http://www.w3.org/2001/XMLSchema#boolean",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _csv_value(term: object) -> str:
    """SPARQL 1.1 CSV: IRIs and literals as their bare text, blank nodes as `_:label`."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value  # type: ignore[attr-defined]


def _tsv_value(term: object) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax; numbers and booleans bare."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        return term.value
    return str(term)


def _write_csv(names: list[str], rows: Iterable, out: BinaryIO, plain: bool) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(names)
    count = 0
    for row in rows:
        writer.writerow(safe_cells([_csv_value(row[name]) for name in names], plain))
        count += 1
    text.detach()
    return count


def _write_tsv(names: list[str], rows: Iterable, out: BinaryIO, plain: bool) -> int:
    out.write(("\t".join(f"?{name}" for name in names) + "\n").encode("utf-8"))
    count = 0
    for row in rows:
        cells = [_tsv_value(row[name]) for name in names]
        if not plain:  # a spreadsheet reads "=..." as =...: look inside the quotes too
            cells = [f"'{c}" if c.lstrip('"').startswith(FORMULA_TRIGGERS) else c for c in cells]
        out.write(("\t".join(cells) + "\n").encode("utf-8"))
        count += 1
    return count


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    literal: dict[str, str] = {"type": "literal", "value": term.value}  # type: ignore[attr-defined]
    if term.language:  # type: ignore[attr-defined]
        literal["xml:lang"] = term.language  # type: ignore[attr-defined]
    elif term.datatype.value != _XSD_STRING:  # type: ignore[attr-defined]
        literal["datatype"] = term.datatype.value  # type: ignore[attr-defined]
    return literal


def _write_json(names: list[str], rows: Iterable, out: BinaryIO, plain: bool) -> int:
    """SPARQL 1.1 JSON results, one binding per line, written as they come."""
    head = json.dumps({"vars": names}, ensure_ascii=False)
    out.write(f'{{"head":{head},"results":{{"bindings":['.encode())
    count = 0
    for row in rows:
        binding = {name: _json_term(row[name]) for name in names if row[name] is not None}
        prefix = ",\n" if count else "\n"
        out.write((prefix + json.dumps(binding, ensure_ascii=False)).encode("utf-8"))
        count += 1
    out.write(b"\n]}}\n")
    return count


_SOLUTION_WRITERS = {"csv": _write_csv, "tsv": _write_tsv, "json": _write_json}

TABLE_SAMPLE = 1000
MAX_COLUMN = 60


def _print_table(names: list[str], rows: Iterable, console: Console) -> int:
    """A table for people: rich's table for a short answer; a long one streams line by line."""
    rows = iter(rows)
    sample = [
        [compact(solution[name]) for name in names] for solution in islice(rows, TABLE_SAMPLE)
    ]
    first_rest = next(rows, None)
    if first_rest is None:
        table = Table(show_edge=False, header_style="bold", pad_edge=False)
        for name in names:
            table.add_column(name, overflow="fold")
        for cells in sample:
            table.add_row(*cells)
        console.print(table)
        return len(sample)
    # Long answer: widths from the sample, then every row as it comes (wider cells stay whole).
    widths = [
        min(MAX_COLUMN, max([len(name)] + [len(cells[i]) for cells in sample]))
        for i, name in enumerate(names)
    ]
    write = console.file.write

    def line(cells: list[str]) -> None:
        write("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip() + "\n")

    line(names)
    line(["-" * w for w in widths])
    count = 0
    for cells in sample:
        line(cells)
        count += 1
    for solution in chain([first_rest], rows):
        line([compact(solution[name]) for name in names])
        count += 1
    return count
