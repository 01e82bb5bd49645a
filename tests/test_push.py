"""`kgbuild push` and `kgbuild query --endpoint` against a real Oxigraph server on loopback.

The server is the `oxigraph` binary of the `oxigraph` package (a test dependency), started on a
free port of 127.0.0.1 with an in-memory store, and stopped at the end of the module.
"""

from __future__ import annotations

import csv
import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from test_query import build_sample_graph

from kgbuild.sparql.engine import load_graph
from kgbuild.sparql.saved import saved_queries

NAMED = "https://w3id.org/kgbuild/graph/test"
START_TIMEOUT = 30.0


def oxigraph_binary() -> str:
    """The server next to this Python (the installed `oxigraph` package), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert found, "the oxigraph server is a test dependency: pip install oxigraph"
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Base URL of a fresh Oxigraph server; stopped when the module is done."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path_factory.mktemp("oxigraph") / "server.log").open("w")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, "the oxigraph server exited at start"
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                assert time.monotonic() < deadline, "the oxigraph server did not answer"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_sample_graph(tmp_path_factory.mktemp("push") / "sample.ttl")


def remote_count(server: str, graph: str | None = None) -> int:
    args = ["--graph", graph] if graph else []
    result = run_cli(
        "query",
        "--endpoint",
        f"{server}/query",
        *args,
        "--format",
        "csv",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[1])


def rows(stdout: str) -> list[tuple[str, ...]]:
    return sorted(tuple(r) for r in csv.reader(io.StringIO(stdout)))


def test_push_then_saved_queries_answer_as_locally(server, shipped_output):
    graph = shipped_output / "graph.ttl"
    pushed = run_cli("push", graph, "--endpoint", f"{server}/store", "--graph", NAMED)
    assert pushed.returncode == 0, pushed.stderr
    triples = len(load_graph(graph))
    assert f"loaded {triples} triples" in pushed.stdout and NAMED in pushed.stdout
    assert remote_count(server, NAMED) == triples
    for query in saved_queries():
        local = run_cli("query", graph, "--saved", query.name, "--format", "csv")
        remote = run_cli(
            "query",
            "--endpoint",
            f"{server}/query",
            "--graph",
            NAMED,
            "--saved",
            query.name,
            "--format",
            "csv",
        )
        assert remote.returncode == 0, remote.stderr
        assert rows(remote.stdout) == rows(local.stdout), query.name


def test_push_replaces_the_named_graph_and_leaves_others_alone(server, shipped_output, sample):
    other = "https://w3id.org/kgbuild/graph/other"
    assert (
        run_cli(
            "push", shipped_output / "graph.ttl", "--endpoint", f"{server}/store", "--graph", other
        ).returncode
        == 0
    )
    before_other = remote_count(server, other)
    replaced = run_cli("push", sample, "--endpoint", f"{server}/store", "--graph", NAMED)
    assert replaced.returncode == 0, replaced.stderr
    assert remote_count(server, NAMED) == len(load_graph(sample))  # replaced, not added to
    assert remote_count(server, other) == before_other
    answer = run_cli(
        "query",
        "--endpoint",
        f"{server}/query",
        "--graph",
        NAMED,
        "--saved",
        "contested-claims",
        "--format",
        "csv",
    )
    assert [r["claim"] for r in csv.DictReader(io.StringIO(answer.stdout))] == [
        "https://w3id.org/kgbuild/claim/kratom.claimedFor.anxiety"
    ]


def test_push_to_the_default_graph_and_query_with_parameters(server, sample):
    pushed = run_cli("push", sample, "--endpoint", f"{server}/store")
    assert pushed.returncode == 0 and "the default graph" in pushed.stdout
    assert remote_count(server) == len(load_graph(sample))
    result = run_cli(
        "query",
        "--endpoint",
        f"{server}/query",
        "--saved",
        "claims-for-condition",
        "--param",
        "condition=GAD",
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    assert [r["claim"] for r in csv.DictReader(io.StringIO(result.stdout))] == [
        "https://w3id.org/kgbuild/claim/kratom.claimedFor.gad"
    ]
    ask = run_cli("query", "--endpoint", f"{server}/query", "ASK { ?s kg:contains ?o }")
    assert (ask.returncode, ask.stdout) == (0, "true\n")


def test_unreadable_file_is_not_pushed(server, tmp_path, sample):
    assert (
        run_cli("push", sample, "--endpoint", f"{server}/store", "--graph", NAMED).returncode == 0
    )
    before = remote_count(server, NAMED)
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://w3id.org/kgbuild/ontology#> .\nkg:a kg:b .\n")
    result = run_cli("push", broken, "--endpoint", f"{server}/store", "--graph", NAMED)
    assert result.returncode == 2
    assert result.stderr.startswith(f"kgbuild: error: cannot read {broken}")
    assert len(result.stderr.splitlines()) == 1
    assert remote_count(server, NAMED) == before


def test_server_errors_are_one_line(server, sample):
    cases = [
        (("push", sample, "--endpoint", f"{server}/no-such-path"), "HTTP 404"),
        (("push", sample, "--endpoint", f"{server}/store", "--graph", "not an iri"), "HTTP 400"),
        (
            ("query", "--endpoint", f"{server}/query", "SELECT ?x WHERE { ?x kg:claimedFor }"),
            "SPARQL syntax error at line 1",
        ),
    ]
    for args, words in cases:
        result = run_cli(*args)
        assert result.returncode == 1, result.stderr
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("kgbuild: error: ") and words in lines[0]


def test_unreachable_server_hides_credentials(sample):
    closed = f"http://reader:s3cret@127.0.0.1:{free_port()}/store"
    result = run_cli("push", sample, "--endpoint", closed, "--timeout", "5")
    assert result.returncode == 1
    assert "cannot reach http://127.0.0.1:" in result.stderr
    assert "s3cret" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_help_ends_with_an_example():
    result = run_cli("push", "--help")
    assert result.returncode == 0 and "Example: kgbuild push" in result.stdout
