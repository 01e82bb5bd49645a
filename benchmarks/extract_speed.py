"""Benchmark extraction speed and memory as the corpus grows.

Generates corpora of N articles from the shipped ones (substance names rotated through the
lexicon so the graph grows too), runs `extract_corpus` on each in this process, and reports
time per document and peak memory as ratios against the smallest (reference) run, since the
machines are shared and absolute figures are noisy.

    PYTHONPATH=src python benchmarks/extract_speed.py [--sizes 20 200 1000]
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from kgbuild.lexicon import load_lexicon
from kgbuild.pipeline import extract_corpus

REPO = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, size: int) -> None:
    sources = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
    substances = [e.label for e in load_lexicon() if e.type == "Substance" and e.label != "kratom"]
    for index in range(size):
        text = sources[index % len(sources)]
        name = substances[index % len(substances)]
        (folder / f"doc{index:05d}.txt").write_text(
            text.replace("kratom", name).replace("Kratom", name.capitalize()), encoding="utf-8"
        )


def run(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_corpus(folder, size)
        gc.collect()
        tracemalloc.start()
        started = time.perf_counter()
        result = extract_corpus(folder)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "docs": size,
        "seconds": elapsed,
        "per_doc_ms": 1000 * elapsed / size,
        "peak_mb": peak / 2**20,
        "claims": result.summary.claims,
        "mentions": result.summary.mentions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200, 1000])
    args = parser.parse_args()
    results = [run(size) for size in args.sizes]
    reference = results[0]
    print(
        f"{'docs':>6} {'seconds':>8} {'ms/doc':>8} {'x ref ms/doc':>12} {'peak MB':>8} "
        f"{'x ref MB':>8} {'mentions':>9} {'claims':>7}"
    )
    for r in results:
        print(
            f"{r['docs']:>6} {r['seconds']:>8.2f} {r['per_doc_ms']:>8.1f} "
            f"{r['per_doc_ms'] / reference['per_doc_ms']:>12.2f} {r['peak_mb']:>8.1f} "
            f"{r['peak_mb'] / reference['peak_mb']:>8.2f} {r['mentions']:>9} {r['claims']:>7}"
        )
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
