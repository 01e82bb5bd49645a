"""graph.html: a self-contained interactive view of the graph (vis-network, inlined).

The page needs no network: open it from disk. See ``docs/html-view.md`` for how to read it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kgbuild.writers.atomic import atomic_write_text
from kgbuild.writers.html.page import render_page

__all__ = ["render_page", "write_html"]


def write_html(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write the interactive view of `graph` to `path` (atomically)."""
    atomic_write_text(Path(path), render_page(graph))
