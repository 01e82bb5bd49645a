"""The main job as plain functions: read a corpus, extract mentions, merge, write outputs."""

from __future__ import annotations

from collections import ChainMap, Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kgbuild.errors import UserError
from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon import Entity, Lexicon, LexiconError, load_lexicon
from kgbuild.parallel import Outcome, Task
from kgbuild.readers import CorpusError, ReadFailure, discover
from kgbuild.readers.corpus import discover_url, is_url
from kgbuild.records import Document

if TYPE_CHECKING:
    from kgbuild.extract import Extractor


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
    cached: int = 0  # documents whose mentions came from the cache

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
    corpus: Path | str,
    *,
    lexicon_paths: Iterable[Path] = (),
    on_progress: Callable[[int, int, str], None] | None = None,
    on_skip: Callable[[ReadFailure], None] | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    on_cache_problem: Callable[[str], None] | None = None,
    scheduler: str | None = None,
) -> ExtractionResult:
    """Read every article under `corpus`, extract claims document by document, merge them.

    `jobs` worker processes extract (1: this process); `cache_dir` keeps each document's
    mentions for the next run (None: no cache). Documents are merged in corpus order whatever
    order they finish in, so the result does not depend on `jobs` or on the cache. `corpus` may
    be an fsspec URL (``s3://bucket/articles``); with `scheduler` (``tcp://host:8786``) the
    extraction runs on that Dask cluster instead of local processes.
    Only the merged graph is kept in memory; each document's text is dropped once extracted.
    """
    from kgbuild.cache import ExtractionCache, fingerprint
    from kgbuild.parallel import extract_tasks, file_digest, read_task

    lexicon_paths = [Path(p) for p in lexicon_paths]
    try:
        tasks = corpus_tasks(corpus)
    except CorpusError as exc:
        raise UserError(str(exc), exit_code=2) from None
    try:
        lexicon = load_lexicon(lexicon_paths)
    except LexiconError as exc:
        raise UserError(f"invalid lexicon: {exc}", exit_code=2) from None
    extractor = LazyExtractor(lexicon)  # built only if this process extracts anything
    cache = (
        ExtractionCache(cache_dir, fingerprint(lexicon_paths), lexicon.entities)
        if cache_dir
        else None
    )
    fresh = None
    try:
        # Pass 1: what the cache already holds (by content hash); the rest is extracted.
        cached: dict[int, Outcome] = {}
        if cache is not None:
            for index, task in enumerate(tasks):
                data, _failed = read_task(task)
                if data is not None:
                    hit = cache.get(task.relative, file_digest(data))
                    if hit is not None:
                        cached[index] = hit
        misses = [task for index, task in enumerate(tasks) if index not in cached]
        if scheduler:
            from kgbuild.cluster import extract_on_cluster

            fresh = extract_on_cluster(misses, scheduler, lexicon_paths)
        else:
            fresh = extract_tasks(misses, extractor, lexicon_paths, max(1, jobs))
        merger = CorpusMerger(extractor)
        kept: list[str] = []
        for index, task in enumerate(tasks):
            outcome = cached[index] if index in cached else next(fresh)
            if on_progress:
                on_progress(index + 1, len(tasks), task.relative)
            if outcome.failure is not None:
                merger.summary.skipped.append(outcome.failure)
                if on_skip:
                    on_skip(outcome.failure)
                continue
            if cache is not None and not outcome.cached:
                cache.put(outcome)
            kept.append(outcome.path)
            merger.add(outcome, task)
        if cache is not None:
            cache.finish(kept)
            merger.summary.cached = cache.hits
            if on_cache_problem:
                for problem in cache.problems:
                    on_cache_problem(problem)
    finally:
        if fresh is not None:
            fresh.close()  # stops the workers if the loop ended early
        if cache is not None:
            cache.close()
    _count_claims(merger.graph, merger.summary)
    return ExtractionResult(merger.graph, merger.summary)


def corpus_tasks(corpus: Path | str) -> list[Task]:
    """The articles of a local folder (or file) or of an fsspec URL, in corpus order."""
    if is_url(corpus):
        return [Task(url, relative) for url, relative in discover_url(str(corpus))]
    root = Path(corpus)
    base = root if root.is_dir() else root.parent
    return [Task(path, path.relative_to(base).as_posix()) for path in discover(root)]


class LazyExtractor:
    """The Extractor of this process, built on first use (a run served by the cache or by
    workers never loads the pipeline here)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._extractor: Extractor | None = None

    def __call__(self) -> Extractor:
        if self._extractor is None:
            from kgbuild.extract import Extractor  # spaCy loads only when something is extracted

            try:
                self._extractor = Extractor(self.lexicon)
            except LexiconError as exc:
                raise UserError(f"invalid lexicon: {exc}", exit_code=2) from None
        return self._extractor


class CorpusMerger:
    """Merges documents' outcomes into one graph, in corpus order.

    Discovered entities are shared across documents: the first document (in corpus order) to
    discover a name decides its entity. A document extracted on its own that typed a name
    differently from an earlier document is extracted again here, knowing the earlier entities,
    so the graph is the one a single pass over the corpus in order would build.
    """

    def __init__(self, extractor: LazyExtractor) -> None:
        self.extractor = extractor
        self.graph = new_graph()
        self.summary = Summary()
        self.found: dict[str, Entity] = {}  # discovered: normalised form -> first entity
        self._by_id: dict[str, Entity] = {}
        self.entities = ChainMap(extractor.lexicon.entities, self._by_id)

    def add(self, outcome: Outcome, task: Task) -> None:
        known = {form: self.found[form] for form, _ in outcome.discovered if form in self.found}
        if any(
            known[form].type != entity.type for form, entity in outcome.discovered if form in known
        ):
            outcome = self._again(outcome, task, known)
        for form, entity in outcome.discovered:
            if form not in self.found:
                self.found[form] = entity
                self._by_id[entity.id] = entity
        summary = self.summary
        summary.documents += 1
        summary.sentences += outcome.sentences
        for mention in outcome.mentions:
            summary.mentions_by_relation[mention.relation] += 1
            summary.mentions_by_level[mention.level.label] += 1
        merge_document(
            self.graph, Document(outcome.path, "", outcome.title), outcome.mentions, self.entities
        )

    def _again(self, outcome: Outcome, task: Task, known: dict[str, Entity]) -> Outcome:
        from kgbuild.parallel import outcome_of, read_task
        from kgbuild.readers.corpus import load_document

        data, _failed = read_task(task)
        document = None if data is None else load_document(data, task.relative, task.media_type)
        if not isinstance(document, Document):
            return outcome  # changed or gone since: keep what was extracted
        return outcome_of(self.extractor(), document, outcome.digest, known)


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
