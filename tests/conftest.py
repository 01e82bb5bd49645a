"""Shared fixtures. The CLI is always run as a real process (`python -m kgbuild`), against the
same kgbuild the tests import (the installed package in CI, `src/` with PYTHONPATH=src locally)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kgbuild

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
GOLD = REPO / "tests" / "data" / "gold"
PACKAGE_PARENT = str(Path(kgbuild.__file__).resolve().parents[1])


def spreadsheet_value(cell: str) -> str:
    """A claims.csv cell as written before spreadsheet neutralising (a quote before = + - @)."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def run_cli(
    *args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run `kgbuild ARGS...` as a separate process and capture its output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PACKAGE_PARENT, env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    env.setdefault("COLUMNS", "200")
    return subprocess.run(
        [sys.executable, "-m", "kgbuild", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def shipped_output(tmp_path_factory) -> Path:
    """`kgbuild extract corpus/` run once per session; returns the output folder."""
    out = tmp_path_factory.mktemp("shipped")
    result = run_cli("extract", CORPUS, "--output", out, cwd=out)
    assert result.returncode == 0, result.stderr
    return out
