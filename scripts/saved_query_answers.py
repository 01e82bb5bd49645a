"""Regenerate the "answers on the shipped corpus" section of docs/sparql.md and README.md.

Runs `kgbuild extract corpus/` into a temporary folder, runs every saved query on the graph it
wrote (with the example parameters below when the query takes some), and replaces what lies
between the two marker comments of each document with the answers as Markdown tables. Run it
again whenever the extractor or a saved query changes; `--check` only reports whether the
section is up to date (exit status 1 when it is not).

    PYTHONPATH=src python scripts/saved_query_answers.py [--check]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kgbuild.sparql.engine import load_graph, run_query
from kgbuild.sparql.results import compact
from kgbuild.sparql.saved import SavedQuery, bind_parameters, saved_queries

REPO = Path(__file__).resolve().parents[1]
DOCS = (REPO / "docs" / "sparql.md", REPO / "README.md")
BEGIN = "<!-- saved-query-answers:begin (scripts/saved_query_answers.py writes this part) -->"
END = "<!-- saved-query-answers:end -->"
EXAMPLES = {  # parameters shown in the docs for the queries that take some
    "claims-for-condition": {"condition": "anxiety"},
    "compound-receptor-map": {"substance": "kratom"},
    "risks-by-substance": {"substance": "kratom"},
    "claims-by-source-type": {"substance": "kratom"},
}
MAX_ROWS = 12


def extract(corpus: Path, output: Path) -> Path:
    """Run `kgbuild extract` as users do; return the graph it wrote."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kgbuild",
            "extract",
            str(corpus),
            "--output",
            str(output),
            "--quiet",
        ],
        check=True,
    )
    return output / "graph.ttl"


def answer_section(query: SavedQuery, store: ox.Store) -> str:
    """One saved query: what it answers, the command, and its answer as a Markdown table."""
    params = EXAMPLES.get(query.name, {})
    solutions = run_query(store, bind_parameters(query.text, params))
    names = [v.value for v in solutions.variables]
    rows = [[compact(solution[name]) for name in names] for solution in solutions]
    flags = "".join(f" --param {k}={v}" for k, v in params.items())
    lines = [
        f"### `{query.name}`",
        "",
        f"**{query.question}** {query.description}",
        "",
    ]
    for name, meaning in query.parameters.items():
        lines += [f"- parameter `{name}`: {meaning}"]
    if query.parameters:
        lines.append("")
    lines += [
        "```sh",
        f"kgbuild query output/graph.ttl --saved {query.name}{flags}",
        "```",
        "",
    ]
    if not rows:
        lines += ["No rows on the shipped corpus.", ""]
        return "\n".join(lines)
    lines += ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    for row in rows[:MAX_ROWS]:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    more = len(rows) - MAX_ROWS
    lines += ["", f"{len(rows)} rows" + (f" ({more} not shown)." if more > 0 else "."), ""]
    return "\n".join(lines)


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render(graph: Path) -> str:
    store = load_graph(graph)
    sections = [answer_section(query, store) for query in saved_queries()]
    return "\n".join([BEGIN, "", *sections, END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the section is current")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        fresh = render(extract(args.corpus, Path(scratch)))
    stale = False
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        start, end = text.find(BEGIN), text.find(END)
        if start < 0 or end < start:
            sys.exit(f"{doc}: the markers {BEGIN!r} and {END!r} are missing")
        updated = text[:start] + fresh + text[end + len(END) :]
        if args.check:
            stale = stale or updated != text
            print(f"{doc} is {'out of date' if updated != text else 'up to date'}")
        elif updated != text:
            doc.write_text(updated, encoding="utf-8")
            print(f"updated {doc}")
        else:
            print(f"{doc} was already up to date")
    if stale:
        sys.exit("run scripts/saved_query_answers.py")


if __name__ == "__main__":
    main()
