"""Extraction of many documents, in this process or in N worker processes (``--jobs``).

Each document is extracted on its own (`Extractor.extract_alone`), so its result depends on
its text alone and not on which worker ran it or what that worker ran before. Results come back
in corpus order whatever order the workers finish in; documents found in the cache are not
extracted at all. Workers are started with the ``spawn`` method (no fork of a process that may
run threads) and each loads the pipeline once.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from kgbuild.lexicon import Entity
from kgbuild.readers import ReadFailure
from kgbuild.readers.corpus import is_url, load_document, media_type_of, read_url
from kgbuild.records import Document, Mention

if TYPE_CHECKING:
    from kgbuild.extract import Extractor

CHUNK = 8  # documents sent to a worker at a time
PER_WORKER = 10  # fewer documents than this per worker: starting workers costs more than it saves


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Outcome:
    """One document's extraction, as the merge needs it (or why the file was skipped)."""

    path: str
    digest: str = ""  # sha256 of the file's bytes
    title: str = ""
    mentions: list[Mention] = field(default_factory=list)
    sentences: int = 0
    discovered: list[tuple[str, Entity]] = field(default_factory=list)
    failure: ReadFailure | None = None
    cached: bool = False
    info: dict[str, str] = field(default_factory=dict)  # `graph.merge.document_info`


@dataclass(frozen=True)
class Task:
    """One article to extract: a local path or an fsspec URL, and its path in the corpus."""

    file: Path | str
    relative: str
    refused: str | None = None  # why the file must not be read (a link out of the corpus ...)
    record: int | None = None  # a WARC record: its byte offset in `file` (an HTML response)
    url: str = ""  # a WARC record's target URI
    retrieved: str = ""  # a WARC record's date
    kind: str = "refused"  # what a refused task counts as in the summary

    @property
    def media_type(self) -> str:
        if self.record is not None:
            return "text/html"
        return media_type_of(PurePosixPath(self.relative).name) or "text/plain"

    @property
    def metadata(self) -> dict[str, str]:
        """What the task knows of its document before reading it (a WARC record's URL, date)."""
        return {k: v for k, v in (("url", self.url), ("retrieved", self.retrieved)) if v}


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_task(task: Task) -> tuple[bytes | None, Outcome | None]:
    """The file's bytes, or an Outcome carrying the read failure."""
    if task.refused:
        failure = ReadFailure(task.relative, task.refused, task.kind)
        return None, Outcome(task.relative, failure=failure)
    try:
        if task.record is not None:
            from kgbuild.readers.warc import read_record

            return read_record(Path(task.file), task.record), None
        if is_url(task.file):
            return read_url(str(task.file)), None
        return Path(task.file).read_bytes(), None
    except OSError as exc:
        reason = f"cannot be read ({exc.strerror or exc})"
        return None, Outcome(task.relative, failure=ReadFailure(task.relative, reason))
    except MemoryError:
        reason = "too large to read into memory"
        return None, Outcome(task.relative, failure=ReadFailure(task.relative, reason))


def extract_task(extractor: Extractor, task: Task) -> Outcome:
    """Read, decode and extract one file on its own."""
    data, failed = read_task(task)
    if failed is not None:
        return failed
    assert data is not None
    digest = file_digest(data)
    document = load_document(data, task.relative, task.media_type, task.metadata)
    if isinstance(document, ReadFailure):
        return Outcome(task.relative, digest, failure=document)
    return outcome_of(extractor, document, digest)


def outcome_of(
    extractor: Extractor,
    document: Document,
    digest: str,
    known: dict[str, Entity] | None = None,
) -> Outcome:
    from kgbuild.graph.merge import document_info
    from kgbuild.sources.types import load_source_type_rules

    result = extractor.extract_alone(document, known)
    verdict = load_source_type_rules().classify_page(document.text)
    document = replace(document, page_type=verdict.type, page_type_rule=verdict.rule)
    return Outcome(
        document.path,
        digest,
        document.title,
        result.mentions,
        result.sentences,
        result.discovered,
        info=document_info(document),
    )


_WORKER: Extractor | None = None


def _start_worker(lexicon_paths: Sequence[Path]) -> None:
    from kgbuild.extract import Extractor

    global _WORKER
    _WORKER = Extractor.create(lexicon_paths)


def _work(task: Task) -> Outcome:
    assert _WORKER is not None, "worker not initialised"
    return extract_task(_WORKER, task)


def extract_tasks(
    tasks: Sequence[Task],
    extractor: Callable[[], Extractor],
    lexicon_paths: Sequence[Path],
    jobs: int,
) -> Iterator[Outcome]:
    """Outcomes of `tasks`, in their order, extracted here (jobs 1, with the Extractor that
    `extractor()` gives, on demand) or by worker processes, which start at once. Call `close()`
    on the result to stop the workers early."""
    workers = min(jobs, len(tasks) // PER_WORKER)
    if workers <= 1:
        return (extract_task(extractor(), task) for task in tasks)
    return PoolOutcomes(workers, tasks, lexicon_paths)


class PoolOutcomes(Iterator[Outcome]):
    """Outcomes from a pool of `workers` spawned processes, in the order of `tasks`."""

    def __init__(self, workers: int, tasks: Sequence[Task], lexicon_paths: Sequence[Path]) -> None:
        context = multiprocessing.get_context("spawn")
        self.pool = context.Pool(
            workers, initializer=_start_worker, initargs=(list(lexicon_paths),)
        )
        self.results = self.pool.imap(_work, tasks, chunksize=CHUNK)

    def __next__(self) -> Outcome:
        return next(self.results)

    def close(self) -> None:
        """Stop the workers (at the end, or early after an error or an interruption)."""
        self.pool.terminate()
        self.pool.join()
