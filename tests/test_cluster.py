"""`extract --scheduler`: a real Dask scheduler and two worker processes on loopback, started
here; the outputs must equal a single-process run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, PACKAGE_PARENT, run_cli
from distributed import Client

DOCS = {
    "remedies.txt": "Kava remedies\n\nKava is used to treat zorbitis in some islands.\n",
    "notes/risks.md": "# Notes on kava\n\nHeavy kava use carries a risk of zorbitis and nausea.\n",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    logs = tmp_path_factory.mktemp("dask")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PACKAGE_PARENT, env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    address = f"tcp://127.0.0.1:{_free_port()}"
    commands = [
        ["scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1]],
        ["worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1"],
        ["worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1"],
    ]
    processes = []
    try:
        for index, command in enumerate(commands):
            log = open(logs / f"{index}.log", "wb")  # noqa: SIM115 (closed with the process)
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "dask", *command, "--no-dashboard"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                )
            )
            if index == 0:
                time.sleep(2)
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for path in CORPUS.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    for name, text in DOCS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_cluster_outputs_equal_a_single_process_run(scheduler, tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    lexicon = tmp_path / "extra.jsonl"
    lexicon.write_text(
        '{"id": "zorbleaf", "label": "zorbleaf", "type": "Substance"}\n', encoding="utf-8"
    )
    (corpus / "zorbleaf.txt").write_text(
        "Zorbleaf\n\nClinical trials show zorbleaf relieves anxiety.\n", encoding="utf-8"
    )
    local = run_cli(
        "extract", corpus, "-o", tmp_path / "local", "--jobs", "1", "--no-cache",
        "--lexicon", lexicon,
    )  # fmt: skip
    assert local.returncode == 0, local.stderr
    remote = run_cli(
        "extract", corpus, "-o", tmp_path / "remote", "--scheduler", scheduler, "--no-cache",
        "--lexicon", lexicon,
    )  # fmt: skip
    assert remote.returncode == 0, remote.stderr
    for name in ("graph.ttl", "graph.html", "claims.csv"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "remote" / name).read_bytes()
    assert b"zorbleaf" in (tmp_path / "remote" / "claims.csv").read_bytes()  # extra lexicon used


def test_fsspec_url_reads_like_the_folder(tmp_path):
    corpus = _corpus(tmp_path / "c")
    by_path = run_cli("extract", corpus, "-o", tmp_path / "p", "--jobs", "1", "--no-cache")
    by_url = run_cli(
        "extract", corpus.resolve().as_uri(), "-o", tmp_path / "u", "--jobs", "1", "--no-cache"
    )
    assert by_path.returncode == 0 and by_url.returncode == 0, by_url.stderr
    for name in ("graph.ttl", "claims.csv"):
        assert (tmp_path / "p" / name).read_bytes() == (tmp_path / "u" / name).read_bytes()


def test_unreachable_scheduler_is_one_line(tmp_path):
    result = run_cli(
        "extract", CORPUS, "-o", tmp_path / "o", "--no-cache",
        "--scheduler", f"tcp://127.0.0.1:{_free_port()}",
    )  # fmt: skip
    assert result.returncode != 0
    assert "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr
