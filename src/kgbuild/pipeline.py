"""The main job as plain functions: read a corpus, extract mentions, merge, write outputs."""

from __future__ import annotations

import hashlib
import json
import time
from collections import ChainMap, Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from kgbuild.errors import UserError
from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.graph.store import MentionStore
from kgbuild.lexicon import Entity, Lexicon, LexiconError
from kgbuild.parallel import Outcome, Task
from kgbuild.readers import CorpusError, ReadFailure, discover
from kgbuild.readers.corpus import WARC, check_file, discover_url, is_url, media_type_of
from kgbuild.records import Document
from kgbuild.sources.manifest import ManifestError, SourceEntry, read_manifest
from kgbuild.sources.resolve import resolve_source
from kgbuild.sources.types import load_source_type_rules
from kgbuild.writers.output_set import OutputSet, crash_point

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
    corpus_fingerprint: str = ""
    documents_by_source_type: Counter = field(default_factory=Counter)
    source_problems: list[str] = field(default_factory=list)  # manifest rows left out or fixed
    entities: int = 0
    up_to_date: bool = False  # the outputs of an earlier run were kept: nothing had changed

    COUNTERS = (
        "mentions_by_relation",
        "mentions_by_level",
        "claims_by_relation",
        "claims_by_level",
        "documents_by_source_type",
    )

    def to_json(self) -> dict:
        """What `from_manifest` needs to give this summary back (kept in manifest.json)."""
        return {
            **{name: dict(sorted(getattr(self, name).items())) for name in self.COUNTERS},
            "claims_on_discovered": self.claims_on_discovered,
            "discovered_entities": self.discovered_entities,
            "source_problems": list(self.source_problems),
        }

    @classmethod
    def from_manifest(cls, manifest: dict) -> Summary:
        """The summary of the run that wrote `manifest` (ValueError if it lacks one)."""
        try:
            counts = manifest["summary"]
            summary = cls(
                documents=int(manifest["documents"]),
                skipped=[
                    ReadFailure(str(f["path"]), str(f["reason"]), str(f["kind"]))
                    for f in manifest["skipped"]
                ],
                sentences=int(manifest["sentences"]),
                claims_on_discovered=int(counts["claims_on_discovered"]),
                discovered_entities=int(counts["discovered_entities"]),
                corpus_fingerprint=str(manifest["corpus_fingerprint"]),
                source_problems=[str(line) for line in counts["source_problems"]],
                entities=int(manifest["entities"]),
            )
            for name in cls.COUNTERS:
                setattr(summary, name, Counter({str(k): int(v) for k, v in counts[name].items()}))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"manifest without a usable summary ({exc})") from None
        return summary

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

    def close(self) -> None:
        """Delete the graph's on-disk mentions now (they are also deleted with the graph);
        counts and aggregates stay readable."""
        store = self.graph.graph.get("mention_store")
        if hasattr(store, "close"):
            store.close()


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
    follow_symlinks: bool = False,
    tasks: list[Task] | None = None,
    sources: Path | None = None,
    on_warning: Callable[[str], None] | None = None,
    mention_store: Path | None = None,
    digests: list[str | None] | None = None,
    tool_fingerprint: str | None = None,
) -> ExtractionResult:
    """Read every article under `corpus`, extract claims document by document, merge them.

    `jobs` worker processes extract (1: this process); `cache_dir` keeps each document's
    mentions for the next run (None: no cache). Documents are merged in corpus order whatever
    order they finish in, so the result does not depend on `jobs` or on the cache. `corpus` may
    be an fsspec URL (``s3://bucket/articles``); with `scheduler` (``tcp://host:8786``) the
    extraction runs on that Dask cluster instead of local processes. `tasks` (from
    `corpus_tasks`) spares a second walk of the folder. `sources` is a manifest (CSV or JSON
    Lines) whose url, date, site and source_type win over what is read or guessed; its bad rows
    are reported through `on_warning` and counted.
    Only the merged graph is kept in memory; each document's text is dropped once extracted and
    its mentions go to an on-disk store (`graph.store.SqliteMentionStore`) at `mention_store`
    (default: a file in the system's temporary folder), deleted when the graph is.
    `digests` (from `read_digests`) and `tool_fingerprint` (`cache.fingerprint`) spare reading
    the files and the package again when the caller has them.
    """
    from kgbuild.cache import ExtractionCache, fingerprint
    from kgbuild.graph.store import SqliteMentionStore
    from kgbuild.lexicon import load_lexicon, with_vocabulary
    from kgbuild.parallel import extract_task, extract_tasks, file_digest, read_task

    lexicon_paths = [Path(p) for p in lexicon_paths]
    if tasks is None:
        tasks = corpus_tasks(corpus, follow_symlinks)
    try:
        hand = load_lexicon(lexicon_paths)  # the user's files are checked before any worker starts
    except LexiconError as exc:
        raise UserError(f"invalid lexicon: {exc}", exit_code=2) from None
    extractor = LazyExtractor()  # built only if this process extracts anything
    cache = (
        ExtractionCache(cache_dir, tool_fingerprint or fingerprint(lexicon_paths))
        if cache_dir
        else None
    )
    fresh = None
    try:
        # Pass 1: which documents the cache holds (by content hash); the rest is extracted.
        # Only their digests are kept: each outcome is read from the cache when it is merged.
        cached: dict[int, str] = {}
        if cache is not None:
            for index, task in enumerate(tasks):
                if digests is not None:
                    digest = digests[index]
                else:
                    data, _failed = read_task(task)
                    digest = None if data is None else file_digest(data)
                if digest is not None and cache.holds(task.relative, digest):
                    cached[index] = digest
        misses = [task for index, task in enumerate(tasks) if index not in cached]
        # Workers start now and load their pipeline while this process loads the vocabulary.
        if scheduler:
            from kgbuild.cluster import extract_on_cluster

            fresh = extract_on_cluster(misses, scheduler, lexicon_paths)
        else:
            fresh = extract_tasks(misses, extractor, lexicon_paths, max(1, jobs))
        try:
            extractor.lexicon = with_vocabulary(hand, lexicon_paths)
        except LexiconError as exc:
            raise UserError(f"invalid lexicon: {exc}", exit_code=2) from None
        if cache is not None:
            cache.entity_ids = extractor.lexicon.entities
        entries, problems = _read_sources(sources, tasks)
        merger = CorpusMerger(extractor, entries, SqliteMentionStore(mention_store))
        merger.summary.source_problems = problems
        for problem in problems:
            if on_warning:
                on_warning(problem)
        kept: list[str] = []
        for index, task in enumerate(tasks):
            if index not in cached:
                outcome = next(fresh)
            else:  # an entry found unusable now (reported by the cache) is extracted here
                assert cache is not None
                outcome = cache.get(task.relative, cached[index]) or extract_task(extractor(), task)
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
    merger.summary.corpus_fingerprint = f"sha256:{merger.fingerprint.hexdigest()}"
    _count_claims(merger.graph, merger.summary)
    return ExtractionResult(merger.graph, merger.summary)


