"""Benchmark kgbuild at scale, as ratios measured in one session (machines are shared and noisy).

For each size it builds a corpus of N articles (`benchmarks/corpora.py`: the shipped articles,
or any `--source` folders, with their paragraphs shuffled) and measures, each in a fresh process:

* **speed**: end-to-end `kgbuild extract --jobs 1` (cold, with the cache being written) in
  words/s, against a bare `spacy.blank("en")` + sentencizer + PhraseMatcher over the same
  lexicon run with `nlp.pipe` over the same texts;
* **jobs**: the same cold run with `--jobs 2` (its outputs must be byte-identical);
* **re-run**: the unchanged corpus again (the outputs are found up to date and kept), and the
  corpus with one document changed (that one is extracted again, the rest comes from the cache,
  and every output is written again);
* **memory**: peak resident memory of the cold `--jobs 1` run, against the smallest size
  (`--memory-sizes` adds sizes measured for speed and memory only, e.g. 20000);
* **Turtle**: writing graph.ttl (streamed through pyoxigraph) against building an rdflib graph
  and serialising it, on the same merged graph.

    PYTHONPATH=src python benchmarks/scale.py [--sizes 500 5000] [--memory-sizes 20000]
        [--source DIR ...]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import build_corpus  # noqa: E402


def run_process(args: list[str]) -> tuple[float, float, str]:
    """Run `args`; return (wall seconds, peak resident MB of it and its reaped children, what it
    printed on stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(f"{' '.join(args)} failed:\n{err.read().decode()}")
        return elapsed, usage.ru_maxrss / 1024, out.read().decode()


def kgbuild(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kgbuild", "extract", str(corpus), "-o", str(out), *extra]


def from_cache(printed: str) -> tuple[int, int]:
    """(documents from the cache, documents) as the run's summary says."""
    match = re.search(r"(\d+) of (\d+) document\(s\) from the cache", printed)
    if not match:
        raise SystemExit(f"no cache line in:\n{printed}")
    return int(match.group(1)), int(match.group(2))


def child_bare(corpus: str) -> None:
    """Words/s of the bare pipeline over the corpus texts (pipeline load not timed)."""
    import spacy
    from spacy.matcher import PhraseMatcher

    from kgbuild.lexicon import load_lexicon

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for entity in load_lexicon():
        matcher.add(entity.id, [nlp.make_doc(form) for form in entity.surface_forms()])
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(corpus).glob("*.txt"))]
    started = time.perf_counter()
    found = 0
    for doc in nlp.pipe(texts, batch_size=64):
        found += len(matcher(doc))
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "matches": found}))


def child_turtle(corpus: str, cache: str) -> None:
    """Turtle write time, streamed vs rdflib, on the merged graph (loaded from the cache)."""
    from kgbuild.pipeline import extract_corpus
    from kgbuild.writers.rdf import to_rdf
    from kgbuild.writers.turtle import turtle_bytes

    graph = extract_corpus(Path(corpus), cache_dir=Path(cache)).graph
    started = time.perf_counter()
    streamed = turtle_bytes(graph)
    fast = time.perf_counter() - started
    started = time.perf_counter()
    reference = to_rdf(graph).serialize(format="turtle", encoding="utf-8")
    slow = time.perf_counter() - started
    print(json.dumps({"stream": fast, "rdflib": slow, "bytes": [len(streamed), len(reference)]}))


def child_json(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(size: int, sources: list[Path] | None, turtle: bool, full: bool) -> dict:
    """One size: cold speed and memory; with `full`, also --jobs 2 and the two re-runs."""
    with tempfile.TemporaryDirectory(prefix="kgbuild-scale-") as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        words = build_corpus(corpus, size, sources)
        row: dict = {"docs": size, "words": words}
        row["bare_s"] = child_json("--child-bare", str(corpus))["seconds"]
        one, two = tmp_path / "one", tmp_path / "two"
        cache = ("--cache", str(tmp_path / "cache1"))
        row["cold_s"], row["peak_mb"], _ = run_process(kgbuild(corpus, one, "--jobs", "1", *cache))
        if not full:
            return row
        row["jobs2_s"], row["jobs2_peak_mb"], _ = run_process(
            kgbuild(corpus, two, "--jobs", "2", "--cache", str(tmp_path / "cache2"))
        )
        row["identical"] = all(
            filecmp.cmp(one / name, two / name, shallow=False)
            for name in ("graph.ttl", "graph.html", "claims.csv")
        )
        row["rerun_s"], _, printed = run_process(kgbuild(corpus, one, "--jobs", "1", *cache))
        row["rerun_kept"] = "Nothing changed" in printed
        touched = sorted(corpus.iterdir())[size // 2]
        with open(touched, "a", encoding="utf-8") as handle:
            handle.write("\nOne more line.\n")
        row["touched_s"], _, printed = run_process(kgbuild(corpus, one, "--jobs", "1", *cache))
        cached, total = from_cache(printed)
        row["touched_extracted"] = total - cached
        if turtle:
            ttl = child_json("--child-turtle", str(corpus), str(tmp_path / "cache1"))
            row["ttl_stream_s"], row["ttl_rdflib_s"] = ttl["stream"], ttl["rdflib"]
        return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[])
    parser.add_argument("--source", type=Path, action="append", default=[])
    parser.add_argument("--no-turtle", action="store_true", help="skip the rdflib comparison")
    parser.add_argument("--child-bare", help=argparse.SUPPRESS)
    parser.add_argument("--child-turtle", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_bare:
        child_bare(args.child_bare)
        return
    if args.child_turtle:
        child_turtle(*args.child_turtle)
        return
    rows = []
    for size in args.sizes + args.memory_sizes:
        rows.append(measure(size, args.source or None, not args.no_turtle, size in args.sizes))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    ref = rows[0]
    print(
        f"{'docs':>6} {'words':>9} {'cold s':>7} {'x bare':>7} {'jobs2 x':>7} {'same':>5} "
        f"{'kept x':>7} {'touch x':>7} {'again':>5} {'peak MB':>8} {'x ref':>6} {'ttl x':>6}"
    )
    for r in rows:
        full = "jobs2_s" in r
        ttl = f"{r['ttl_rdflib_s'] / r['ttl_stream_s']:>6.1f}" if "ttl_stream_s" in r else "     -"
        jobs = f"{r['cold_s'] / r['jobs2_s']:>7.2f}" if full else "      -"
        same = ("yes" if r["identical"] else "NO") if full else "-"
        kept = f"{r['cold_s'] / r['rerun_s']:>7.1f}" if full else "      -"
        if full and not r["rerun_kept"]:
            kept = kept[:-1] + "!"
        touch = f"{r['cold_s'] / r['touched_s']:>7.1f}" if full else "      -"
        again = f"{r['touched_extracted']:>5}" if full else "    -"
        print(
            f"{r['docs']:>6} {r['words']:>9} {r['cold_s']:>7.1f} "
            f"{r['bare_s'] / r['cold_s']:>7.3f} {jobs} {same:>5} {kept} {touch} {again} "
            f"{r['peak_mb']:>8.0f} {r['peak_mb'] / ref['peak_mb']:>6.2f} {ttl}"
        )
    print(
        "x bare: kgbuild words/s over the bare spaCy pipeline's; jobs2 x: --jobs 1 time over "
        "--jobs 2 time; kept x: cold time over the unchanged re-run's (outputs kept; ! if they "
        "were not); touch x: cold time over the re-run's after one document changed; again: "
        "documents that re-run extracted; x ref: peak memory over the first size's; ttl x: "
        "rdflib build+serialise time over the streamed writer's."
    )


if __name__ == "__main__":
    main()
