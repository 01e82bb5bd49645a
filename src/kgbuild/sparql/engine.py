"""Run SPARQL over an exported graph with Oxigraph (pyoxigraph), in memory.

`load_graph` reads a Turtle (or N-Triples, JSON-LD, RDF/XML) file into an Oxigraph store;
`run_query` runs one query on it. Errors the user can fix come back as one-line `UserError`s:
an unreadable graph exits 2, a SPARQL syntax error exits 1 and says where.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kgbuild.errors import UserError
from kgbuild.vocab import PREFIXES

# Prefixes every query may use without declaring them (a query's own PREFIX lines win).
QUERY_PREFIXES: dict[str, str] = {
    name: str(namespace)
    for name, namespace in {
        **PREFIXES,
        "rdf": RDF,
        "rdfs": RDFS,
        "skos": SKOS,
        "xsd": XSD,
        "owl": OWL,
    }.items()
}

FORMATS_BY_SUFFIX = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

# SELECT, ASK, and CONSTRUCT/DESCRIBE (triples from a local store, or read from a server)
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]


class GraphReadError(UserError):
    """The graph file is missing, unreadable or not valid RDF (exit status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)


class QuerySyntaxError(UserError):
    """The query is not valid SPARQL; the message says where (exit status 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=1)


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of `path`, from its suffix (Turtle when the suffix says nothing)."""
    return FORMATS_BY_SUFFIX.get(path.suffix.lower(), ox.RdfFormat.TURTLE)


def load_graph(path: Path) -> ox.Store:
    """Read the RDF file `path` into a new in-memory Oxigraph store."""
    path = Path(path)
    if not path.is_file():
        reason = "is a directory" if path.is_dir() else "no such file"
        raise GraphReadError(f"cannot read {path}: {reason}")
    store = ox.Store()
    try:
        store.load(path=str(path), format=rdf_format(path))
    except (SyntaxError, OSError, ValueError) as exc:
        raise GraphReadError(f"cannot read {path}: {one_line(str(exc))}") from None
    return store


def run_query(store: ox.Store, query: str) -> QueryResult:
    """Run `query` on `store`: solutions for SELECT, a boolean for ASK, triples otherwise."""
    try:
        return store.query(query, prefixes=QUERY_PREFIXES)
    except SyntaxError as exc:
        raise QuerySyntaxError(syntax_error_message(str(exc), query)) from None


def check_syntax(query: str) -> None:
    """Raise QuerySyntaxError if `query` is not valid SPARQL; nothing is evaluated.

    Oxigraph parses a query when it is submitted and evaluates it only as results are read, so
    submitting it to an empty store checks the syntax alone.
    """
    run_query(ox.Store(), query)


_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")


def syntax_error_message(error: str, query: str) -> str:
    """Oxigraph's parse error as one line: where it is, the text there, what was expected."""
    match = _POSITION.match(error)
    if not match:
        return f"SPARQL syntax error: {one_line(error)}"
    line_no, column, detail = int(match[1]), int(match[2]), match[3]
    lines = query.splitlines() or [""]
    line = lines[min(line_no, len(lines)) - 1]
    if "Prefix not found" in detail:
        prefixed = _PREFIXED.search(line[: column - 1].rstrip())
        name = (prefixed[1] or "") if prefixed else "?"
        detail = f"undeclared prefix '{name}:' (add a PREFIX line)"
    else:
        detail = _shorten(one_line(detail), 90)
    near = _shorten(line[column - 1 :].strip() or line.strip(), 40)
    return f"SPARQL syntax error at line {line_no}, column {column} (near '{near}'): {detail}"


def one_line(text: str) -> str:
    """Collapse whitespace, so that a message stays on one line."""
    return " ".join(text.split())


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