def _read_sources(
    sources: Path | None, tasks: list[Task]
) -> tuple[dict[str, SourceEntry], list[str]]:
    """The manifest's rows by document path, and one line for each row that was left out."""
    if sources is None:
        return {}, []
    try:
        report = read_manifest(Path(sources), set(load_source_type_rules().types))
    except ManifestError as exc:
        raise UserError(str(exc), exit_code=2) from None
    known = {task.relative for task in tasks}
    problems = list(report.problems)
    for path in sorted(set(report.entries) - known):
        where = Path(sources).name
        problems.append(f"{where}: {path} is not a document of the corpus; row ignored")
    return report.entries, problems


def warc_tasks(path: Path, relative: str) -> list[Task]:
    """One task per HTML page of a WARC file; its other records and any damage become refused
    tasks, so that each is one line and counted in the summary."""
    from kgbuild.readers.warc import WarcReport, index_warc

    report = WarcReport()
    tasks = [
        Task(path, entry.name, record=entry.offset, url=entry.url, retrieved=entry.fetched)
        for entry in index_warc(path, relative, report)
    ]
    if report.other_records:
        n = report.other_records
        what = "record that is not an HTML page" if n == 1 else "records that are not HTML pages"
        reason = f"{n} {what} (requests, media, redirects ...)"
        tasks.append(Task(path, relative, f"{reason} left out", kind="non-HTML WARC records"))
    if report.error:
        tasks.append(Task(path, relative, report.error, kind="damaged WARC"))
    if not tasks:
        tasks.append(Task(path, relative, "no HTML pages in this WARC file", kind="empty WARC"))
    return tasks


