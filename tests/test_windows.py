"""The speed-ups must not change a result: each fast path is checked against the plain one.

* `WindowedMatcher` (nlp/windows.py) against spaCy's own `Matcher`, match for match and in the
  same order, with the shipped cue and entity patterns and with patterns that use every
  operator;
* the token table (nlp/tokens.py) against the `Token` attributes it stands for;
* the one-array normaliser against `token.norm_ = norm_of(token.text)`;
* the source-type page rules with their word pre-check against searching every pattern.
"""

from __future__ import annotations

import re

import pytest
import spacy

from kgbuild.extract import Extractor
from kgbuild.nlp.normalizer import norm_of
from kgbuild.nlp.tokens import make_doc, span_text, tokens_of
from kgbuild.nlp.windows import WindowedMatcher
from kgbuild.sources import types as source_types

# Written for these tests, in many styles: prose, headings, lists, tables, citations, odd
# spacing and Unicode, empty and one-word texts.
TEXTS = [
    "",
    "Kava.",
    "Studies have shown that kava may reduce anxiety, but the evidence is mixed.",
    "## Side effects\n\n- Nausea\n- Headache\n\nWithdrawal symptoms can include irritability.",
    "Users report that it helps with sleep; however, no clinical trials have tested this.",
    "| Herb | Used for | Side effects |\n|---|---|---|\n| Valerian | insomnia | dizziness |",
    "The evidence on whether ashwagandha lowers cortisol is limited and inconsistent.",
    "Kratom interacts with certain prescription drugs, and drug interactions with SSRIs occur.",
    "Several medications   may interact\u00a0with it.\tIt isn't addictive, researchers said.[3][4]",
    "Results: 40 participants improved. Conclusions \u2014 more research is needed.",
    "People who took 600 mg reported less stress (p < 0.05); results were not significant.",
    "EVIDENCE IS LIMITED. THE RESEARCH REMAINS SPARSE AND UNCLEAR!",
    "It reduces the effectiveness of birth control pills and makes antidepressants less "
    "effective in some people.",
    "Mitragynine (7\u2011hydroxymitragynine) binds \u03bc-opioid receptors; died after taking "
    "high doses.",
    "evidence evidence evidence , , , is is is limited limited",
    "This botanical substance has been investigated in several trials of adults with GAD.",
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


def docs(extractor: Extractor) -> list:
    return [make_doc(extractor.nlp, text) for text in TEXTS]


def test_shipped_patterns_match_as_spacy_does(extractor):
    matchers = [extractor.claims.cues.patterns, extractor.entity_matcher.rules]
    total = 0
    for doc in docs(extractor):
        for windowed in matchers:
            expected = windowed.matcher(doc)
            assert windowed(doc) == expected, doc.text
            total += len(expected)
    assert total > 20  # the texts do hold cues and entity wordings


OPERATOR_PATTERNS = {
    "plain": [{"LOWER": "evidence"}, {"LOWER": "is"}, {"LOWER": "limited"}],
    "optional-first": [{"LOWER": {"IN": ["customer", "online"]}, "OP": "?"}, {"LOWER": "reviews"}],
    "star": [{"NORM": "evidence"}, {"IS_PUNCT": False, "OP": "*"}, {"LOWER": "limited"}],
    "plus": [{"LOWER": "evidence", "OP": "+"}, {"LOWER": "is", "OP": "+"}],
    "not": [{"LOWER": "is"}, {"LOWER": "not", "OP": "!"}, {"IS_ALPHA": True}],
    "trailing-optional": [{"LOWER": "limited"}, {"IS_ALPHA": True, "OP": "?"}],
    "not-in": [{"TEXT": "evidence"}, {"TEXT": {"NOT_IN": [",", "."]}, "OP": "*"}],
    "range": [{"LOWER": "evidence"}, {"OP": "{1,3}"}, {"LOWER": "limited"}],
    "flags": [{"LIKE_NUM": True}, {"IS_ALPHA": True, "IS_STOP": False}],
}


@pytest.mark.parametrize("name", sorted(OPERATOR_PATTERNS))
def test_every_operator_matches_as_spacy_does(extractor, name):
    windowed = WindowedMatcher(extractor.nlp.vocab)
    windowed.add(name, [OPERATOR_PATTERNS[name]])
    for doc in docs(extractor):
        assert windowed(doc) == windowed.matcher(doc), (name, doc.text)


def test_all_patterns_together_and_a_pattern_that_can_start_anywhere(extractor):
    windowed = WindowedMatcher(extractor.nlp.vocab)
    for name, pattern in sorted(OPERATOR_PATTERNS.items()):
        windowed.add(name, [pattern])
    for doc in docs(extractor):
        assert windowed(doc) == windowed.matcher(doc)
    windowed.add("anywhere", [[{"IS_ALPHA": True}, {"LOWER": "is"}]])
    doc = make_doc(extractor.nlp, TEXTS[2])
    assert windowed.windows(doc) == [(0, len(doc))]  # no anchor: the whole doc
    assert windowed(doc) == windowed.matcher(doc)


def test_windows_are_few_and_short(extractor):
    """The point of the windows: on a long text only the stretches that may match are read."""
    cues = extractor.claims.cues.patterns
    doc = make_doc(extractor.nlp, " ".join(TEXTS) * 20)
    covered = sum(end - start for start, end in cues.windows(doc))
    assert 0 < covered < len(doc) / 4
    assert cues(doc) == cues.matcher(doc)


def test_a_bad_pattern_is_refused_and_nothing_is_kept(extractor):
    windowed = WindowedMatcher(extractor.nlp.vocab, validate=True)
    with pytest.raises(Exception):  # noqa: B017 (spaCy raises several types)
        windowed.add("bad", [[{"LOWER": {"BOGUS": 1}}]])
    assert len(windowed) == 0
    assert windowed(make_doc(extractor.nlp, TEXTS[2])) == []


def test_token_table_is_what_the_tokens_say(extractor):
    for doc in docs(extractor):
        table = tokens_of(doc)
        assert tokens_of(doc) is table  # built once per doc
        assert len(table) == len(doc)
        assert table.text == [t.text for t in doc]
        assert table.lower == [t.lower_ for t in doc]
        assert table.norm == [t.norm_ for t in doc]
        assert table.whitespace == [t.whitespace_ for t in doc]
        assert table.idx == [t.idx for t in doc]
        for name in ("is_punct", "is_space", "is_alpha", "is_stop", "like_num"):
            assert getattr(table, name) == [getattr(t, name) for t in doc], name
        assert table.is_title == [t.is_title for t in doc]
        assert table.is_lower == [t.is_lower for t in doc]
        assert table.sentences == [(s.start, s.end) for s in doc.sents]
        assert table.sentence_texts == [s.text for s in doc.sents]
        assert [span_text(s) for s in doc.sents] == [s.text for s in doc.sents]
        for start in range(len(doc)):
            for end in (start, start + 1, min(len(doc), start + 4)):
                assert table.text_of(start, end) == doc[start:end].text


def test_make_doc_is_the_pipeline(extractor):
    for text in TEXTS:
        fast, plain = make_doc(extractor.nlp, text), extractor.nlp(text)
        assert fast.text == plain.text == text
        assert [(t.text, t.norm_, t.is_sent_start) for t in fast] == [
            (t.text, t.norm_, t.is_sent_start) for t in plain
        ]


def test_normaliser_sets_norm_of_each_token(extractor):
    for doc in docs(extractor):
        assert [t.norm_ for t in doc] == [norm_of(t.text) for t in doc]
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_normalizer")
    assert len(nlp("")) == 0  # an empty text is no error


# -- source types --------------------------------------------------------------------------


def _slow_verdict(rules, text: str) -> tuple[str, str]:
    """The page rules as written: every pattern searched, no pre-check, no early stop."""
    sample = text[: source_types.PAGE_CHARS]
    for rule in rules.rules:
        if rule.page and sample:
            found = sum(1 for pattern in rule.page if pattern.search(sample))
            if found >= rule.min_matches:
                return rule.type, rule.name
    return "unknown", "none"


PAGES = TEXTS + [
    "Posted on March 3. Leave a comment \u2014 12 comments. Share this post",
    "IN STOCK \u2013 Add to Cart. Free shipping on orders over $50.00",
    "In \u017ftock! Add to cart. Buy now",  # long s: matches "stock" only case-insensitively
    "\u0130n stock. Fast shipping. Subscribe & save",  # dotted capital I
    "DOI: 10.1234/abcd.5678\n## Abstract\nBackground:\nMethods:\nResults:\nKeywords: kava",
    "By Jane Smith, staff writer. (Reuters) Officials said in a statement on Monday.",
    "From Wikipedia, the free encyclopedia\n\nTaxonomy\n\n## References\n[1] x",
    "Request an appointment with our physicians. Patient education. Medically reviewed by Dr X",
]


def test_page_rules_with_the_word_check_decide_as_before():
    rules = source_types.load_source_type_rules()
    verdicts = []
    for text in PAGES:
        fast = rules.classify_page(text)
        assert (fast.type, fast.rule) == _slow_verdict(rules, text), text
        verdicts.append(fast.type)
    assert {"blog", "vendor", "journal", "news", "encyclopedia", "health-system"} <= set(verdicts)


def test_required_words_are_read_from_the_pattern():
    words = source_types._required_words
    assert words(re.compile(r"\bin stock\b|\bout of stock\b", re.I)) == {"in stock", "out of stock"}
    assert words(re.compile(r"\b(free|fast) shipping\b", re.I)) == {" shipping"}
    assert words(re.compile(r"\bposted by\b", re.I)) == {"posted by"}
    assert words(re.compile(r"\[\d+\]", re.I)) is None  # nothing literal enough


def test_ascii_lookalikes_are_all_known():
    """Every non-ASCII character a case-insensitive pattern matches to an ASCII letter is in
    `_ASCII_LOOKALIKES` (a page holding one is searched without the word check)."""
    letters = re.compile(r"[a-z]", re.IGNORECASE)
    others = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    found = set(letters.findall(others))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        found |= set(re.findall(letter, others, re.IGNORECASE))
    assert found <= set(source_types._ASCII_LOOKALIKES)
