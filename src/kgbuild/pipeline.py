"""The main job as plain functions: read a corpus, extract mentions, merge, write outputs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kgbuild.errors import UserError
from kgbuild.extract import Extractor
from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon import LexiconError
from kgbuild.readers import CorpusError, ReadFailure, discover, read_corpus


@dataclass
class Summary:
    """What a run read and found; printed on the terminal and returned to callers."""

    documents: int = 0
    skipped: list[ReadFailure] = field(default_factory=list)
    sentences: int = 0
    mentions_by_relation: Counter = field(default_factory=Counter)
    mentions_by_level: Counter = field(default_factory=Counter)
    claims_by_relation: Counter = field(default_factory=Counter)
    claims_by_level: Counter = field(default_factory=Counter)
    claims_on_discovered: int = 0
    discovered_entities: int = 0

    @property
    def skipped_by_kind(self) -> Counter:
        """Skipped files by what was wrong with them ("encrypted PDF", "undecodable", ...)."""
        return Counter(failure.kind for failure in self.skipped)

    @property
    def mentions(self) -> int:
        return sum(self.mentions_by_relation.values())

    @property
    def claims(self) -> int:
        return sum(self.claims_by_relation.values())


@dataclass
class ExtractionResult:
    graph: nx.MultiDiGraph
    summary: Summary


def extract_corpus(
    corpus: Path,
    *,
    lexicon_paths: Iterable[Path] = (),
    on_progress: Callable[[int, int, str], None] | None = None,
    on_skip: Callable[[ReadFailure], None] | None = None,
) -> ExtractionResult:
    """Read every article under `corpus`, extract claims document by document, merge them.

    Only the merged graph is kept in memory; each document's text is dropped once extracted.
    """
    try:
        files = discover(Path(corpus))
    except CorpusError as exc:
        raise UserError(str(exc), exit_code=2) from None
    try:
        extractor = Extractor.create(lexicon_paths)
    except LexiconError as exc:
        raise UserError(f"invalid lexicon: {exc}", exit_code=2) from None
    graph = new_graph()
    summary = Summary()
    for index, item in enumerate(read_corpus(Path(corpus), files), 1):
        if on_progress:
            on_progress(index, len(files), item.path)
        if isinstance(item, ReadFailure):
            summary.skipped.append(item)
            if on_skip:
                on_skip(item)
            continue
        result = extractor.extract(item)
        summary.documents += 1
        summary.sentences += result.sentences
        for mention in result.mentions:
            summary.mentions_by_relation[mention.relation] += 1
            summary.mentions_by_level[mention.level.label] += 1
        merge_document(graph, item, result.mentions, extractor.entities)
    _count_claims(graph, summary)
    return ExtractionResult(graph, summary)


def _count_claims(graph: nx.MultiDiGraph, summary: Summary) -> None:
    summary.discovered_entities = sum(1 for _, d in graph.nodes(data=True) if d["discovered"])
    for subject, obj, relation, data in graph.edges(keys=True, data=True):
        summary.claims_by_relation[relation] += 1
        summary.claims_by_level[data["level"].label] += 1
        if graph.nodes[subject]["discovered"] or graph.nodes[obj]["discovered"]:
            summary.claims_on_discovered += 1


def write_outputs(result: ExtractionResult, output: Path) -> dict[str, Path]:
    """Write graph.ttl, graph.html and claims.csv into `output` (each atomically)."""
    from kgbuild.writers.html import write_html
    from kgbuild.writers.table import write_claims_csv
    from kgbuild.writers.turtle import write_turtle

    output = Path(output)
    if output.exists() and not output.is_dir():
        raise UserError(f"output path is not a folder: {output}", exit_code=2)
    paths = {
        "turtle": output / "graph.ttl",
        "html": output / "graph.html",
        "csv": output / "claims.csv",
    }
    write_turtle(result.graph, paths["turtle"])
    write_claims_csv(result.graph, paths["csv"])
    write_html(result.graph, paths["html"])
    return paths
