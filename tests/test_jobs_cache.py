"""`extract --jobs N` and the extraction cache, through the CLI run as a process: the outputs
never depend on the number of workers or on what the cache held."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS, run_cli

OUTPUTS = ("graph.ttl", "graph.html", "claims.csv")
EXTRA_DOCS = {
    "notes/remedies.txt": "Kava remedies\n\nKava is used to treat zorbitis in some islands.\n",
    "notes/risks.md": "# Notes on kava\n\nHeavy kava use carries a risk of zorbitis and nausea.\n",
    "valerian.txt": "Valerian\n\nStudies suggest valerian may improve sleep quality.\n",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for path in CORPUS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    for name, text in EXTRA_DOCS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _extract(corpus: Path, out: Path, *args: str) -> str:
    if "--jobs" not in args:
        args = (*args, "--jobs", "1")  # worker start-up would only slow these tests
    result = run_cli("extract", corpus, "--output", out, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _from_cache(log: str) -> tuple[int, int]:
    match = re.search(r"(\d+) of (\d+) document\(s\) from the cache", log)
    assert match, log
    return int(match.group(1)), int(match.group(2))


def test_jobs_1_and_2_write_identical_files(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    originals = sorted(p for p in corpus.rglob("*") if p.is_file())
    for copy in range(4):  # 25 documents: enough for two workers to start (PER_WORKER)
        for path in originals:
            target = corpus / f"copy{copy}" / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    _extract(corpus, tmp_path / "one", "--jobs", "1", "--no-cache")
    _extract(corpus, tmp_path / "two", "--jobs", "2", "--no-cache")
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert b"zorbitis" in (tmp_path / "one" / "graph.ttl").read_bytes()
    assert not (tmp_path / "one" / ".kgbuild-cache").exists()  # --no-cache writes none


@pytest.fixture
def cached_run(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    log = _extract(corpus, out)
    assert _from_cache(log) == (0, 5)
    assert (out / ".kgbuild-cache" / "extract.sqlite").is_file()
    return corpus, out


def _fresh(corpus: Path, tmp: Path) -> dict[str, bytes]:
    """The outputs of a run without any cache, for comparison."""
    out = tmp / "fresh"
    _extract(corpus, out, "--no-cache", "--jobs", "1")
    return _files(out)


def test_unchanged_rerun_reuses_every_document(cached_run, tmp_path):
    corpus, out = cached_run
    first = _files(out)
    log = _extract(corpus, out, "--jobs", "1")
    assert _from_cache(log) == (5, 5)
    assert _files(out) == first


def test_unchanged_outputs_are_kept_and_anything_changed_makes_them_again(cached_run, tmp_path):
    corpus, out = cached_run
    stamps = {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}
    log = _extract(corpus, out)
    assert "Nothing changed since the outputs were written" in log and "kept " in log
    assert {name: (out / name).stat().st_mtime_ns for name in OUTPUTS} == stamps
    assert "Read 5 document(s)" in log  # the earlier run's summary, from manifest.json
    # an output edited by hand, another CSV flavour, a touched document: made again
    with open(out / "graph.html", "ab") as handle:
        handle.write(b"<!-- hand-made change 7f3a -->")
    log = _extract(corpus, out)
    assert "Nothing changed" not in log and _from_cache(log) == (5, 5)
    assert b"hand-made change 7f3a" not in (out / "graph.html").read_bytes()
    log = _extract(corpus, out, "--plain-csv")
    assert "Nothing changed" not in log
    assert not (out / "claims.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Nothing changed" in _extract(corpus, out, "--plain-csv")
    with open(corpus / "valerian.txt", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert _from_cache(log := _extract(corpus, out, "--plain-csv")) == (4, 5), log


def test_one_changed_document_is_extracted_again(cached_run, tmp_path):
    corpus, out = cached_run
    (corpus / "valerian.txt").write_text(
        "Valerian\n\nClinical trials show valerian improves insomnia.\n", encoding="utf-8"
    )
    log = _extract(corpus, out)
    assert _from_cache(log) == (4, 5)
    assert _files(out) == _fresh(corpus, tmp_path)
    assert b"insomnia" in (out / "claims.csv").read_bytes()


def test_deleted_document_drops_its_mentions(cached_run, tmp_path):
    corpus, out = cached_run
    assert b"valerian.txt" in (out / "claims.csv").read_bytes()
    (corpus / "valerian.txt").unlink()
    log = _extract(corpus, out)
    assert _from_cache(log) == (4, 4)
    assert b"valerian.txt" not in (out / "claims.csv").read_bytes()
    assert _files(out) == _fresh(corpus, tmp_path)
    with sqlite3.connect(out / ".kgbuild-cache" / "extract.sqlite") as db:
        paths = {row[0] for row in db.execute("SELECT path FROM docs")}
    assert "valerian.txt" not in paths and len(paths) == 4


def test_extra_lexicon_file_invalidates_everything(cached_run, tmp_path):
    corpus, out = cached_run
    lexicon = tmp_path / "extra.jsonl"
    lexicon.write_text(
        '{"id": "zorbine", "label": "zorbine", "type": "Substance"}\n', encoding="utf-8"
    )
    log = _extract(corpus, out, "--lexicon", lexicon)
    assert _from_cache(log) == (0, 5)
    log = _extract(corpus, out, "--lexicon", lexicon)
    assert _from_cache(log) == (5, 5)
    lexicon.write_text(
        '{"id": "zorbine", "label": "zorbine", "type": "Substance", "synonyms": ["zorb"]}\n',
        encoding="utf-8",
    )
    assert _from_cache(_extract(corpus, out, "--lexicon", lexicon)) == (0, 5)


def test_corrupt_entry_is_reported_and_not_trusted(cached_run, tmp_path):
    corpus, out = cached_run
    with sqlite3.connect(out / ".kgbuild-cache" / "extract.sqlite") as db:
        payload = db.execute("SELECT payload FROM docs WHERE path = 'valerian.txt'").fetchone()[0]
        forged = payload.replace(b"valerian", b"kratom")
        db.execute("UPDATE docs SET payload = ? WHERE path = 'valerian.txt'", (forged,))
    again = tmp_path / "again"  # (into `out`, the unchanged outputs would just be kept)
    log = _extract(corpus, again, "--cache", out / ".kgbuild-cache")
    assert "cache entry for valerian.txt ignored" in log
    assert _from_cache(log) == (4, 5)
    assert _files(again) == _fresh(corpus, tmp_path)


def test_foreign_cache_file_is_reported_and_replaced(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "elsewhere"
    cache.mkdir()
    (cache / "extract.sqlite").write_bytes(b"not a database at all" * 100)
    log = _extract(corpus, tmp_path / "out", "--cache", cache)
    assert "is not a usable kgbuild cache" in log
    assert _from_cache(log) == (0, 5)
    assert _from_cache(_extract(corpus, tmp_path / "out", "--cache", cache)) == (5, 5)
    assert not (tmp_path / "out" / ".kgbuild-cache").exists()


def test_forged_entry_with_a_valid_checksum_is_not_trusted(cached_run, tmp_path):
    """A checksum only catches damage: an entry naming entities kgbuild does not know is
    refused too."""
    import hashlib

    corpus, out = cached_run
    with sqlite3.connect(out / ".kgbuild-cache" / "extract.sqlite") as db:
        payload = db.execute("SELECT payload FROM docs WHERE path = 'valerian.txt'").fetchone()[0]
        assert b'"valerian"' in payload
        forged = payload.replace(b'"valerian"', b'"no-such-entity"')
        db.execute(
            "UPDATE docs SET payload = ?, checksum = ? WHERE path = 'valerian.txt'",
            (forged, hashlib.sha256(forged).hexdigest()),
        )
    again = tmp_path / "again"
    log = _extract(corpus, again, "--cache", out / ".kgbuild-cache")
    assert "cache entry for valerian.txt ignored: unknown entity 'no-such-entity'" in log
    assert _from_cache(log) == (4, 5)
    assert _files(again) == _fresh(corpus, tmp_path)
