"""Benchmark kgbuild at scale, as ratios measured in one session (machines are shared and noisy).

For each size it builds a corpus of N articles (`benchmarks/corpora.py`: the shipped articles,
or any `--source` folders, with their paragraphs shuffled) and measures, each in a fresh process:

* **speed**: end-to-end `kgbuild extract --jobs 1` (cold, with the cache being written) in
  words/s, against a bare `spacy.blank("en")` + sentencizer + PhraseMatcher over the same
  lexicon run with `nlp.pipe` over the same texts;
* **jobs**: the same cold run with `--jobs 2` (its outputs must be byte-identical);
* **re-run**: the unchanged corpus again, everything from the cache;
* **memory**: peak resident memory of the cold `--jobs 1` run, against the smallest size;
* **Turtle**: writing graph.ttl (streamed through pyoxigraph) against building an rdflib graph
  and serialising it, on the same merged graph.

    PYTHONPATH=src python benchmarks/scale.py [--sizes 100 400] [--source DIR ...]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import build_corpus  # noqa: E402


def run_process(args: list[str]) -> tuple[float, float]:
    """Run `args`; return (wall seconds, peak resident MB of it and its reaped children)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def kgbuild(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kgbuild", "extract", str(corpus), "-o", str(out), "-q", *extra]


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


def measure(size: int, sources: list[Path] | None, turtle: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="kgbuild-scale-") as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        words = build_corpus(corpus, size, sources)
        row: dict = {"docs": size, "words": words}
        row["bare_s"] = child_json("--child-bare", str(corpus))["seconds"]
        one, two = tmp_path / "one", tmp_path / "two"
        row["cold_s"], row["peak_mb"] = run_process(
            kgbuild(corpus, one, "--jobs", "1", "--cache", str(tmp_path / "cache1"))
        )
        row["jobs2_s"], row["jobs2_peak_mb"] = run_process(
            kgbuild(corpus, two, "--jobs", "2", "--cache", str(tmp_path / "cache2"))
        )
        row["identical"] = all(
            filecmp.cmp(one / name, two / name, shallow=False)
            for name in ("graph.ttl", "graph.html", "claims.csv")
        )
        row["rerun_s"], _ = run_process(
            kgbuild(corpus, one, "--jobs", "1", "--cache", str(tmp_path / "cache1"))
        )
        if turtle:
            ttl = child_json("--child-turtle", str(corpus), str(tmp_path / "cache1"))
            row["ttl_stream_s"], row["ttl_rdflib_s"] = ttl["stream"], ttl["rdflib"]
        return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400])
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
    for size in args.sizes:
        rows.append(measure(size, args.source or None, not args.no_turtle))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    ref = rows[0]
    print(
        f"{'docs':>6} {'words':>9} {'cold s':>7} {'x bare':>7} {'jobs2 x':>7} {'same':>5} "
        f"{'rerun x':>7} {'peak MB':>8} {'x ref':>6} {'ttl x':>6}"
    )
    for r in rows:
        ttl = f"{r['ttl_rdflib_s'] / r['ttl_stream_s']:>6.1f}" if "ttl_stream_s" in r else "     -"
        print(
            f"{r['docs']:>6} {r['words']:>9} {r['cold_s']:>7.1f} "
            f"{r['bare_s'] / r['cold_s']:>7.3f} {r['cold_s'] / r['jobs2_s']:>7.2f} "
            f"{'yes' if r['identical'] else 'NO':>5} {r['cold_s'] / r['rerun_s']:>7.1f} "
            f"{r['peak_mb']:>8.0f} {r['peak_mb'] / ref['peak_mb']:>6.2f} {ttl}"
        )
    print(
        "x bare: kgbuild words/s over the bare spaCy pipeline's; jobs2 x: --jobs 1 time over "
        "--jobs 2 time; rerun x: cold time over unchanged re-run time; x ref: peak memory over "
        "the first size's; ttl x: rdflib build+serialise time over the streamed writer's."
    )


if __name__ == "__main__":
    main()
