"""The CLI as a process: the main job on the shipped corpus, help texts, and bad input."""

from __future__ import annotations

import csv
import os
import re

import pytest

from tests.conftest import CORPUS, run_cli, spreadsheet_value

COMMANDS = ["extract", "evaluate", "query", "validate", "push", "export"]


def test_extract_writes_all_outputs_and_summary(tmp_path):
    result = run_cli("extract", CORPUS, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for name in ("graph.ttl", "graph.html", "claims.csv"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    assert re.search(
        r"Read 2 document\(s\), skipped 0; \d+ sentences; \d+ mentions in \d+ claims", result.stdout
    )
    for relation in ("contains", "actsOn", "modulates", "claimedFor", "hasRisk"):
        assert relation in result.stdout
    assert not list((tmp_path / "out").glob(".*.tmp")), "temporary files left behind"
    mask = os.umask(0)
    os.umask(mask)
    for name in ("graph.ttl", "graph.html", "claims.csv"):
        assert (tmp_path / "out" / name).stat().st_mode & 0o777 == 0o666 & ~mask


def test_claims_csv_has_one_row_per_mention_with_offsets(shipped_output):
    rows = list(csv.DictReader((shipped_output / "claims.csv").open(encoding="utf-8-sig")))
    assert rows
    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.iterdir()}
    for row in rows:
        text = texts[row["document"]]
        start, end = int(row["char_start"]), int(row["char_end"])
        assert text[start:end] == spreadsheet_value(row["sentence"])
        assert row["evidence_level"] in {
            "clinical",
            "research",
            "anecdotal",
            "traditional",
            "unstated",
        }
        assert row["hedged"] in {"true", "false"} and row["negated"] in {"true", "false"}
    keys = [
        (r["document"], r["char_start"], r["subject"], r["relation"], r["object"]) for r in rows
    ]
    assert len(keys) == len(set(keys)), "one mention per claim per sentence"


def test_same_corpus_gives_byte_identical_outputs(tmp_path, shipped_output):
    result = run_cli("extract", CORPUS, "--output", tmp_path, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    for name in ("graph.ttl", "claims.csv"):
        assert (tmp_path / name).read_bytes() == (shipped_output / name).read_bytes()


def test_missing_corpus_is_one_line_and_exit_2(tmp_path):
    result = run_cli("extract", tmp_path / "nope", "--output", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "corpus folder not found" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_files_are_named_skipped_and_counted(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text("Kava may reduce anxiety, studies suggest.", encoding="utf-8")
    # Latin-1 is read since issue 12 (encodings detected); bytes no encoding fits are skipped
    (corpus / "sub" / "latin1.txt").write_bytes("Kava caf\xe9 \xe9t\xe9 anxiety".encode("latin-1"))
    (corpus / "sub" / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (corpus / "binary.md").write_bytes(b"\x00\x01\x02kava")
    (corpus / "empty.html").write_text("   ", encoding="utf-8")
    (corpus / "notes.pdf").write_bytes(b"%PDF")  # a PDF article type since issue 12: cut short
    (corpus / "notes.docx").write_bytes(b"PK")  # not an article type: ignored, not reported
    result = run_cli("extract", corpus, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    for name in ("sub/noise.txt", "binary.md", "empty.html", "notes.pdf"):
        assert f"skipped {name}" in result.stderr
    assert "latin1.txt" not in result.stderr and "notes.docx" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 4  # one line each
    assert "Read 2 document(s), skipped 4" in result.stdout
    assert "Traceback" not in result.stderr


def test_empty_corpus_leaves_existing_outputs_alone(tmp_path):
    (tmp_path / "corpus").mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous run", encoding="utf-8")
    result = run_cli("extract", tmp_path / "corpus", "--output", out)
    assert result.returncode == 1
    assert "no readable" in result.stderr and "left unchanged" in result.stderr
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous run"


def test_output_path_that_is_a_file_is_a_user_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = run_cli("extract", CORPUS, "--output", target)
    assert result.returncode == 2
    assert "not a folder" in result.stderr and "Traceback" not in result.stderr


def test_extra_lexicon_adds_a_substance_without_code(tmp_path):
    lexicon = tmp_path / "extra.jsonl"
    lexicon.write_text(
        '{"id": "zorbleaf", "label": "zorbleaf", "type": "Substance", '
        '"synonyms": ["Zorbus officinalis"]}\n',
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Zorbus officinalis is used for insomnia.", encoding="utf-8")
    result = run_cli("extract", corpus, "--output", tmp_path / "out", "--lexicon", lexicon)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "claims.csv").open(encoding="utf-8-sig")))
    assert [(r["subject"], r["relation"], r["object"]) for r in rows] == [
        ("zorbleaf", "claimedFor", "insomnia")
    ]


def test_invalid_extra_lexicon_is_one_line(tmp_path):
    lexicon = tmp_path / "bad.jsonl"
    lexicon.write_text('{"id": "x", "label": "x", "type": "Plant"}\n', encoding="utf-8")
    result = run_cli("extract", CORPUS, "--output", tmp_path / "out", "--lexicon", lexicon)
    assert result.returncode == 2
    assert "bad.jsonl:1" in result.stderr and "Plant" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_ending_with_an_example(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert re.search(r"Example: kgbuild " + command + r"\b", text), result.stdout


def test_top_level_help_lists_every_command():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout
