"""Check a graph against the contract's SHACL shapes (`ontology/shapes.ttl`) with pyshacl.

The graph is loaded into an Oxigraph store, which pyshacl queries directly: the SHACL-SPARQL
constraints run an order of magnitude faster there than on an rdflib graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from kgbuild.resources import ontology_file
from kgbuild.sparql.engine import QUERY_PREFIXES, load_graph
from kgbuild.sparql.results import compact

SHAPES = "shapes.ttl"
_IRI = re.compile(r"<?(https?://[^\s<>\"{}|^`\\]+)>?")
_KNOWN = (*QUERY_PREFIXES.values(), str(SH))


@dataclass(frozen=True, order=True)
class Violation:
    """One failed check: the node, the property (if any) and what is wrong."""

    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of `validate_graph`: how big the graph is and what fails."""

    triples: int
    violations: list[Violation]

    @property
    def conforms(self) -> bool:
        return not self.violations


def load_shapes() -> Graph:
    """The packaged SHACL shapes."""
    return Graph().parse(data=ontology_file(SHAPES).read_text(encoding="utf-8"), format="turtle")


def validate_graph(path: Path) -> ValidationReport:
    """Validate the RDF file `path`; raises GraphReadError (exit 2) if it cannot be read."""
    store = load_graph(path)
    triples = len(store)
    _, results, _ = shacl_validate(
        store, shacl_graph=load_shapes(), inference="none", inplace=True, advanced=False
    )
    # top-level results only: the details of a failed sh:node hang below them (sh:detail)
    violations = sorted(
        {_violation(results, result) for result in results.objects(None, SH.result)}
    )
    return ValidationReport(triples=triples, violations=violations)


def _violation(results: Graph, result: Node) -> Violation:
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    focus = results.value(result, SH.focusNode)
    message = messages[0] if messages else "does not conform"
    if value not in (None, focus) and str(value) not in message and _compact(value) not in message:
        message += f" (value: {_compact(value)})"
    return Violation(
        focus=_compact(focus),
        path=_compact(path) if path is not None and not isinstance(path, BNode) else "",
        message=_compact_text(message),
        severity=_compact(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
    )


def _compact(term: Node | None) -> str:
    if term is None:
        return ""
    return str(term) if isinstance(term, (Literal, BNode)) else _compact_iri(str(term))


def _compact_iri(iri: str) -> str:
    if iri.startswith(str(SH)):
        return "sh:" + iri[len(str(SH)) :]
    try:
        return compact(ox.NamedNode(iri))
    except ValueError:
        return iri


def _compact_text(text: str) -> str:
    """Shorten the IRIs inside a message with the usual prefixes."""
    return _IRI.sub(lambda m: _compact_iri(m[1]) if m[1].startswith(_KNOWN) else m[0], text)
