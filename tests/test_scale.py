"""Speed work must not change results: the fast paths are checked against plain reference
implementations (written here the slow, obvious way) and against each other."""

from __future__ import annotations

import random

import pytest
import spacy

from kgbuild.nlp.cues import ABSORBS, CueMatch, CueRule, _drop_nested
from kgbuild.nlp.segmenter import segment, sentence_spans

KINDS = ["evidence", "hedge", "negation", "ignorance", "usage"]


def _drop_nested_reference(matches: list[CueMatch]) -> list[CueMatch]:
    """The definition: drop a match inside another span of its kind or of a kind absorbing it."""
    kept, seen = [], set()
    for match in matches:
        if (match.kind, match.start, match.end) in seen:
            continue
        seen.add((match.kind, match.start, match.end))
        if any(
            (k.kind == match.kind or (k.kind, match.kind) in ABSORBS)
            and k.start <= match.start
            and match.end <= k.end
            and (k.start, k.end) != (match.start, match.end)
            for k in matches
        ):
            continue
        kept.append(match)
    return kept


@pytest.mark.parametrize("seed", range(40))
def test_drop_nested_sweep_equals_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    matches = []
    for n in range(rng.randint(0, 30)):
        start = rng.randint(0, 15)
        end = start + rng.randint(1, 5)
        kind = rng.choice(KINDS)
        matches.append(CueMatch(CueRule(f"r{n}", kind), start, end, "x"))
    matches.sort(key=lambda m: (m.start, -m.end))
    assert _drop_nested(matches) == _drop_nested_reference(matches)


def test_drop_nested_keeps_a_cue_of_another_kind_inside() -> None:
    outer = CueMatch(CueRule("a", "evidence"), 0, 3, "clinical trials show")
    inner_same = CueMatch(CueRule("b", "evidence"), 1, 2, "trials")
    inner_other = CueMatch(CueRule("c", "usage"), 1, 2, "trials")
    absorbed = CueMatch(CueRule("d", "negation"), 5, 6, "don't")
    absorber = CueMatch(CueRule("e", "ignorance"), 5, 7, "don't know")
    matches = sorted(
        [outer, inner_same, inner_other, absorber, absorbed], key=lambda m: (m.start, -m.end)
    )
    assert _drop_nested(matches) == [outer, inner_other, absorber]


TEXTS = [
    "Kava is calming. Valerian is sedating.\n\n## Safety\n- It may harm the liver.\n",
    "  Leading space. Then e.g. an abbreviation. Dr. Smith agrees![2] Next one.",
    "",
    "one line without a stop",
    "A long hard-wrapped line of prose that keeps going past sixty characters and\n"
    "continues here in lower case. Done.\n\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_segmenter_array_matches_token_by_token(text: str) -> None:
    """The array assignment marks the same starts as setting them token by token."""
    nlp = spacy.blank("en")
    doc = segment(nlp.make_doc(text))
    starts = {start for start, _ in sentence_spans(text)}
    expected = []
    pending = sorted(starts)
    index = 0
    for token in doc:
        while index < len(pending) and pending[index] < token.idx:
            index += 1
        hit = index < len(pending) and token.idx == pending[index] and not token.is_space
        if hit:
            index += 1
        expected.append(token.i == 0 or hit)
    assert [t.is_sent_start for t in doc] == expected
