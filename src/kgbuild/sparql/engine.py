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


class QueryRefused(UserError):
    """A query kgbuild will not run: empty, an update, or one that reaches out (exit status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)


READ_ONLY = "read-only: kgbuild query answers questions and never changes a graph"
_UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)
# What may stand before the query form: comments, PREFIX and BASE declarations.
_PROLOGUE = re.compile(
    r"\s*(?:#[^\n]*\n?|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>))",
    re.IGNORECASE,
)
# Strings, IRIs and comments, blanked out before looking for keywords.
_OPAQUE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def check_read_only(query: str, allow_service: bool = False) -> None:
    """Refuse an empty query, a SPARQL Update (DROP, LOAD, INSERT ...) and SERVICE clauses.

    `kgbuild query` reads the graph it is given and nothing else: an update would change it and a
    SERVICE clause would make the query fetch from the network.
    """
    if not query.strip():
        raise QueryRefused("empty query: give a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    position = 0
    while match := _PROLOGUE.match(query, position):
        if match.end() == position:
            break
        position = match.end()
    first = re.match(r"\s*([A-Za-z]+)", query[position:])
    if first and first[1].upper() in _UPDATE_KEYWORDS:
        raise QueryRefused(f"{READ_ONLY} ({first[1].upper()} is an update)")
    if not allow_service and re.search(r"\bSERVICE\b", _OPAQUE.sub(" ", query), re.IGNORECASE):
        raise QueryRefused(
            "SERVICE is not allowed: kgbuild query reads only the graph it is given "
            "(use --endpoint to ask a server)"
        )


def run_query(store: ox.Store, query: str) -> QueryResult:
    """Run `query` on `store`: solutions for SELECT, a boolean for ASK, triples otherwise."""
    check_read_only(query)
    try:
        return store.query(query, prefixes=QUERY_PREFIXES)
    except SyntaxError as exc:
        raise QuerySyntaxError(syntax_error_message(str(exc), query)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise UserError(f"the query failed: {one_line(str(exc))}") from None


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
