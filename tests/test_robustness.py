"""Bad input and faults, each run as a real process: one clear line, no traceback, nothing lost.

Every case asserts the exit status, that the error is one line naming the problem, and that the
output folder holds either the previous set or a complete new one (never a mix): each output's
SHA-256 must match the `manifest.json` of the same generation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, PACKAGE_PARENT, run_cli

OUTPUTS = ("graph.ttl", "graph.html", "claims.csv", "manifest.json")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    """The run failed with exactly one line on stderr, containing `words`, and no traceback."""
    assert result.returncode != 0, result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def generation(out: Path) -> str:
    """The output set in `out` is complete and consistent; return its corpus fingerprint."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in OUTPUTS[:3]:
        digest = hashlib.sha256((out / name).read_bytes()).hexdigest()
        assert manifest["files"][name]["sha256"] == digest, f"{name} is from another generation"
    return manifest["corpus_fingerprint"]


def no_leftovers(out: Path) -> None:
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    assert beside == [], beside
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def env_with_package() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PACKAGE_PARENT, env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    return env


def popen_cli(*args: object, **kwargs: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kgbuild", *map(str, args)],
        env=env_with_package(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.fixture(scope="module")
def first_generation(tmp_path_factory) -> Path:
    """An output folder holding the shipped corpus' outputs (copied afresh by `previous`)."""
    out = tmp_path_factory.mktemp("gen") / "out"
    result = run_cli("extract", CORPUS, "--output", out, "--quiet")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture()
def previous(first_generation, tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(first_generation, out)
    return out


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory) -> Path:
    """A corpus that takes several seconds: the seed articles forty times, under new names."""
    folder = tmp_path_factory.mktemp("long")
    for index in range(40):
        for article in sorted(CORPUS.glob("*.txt")):
            text = article.read_text(encoding="utf-8")
            (folder / f"{index:02d}-{article.name}").write_text(text, encoding="utf-8")
    return folder


# -- outputs as one set ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "point",
    ["after-graph.ttl", "after-claims.csv", "after-graph.html", "before-swap", "after-swap"],
)
def test_kill_at_each_step_leaves_one_generation(previous, tmp_path, point):
    old = generation(previous)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Valerian may help with insomnia.", encoding="utf-8")
    env = env_with_package() | {"KGBUILD_CRASH_AT": point}
    killed = subprocess.run(
        [sys.executable, "-m", "kgbuild", "extract", corpus, "--output", previous, "-q"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert killed.returncode == -signal.SIGKILL
    now = generation(previous)  # whole, whichever it is
    if point == "after-swap":
        assert now != old
    else:
        assert now == old
    # The next run cleans up what the killed one left and writes a complete set.
    result = run_cli("extract", corpus, "--output", previous, "--quiet")
    assert result.returncode == 0, result.stderr
    assert generation(previous) != old
    no_leftovers(previous)


def test_kill_at_random_moments_always_leaves_one_generation(previous, long_corpus):
    old = generation(previous)
    seen = set()
    rng = random.Random(8)
    for _trial in range(6):
        process = popen_cli("extract", long_corpus, "--output", previous, "--quiet")
        time.sleep(rng.uniform(1.0, 12.0))
        process.kill()
        process.wait()
        seen.add(generation(previous))  # asserts the set is whole
    assert seen <= {old, generation(previous)}
    result = run_cli("extract", long_corpus, "--output", previous, "--quiet")
    assert result.returncode == 0, result.stderr
    no_leftovers(previous)


def test_a_second_run_into_the_same_folder_is_refused(previous, long_corpus):
    first = popen_cli("extract", long_corpus, "--output", previous, "--quiet")
    lock = previous.parent / f".{previous.name}.kgbuild.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().startswith("pid")):
        assert time.monotonic() < deadline, "the first run never took the lock"
        time.sleep(0.05)
    second = run_cli("extract", CORPUS, "--output", previous, "--quiet")
    line = one_line_error(second, "another kgbuild run", f"pid {first.pid}")
    assert second.returncode == 2, line
    first.wait(timeout=300)
    assert first.returncode == 0, first.stderr.read()
    generation(previous)


def test_user_files_in_the_output_folder_survive(previous):
    (previous / "README.md").write_text("my notes", encoding="utf-8")
    (previous / "cache").mkdir()
    (previous / "cache" / "entry").write_text("kept", encoding="utf-8")
    # --no-cache: the same corpus again would keep the outputs (nothing changed) and publish none
    result = run_cli("extract", CORPUS, "--output", previous, "--quiet", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert (previous / "README.md").read_text(encoding="utf-8") == "my notes"
    assert (previous / "cache" / "entry").read_text(encoding="utf-8") == "kept"


def test_corpus_of_empty_files_leaves_the_previous_graph(previous, tmp_path):
    before = snapshot(previous)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.md", "c.txt"):
        (corpus / name).write_text("" if name != "c.txt" else "\n\n  \n", encoding="utf-8")
    result = run_cli("extract", corpus, "--output", previous)
    one_line_error(result, "left unchanged")
    assert snapshot(previous) == before


def test_interrupt_prints_one_line_and_keeps_the_previous_set(previous, long_corpus):
    before = snapshot(previous)
    process = popen_cli("extract", long_corpus, "--output", previous, "--quiet")
    lock = previous.parent / f".{previous.name}.kgbuild.lock"
    deadline = time.monotonic() + 60
    while not lock.exists():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip() == "kgbuild: interrupted"
    assert snapshot(previous) == before
    no_leftovers(previous)


# -- the output folder, checked before extraction ----------------------------------------------


@pytest.mark.parametrize("where", ["file", "under-file", "proc"])
def test_unusable_output_folder_is_found_before_extraction(tmp_path, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    output = {
        "file": blocker,
        "under-file": blocker / "out",
        "proc": Path("/proc/kgbuild-cannot-write-here/out"),
    }[where]
    started = time.monotonic()
    result = run_cli("extract", CORPUS, "--output", output)
    assert result.returncode == 2
    one_line_error(result, str(output))
    assert "Read " not in result.stdout  # nothing was extracted
    assert time.monotonic() - started < 60


def test_disk_full_while_writing_keeps_the_previous_set(previous):
    before = snapshot(previous)

    def small_files() -> None:  # every file written is cut at 64 KB: "File too large"
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))

    result = subprocess.run(
        [sys.executable, "-m", "kgbuild", "extract", CORPUS, "--output", previous, "--no-cache"],
        env=env_with_package(),
        capture_output=True,
        text=True,
        preexec_fn=small_files,
    )
    one_line_error(result, "cannot write the outputs", "left unchanged")
    assert result.returncode == 2
    assert snapshot(previous) == before
    no_leftovers(previous)


def test_not_enough_space_is_said_before_extraction(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount])
    if made.returncode != 0:
        pytest.skip("mounting a small tmpfs is not permitted on this machine")
    try:
        result = run_cli("extract", CORPUS, "--output", mount / "out")
        one_line_error(result, "not enough space")
        assert result.returncode == 2 and "Read " not in result.stdout
    finally:
        subprocess.run(["umount", mount])


# -- bad corpus files -------------------------------------------------------------------------


def test_text_over_spacys_limit_is_read_in_chunks(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    filler = "Nothing here names a plant or a condition at all. " * 24_000  # ~1.2 MB, one line
    text = "Kava may reduce anxiety. " + filler + "Valerian can cause headaches."
    (corpus / "huge.txt").write_text(text, encoding="utf-8")
    (corpus / "small.txt").write_text("Chamomile is used for insomnia.", encoding="utf-8")
    result = run_cli("extract", corpus, "--output", tmp_path / "out", "--plain-csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "claims.csv").open(encoding="utf-8")))
    found = {(r["document"], r["subject"], r["relation"], r["object"]) for r in rows}
    assert found == {
        ("huge.txt", "kava", "claimedFor", "anxiety"),
        ("huge.txt", "valerian", "hasRisk", "headache"),
        ("small.txt", "chamomile", "claimedFor", "insomnia"),
    }
    last = next(r for r in rows if r["subject"] == "valerian")
    assert text[int(last["char_start"]) : int(last["char_end"])] == last["sentence"]


def test_links_out_of_the_corpus_are_not_followed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kava.txt").write_text("Kava may reduce anxiety.", encoding="utf-8")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret valerian helps insomnia.", encoding="utf-8")
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    (corpus / "inside.txt").symlink_to(corpus / "kava.txt")
    result = run_cli("extract", corpus, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "skipped passwd.txt: a link to a file outside the corpus folder" in result.stderr
    assert "skipped linked: a link to a folder outside the corpus folder" in result.stderr
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "root:" not in graph and "secret" not in graph.lower()
    assert "inside.txt" in graph  # a link that stays inside is read
    followed = run_cli("extract", corpus, "--output", tmp_path / "out2", "--follow-symlinks")
    assert followed.returncode == 0, followed.stderr
    assert "linked/secret.txt" in (tmp_path / "out2" / "graph.ttl").read_text(encoding="utf-8")


def test_invisible_characters_inside_a_name_do_not_hide_the_claim(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "Kra\u200btom may ease anxi\u00adety.\nVale\u202erian\u202c can cause headaches."
    (corpus / "a.txt").write_text(text, encoding="utf-8")
    result = run_cli("extract", corpus, "--output", tmp_path / "out", "--plain-csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "claims.csv").open(encoding="utf-8")))
    assert {(r["subject"], r["object"]) for r in rows} == {
        ("kratom", "anxiety"),
        ("valerian", "headache"),
    }
    for row in rows:  # offsets point into the text as read, invisible characters included
        original = text[int(row["char_start"]) : int(row["char_end"])]
        assert (
            original.replace("\u200b", "")
            .replace("\u00ad", "")
            .replace("\u202e", "")
            .replace("\u202c", "")
            == row["sentence"]
        )


def test_formulas_never_reach_a_csv(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    payloads = [
        '=HYPERLINK("http://example.invalid","x") kava may reduce anxiety.',
        "+cmd kava may reduce anxiety.",
        "-2+3 kava may reduce anxiety.",
        "@SUM(1) kava may reduce anxiety.",
        "\t=1+1 kava may reduce anxiety.",
    ]
    for index, payload in enumerate(payloads):
        (corpus / f"p{index}.txt").write_text(payload, encoding="utf-8")
    (corpus / "=cmd.txt").write_text("Kava may reduce anxiety.", encoding="utf-8")
    (corpus / "- dash.txt").write_text("- Kava may reduce anxiety.", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("extract", corpus, "--output", out).returncode == 0
    raw = (out / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(payloads) + 2
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    graph = out / "graph.ttl"
    for fmt in ("csv", "tsv"):
        sentences = "SELECT ?d ?s WHERE { ?m kg:document ?x . ?x kg:path ?d . ?m kg:sentence ?s }"
        answer = run_cli("query", graph, sentences, "--format", fmt)
        assert answer.returncode == 0, answer.stderr
        sep = "," if fmt == "csv" else "\t"
        cells = [c for row in csv.reader(io.StringIO(answer.stdout), delimiter=sep) for c in row]
        assert not [c for c in cells if c.startswith(FORMULA_START)]
    exported = run_cli("export", graph, "--format", "kgx", "--output", tmp_path / "kgx")
    assert exported.returncode == 0, exported.stderr
    for name in ("nodes.tsv", "edges.tsv"):
        text = (tmp_path / "kgx" / name).read_text(encoding="utf-8")
        cells = [c for line in text.splitlines() for c in line.split("\t")]
        assert not [c for c in cells if c.startswith(FORMULA_START)]
    plain = run_cli("extract", corpus, "--output", tmp_path / "plain", "--plain-csv")
    assert plain.returncode == 0
    raw = (tmp_path / "plain" / "claims.csv").read_text(encoding="utf-8")
    assert not raw.startswith("\ufeff") and "\n=cmd.txt," in raw


# -- bad rule, gold and query input -----------------------------------------------------------


def test_lexicon_not_utf8_or_nested_too_deep(tmp_path):
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "caf\xe9"}\n'.encode("latin-1"))
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    for path, words in ((latin, ("latin.jsonl", "not UTF-8")), (deep, ("deep.jsonl:1", "deep"))):
        result = run_cli("extract", CORPUS, "--output", tmp_path / "out", "--lexicon", path)
        one_line_error(result, *words)
        assert result.returncode == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "line, words",
    [("[1, 2]", "found list"), ('"text"', "found str"), ('{"doc": 1}', "gold.jsonl:1")],
)
def test_malformed_gold_rows(tmp_path, line, words):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(line + "\n", encoding="utf-8")
    result = run_cli("evaluate", gold, "--corpus", CORPUS)
    one_line_error(result, words)
    assert result.returncode == 2


@pytest.mark.parametrize("content", ['{"kratom": "kratom"}', "[1]", "{", '{"a": [1]}'])
def test_malformed_entities_json(tmp_path, content):
    gold = tmp_path / "gold.jsonl"
    shutil.copy(Path(__file__).parent / "data" / "gold" / "seeds.jsonl", gold)
    (tmp_path / "entities.json").write_text(content, encoding="utf-8")
    result = run_cli("evaluate", gold, "--corpus", CORPUS)
    one_line_error(result, "entities.json")
    assert result.returncode == 2


@pytest.mark.parametrize(
    "query, words",
    [
        ("DROP ALL", "read-only: kgbuild query answers questions and never changes a graph"),
        ("LOAD <http://example.invalid/x>", "read-only"),
        ("PREFIX a: <x:> INSERT DATA { a:s a:p a:o }", "read-only"),
        ("", "empty query"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_queries_that_would_change_or_reach_out_are_refused(first_generation, query, words):
    result = run_cli("query", first_generation / "graph.ttl", query)
    one_line_error(result, words)
    assert result.returncode == 2


def test_push_to_something_that_is_not_a_url(first_generation):
    result = run_cli("push", first_generation / "graph.ttl", "--endpoint", "notaurl")
    one_line_error(result, "http:// or https://")
    assert result.returncode == 2


def test_large_answers_stream_and_stop(first_generation):
    graph = first_generation / "graph.ttl"
    cross = "SELECT ?a ?b WHERE { ?a ?p ?x . ?b kg:rank ?r }"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b kg:rank ?r }"
    counted = run_cli("query", graph, count, "--format", "csv")
    total = int(counted.stdout.splitlines()[1])
    assert total > 5000
    for fmt, extra in (("table", 2), ("csv", 1), ("tsv", 1)):
        result = run_cli("query", graph, cross, "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == total + extra
        assert result.stderr.strip() == f"{total} rows"
    limited = run_cli("query", graph, cross, "--format", "json", "--limit", "7")
    assert len(json.loads(limited.stdout)["results"]["bindings"]) == 7
    assert "stopped at --limit" in limited.stderr
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    stopped = run_cli("query", graph, slow, "--timeout", "1")
    one_line_error(stopped, "stopped after 1 s")
    assert stopped.returncode == 1


# -- the terminal ------------------------------------------------------------------------------


def test_messages_are_not_wrapped_when_output_is_not_a_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Kava may reduce anxiety.", encoding="utf-8")
    long_name = "a-file-name-long-enough-to-pass-eighty-columns-in-any-terminal-" * 2 + ".md"
    (corpus / long_name).write_bytes(b"\x00\x01binary")
    env = env_with_package()
    env.pop("COLUMNS", None)
    result = subprocess.run(
        [sys.executable, "-m", "kgbuild", "extract", corpus, "--output", tmp_path / "out"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and long_name in warnings[0]


def test_version_and_flags_without_a_type(tmp_path):
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("kgbuild ")
    for command in ("extract", "query", "evaluate", "export"):
        text = run_cli(command, "--help").stdout
        assert "<bool>" not in text, command
        assert "--help" in text


def test_html_stack_loads_only_for_html_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Kava may reduce anxiety.", encoding="utf-8")
    probe = (
        "import sys; from pathlib import Path; from kgbuild.pipeline import extract_corpus; "
        f"extract_corpus(Path({str(corpus)!r})); "
        "print(sorted(m for m in ('trafilatura', 'lxml', 'justext') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env_with_package(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_very_large_html_pages_are_read_in_one_linear_pass():
    from kgbuild.readers.html import LARGE_HTML_CHARS, html_to_text, large_page_text

    page = (
        "<html><head><title>Herbs</title><style>p{}</style></head><body><nav>Home | Shop</nav>"
        "<h2>Uses</h2><p>Kava may <b>reduce</b> anxiety.</p><ul><li>Calm <p>nerves</p></li>"
        "<li>Sleep</li></ul><table><tr><th>herb</th><th>use</th></tr><tr><td>kava</td>"
        "<td>anxiety</td></tr></table><footer>Contact</footer></body></html>"
    )
    assert large_page_text(page) == (
        "Herbs",
        "# Herbs\n\n## Uses\n\nKava may reduce anxiety.\n\n- Calm nerves\n\n- Sleep\n\n"
        "| herb | use |\n\n| kava | anxiety |",
    )
    filler = "<p>Nothing here names a plant.</p>" * (LARGE_HTML_CHARS // 30)
    title, text = html_to_text(f"<html><title>Big</title><body>{filler}</body></html>")
    assert title == "Big" and text.count("Nothing here names a plant.") == LARGE_HTML_CHARS // 30
