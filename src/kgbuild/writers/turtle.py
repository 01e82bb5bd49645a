"""Write the graph as Turtle, deterministically (same graph, byte-identical file)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kgbuild.writers.atomic import atomic_write_bytes
from kgbuild.writers.rdf import to_rdf


def turtle_bytes(graph: nx.MultiDiGraph) -> bytes:
    return to_rdf(graph).serialize(format="turtle", encoding="utf-8")


def write_turtle(graph: nx.MultiDiGraph, path: Path) -> None:
    atomic_write_bytes(path, turtle_bytes(graph))
