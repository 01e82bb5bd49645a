"""The scorer, and the extractor held at its bar on the seeds' gold."""

from __future__ import annotations

import json

from kgbuild.commands.evaluate import evaluate_corpus
from kgbuild.evaluation import GoldRow, NameMap, Predicted, score
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
