"""The scorer, and the extractor held at its bar on the seeds' gold."""

from __future__ import annotations

import json

import pytest

from kgbuild.commands.evaluate import evaluate_corpus, resolve_gold_sets
from kgbuild.errors import UserError
from kgbuild.evaluation import (
    GoldRow,
    NameMap,
    Predicted,
    by_document,
    by_relation,
    combine,
    score,
)
from kgbuild.records import Level
from tests.conftest import CORPUS, GOLD, run_cli

NAMES = NameMap(
    {"kratom": ["kratom", "mitragyna speciosa"], "anxiety": ["anxiety", "anxiety symptoms"]}
)


def gold(sentence_span, optional=False, **kw):
    row = GoldRow(
        "a.txt",
        "s",
        kw.get("subject", "kratom"),
        "claimedFor",
        "anxiety",
        kw.get("level", Level.UNSTATED),
        kw.get("hedged", False),
        False,
        optional,
    )
    row.spans.append(sentence_span)
    return row


def pred(start, end, subject="kratom", level=Level.UNSTATED, hedged=False):
    return Predicted("a.txt", subject, "claimedFor", "anxiety", start, end, level, hedged, False)


def test_overlapping_sentence_matches_and_attributes_are_scored():
    report = score(
        [gold((0, 10), level=Level.RESEARCH, hedged=True)], [pred(5, 30, hedged=True)], NAMES
    )
    assert (report.mention.tp, report.mention.fp, report.mention.fn) == (1, 0, 0)
    assert report.accuracy(report.level_correct) == 0.0
    assert report.accuracy(report.hedged_correct) == 1.0


def test_optional_rows_neither_reward_nor_penalise():
    report = score(
        [gold((0, 10), optional=True), gold((50, 60), optional=True)], [pred(0, 10)], NAMES
    )
    assert (report.mention.tp, report.mention.fp, report.mention.fn) == (0, 0, 0)


def test_non_overlapping_prediction_is_a_false_positive_and_a_miss():
    report = score([gold((0, 10))], [pred(20, 30)], NAMES)
    assert (report.mention.tp, report.mention.fp, report.mention.fn) == (0, 1, 1)
    assert report.document.tp == 1  # same claim in the same document


def test_names_are_compared_through_entities_json():
    assert NAMES.gold_name("Mitragyna speciosa") == "kratom"
    assert NAMES.canonical("ketum-like thing", "Mitragyna speciosa") == "kratom"
    report = score(
        [gold((0, 10))], [pred(0, 10, subject=NAMES.canonical("the Mitragyna speciosa"))], NAMES
    )
    assert report.mention.tp == 1


def test_seed_gold_bar_is_held():
    report = evaluate_corpus(GOLD / "seeds.jsonl", CORPUS)
    assert report.mention.f1 >= 0.92, report.as_dict()
    assert report.accuracy(report.level_correct) >= 0.95, report.as_dict()
    assert report.accuracy(report.hedged_correct) >= 0.90, report.as_dict()


def test_evaluate_command_reads_a_written_graph(shipped_output):
    result = run_cli(
        "evaluate",
        GOLD / "seeds.jsonl",
        "--corpus",
        CORPUS,
        "--graph",
        shipped_output / "graph.ttl",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    from_graph = json.loads(result.stdout)
    direct = evaluate_corpus(GOLD / "seeds.jsonl", CORPUS).as_dict()
    assert from_graph == direct


def test_evaluate_bad_input_is_one_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"doc": "x"}\n', encoding="utf-8")
    result = run_cli("evaluate", bad, "--corpus", CORPUS)
    assert result.returncode == 2 and "gold.jsonl:1" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run_cli("evaluate", tmp_path / "none.jsonl", "--corpus", CORPUS)
    assert missing.returncode == 2 and "not found" in missing.stderr


