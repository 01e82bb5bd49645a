"""Write the graph as Turtle, deterministically (same graph, byte-identical file).

The triples stream from `writers.rdf.triples` straight into pyoxigraph's Turtle serialiser (a
Rust writer): no RDF graph is built in memory, and the output follows the stream's order, which
is the merged graph's (corpus) order.
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

import networkx as nx
import pyoxigraph as ox

from kgbuild.graph.ids import CLAIM, MENTION
from kgbuild.writers.atomic import atomic_open
from kgbuild.writers.rdf import BINDINGS, Lit, triples

ONCE = (CLAIM, MENTION)
MAX_KEPT = 50_000


def _oxigraph_triples(graph: nx.MultiDiGraph) -> Iterator[ox.Triple]:
    # Predicates, classes, levels and entities recur: each is built once. Claim and mention IRIs
    # occur once as an object at most, so they are not kept (memory stays set by the graph).
    nodes: dict[str, ox.NamedNode] = {}

    def node(iri: str) -> ox.NamedNode:
        term = nodes.get(iri)
        if term is None:
            term = ox.NamedNode(iri)
            if not iri.startswith(ONCE) and len(nodes) < MAX_KEPT:
                nodes[iri] = term
        return term

    # Typed literals (booleans, counts, offsets) recur too; plain strings (sentences) do not.
    typed: dict[Lit, ox.Literal] = {}

    def literal(lit: Lit) -> ox.Literal:
        if lit.datatype is None:
            return ox.Literal(lit.value)
        term = typed.get(lit)
        if term is None:
            term = ox.Literal(lit.value, datatype=node(lit.datatype))
            if len(typed) < MAX_KEPT:
                typed[lit] = term
        return term

    subject_iri, subject = "", None
    for s, p, o in triples(graph):
        if s != subject_iri:  # triples come grouped by subject
            subject_iri, subject = s, ox.NamedNode(s)
        obj = literal(o) if isinstance(o, Lit) else node(o)
        yield ox.Triple(subject, node(p), obj)


class _Body(io.RawIOBase):
    """Passes pyoxigraph's output on without its @prefix lines (whose order is its own); the
    writer puts one sorted header in front instead, so the bytes depend on nothing but the graph."""

    def __init__(self, sink: IO[bytes], header_lines: int) -> None:
        self.sink, self.skip, self.pending = sink, header_lines, b""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        data = bytes(data)
        if self.skip:
            self.pending += data
            while self.skip and b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                if not line.startswith(b"@prefix "):
                    raise ValueError(f"unexpected Turtle header line {line[:80]!r}")
                self.skip -= 1
            if not self.skip and self.pending:
                self.sink.write(self.pending)
                self.pending = b""
        else:
            self.sink.write(data)
        return len(data)


def header() -> bytes:
    return "".join(
        f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(BINDINGS.items())
    ).encode("utf-8")


def serialize_turtle(graph: nx.MultiDiGraph, output: IO[bytes]) -> None:
    """Turtle of `graph` into the binary file `output`, streamed."""
    output.write(header())
    body = _Body(output, len(BINDINGS))
    ox.serialize(_oxigraph_triples(graph), body, ox.RdfFormat.TURTLE, prefixes=dict(BINDINGS))
    if body.skip:
        raise ValueError("pyoxigraph wrote fewer @prefix lines than prefixes")


def turtle_bytes(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    serialize_turtle(graph, buffer)
    return buffer.getvalue()


def write_turtle(graph: nx.MultiDiGraph, path: Path) -> None:
    with atomic_open(path, "wb") as handle:
        serialize_turtle(graph, handle)


class TurtleWriterProcess:
    """Writes the Turtle of `graph` in another (spawned) process while this one writes the other
    outputs. The graph travels pickled; its mentions stay on disk (a `SqliteMentionStore`
    arrives there as a reader of the same file)."""

    def __init__(self, graph: nx.MultiDiGraph, path: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_turtle_child, args=(graph, str(path), send), daemon=True
        )
        self.process.start()
        send.close()

    def wait(self) -> None:
        """Wait for the file; OSError (one line) if it could not be written."""
        try:
            problem = self.receive.recv()
        except EOFError:
            problem = f"the Turtle writer stopped (exit status {self.process.exitcode})"
        finally:
            self.receive.close()
        self.process.join()
        if problem:
            raise OSError(problem)

    def stop(self) -> None:
        """Stop it (this process failed or was interrupted)."""
        self.process.terminate()
        self.process.join()
        self.receive.close()


def _turtle_child(graph: nx.MultiDiGraph, path: str, report: Connection) -> None:
    try:
        write_turtle(graph, Path(path))
    except OSError as exc:
        report.send(f"{path}: {exc.strerror or exc}")
    except Exception as exc:  # reported by the parent as one line
        report.send(f"{path}: {type(exc).__name__}: {exc}")
    else:
        report.send("")
