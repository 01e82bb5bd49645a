"""`kgbuild extract CORPUS`: articles in, graph.ttl + graph.html + claims.csv out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from kgbuild.cli import app
from kgbuild.errors import UserError

if TYPE_CHECKING:
    from kgbuild.pipeline import ExtractionResult
    from kgbuild.readers import ReadFailure

PROGRESS_THRESHOLD = 20  # show a progress bar from this many files on


@app.command()
def extract(
    corpus: Path = typer.Argument(
        ..., help="Folder of .txt, .md, .html and .pdf articles (read recursively)."
    ),
    output: Path = typer.Option(
        Path("output"), "--output", "-o", help="Folder for graph.ttl, graph.html, claims.csv."
    ),
    lexicon: list[Path] = typer.Option(
        [], "--lexicon", help="Extra lexicon .jsonl file or folder (repeatable)."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print nothing but warnings and errors."
    ),
) -> None:
    """Extract evidence-tagged claims from a folder of articles and write the graph.

    Example: kgbuild extract corpus/ --output output/
    """
    from kgbuild.pipeline import extract_corpus, write_outputs  # spaCy loads only when needed

    err = Console(stderr=True)
    out = Console()

    def warn(failure: ReadFailure) -> None:
        err.print(
            f"warning: skipped {failure.path}: {failure.reason}", markup=False, highlight=False
        )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=quiet or not sys.stderr.isatty(),
    ) as progress:
        task = None

        def on_progress(index: int, total: int, path: str) -> None:
            nonlocal task
            if total < PROGRESS_THRESHOLD:
                return
            if task is None:
                task = progress.add_task("extracting", total=total)
            progress.update(task, completed=index)

        result = extract_corpus(
            corpus, lexicon_paths=lexicon, on_progress=on_progress, on_skip=warn
        )
    if result.summary.documents == 0:
        raise UserError(
            f"no readable .txt, .md, .html or .pdf articles under {corpus}; "
            "existing outputs left unchanged"
        )
    paths = write_outputs(result, output)
    if not quiet:
        print_summary(out, result, paths)


def print_summary(console: Console, result: ExtractionResult, paths: dict[str, Path]) -> None:
    s = result.summary
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(s.skipped_by_kind.items()))
    console.print(
        f"Read {s.documents} document(s), skipped {len(s.skipped)}"
        f"{f' ({kinds})' if kinds else ''}; {s.sentences} sentences; "
        f"{s.mentions} mentions in {s.claims} claims; {result.graph.number_of_nodes()} entities "
        f"({s.discovered_entities} discovered, {s.claims_on_discovered} claims rest on them).",
        highlight=False,
    )
    table = Table(title=None, show_edge=False)
    table.add_column("relation")
    table.add_column("mentions", justify="right")
    table.add_column("claims", justify="right")
    for relation in ("contains", "actsOn", "modulates", "claimedFor", "hasRisk"):
        table.add_row(
            relation, str(s.mentions_by_relation[relation]), str(s.claims_by_relation[relation])
        )
    console.print(table)
    levels = Table(show_edge=False)
    levels.add_column("evidence level")
    levels.add_column("mentions", justify="right")
    levels.add_column("claims", justify="right")
    for level in ("clinical", "research", "anecdotal", "traditional", "unstated"):
        levels.add_row(level, str(s.mentions_by_level[level]), str(s.claims_by_level[level]))
    console.print(levels)
    for name, path in paths.items():
        console.print(f"wrote {path} ({name})", highlight=False)