def test_breakdowns_count_per_relation_and_per_document():
    risk = GoldRow("b.txt", "s", "kratom", "hasRisk", "nausea", Level.UNSTATED, False, False, False)
    risk.spans.append((0, 10))
    report = score(
        [gold((0, 10)), risk],
        [
            pred(0, 10),
            Predicted("b.txt", "kratom", "hasRisk", "anxiety", 0, 9, Level.UNSTATED, False, False),
        ],
        NAMES,
    )
    relations = {k: (s.tp, s.fp, s.fn) for k, s in by_relation(report).items()}
    assert relations == {"claimedFor": (1, 0, 0), "hasRisk": (0, 1, 1)}
    documents = {k: (s.tp, s.fp, s.fn) for k, s in by_document(report).items()}
    assert documents == {"a.txt": (1, 0, 0), "b.txt": (0, 1, 1)}
    pooled = combine([report, report])
    assert (pooled.mention.tp, pooled.mention.fp, pooled.mention.fn) == (2, 2, 2)
    assert pooled.matched == 2 and len(pooled.false_negatives) == 2


def test_gold_sets_resolve_from_folders_files_and_pairs(tmp_path):
    folder = tmp_path / "web"
    (folder / "corpus").mkdir(parents=True)
    (folder / "gold.jsonl").write_text("", encoding="utf-8")
    other = tmp_path / "elsewhere"
    other.mkdir()
    sets = resolve_gold_sets(
        [str(folder), f"{GOLD / 'seeds.jsonl'}::{CORPUS}", str(folder / "gold.jsonl")], None
    )
    assert [(s.name, s.gold, s.corpus) for s in sets] == [
        ("web", folder / "gold.jsonl", folder / "corpus"),
        ("seeds", GOLD / "seeds.jsonl", CORPUS),
        (str(folder / "gold.jsonl"), folder / "gold.jsonl", folder / "corpus"),
    ]
    assert resolve_gold_sets([str(GOLD / "seeds.jsonl")], other)[0].corpus == other
    with pytest.raises(UserError, match="no gold.jsonl"):
        resolve_gold_sets([str(other)], None)
    with pytest.raises(UserError, match="no corpus"):
        resolve_gold_sets([str(GOLD / "seeds.jsonl")], None)


def test_evaluate_several_gold_sets_in_one_run(tmp_path):
    # A second gold set: the seeds' rows for one article, its corpus a copy of that article.
    folder = tmp_path / "one"
    (folder / "corpus").mkdir(parents=True)
    doc = "kratom-mood-stabilization.txt"
    (folder / "corpus" / doc).write_text((CORPUS / doc).read_text(encoding="utf-8"), "utf-8")
    rows = [
        line
        for line in (GOLD / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["doc"] == doc
    ]
    (folder / "gold.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    seeds = f"{GOLD / 'seeds.jsonl'}::{CORPUS}"
    result = run_cli("evaluate", seeds, folder, "--json", "--details")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload["sets"]) == {"seeds", "one"}
    alone = evaluate_corpus(GOLD / "seeds.jsonl", CORPUS).as_dict()
    assert payload["sets"]["seeds"]["mention"] == alone["mention"]
    total, parts = payload["total"]["mention"], payload["sets"].values()
    assert total["tp"] == sum(p["mention"]["tp"] for p in parts)
    assert total["fn"] == sum(p["mention"]["fn"] for p in parts)
    assert f"one/{doc}" in payload["total"]["by_document"]
    assert payload["sets"]["one"]["by_document"][doc] == alone["by_document"][doc]
    for name, part in payload["sets"].items():
        assert len(part["misses"]) == part["mention"]["fn"], name
        assert len(part["false_positives"]) == part["mention"]["fp"], name
        assert all({"doc", "subject", "relation", "object"} <= set(m) for m in part["misses"])
    text = run_cli("evaluate", seeds, folder, "--details")
    assert text.returncode == 0, text.stderr
    for expected in ("total", "hasRisk", f"one/{doc}", "relation"):
        assert expected in text.stdout
    refused = run_cli("evaluate", seeds, folder, "--graph", tmp_path / "g.ttl")
    assert refused.returncode == 2 and "one gold set" in refused.stderr