def corpus_tasks(corpus: Path | str, follow_symlinks: bool = False) -> list[Task]:
    """The articles of a local folder (or file) or of an fsspec URL, in corpus order.

    A local file that must not be read (a link out of the corpus folder, a file over the size
    limit) becomes a task that is refused when read, so that it is named and counted.
    """
    try:
        if is_url(corpus):
            return [Task(url, relative) for url, relative in discover_url(str(corpus))]
        root = Path(corpus)
        base = root if root.is_dir() else root.parent
        tasks = []
        for path in discover(root, follow_symlinks):
            relative = path.relative_to(base).as_posix()
            refused = check_file(path, root, follow_symlinks)
            if media_type_of(path.name) == WARC and not refused:
                tasks.extend(warc_tasks(path, relative))
            else:
                tasks.append(Task(path, relative, refused))
        return tasks
    except CorpusError as exc:
        raise UserError(str(exc), exit_code=2) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UserError(f"cannot read the corpus folder {corpus}: {reason}", exit_code=2) from None


class LazyExtractor:
    """The Extractor of this process, built on first use (a run served by the cache or by
    workers never loads the pipeline here)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon  # set before the first call
        self._extractor: Extractor | None = None

    def __call__(self) -> Extractor:
        if self._extractor is None:
            assert self.lexicon is not None, "the lexicon is loaded first"
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

    def __init__(
        self,
        extractor: LazyExtractor,
        sources: dict[str, SourceEntry] | None = None,
        store: MentionStore | None = None,
    ) -> None:
        self.extractor = extractor
        self.sources = sources or {}
        self.rules = load_source_type_rules()
        self.graph = new_graph(store)
        self.summary = Summary()
        self.found: dict[str, Entity] = {}  # discovered: normalised form -> first entity
        self._by_id: dict[str, Entity] = {}
        self.entities = ChainMap(extractor.lexicon.entities, self._by_id)
        self.fingerprint = hashlib.sha256()  # over the merged documents' paths and bytes

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
        self.fingerprint.update(f"{outcome.path}\0{outcome.digest}\n".encode())
        summary = self.summary
        summary.documents += 1
        summary.sentences += outcome.sentences
        for mention in outcome.mentions:
            summary.mentions_by_relation[mention.relation] += 1
            summary.mentions_by_level[mention.level.label] += 1
        info = resolve_source(outcome.info, self.sources.get(outcome.path), self.rules)
        summary.documents_by_source_type[info["source_type"]] += 1
        document = Document(outcome.path, "", outcome.title, **info)
        merge_document(self.graph, document, outcome.mentions, self.entities)

    def _again(self, outcome: Outcome, task: Task, known: dict[str, Entity]) -> Outcome:
        from kgbuild.parallel import outcome_of, read_task
        from kgbuild.readers.corpus import load_document

        data, _failed = read_task(task)
        document = None if data is None else load_document(data, task.relative, task.media_type)
        if not isinstance(document, Document):
            return outcome  # changed or gone since: keep what was extracted
        return outcome_of(self.extractor(), document, outcome.digest, known)


def _count_claims(graph: nx.MultiDiGraph, summary: Summary) -> None:
    summary.entities = graph.number_of_nodes()
    summary.discovered_entities = sum(1 for _, d in graph.nodes(data=True) if d["discovered"])
    for subject, obj, relation, data in graph.edges(keys=True, data=True):
        summary.claims_by_relation[relation] += 1
        summary.claims_by_level[data["level"].label] += 1
        if graph.nodes[subject]["discovered"] or graph.nodes[obj]["discovered"]:
            summary.claims_on_discovered += 1


PARALLEL_TURTLE_MENTIONS = 20_000  # from this many mentions, graph.ttl is written alongside


def write_outputs(
    result: ExtractionResult, output: Path, *, plain_csv: bool = False, jobs: int = 1
) -> dict[str, Path]:
    """Write graph.ttl, graph.html and claims.csv into the folder `output`.

    With `jobs` > 1 and a large graph, graph.ttl is written by another process while this one
    writes the other two. `run_extract` calls this on a fresh staging folder that is then
    swapped in as one set.
    """
    from kgbuild.writers.html import write_html
    from kgbuild.writers.table import write_claims_csv
    from kgbuild.writers.turtle import TurtleWriterProcess, write_turtle

    output = Path(output)
    if output.exists() and not output.is_dir():
        raise UserError(f"output path is not a folder: {output}", exit_code=2)
    paths = {name: output / file for name, file in OUTPUT_FILES.items()}
    alongside = jobs > 1 and result.summary.mentions >= PARALLEL_TURTLE_MENTIONS
    turtle = TurtleWriterProcess(result.graph, paths["turtle"]) if alongside else None
    try:
        if turtle is None:
            write_turtle(result.graph, paths["turtle"])
            crash_point("after-graph.ttl")
        write_claims_csv(result.graph, paths["csv"], plain=plain_csv)
        crash_point("after-claims.csv")
        write_html(result.graph, paths["html"])
        crash_point("after-graph.html")
    except BaseException:
        if turtle is not None:
            turtle.stop()
        raise
    if turtle is not None:
        turtle.wait()
        crash_point("after-graph.ttl")
    return paths


def estimate_output_bytes(tasks: list[Task]) -> int:
    """A generous estimate of the outputs' size, checked against free space before extracting.

    graph.html carries about 0.6 MB of viewer code; Turtle and CSV together measured about 7 bytes
    per byte of article text (HTML pages: about one byte per byte of markup). Remote files
    (fsspec URLs) are not sized.
    """
    total = 0
    for task in tasks:
        if isinstance(task.file, str) or task.refused:
            continue
        try:
            size = task.file.stat().st_size
        except OSError:
            continue
        total += size if task.file.suffix.lower() in (".html", ".htm") else 10 * size
    return 2 * 1024 * 1024 + total


def run_extract(
    corpus: Path | str,
    output: Path,
    *,
    lexicon_paths: Iterable[Path] = (),
    follow_symlinks: bool = False,
    plain_csv: bool = False,
    jobs: int = 1,
    cache_dir: Path | None = None,
    scheduler: str | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_skip: Callable[[ReadFailure], None] | None = None,
    on_cache_problem: Callable[[str], None] | None = None,
    sources: Path | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[ExtractionResult, dict[str, Path]]:
    """The main job: extract `corpus` and replace the outputs in `output` as one set.

    The output folder is checked and locked before any extraction; a corpus that yields no
    sentences, an error or an interruption leaves the existing outputs as they were. With a
    cache, outputs already made from the same bytes with the same settings and the same kgbuild
    are kept as they are (`kept_outputs`): the summary is then the earlier run's, with
    ``up_to_date`` set, and the graph is empty.
    """
    started = _now()
    tasks = corpus_tasks(corpus, follow_symlinks)
    with OutputSet(output).open(estimate_output_bytes(tasks)) as outputs:
        key, digests, tool = None, None, None
        if cache_dir is not None:
            from kgbuild.cache import fingerprint

            digests, tool = read_digests(tasks), fingerprint(lexicon_paths)
            key = run_key(tasks, digests, tool, plain_csv=plain_csv, sources=sources)
            kept = kept_outputs(Path(output), key, on_skip, on_warning)
            if kept is not None:
                return kept
        # The mentions' on-disk store lives beside the outputs while they are written (a
        # killed run's is removed with its other leftovers) and is deleted before they publish.
        result = extract_corpus(
            corpus,
            lexicon_paths=lexicon_paths,
            tasks=tasks,
            follow_symlinks=follow_symlinks,
            on_progress=on_progress,
            on_skip=on_skip,
            jobs=jobs,
            cache_dir=cache_dir,
            on_cache_problem=on_cache_problem,
            scheduler=scheduler,
            sources=sources,
            on_warning=on_warning,
            mention_store=outputs.scratch("mentions.sqlite"),
            digests=digests,
            tool_fingerprint=tool,
        )
        try:
            if result.summary.documents == 0 or result.summary.sentences == 0:
                what = "readable articles" if result.summary.documents == 0 else "sentences"
                raise UserError(
                    f"no {what} under {corpus}; existing outputs left unchanged", exit_code=1
                )
            staged = outputs.stage()
            written = write_outputs(result, staged, plain_csv=plain_csv, jobs=jobs)
            write_manifest(staged / MANIFEST_NAME, result, corpus, written, started, key or "")
        except OSError as exc:
            raise UserError(
                f"cannot write the outputs to {output}: {exc.strerror or exc}; "
                "existing outputs left unchanged",
                exit_code=2,
            ) from None
        finally:
            result.close()
        outputs.publish()
    target = Path(output)
    paths = {name: target / path.name for name, path in written.items()}
    return result, {**paths, "manifest": target / MANIFEST_NAME}


MANIFEST_NAME = "manifest.json"
OUTPUT_FILES = {"turtle": "graph.ttl", "html": "graph.html", "csv": "claims.csv"}


def read_digests(tasks: list[Task]) -> list[str | None]:
    """The sha256 of each task's bytes (None: refused or unreadable)."""
    from kgbuild.parallel import file_digest, read_task

    digests: list[str | None] = []
    for task in tasks:
        data, _failed = read_task(task)
        digests.append(None if data is None else file_digest(data))
    return digests


