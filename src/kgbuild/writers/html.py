"""graph.html: an interactive view of the graph (pyvis / vis-network)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kgbuild.writers.atomic import atomic_write_text

TYPE_COLOURS = {
    "Substance": "#2e7d32", "Compound": "#6a1b9a", "Alkaloid": "#8e24aa", "Receptor": "#1565c0",
    "Neurotransmitter": "#00838f", "Condition": "#ef6c00", "Risk": "#c62828",
}


def write_html(graph: nx.MultiDiGraph, path: Path) -> None:
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=data["label"], color=TYPE_COLOURS[data["type"]],
                     title=f"{data['label']} ({data['type']})")
    for s, o, relation, data in graph.edges(keys=True, data=True):
        net.add_edge(s, o, label=relation,
                     title=f"{relation}: {data['level'].label}, {data['mention_count']} mention(s)")
    atomic_write_text(path, net.generate_html())
