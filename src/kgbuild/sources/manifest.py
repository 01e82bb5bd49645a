"""`--sources FILE`: what the user knows about each document, which wins over what is guessed.

A CSV file with a header, or JSON Lines, one row per document: `path` (relative to the corpus
folder; for a WARC record, the record's path as kgbuild names it, `crawl.warc.gz#3`), then any of
`url`, `date`, `site`, `source_type`. A bad row (a missing file is checked by the caller, an
unknown source type, a malformed date) is reported in one line naming the row and left out; the
rest of the manifest is used.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("path", "url", "date", "site", "source_type")
# ISO 8601 calendar dates: a year, a month or a day (2024, 2024-05, 2024-05-01), optionally with
# a time that is ignored.
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.+\-Z]*)?")


class ManifestError(ValueError):
    """The manifest as a whole cannot be read (missing, not UTF-8, no `path` column)."""


@dataclass(frozen=True)
class SourceEntry:
    """One manifest row: the values a user gives for a document (empty when not given)."""

    path: str
    url: str = ""
    date: str = ""
    site: str = ""
    source_type: str = ""


@dataclass
class ManifestReport:
    entries: dict[str, SourceEntry]
    problems: list[str]


def normalise_date(value: str) -> str | None:
    """`value` as YYYY, YYYY-MM or YYYY-MM-DD, or None when it is not such a date."""
    match = DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return None
    if day and not 1 <= int(day) <= 31:
        return None
    return "-".join(part for part in (year, month, day) if part)


def read_manifest(path: Path, source_types: set[str]) -> ManifestReport:
    """Read a CSV or JSON Lines manifest; bad rows become one-line problems, not errors."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ManifestError(f"sources manifest not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read sources manifest {path}: {exc}") from None
    rows = _json_lines(text, path) if _looks_like_json_lines(text) else _csv_rows(text, path)
    entries: dict[str, SourceEntry] = {}
    problems: list[str] = []
    for where, row in rows:
        if isinstance(row, str):
            problems.append(f"{where}: {row}")
            continue
        entry, problem = _entry(row, source_types)
        if problem:
            problems.append(f"{where}: {problem}")
        if entry is not None:
            if entry.path in entries:
                problems.append(f"{where}: {entry.path} is listed twice; the first row is used")
                continue
            entries[entry.path] = entry
    return ManifestReport(entries, problems)


def _looks_like_json_lines(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return first.lstrip().startswith("{")


def _json_lines(text: str, path: Path) -> list[tuple[str, dict | str]]:
    rows: list[tuple[str, dict | str]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{lineno}"
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            rows.append((where, "not a JSON object; row left out"))
            continue
        rows.append(
            (where, value if isinstance(value, dict) else "not a JSON object; row left out")
        )
    return rows


def _csv_rows(text: str, path: Path) -> list[tuple[str, dict | str]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "path" not in [f.strip() for f in reader.fieldnames]:
        raise ManifestError(f"sources manifest {path} needs a header with a 'path' column")
    return [
        (f"{path.name}:{reader.line_num}", {k.strip(): v for k, v in row.items() if k})
        for row in reader
    ]


def _entry(row: dict, source_types: set[str]) -> tuple[SourceEntry | None, str]:
    values = {key: row.get(key) for key in COLUMNS}
    if not all(v is None or isinstance(v, str) for v in values.values()):
        return None, "every value must be text; row left out"
    values = {key: (value or "").strip() for key, value in values.items()}
    if not values["path"]:
        return None, "no path; row left out"
    problems = []
    if values["date"]:
        date = normalise_date(values["date"])
        if date is None:
            problems.append(f"malformed date {values['date']!r} (expected YYYY-MM-DD); ignored")
        values["date"] = date or ""
    if values["source_type"] and values["source_type"] not in source_types:
        known = ", ".join(sorted(source_types))
        problems.append(f"unknown source type {values['source_type']!r} (known: {known}); ignored")
        values["source_type"] = ""
    problem = "; ".join(problems)
    path = values["path"].replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    values["path"] = path
    return SourceEntry(**values), problem