def run_key(
    tasks: list[Task],
    digests: list[str | None],
    tool_fingerprint: str,
    *,
    plain_csv: bool,
    sources: Path | None,
) -> str | None:
    """A hash of everything the outputs are made from: every document's path and bytes (or why
    it is not read), kgbuild with its data and extra lexicons (`tool_fingerprint`), the
    ``--sources`` manifest and the CSV flavour. None if the manifest cannot be read."""
    digest = hashlib.sha256(f"kgbuild-run/1\0{tool_fingerprint}\0{plain_csv}\0".encode())
    if sources is not None:
        try:
            digest.update(b"sources\0" + Path(sources).read_bytes())
        except OSError:
            return None
    for task, content in zip(tasks, digests, strict=True):
        state = content or f"not read: {task.refused or 'unreadable'}"
        digest.update(f"{task.relative}\0{task.record}\0{state}\n".encode())
    return digest.hexdigest()


def kept_outputs(
    output: Path,
    key: str | None,
    on_skip: Callable[[ReadFailure], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[ExtractionResult, dict[str, Path]] | None:
    """The earlier run's result if the outputs in `output` were made with run key `key` and
    every file is still the one its manifest.json describes (size and sha256); else None.
    Its skipped files and source problems are reported again."""
    try:
        manifest = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))
        if key is None or not isinstance(manifest, dict) or manifest.get("run_key") != key:
            return None
        files = manifest["files"]
        if sorted(files) != sorted(OUTPUT_FILES.values()):
            return None
        for name, facts in files.items():
            path = output / name
            if path.stat().st_size != facts["bytes"] or _sha256(path) != facts["sha256"]:
                return None
        summary = Summary.from_manifest(manifest)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    summary.up_to_date = True
    summary.cached = summary.documents
    for failure in summary.skipped:
        if on_skip:
            on_skip(failure)
    for line in summary.source_problems:
        if on_warning:
            on_warning(line)
    paths = {name: output / file for name, file in OUTPUT_FILES.items()}
    return ExtractionResult(new_graph(), summary), {**paths, "manifest": output / MANIFEST_NAME}


def write_manifest(
    path: Path,
    result: ExtractionResult,
    corpus: Path | str,
    written: dict[str, Path],
    started: str,
    run_key: str = "",
) -> None:
    """manifest.json: what made this set of outputs (version, corpus, counts, files, times) and
    the `run_key` of its inputs, by which a later run knows the outputs are up to date."""
    from kgbuild import __version__
    from kgbuild.writers.atomic import atomic_write_text

    s = result.summary
    manifest = {
        "kgbuild": __version__,
        "corpus": str(corpus) if is_url(corpus) else str(Path(corpus).resolve()),
        "corpus_fingerprint": s.corpus_fingerprint,
        "documents": s.documents,
        "run_key": run_key,
        "skipped": [{"path": f.path, "reason": f.reason, "kind": f.kind} for f in s.skipped],
        "sentences": s.sentences,
        "mentions": s.mentions,
        "claims": s.claims,
        "entities": result.graph.number_of_nodes(),
        "summary": s.to_json(),
        "files": {
            p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)}
            for p in sorted(written.values())
        },
        "started": started,
        "finished": _now(),
    }
    atomic_write_text(path, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
