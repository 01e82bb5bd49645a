"""Benchmark extraction speed and memory as the corpus grows.

Generates corpora of N articles from the shipped ones (substance names rotated through the
lexicon so the graph grows too) and runs `extract_corpus` on each in a fresh child process, so
each size gets its own peak resident memory. Reports time per document and peak memory as ratios
against the smallest (reference) run of the same session, since machines are shared and noisy.

    PYTHONPATH=src python benchmarks/extract_speed.py [--sizes 20 200 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, size: int) -> None:
    from kgbuild.lexicon import load_lexicon

    sources = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
    substances = [e.label for e in load_lexicon() if e.type == "Substance" and e.label != "kratom"]
    for index in range(size):
        text = sources[index % len(sources)]
        name = substances[index % len(substances)]
        renamed = text.replace("kratom", name).replace("Kratom", name.capitalize())
        (folder / f"doc{index:05d}.txt").write_text(renamed, encoding="utf-8")


def child(folder: str) -> None:
    """Run in a fresh process: extract, then print timings and peak memory as JSON."""
    import resource

    from kgbuild.pipeline import extract_corpus

    started = time.perf_counter()
    result = extract_corpus(Path(folder))
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_mb": peak_kb / 1024,
                "mentions": result.summary.mentions,
                "claims": result.summary.claims,
                "sentences": result.summary.sentences,
            }
        )
    )


def run(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        make_corpus(Path(tmp), size)
        out = subprocess.run(
            [sys.executable, __file__, "--child", tmp],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ),
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["docs"] = size
    result["per_doc_ms"] = 1000 * result["seconds"] / size
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200, 1000])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    results = [run(size) for size in args.sizes]
    ref = results[0]
    print(
        f"{'docs':>6} {'sentences':>9} {'seconds':>8} {'ms/doc':>7} {'x ref':>6} "
        f"{'peak MB':>8} {'x ref':>6} {'mentions':>9} {'claims':>7}"
    )
    for r in results:
        print(
            f"{r['docs']:>6} {r['sentences']:>9} {r['seconds']:>8.2f} {r['per_doc_ms']:>7.1f} "
            f"{r['per_doc_ms'] / ref['per_doc_ms']:>6.2f} {r['peak_mb']:>8.1f} "
            f"{r['peak_mb'] / ref['peak_mb']:>6.2f} {r['mentions']:>9} {r['claims']:>7}"
        )


if __name__ == "__main__":
    main()
