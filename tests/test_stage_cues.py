"""Stage tests for cue rules (`ontology/cues/*.jsonl`) and the CueMatcher.

Rule files are validated on load; bad files must be rejected with an error naming the file and
line. Phrases are matched on the folded, singular NORM, so case and plural do not matter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgbuild.extract import Extractor
from kgbuild.lexicon.model import LexiconError
from kgbuild.nlp import cues as cues_module
from kgbuild.nlp.cues import KINDS, CueMatcher, _parse_rule
from kgbuild.records import Level


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


@pytest.fixture(scope="module")
def matcher(extractor) -> CueMatcher:
    return extractor.claims.cues


def found(extractor, matcher, text: str) -> list[tuple[str, str]]:
    return [(c.rule.id, c.text) for c in matcher(extractor.nlp(text))]


# -- the shipped rules ----------------------------------------------------------------------


def test_shipped_rules_load_and_cover_every_kind(matcher):
    kinds = {rule.kind for rule in matcher.rules.values()}
    assert kinds == KINDS


def test_shipped_evidence_rules_have_levels(matcher):
    evidence = [rule for rule in matcher.rules.values() if rule.kind == "evidence"]
    assert evidence
    assert all(isinstance(rule.level, Level) for rule in evidence)
    assert {rule.level for rule in evidence} >= {
        Level.CLINICAL,
        Level.RESEARCH,
        Level.ANECDOTAL,
        Level.TRADITIONAL,
    }
    assert all(rule.level is None for rule in matcher.rules.values() if rule.kind != "evidence")


def test_shipped_rules_use_known_scopes(matcher):
    from kgbuild.nlp.cues import SCOPES

    assert {"sentence", "clause", "following"} == SCOPES
    assert {rule.scope for rule in matcher.rules.values()} <= SCOPES


# -- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "cue"),
    [
        pytest.param("Studies suggest kava works.", "research", "Studies", id="studies-plural"),
        pytest.param("A study suggests kava works.", "research", "study", id="study-singular"),
        pytest.param(
            "CLINICAL TRIALS showed benefit.", "clinical-trials", "CLINICAL TRIALS", id="upper-case"
        ),
        pytest.param(
            "A Clinical Trial showed benefit.",
            "clinical-trials",
            "Clinical Trial",
            id="title-case-singular",
        ),
        pytest.param("Users report relief.", "anecdotal", "Users report", id="users-report"),
        pytest.param(
            "A user reports relief.", "anecdotal", "user reports", id="user-reports-singular"
        ),
        pytest.param(
            "It has traditionally been used.", "traditional", "traditionally", id="traditionally"
        ),
        pytest.param(
            "Meta-analyses agree.", "clinical-trials", "Meta-analyses", id="hyphenated-plural"
        ),
        pytest.param("Case Reports describe harm.", "anecdotal", "Case Reports", id="case-reports"),
        pytest.param(
            "There is No Evidence that it works.",
            "no-evidence-for",
            "No Evidence",
            id="no-evidence-title-case",
        ),
        pytest.param(
            "It has not been shown to work.", "no-evidence", "not been shown", id="not-been-shown"
        ),
        pytest.param(
            "Further studies are needed.",
            "call-for-evidence",
            "Further studies",
            id="call-further-studies",
        ),
        pytest.param(
            "Evidence is mixed.", "mixed-evidence", "Evidence is mixed", id="mixed-evidence-pattern"
        ),
        pytest.param("I've been taking it for years.", "first-person", "I've", id="first-person"),
        pytest.param(
            "A study of 40 adults found less worry.",
            "human-study",
            "study of 40 adults",
            id="human-study-pattern",
        ),
    ],
)
def test_phrase_and_pattern_matching(extractor, matcher, text, rule, cue):
    assert (rule, cue) in found(extractor, matcher, text)


def test_longer_cue_swallows_nested_cue_of_same_kind(extractor, matcher):
    cues = found(extractor, matcher, "Clinical trials were run.")
    assert cues == [("clinical-trials", "Clinical trials")]


def test_no_evidence_is_one_negation_cue(extractor, matcher):
    negations = [
        c
        for c in matcher(extractor.nlp("There is no evidence that it works."))
        if c.kind == "negation"
    ]
    assert [c.text for c in negations] == ["no evidence"]


def test_cues_are_sorted_and_carry_token_offsets(extractor, matcher):
    doc = extractor.nlp("Users report that kava may help, but studies are mixed.")
    cues = matcher(doc)
    assert [c.start for c in cues] == sorted(c.start for c in cues)
    assert all(doc[c.start : c.end].text == c.text for c in cues)
    assert cues[0].kind == "evidence" and cues[0].rule.level is Level.ANECDOTAL


def test_evidence_words_do_not_match_unrelated_text(extractor, matcher):
    cues = found(extractor, matcher, "Kava is a drink from Fiji.")
    assert not [
        c for c in cues if c[0] in ("research", "clinical-trials", "anecdotal", "traditional")
    ]


# -- rule validation ------------------------------------------------------------------------

GOOD = {"id": "x", "kind": "hedge", "phrases": ["maybe"]}


@pytest.mark.parametrize(
    ("record", "message"),
    [
        pytest.param(["not", "an", "object"], "JSON object", id="not-an-object"),
        pytest.param({**GOOD, "colour": "red"}, "unknown key", id="unknown-key"),
        pytest.param({**GOOD, "kind": "vibe"}, "kind must be one of", id="unknown-kind"),
        pytest.param({"kind": "hedge", "phrases": ["maybe"]}, "string 'id'", id="missing-id"),
        pytest.param({**GOOD, "id": 7}, "string 'id'", id="non-string-id"),
        pytest.param(
            {"id": "x", "kind": "evidence", "phrases": ["study"]},
            "need a level",
            id="evidence-without-level",
        ),
        pytest.param(
            {"id": "x", "kind": "evidence", "level": "divine", "phrases": ["study"]},
            "need a level",
            id="evidence-bad-level",
        ),
        pytest.param({**GOOD, "scope": "everywhere"}, "scope must be one of", id="bad-scope"),
        pytest.param(
            {"id": "x", "kind": "hedge"}, "exactly one of", id="neither-phrases-nor-pattern"
        ),
        pytest.param(
            {**GOOD, "pattern": [{"LOWER": "maybe"}]},
            "exactly one of",
            id="both-phrases-and-pattern",
        ),
        pytest.param({**GOOD, "phrases": ["maybe", "  "]}, "non-empty strings", id="blank-phrase"),
        pytest.param(
            {**GOOD, "phrases": ["maybe", 3]}, "non-empty strings", id="non-string-phrase"
        ),
    ],
)
def test_parse_rule_rejects_bad_records(record, message):
    with pytest.raises(LexiconError) as error:
        _parse_rule(record, "hedges.jsonl:4")
    assert "hedges.jsonl:4" in str(error.value)
    assert message in str(error.value)


def test_parse_rule_accepts_good_records():
    rule, phrases, pattern = _parse_rule(
        {"id": "r", "kind": "evidence", "level": "Research", "phrases": ["lab work"], "note": "ok"},
        "f:1",
    )
    assert (rule.id, rule.kind, rule.level, rule.scope) == (
        "r",
        "evidence",
        Level.RESEARCH,
        "clause",
    )
    assert phrases == ["lab work"] and pattern is None
    rule, phrases, pattern = _parse_rule(
        {"id": "p", "kind": "hedge", "scope": "following", "pattern": [{"LOWER": "maybe"}]}, "f:2"
    )
    assert rule.scope == "following" and phrases == [] and pattern == [{"LOWER": "maybe"}]


def _write_rules(folder: Path, lines: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "custom.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        pytest.param(
            [json.dumps(GOOD), "{not json"], "custom.jsonl:2: invalid JSON", id="invalid-json"
        ),
        pytest.param(
            [json.dumps(GOOD), "", json.dumps(GOOD)],
            "custom.jsonl:3: duplicate cue rule id 'x'",
            id="duplicate-id",
        ),
        pytest.param(
            [json.dumps({"id": "p", "kind": "hedge", "pattern": [{"NOSUCHATTR": "x"}]})],
            "custom.jsonl:1: bad token pattern",
            id="bad-token-pattern",
        ),
        pytest.param(
            [json.dumps({**GOOD, "kind": "evidence"})],
            "custom.jsonl:1: evidence rules need a level",
            id="evidence-level-in-file",
        ),
    ],
)
def test_bad_rule_files_are_rejected_with_file_and_line(
    tmp_path, monkeypatch, extractor, lines, message
):
    _write_rules(tmp_path, lines)
    monkeypatch.setattr(cues_module, "cues_dir", lambda: tmp_path)
    with pytest.raises(LexiconError) as error:
        CueMatcher(extractor.nlp)
    assert message in str(error.value)


def test_custom_rule_file_is_loaded_and_matched(tmp_path, monkeypatch, extractor):
    _write_rules(
        tmp_path,
        [
            json.dumps(
                {
                    "id": "herbal-lore",
                    "kind": "evidence",
                    "level": "traditional",
                    "phrases": ["grandmother's remedy"],
                }
            ),
            "",
            json.dumps({"id": "rumour", "kind": "hedge", "pattern": [{"LOWER": "rumoured"}]}),
        ],
    )
    (tmp_path / "ignored.txt").write_text("not a rule file", encoding="utf-8")
    monkeypatch.setattr(cues_module, "cues_dir", lambda: tmp_path)
    custom = CueMatcher(extractor.nlp)
    assert set(custom.rules) == {"herbal-lore", "rumour"}
    doc = extractor.nlp("Valerian is a Grandmother's Remedies staple, rumoured to work.")
    matches = [(c.rule.id, c.text, c.rule.level) for c in custom(doc)]
    assert matches == [
        ("herbal-lore", "Grandmother's Remedies", Level.TRADITIONAL),
        ("rumour", "rumoured", None),
    ]
