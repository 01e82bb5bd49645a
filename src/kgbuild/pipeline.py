"""The main job as plain functions: read a corpus, extract mentions, merge, write outputs."""

from __future__ import annotations

import hashlib
import json
import time
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
from kgbuild.writers.output_set import OutputSet, crash_point


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
    corpus_fingerprint: str = ""

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
    files: list[Path] | None = None,
    follow_symlinks: bool = False,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_skip: Callable[[ReadFailure], None] | None = None,
) -> ExtractionResult:
    """Read every article under `corpus`, extract claims document by document, merge them.

    Only the merged graph is kept in memory; each document's text is dropped once extracted.
    `files` (from `discover`) spares a second walk of the folder.
    """
    if files is None:
        files = find_articles(corpus, follow_symlinks)
    try:
        extractor = Extractor.create(lexicon_paths)
    except LexiconError as exc:
        raise UserError(f"invalid lexicon: {exc}", exit_code=2) from None
    graph = new_graph()
    summary = Summary()
    fingerprint = hashlib.sha256()
    for index, item in enumerate(read_corpus(Path(corpus), files, follow_symlinks), 1):
        if on_progress:
            on_progress(index, len(files), item.path)
        if isinstance(item, ReadFailure):
            summary.skipped.append(item)
            if on_skip:
                on_skip(item)
            continue
        fingerprint.update(item.path.encode("utf-8") + b"\0")
        fingerprint.update(hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).digest())
        result = extractor.extract(item)
        summary.documents += 1
        summary.sentences += result.sentences
        for mention in result.mentions:
            summary.mentions_by_relation[mention.relation] += 1
            summary.mentions_by_level[mention.level.label] += 1
        merge_document(graph, item, result.mentions, extractor.entities)
    summary.corpus_fingerprint = f"sha256:{fingerprint.hexdigest()}"
    _count_claims(graph, summary)
    return ExtractionResult(graph, summary)


def find_articles(corpus: Path, follow_symlinks: bool = False) -> list[Path]:
    """The article files under `corpus` (see `readers.discover`); a bad corpus is a UserError."""
    try:
        return discover(Path(corpus), follow_symlinks)
    except CorpusError as exc:
        raise UserError(str(exc), exit_code=2) from None
    except OSError as exc:
        raise UserError(
            f"cannot read the corpus folder {corpus}: {exc.strerror or exc}", 2
        ) from None


def _count_claims(graph: nx.MultiDiGraph, summary: Summary) -> None:
    summary.discovered_entities = sum(1 for _, d in graph.nodes(data=True) if d["discovered"])
    for subject, obj, relation, data in graph.edges(keys=True, data=True):
        summary.claims_by_relation[relation] += 1
        summary.claims_by_level[data["level"].label] += 1
        if graph.nodes[subject]["discovered"] or graph.nodes[obj]["discovered"]:
            summary.claims_on_discovered += 1


def write_outputs(
    result: ExtractionResult, output: Path, *, plain_csv: bool = False
) -> dict[str, Path]:
    """Write graph.ttl, graph.html and claims.csv into the folder `output`.

    `run_extract` calls this on a fresh staging folder that is then swapped in as one set.
    """
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
    crash_point("after-graph.ttl")
    write_claims_csv(result.graph, paths["csv"], plain=plain_csv)
    crash_point("after-claims.csv")
    write_html(result.graph, paths["html"])
    crash_point("after-graph.html")
    return paths


def estimate_output_bytes(files: list[Path]) -> int:
    """A generous estimate of the outputs' size, checked against free space before extracting.

    graph.html carries about 0.6 MB of viewer code; Turtle and CSV together measured about 7 bytes
    per byte of article text (HTML pages: about one byte per byte of markup).
    """
    total = 0
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            continue
        total += size if path.suffix.lower() in (".html", ".htm") else 10 * size
    return 2 * 1024 * 1024 + total


def run_extract(
    corpus: Path,
    output: Path,
    *,
    lexicon_paths: Iterable[Path] = (),
    follow_symlinks: bool = False,
    plain_csv: bool = False,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_skip: Callable[[ReadFailure], None] | None = None,
) -> tuple[ExtractionResult, dict[str, Path]]:
    """The main job: extract `corpus` and replace the outputs in `output` as one set.

    The output folder is checked and locked before any extraction; a corpus that yields no
    sentences, an error or an interruption leaves the existing outputs as they were.
    """
    started = _now()
    files = find_articles(corpus, follow_symlinks)
    with OutputSet(output).open(estimate_output_bytes(files)) as outputs:
        result = extract_corpus(
            corpus,
            lexicon_paths=lexicon_paths,
            files=files,
            follow_symlinks=follow_symlinks,
            on_progress=on_progress,
            on_skip=on_skip,
        )
        if result.summary.documents == 0 or result.summary.sentences == 0:
            what = "readable articles" if result.summary.documents == 0 else "sentences"
            raise UserError(
                f"no {what} under {corpus}; existing outputs left unchanged", exit_code=1
            )
        staged = outputs.stage()
        try:
            written = write_outputs(result, staged, plain_csv=plain_csv)
            write_manifest(staged / MANIFEST_NAME, result, corpus, written, started)
        except OSError as exc:
            raise UserError(
                f"cannot write the outputs to {output}: {exc.strerror or exc}; "
                "existing outputs left unchanged",
                exit_code=2,
            ) from None
        outputs.publish()
    target = Path(output)
    paths = {name: target / path.name for name, path in written.items()}
    return result, {**paths, "manifest": target / MANIFEST_NAME}


MANIFEST_NAME = "manifest.json"


def write_manifest(
    path: Path,
    result: ExtractionResult,
    corpus: Path,
    written: dict[str, Path],
    started: str,
) -> None:
    """manifest.json: what made this set of outputs (version, corpus, counts, files, times)."""
    from kgbuild import __version__
    from kgbuild.writers.atomic import atomic_write_text

    s = result.summary
    manifest = {
        "kgbuild": __version__,
        "corpus": str(Path(corpus).resolve()),
        "corpus_fingerprint": s.corpus_fingerprint,
        "documents": s.documents,
        "skipped": [{"path": f.path, "reason": f.reason} for f in s.skipped],
        "sentences": s.sentences,
        "mentions": s.mentions,
        "claims": s.claims,
        "entities": result.graph.number_of_nodes(),
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
