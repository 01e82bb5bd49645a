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
from kgbuild.console import make_console

if TYPE_CHECKING:
    from kgbuild.pipeline import ExtractionResult
    from kgbuild.readers import ReadFailure

PROGRESS_THRESHOLD = 20  # show a progress bar from this many files on


@app.command()
def extract(
    corpus: str = typer.Argument(
        ...,
        help="Folder of .txt, .md, .html and .pdf articles (read recursively), or an fsspec URL "
        "such as s3://bucket/articles.",
    ),
    output: Path = typer.Option(
        Path("output"),
        "--output",
        "-o",
        help="Folder for graph.ttl, graph.html, claims.csv and manifest.json, replaced as one set.",
    ),
    lexicon: list[Path] = typer.Option(
        [], "--lexicon", metavar="PATH", help="Extra lexicon .jsonl file or folder (repeatable)."
    ),
    follow_symlinks: bool = typer.Option(
        False, "--follow-symlinks", help="Also read links that lead outside the corpus folder."
    ),
    plain_csv: bool = typer.Option(
        False,
        "--plain-csv",
        help="claims.csv for programs: no UTF-8 BOM, cells starting with = + - @ left as they are.",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print nothing but warnings and errors."
    ),
    jobs: int = typer.Option(
        None, "--jobs", "-j", min=1, help="Worker processes for extraction [default: all cores]."
    ),
    cache: Path = typer.Option(
        None, "--cache", help="Folder of the extraction cache [default: OUTPUT/.kgbuild-cache]."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Extract every document again; read and write no cache."
    ),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Extract on the Dask cluster at this address (tcp://HOST:8786)."
    ),
    sources: Path = typer.Option(
        None,
        "--sources",
        help="Manifest (CSV with a header, or JSON Lines): path, then any of url, date, site, "
        "source_type; its values win over what is read or guessed.",
    ),
) -> None:
    """Extract evidence-tagged claims from a folder of articles and write the graph.

    The outputs are written into a fresh folder and swapped in together: a failed, empty or
    interrupted run leaves the previous set as it was. Two runs into one folder are refused.

    Example: kgbuild extract corpus/ --output output/
    """
    from kgbuild.cache import default_cache_dir
    from kgbuild.parallel import default_jobs
    from kgbuild.pipeline import run_extract  # spaCy loads only when needed

    err = make_console(stderr=True)
    out = make_console()

    def warn(failure: ReadFailure) -> None:
        err.print(f"warning: skipped {failure.path}: {failure.reason}", markup=False)

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

        result, paths = run_extract(
            corpus,
            output,
            lexicon_paths=lexicon,
            follow_symlinks=follow_symlinks,
            plain_csv=plain_csv,
            jobs=jobs or default_jobs(),
            cache_dir=None if no_cache else (cache or default_cache_dir(output)),
            scheduler=scheduler,
            on_progress=on_progress,
            on_skip=warn,
            on_cache_problem=lambda line: err.print(f"warning: {line}", markup=False),
            sources=sources,
            on_warning=lambda line: err.print(f"warning: {line}", markup=False),
        )
    if not quiet:
        print_summary(out, result, paths)


def print_summary(console: Console, result: ExtractionResult, paths: dict[str, Path]) -> None:
    s = result.summary
    if s.up_to_date:
        console.print(
            "Nothing changed since the outputs were written (same documents, settings and "
            "kgbuild): kept them as they are. --no-cache makes them again.",
            highlight=False,
        )
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(s.skipped_by_kind.items()))
    console.print(
        f"Read {s.documents} document(s), skipped {len(s.skipped)}"
        f"{f' ({kinds})' if kinds else ''}; {s.sentences} sentences; "
        f"{s.mentions} mentions in {s.claims} claims; {s.entities} entities "
        f"({s.discovered_entities} discovered, {s.claims_on_discovered} claims rest on them).",
        highlight=False,
    )
    by_type = ", ".join(f"{n} {kind}" for kind, n in sorted(s.documents_by_source_type.items()))
    problems = (
        f"; {len(s.source_problems)} manifest row(s) with problems" if s.source_problems else ""
    )
    console.print(f"Sources: {by_type or 'none'}{problems}.", highlight=False)
    console.print(
        f"{s.cached} of {s.documents} document(s) from the cache, "
        f"{s.documents - s.cached} extracted.",
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
    done = "kept" if s.up_to_date else "wrote"
    for name, path in paths.items():
        console.print(f"{done} {path} ({name})", highlight=False)
