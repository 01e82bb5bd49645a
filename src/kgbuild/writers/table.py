"""claims.csv: one row per mention, for people who work in spreadsheets.

Cells that a spreadsheet would run as a formula are neutralised and the file starts with a UTF-8
BOM (see `writers.spreadsheet`); `plain=True` writes the raw values for programs.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from kgbuild.graph.store import SqliteMentionStore
from kgbuild.records import Mention
from kgbuild.writers.atomic import atomic_open
from kgbuild.writers.spreadsheet import BOM, safe_row

COLUMNS = [
    "document",
    "char_start",
    "char_end",
    "subject",
    "relation",
    "object",
    "evidence_level",
    "hedged",
    "negated",
    "cue",
    "subject_text",
    "object_text",
    "sentence",
    "page",
    "source_type",
    "site",
    "url",
    "date",
]


def _in_document_order(graph: nx.MultiDiGraph) -> Iterator[Mention]:
    """Every mention ordered by document, sentence start, subject label, relation, object label
    (then corpus order): sorted on disk by an on-disk store, else here."""
    labels = {node: data["label"] for node, data in graph.nodes(data=True)}
    store = graph.graph.get("mention_store")
    if isinstance(store, SqliteMentionStore):
        yield from store.in_document_order(labels)
        return
    order = []
    for subject, obj, _relation, data in graph.edges(keys=True, data=True):
        for m in data["mentions"]:
            order.append((m.doc, m.char_start, labels[subject], m.relation, labels[obj], m))
    order.sort(key=lambda item: item[:5])
    for item in order:
        yield item[5]


def iter_mention_rows(graph: nx.MultiDiGraph) -> Iterator[dict[str, object]]:
    """Every mention as a flat row, in document order, made one at a time."""
    info = graph.graph.get("document_info", {})
    labels = graph.nodes
    for m in _in_document_order(graph):
        source = info.get(m.doc, {})
        yield {
            "document": m.doc,
            "char_start": m.char_start,
            "char_end": m.char_end,
            "subject": labels[m.subject]["label"],
            "relation": m.relation,
            "object": labels[m.object]["label"],
            "evidence_level": m.level.label,
            "hedged": str(m.hedged).lower(),
            "negated": str(m.negated).lower(),
            "cue": m.cue_text,
            "subject_text": m.subject_text,
            "object_text": m.object_text,
            "sentence": m.sentence,
            "page": "" if m.page is None else m.page,
            "source_type": source.get("source_type", "unknown"),
            "site": source.get("site", ""),
            "url": source.get("url", ""),
            "date": source.get("issued", ""),
        }


def mention_rows(graph: nx.MultiDiGraph) -> list[dict[str, object]]:
    """Every mention as a flat row, in document order."""
    return list(iter_mention_rows(graph))


def write_claims_csv(graph: nx.MultiDiGraph, path: Path, plain: bool = False) -> None:
    """Rows streamed into the (atomically replaced) file: no copy of the table in memory."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        if not plain:
            handle.write(BOM)
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(safe_row(row, plain) for row in iter_mention_rows(graph))
