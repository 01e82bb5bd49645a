"""Time to a stable first render of graph.html in headless Chromium, at 500 and 5,000 nodes.

    PYTHONPATH=src .venv/bin/python benchmarks/html_render.py [--repeats 3] [--sizes 500 5000]
        [--page output/graph.html]

Each graph is generated with about 4 claims per entity (`tests/browser_support.synthetic_graph`,
built with the real merge code), written with `write_html`, and opened from disk in Debian's
headless Chromium with every network request blocked. "Stable first render" is the page's own
ready mark: the layout has converged (or spent its iteration budget) and vis-network has finished
drawing it, measured in ms from navigation start. The breakdown shows where the time goes, and
"longest task" is the longest stretch the main thread was blocked (PerformanceObserver
'longtask'), i.e. how long the page could not react to input.

Machines are shared and noisy, so every size is also reported as a ratio to a small reference
graph (50 entities) measured in the same session; the median of the repeats is shown.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser_support import launch_chromium, open_view, synthetic_graph  # noqa: E402

from kgbuild.writers.html import write_html  # noqa: E402

REFERENCE = 50
LONG_TASKS = """
window.__longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
} catch (error) { window.__longTasks = null; }
"""


# Interaction latency: choose "research or better", until the network has redrawn.
FILTER = """async () => {
  const select = document.getElementById('min-level');
  const drawn = new Promise((resolve) => kgView.network.once('afterDrawing', resolve));
  const start = performance.now();
  select.value = '3';
  select.dispatchEvent(new Event('change'));
  await drawn;
  return performance.now() - start;
}"""


def measure(browser, html: Path, timeout_ms: float) -> dict[str, float]:
    """One cold load of `html`: the page's timing marks, in ms from navigation start."""
    view = open_view(browser, html, init_script=LONG_TASKS, wait=False)
    try:
        view.wait_ready(timeout_ms)
        assert view.blocked == [], f"the page tried to load {view.blocked}"
        assert view.errors == [], f"console errors: {view.errors}"
        timings = view.js("kgView.timings")
        nodes, edges = view.js("[kgView.renderedNodes().length, kgView.renderedClaims().length]")
        long_tasks = view.js("window.__longTasks") or [0.0]
        filter_ms = view.js(FILTER)
    finally:
        view.page.context.close()
    return {
        "ready": timings["firstStableDraw"],
        "parse": timings["dataParsed"],
        "layout": timings["layoutDone"] - timings["layoutStart"],
        "iterations": timings["layoutIterations"],
        "network": timings["networkCreated"] - timings["layoutDone"],
        "draw": timings["firstStableDraw"] - timings["networkCreated"],
        "longest_task": max(long_tasks),
        "filter": filter_ms,
        "nodes": nodes,
        "edges": edges,
    }


def run(
    sizes: list[int],
    repeats: int,
    edges_per_node: float,
    timeout_ms: float,
    extra: Sequence[Path] = (),
) -> list[dict]:
    """Time the reference page, one generated page per size, and any `extra` graph.html files."""
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="kgview-bench-") as tmp, sync_playwright() as pw:
        pages: dict[str, Path] = {}
        for size in [REFERENCE, *sizes]:
            graph = synthetic_graph(size, edges_per_node=edges_per_node, seed=1)
            pages[f"generated {size}"] = Path(tmp) / f"graph-{size}.html"
            write_html(graph, pages[f"generated {size}"])
        pages.update((str(path), path) for path in extra)
        browser = launch_chromium(pw)
        try:
            first = next(iter(pages.values()))
            measure(browser, first, timeout_ms)  # warm-up: browser start, caches
            runs: dict[str, list[dict]] = {name: [] for name in pages}
            for _ in range(repeats):  # interleaved, so that noise hits every page alike
                for name, page in pages.items():
                    runs[name].append(measure(browser, page, timeout_ms))
        finally:
            browser.close()
        reference = statistics.median(r["ready"] for r in runs[f"generated {REFERENCE}"])
        for name, results in runs.items():
            row = {key: statistics.median(r[key] for r in results) for key in results[0]}
            row.update(
                page=name,
                bytes=pages[name].stat().st_size,
                ratio=row["ready"] / reference,
                runs=[round(r["ready"]) for r in results],
            )
            rows.append(row)
    return rows


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'nodes':>6} {'edges':>6} {'page MB':>7} {'ready ms':>9} {'x ref':>6} "
        f"{'parse':>6} {'layout':>7} {'iters':>5} {'network':>7} {'draw':>6} "
        f"{'longest task':>12} {'filter':>6}  page; runs (ms)"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['nodes']:>6.0f} {r['edges']:>6.0f} {r['bytes'] / 1e6:>7.1f} {r['ready']:>9.0f} "
            f"{r['ratio']:>6.1f} {r['parse']:>6.0f} {r['layout']:>7.0f} {r['iterations']:>5.0f} "
            f"{r['network']:>7.0f} {r['draw']:>6.0f} {r['longest_task']:>12.0f} "
            f"{r['filter']:>6.0f}  {r['page']}; {r['runs']}"
        )
    print(
        f"\nready = navigation start -> layout converged and first full draw done (median); "
        f"x ref = ratio to the {REFERENCE}-node reference page in this session;\n"
        "longest task = longest main-thread block while loading; filter = choosing 'research or "
        "better' until redrawn."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--edges-per-node", type=float, default=4.0)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page load")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument(
        "--page",
        type=Path,
        action="append",
        default=[],
        help="also time this graph.html (e.g. the shipped corpus' output/graph.html)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    rows = run(args.sizes, args.repeats, args.edges_per_node, args.timeout * 1000, args.page)
    print_table(rows)
    print(f"({args.repeats} runs per size, {time.perf_counter() - started:.0f} s in all)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
