"""Extraction on a Dask cluster (``extract --scheduler tcp://HOST:8786``).

This process reads each article (local path or fsspec URL) and sends its bytes, with the extra
lexicon files, to the cluster; a worker extracts it on its own (`Extractor.extract_alone`, one
pipeline per worker thread, built once) and sends the mentions back. Results are taken in corpus
order, with a bounded number of documents in flight, and merged here exactly as local results
are, so the outputs equal a single-process run. The workers need kgbuild (same version) and
`distributed` installed; they read nothing themselves.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path

from kgbuild.errors import UserError
from kgbuild.parallel import Outcome, Task, file_digest, read_task

IN_FLIGHT = 256  # documents submitted ahead of the one being merged
CONNECT_TIMEOUT = "20s"


def _lexicon_files(paths: Sequence[Path]) -> list[tuple[str, bytes]]:
    """Extra lexicon files as (name, content), folders expanded, in load order."""
    files: list[tuple[str, bytes]] = []
    for path in paths:
        members = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for member in members:
            if member.suffix == ".jsonl":
                files.append((f"{len(files):04d}-{member.name}", member.read_bytes()))
    return files


_local = threading.local()


def _worker_extractor(lexicon_files: list[tuple[str, bytes]]):
    """This worker thread's Extractor for these lexicon files (built once, then reused)."""
    from kgbuild.extract import Extractor

    key = hashlib.sha256(repr(lexicon_files).encode()).hexdigest()
    extractors = getattr(_local, "extractors", None)
    if extractors is None:
        extractors = _local.extractors = {}
    if key not in extractors:
        folder = Path(tempfile.mkdtemp(prefix="kgbuild-lexicon-"))
        paths = []
        for name, content in lexicon_files:
            (folder / name).write_bytes(content)
            paths.append(folder / name)
        extractors[key] = Extractor.create(paths)
    return extractors[key]


def extract_remote(
    relative: str,
    media_type: str,
    data: bytes,
    lexicon_files: list[tuple[str, bytes]],
    metadata: dict[str, str] | None = None,
) -> Outcome:
    """Run on a worker: one article's outcome."""
    from kgbuild.parallel import outcome_of
    from kgbuild.readers import ReadFailure
    from kgbuild.readers.corpus import load_document

    digest = file_digest(data)
    document = load_document(data, relative, media_type, metadata)
    if isinstance(document, ReadFailure):
        return Outcome(relative, digest, failure=document)
    return outcome_of(_worker_extractor(lexicon_files), document, digest)


def extract_on_cluster(
    tasks: Sequence[Task], scheduler: str, lexicon_paths: Sequence[Path]
) -> Iterator[Outcome]:
    """Outcomes of `tasks`, in their order, extracted by the Dask cluster at `scheduler`."""
    if not tasks:
        return
    try:
        from distributed import Client
    except ImportError:
        raise UserError(
            "--scheduler needs the 'distributed' package (pip install 'kgbuild[cluster]')",
            exit_code=2,
        ) from None
    lexicon_files = _lexicon_files(lexicon_paths)
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UserError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    with client:
        remote_lexicon = client.scatter(lexicon_files, broadcast=True) if lexicon_files else []
        pending: deque = deque()
        upcoming = iter(tasks)

        def submit_next() -> bool:
            task = next(upcoming, None)
            if task is None:
                return False
            data, failed = read_task(task)
            if failed is not None:
                pending.append(failed)
            else:
                pending.append(
                    client.submit(
                        extract_remote,
                        task.relative,
                        task.media_type,
                        data,
                        remote_lexicon,
                        task.metadata,
                        pure=False,
                    )
                )
            return True

        while len(pending) < IN_FLIGHT and submit_next():
            pass
        while pending:
            item = pending.popleft()
            yield item if isinstance(item, Outcome) else item.result()
            submit_next()
