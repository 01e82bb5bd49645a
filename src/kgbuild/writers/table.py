"""claims.csv: one row per mention, for people who work in spreadsheets.

Cells that a spreadsheet would run as a formula are neutralised and the file starts with a UTF-8
BOM (see `writers.spreadsheet`); `plain=True` writes the raw values for programs.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from kgbuild.writers.atomic import atomic_write_text
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


def mention_rows(graph: nx.MultiDiGraph) -> list[dict[str, object]]:
    """Every mention as a flat row, in document order."""
    rows = []
    info = graph.graph.get("document_info", {})
    for subject, obj, _relation, data in graph.edges(keys=True, data=True):
        for m in data["mentions"]:
            source = info.get(m.doc, {})
            rows.append(
                {
                    "document": m.doc,
                    "char_start": m.char_start,
                    "char_end": m.char_end,
                    "subject": graph.nodes[subject]["label"],
                    "relation": m.relation,
                    "object": graph.nodes[obj]["label"],
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
            )
    rows.sort(
        key=lambda r: (r["document"], r["char_start"], r["subject"], r["relation"], r["object"])
    )
    return rows


def write_claims_csv(graph: nx.MultiDiGraph, path: Path, plain: bool = False) -> None:
    buffer = io.StringIO()
    if not plain:
        buffer.write(BOM)
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(safe_row(row, plain) for row in mention_rows(graph))
    atomic_write_text(path, buffer.getvalue())
