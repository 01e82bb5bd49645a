"""Talk to a SPARQL server: load a graph with the Graph Store Protocol, run queries remotely.

Any server that speaks SPARQL 1.1 works (Oxigraph, Apache Jena Fuseki, GraphDB ...):

* `push_graph` sends ``PUT <store-endpoint>?graph=IRI`` (or ``?default``) with the Turtle file as
  the body, which replaces that graph on the server (Graph Store HTTP Protocol, section 5.3);
* `query_endpoint` POSTs the query (SPARQL 1.1 Protocol, ``application/sparql-query``) and reads
  the results back as Oxigraph objects, so they print exactly like local results.

Credentials may be given in the URL (``https://user:password@host/...``): they are sent as HTTP
Basic authentication and never printed.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from kgbuild.errors import UserError
from kgbuild.sparql.engine import (
    QUERY_PREFIXES,
    QueryResult,
    check_syntax,
    load_graph,
    one_line,
    rdf_format,
)

DEFAULT_TIMEOUT = 60.0
RESULTS_JSON = "application/sparql-results+json"
_ACCEPT = f"{RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"
_MEDIA_TYPES = {
    ox.RdfFormat.TURTLE: "text/turtle",
    ox.RdfFormat.N_TRIPLES: "application/n-triples",
    ox.RdfFormat.JSON_LD: "application/ld+json",
    ox.RdfFormat.RDF_XML: "application/rdf+xml",
}


class EndpointError(UserError):
    """The server could not be reached, or refused the request (exit status 1)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=1)


@dataclass(frozen=True)
class PushReport:
    """What `push_graph` did: how many triples went into which graph, and the HTTP status."""

    triples: int
    graph: str | None
    status: int


def push_graph(
    path: Path, endpoint: str, graph: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> PushReport:
    """Replace `graph` (the default graph when None) at the Graph Store endpoint with `path`.

    The file is parsed first, so that an unreadable file fails (exit 2) before the server's
    copy is touched.
    """
    check_endpoint(endpoint)
    path = Path(path)
    triples = len(load_graph(path))
    target = f"graph={quote(graph, safe='')}" if graph else "default"
    url, headers = _split_credentials(_with_query(endpoint, target))
    headers["Content-Type"] = _MEDIA_TYPES[rdf_format(path)]
    request = urllib.request.Request(url, data=path.read_bytes(), headers=headers, method="PUT")
    status, _ = _send(request, endpoint, timeout)
    return PushReport(triples=triples, graph=graph, status=status)


def query_endpoint(
    endpoint: str, query: str, graph: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> QueryResult:
    """Run `query` at a SPARQL query endpoint; `graph` becomes the query's default graph.

    The query's syntax is checked here first, so that a mistake is reported the same way as
    for a local query; the prefixes local queries may leave undeclared are declared for the
    server too.
    """
    check_endpoint(endpoint)
    check_syntax(query)
    url = _with_query(endpoint, f"default-graph-uri={quote(graph, safe='')}") if graph else endpoint
    url, headers = _split_credentials(url)
    headers.update({"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _ACCEPT})
    body = with_prefixes(query).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    _, (content_type, data) = _send(request, endpoint, timeout)
    media = content_type.split(";")[0].strip().lower()
    try:
        if media == RESULTS_JSON or media == "application/json":
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is None:
            raise EndpointError(
                f"{_public(endpoint)} answered with "
                f"{media or 'no content type'}, not SPARQL results or RDF"
            )
        return [quad.triple for quad in ox.parse(data, format=rdf)]
    except SyntaxError as exc:
        raise EndpointError(
            f"cannot read the answer of {_public(endpoint)}: {one_line(str(exc))}"
        ) from None


def with_prefixes(query: str) -> str:
    """`query` with PREFIX lines for the default prefixes it uses but does not declare."""
    declared = set(re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", query))
    lines = [
        f"PREFIX {name}: <{iri}>"
        for name, iri in QUERY_PREFIXES.items()
        if name not in declared and re.search(rf"(?<![\w<?$]){name}:", query)
    ]
    return "\n".join([*lines, query]) if lines else query


def _with_query(url: str, extra: str) -> str:
    """`url` with `extra` (already encoded) added to its query string."""
    parts = urlsplit(url)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def check_endpoint(url: str) -> None:
    """Refuse, with one line, an endpoint that is not an http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise UserError(f"--endpoint is not a valid URL ({exc}): {url!r}", exit_code=2) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        shown = _public(url) if parts.hostname else url
        raise UserError(
            f"--endpoint must be an http:// or https:// URL with a host, not {shown!r}",
            exit_code=2,
        )
    if port is not None and not 0 < port < 65536:
        raise UserError(f"--endpoint has an invalid port: {port}", exit_code=2)


def _split_credentials(url: str) -> tuple[str, dict[str, str]]:
    """Move user:password out of the URL into an Authorization header."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, {}
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    token = base64.b64encode(f"{parts.username}:{parts.password or ''}".encode()).decode()
    return urlunsplit(parts._replace(netloc=netloc)), {"Authorization": f"Basic {token}"}


def _public(url: str) -> str:
    """The URL without credentials, for messages."""
    return _split_credentials(url)[0]


def _send(
    request: urllib.request.Request, endpoint: str, timeout: float
) -> tuple[int, tuple[str, bytes]]:
    where = _public(endpoint)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, (response.headers.get("Content-Type", ""), response.read())
    except urllib.error.HTTPError as exc:
        detail = one_line(exc.read().decode("utf-8", "replace"))[:200]
        raise EndpointError(
            f"{where} refused the request: HTTP {exc.code} {exc.reason}"
            + (f": {detail}" if detail else "")
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"cannot reach {where}: {one_line(str(reason))}") from None
