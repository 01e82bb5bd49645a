"""Benchmark the readers: text and HTML files (ms per document), and PDF (pages per second).

Builds, from the shipped articles, a corpus of N plain-text files, the same articles as HTML
pages, and (with --pdf) the HTML pages printed to PDF by headless Chromium. Times reading alone
(`read_corpus`: decoding, HTML or PDF text extraction) and the whole extraction
(`extract_corpus`), best of --repeats runs, each in a fresh child process so that imports are
counted once per run as a user would pay them; "warm" is reading again in the same process
(libraries loaded), best of 5. Machines are shared and noisy: compare ratios
within one session, e.g. this tree against an older one:

    PYTHONPATH=src python benchmarks/read_speed.py --docs 40 --pdf
    PYTHONPATH=/tmp/old/src python benchmarks/read_speed.py --docs 40
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WARM_REPEATS = 5
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def as_html(text: str) -> str:
    """A plain article as a simple web page: headings, paragraphs and list items."""
    body, items = [], []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(("- ", "* ")):
            items.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if items:
            body.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 6)
            body.append(f"<h{level}>{html.escape(line.lstrip('#').strip())}</h{level}>")
        elif line:
            body.append(f"<p>{html.escape(line)}</p>")
    if items:
        body.append("<ul>" + "".join(items) + "</ul>")
    title = html.escape(next((b for b in text.splitlines() if b.strip()), "article").lstrip("# "))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article>{''.join(body)}</article></body></html>"
    )


def make_corpora(folder: Path, docs: int, pdf: bool) -> dict[str, Path]:
    sources = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus").glob("*.txt"))]
    corpora = {kind: folder / kind for kind in ("txt", "html", *(["pdf"] if pdf else []))}
    for path in corpora.values():
        path.mkdir()
    printed: dict[int, Path] = {}
    for index in range(docs):
        source = index % len(sources)
        text = sources[source]
        (corpora["txt"] / f"doc{index:04d}.txt").write_text(text, encoding="utf-8")
        page = corpora["html"] / f"doc{index:04d}.html"
        page.write_text(as_html(text), encoding="utf-8")
        if pdf:
            if source not in printed:  # each article printed once, then copied
                printed[source] = print_pdf(page, folder / f"source{source}.pdf")
            shutil.copy(printed[source], corpora["pdf"] / f"doc{index:04d}.pdf")
    return corpora


def print_pdf(page: Path, target: Path) -> Path:
    chromium = os.environ.get("KGBUILD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium, *CHROMIUM_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}"]
            + [page.as_uri()],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return target


def child(folder: str, mode: str) -> None:
    """Run in a fresh process: read (or extract) one corpus, print timings as JSON."""
    started = time.perf_counter()
    warm = None
    if mode == "read":
        from kgbuild.readers import read_corpus

        items = list(read_corpus(Path(folder)))
        elapsed = time.perf_counter() - started
        pages = sum(len(getattr(item, "page_starts", ())) for item in items)
        warm = elapsed
        for _ in range(WARM_REPEATS):  # again, libraries loaded: reading alone
            again = time.perf_counter()
            list(read_corpus(Path(folder)))
            warm = min(warm, time.perf_counter() - again)
    else:
        from kgbuild.pipeline import extract_corpus

        extract_corpus(Path(folder))
        elapsed = time.perf_counter() - started
        pages = 0
    print(json.dumps({"seconds": elapsed, "warm": warm, "pages": pages}))


def run(folder: Path, mode: str, repeats: int) -> dict:
    best = None
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(folder), "--mode", mode],
            capture_output=True,
            text=True,
            check=True,
            env=dict(os.environ),
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also PDF (needs Chromium)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="read", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.mode)
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpora = make_corpora(Path(tmp), args.docs, args.pdf)
        print(
            f"{'corpus':>6} {'mode':>8} {'seconds':>8} {'ms/doc':>7} {'warm ms/doc':>11} "
            f"{'pages':>6} {'pages/s':>8} {'warm pages/s':>12}"
        )
        for kind, folder in corpora.items():
            for mode in ("read", "extract"):
                r = run(folder, mode, args.repeats)
                warm = f"{1000 * r['warm'] / args.docs:.2f}" if r["warm"] else ""
                rate = f"{r['pages'] / r['seconds']:.1f}" if r["pages"] else ""
                warm_rate = f"{r['pages'] / r['warm']:.1f}" if r["pages"] else ""
                print(
                    f"{kind:>6} {mode:>8} {r['seconds']:>8.2f} "
                    f"{1000 * r['seconds'] / args.docs:>7.1f} {warm:>11} {r['pages'] or '':>6} "
                    f"{rate:>8} {warm_rate:>12}"
                )


if __name__ == "__main__":
    main()
