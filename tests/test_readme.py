"""The README stays true: its set-up commands, its example query and its answer."""

from __future__ import annotations

import re

import pyoxigraph

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_setup_commands():
    assert "pip install -c constraints.txt . && kgbuild extract corpus/" in README
    assert 'pip install -c constraints.txt ".[test]" && python -m pytest' in README
    assert README.count("<!-- setup:main -->") == 1 and README.count("<!-- setup:tests -->") == 1


def test_example_query_gives_the_answer_the_readme_shows(shipped_output):
    section = README.split("## Asking the graph", 1)[1]
    query = re.search(r"```sparql\n(.*?)```", section, re.S).group(1)
    table = section.split("Answer on the shipped corpus:", 1)[1].split("\n\n", 2)[1]
    expected = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in table.splitlines()[2:]
        if line.startswith("|")
    ]
    store = pyoxigraph.Store()
    with open(shipped_output / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, pyoxigraph.RdfFormat.TURTLE)
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    got = [[solution[name].value for name in names] for solution in solutions]
    assert got == expected


def test_the_lock_pins_every_declared_dependency():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0] for d in declared}
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    missing = sorted(n for n in names if re.sub(r"[-_.]+", "-", n).lower() not in pins)
    assert missing == []
