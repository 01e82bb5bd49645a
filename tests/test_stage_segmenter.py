"""Stage tests for the sentence segmenter (`kgbuild.nlp.segmenter.sentence_spans`).

Every case is hand-written. Each asserts the exact sentences (as text) and that every span
points at exactly that text in the input, trimmed of surrounding white space.
"""

from __future__ import annotations

import pytest

from kgbuild.nlp.segmenter import sentence_spans


def sentences(text: str) -> list[str]:
    spans = sentence_spans(text)
    for start, end in spans:
        piece = text[start:end]
        assert piece == piece.strip(), f"span {start, end} is not trimmed: {piece!r}"
    return [text[start:end] for start, end in spans]


CASES = [
    pytest.param(
        "Kava is calming. Valerian is sedating.",
        ["Kava is calming.", "Valerian is sedating."],
        id="two-plain-sentences",
    ),
    pytest.param(
        "Is kava safe? Some say yes! Others are unsure...",
        ["Is kava safe?", "Some say yes!", "Others are unsure..."],
        id="question-exclamation-ellipsis",
    ),
    pytest.param(
        "# Kava Overview\nKava is a Pacific drink.\n## Safety\nIt may harm the liver.",
        ["# Kava Overview", "Kava is a Pacific drink.", "## Safety", "It may harm the liver."],
        id="markdown-headings",
    ),
    pytest.param(
        "Valerian for Sleep: Does It Work\nValerian root is sold as a sleep aid.",
        ["Valerian for Sleep: Does It Work", "Valerian root is sold as a sleep aid."],
        id="plain-heading-without-stop",
    ),
    pytest.param(
        "Possible side effects:\n- headache\n- upset stomach\n* dizziness\n\u2022 dry mouth",
        [
            "Possible side effects:",
            "- headache",
            "- upset stomach",
            "* dizziness",
            "\u2022 dry mouth",
        ],
        id="bullet-items",
    ),
    pytest.param(
        "- Kava may cause drowsiness. Do not drive after drinking it.",
        ["- Kava may cause drowsiness.", "Do not drive after drinking it."],
        id="two-sentences-in-one-bullet",
    ),
    pytest.param(
        "2) Check for interactions\n3) Start with a low dose",
        ["2) Check for interactions", "3) Start with a low dose"],
        id="numbered-items-with-parenthesis",
    ),
    pytest.param(
        "1. Ask your doctor\n10. Avoid alcohol. Do not drive.",
        ["1. Ask your doctor", "10. Avoid alcohol.", "Do not drive."],
        id="numbered-items-with-dot",
    ),
    pytest.param(
        "| Herb | Traditional use |\n|---|---|\n| Kava | anxiety |\n| Valerian | insomnia |",
        [
            "| Herb | Traditional use |",
            "|---|---|",
            "| Kava | anxiety |",
            "| Valerian | insomnia |",
        ],
        id="table-rows",
    ),
    pytest.param(
        "St. John's wort is a yellow flower. Dr. Patel studied it.",
        ["St. John's wort is a yellow flower.", "Dr. Patel studied it."],
        id="st-and-dr",
    ),
    pytest.param(
        "Some herbs (e.g. Kava) calm the nerves. Others, i.e. Coffee, do not.",
        ["Some herbs (e.g. Kava) calm the nerves.", "Others, i.e. Coffee, do not."],
        id="eg-ie",
    ),
    pytest.param(
        "The U.S. Food and Drug Administration warned buyers. Sales fell.",
        ["The U.S. Food and Drug Administration warned buyers.", "Sales fell."],
        id="us-inside-sentence",
    ),
    pytest.param(
        "Mitragyna spp. are tropical trees. Caffeine (approx. 95 mg) is in a cup."
        " See Fig. 2 below.",
        [
            "Mitragyna spp. are tropical trees.",
            "Caffeine (approx. 95 mg) is in a cup.",
            "See Fig. 2 below.",
        ],
        id="spp-approx-fig",
    ),
    pytest.param(
        "A study by J. Sarris tested kava. It helped.",
        ["A study by J. Sarris tested kava.", "It helped."],
        id="initials",
    ),
    pytest.param(
        "Kratom is habit forming [3]. It is sold online.",
        ["Kratom is habit forming [3].", "It is sold online."],
        id="citation-before-stop",
    ),
    pytest.param(
        "Kratom is habit forming.[4][5] It is sold online.",
        ["Kratom is habit forming.[4][5]", "It is sold online."],
        id="stacked-citations-after-stop",
    ),
    pytest.param(
        "Kava is calming.[6-8] Valerian is too.[2, 3] Coffee is not.",
        ["Kava is calming.[6-8]", "Valerian is too.[2, 3]", "Coffee is not."],
        id="citation-ranges",
    ),
    pytest.param(
        "Kava is calming. [9] Valerian is too.",
        ["Kava is calming. [9]", "Valerian is too."],
        id="spaced-citation-after-stop",
    ),
    pytest.param(
        "Kratom is banned under state drug policy.1 Sellers moved online.",
        ["Kratom is banned under state drug policy.1", "Sellers moved online."],
        id="superscript-digit-citation",
    ),
    pytest.param(
        "Kava was restricted in 2002. Later the ban was lifted. A dose of 2.5 g was used.",
        ["Kava was restricted in 2002.", "Later the ban was lifted.", "A dose of 2.5 g was used."],
        id="year-and-decimal-are-not-citations",
    ),
    pytest.param(
        '"Kava is safe," the vendor said. "It is natural." Experts disagree.',
        ['"Kava is safe," the vendor said.', '"It is natural."', "Experts disagree."],
        id="quotations",
    ),
    pytest.param(
        "Kava (Piper methysticum) is a shrub. (It grows in Fiji.) Next.",
        ["Kava (Piper methysticum) is a shrub.", "(It grows in Fiji.)", "Next."],
        id="parenthesised-sentence",
    ),
    pytest.param(
        "Kratom is a tree; it grows in Thailand. Kratom is sold online...but it is risky.",
        ["Kratom is a tree; it grows in Thailand.", "Kratom is sold online...but it is risky."],
        id="semicolon-and-glued-ellipsis-do-not-split",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences(text, expected):
    assert sentences(text) == expected


WRAPPED = (
    "Several small trials have asked whether the root extract of the plant\n"
    "called kava can ease worry in adults, and the results were encouraging\n"
    "enough to justify larger trials. A second sentence follows."
)


def test_hard_wrapped_lines_are_joined():
    assert sentences(WRAPPED) == [
        WRAPPED[: WRAPPED.index(" A second")],
        "A second sentence follows.",
    ]
    first = sentence_spans(WRAPPED)[0]
    assert first == (0, WRAPPED.index(" A second"))
    assert "\n" in WRAPPED[first[0] : first[1]]


def test_line_ending_in_function_word_is_joined_to_capitalised_line():
    text = (
        "A randomized trial in 2018 compared a standardized extract of the herb with\n"
        "St. John's wort for mild depression and found similar effects. Next sentence."
    )
    assert sentences(text) == [text[: text.index(" Next")], "Next sentence."]


def test_short_line_is_not_joined_to_lowercase_line():
    # a short line is a heading or label, not wrapped prose
    assert sentences("Short title\nlower case start of a block.") == [
        "Short title",
        "lower case start of a block.",
    ]


def test_long_line_ending_in_stop_is_not_joined():
    text = (
        "Kava drinking is an old custom across many islands in the Pacific.\n"
        "kava bars now exist in several American cities."
    )
    assert len(sentences(text)) == 2


def test_long_line_followed_by_bullet_is_not_joined():
    text = (
        "The following side effects were reported by people taking the extract\n"
        "- headache\n- dizziness"
    )
    assert sentences(text) == [
        "The following side effects were reported by people taking the extract",
        "- headache",
        "- dizziness",
    ]


def test_blank_lines_and_whitespace_only_lines():
    text = "\n\n  Kava is calming.   \n \t \n\nValerian is sedating.\n\n"
    assert sentence_spans(text) == [(4, 20), (29, 50)]
    assert sentences(text) == ["Kava is calming.", "Valerian is sedating."]


def test_exact_spans_with_heading_and_bullets():
    text = "# Kava\n\n- Calms nerves.\n- May harm the liver [2].\nKava is legal. It is sold."
    assert sentence_spans(text) == [(0, 6), (8, 23), (24, 49), (50, 64), (65, 76)]


def test_crlf_line_endings():
    text = "Kava is calming.\r\nValerian is sedating.\r\n\r\n- Item one\r\n"
    assert sentences(text) == ["Kava is calming.", "Valerian is sedating.", "- Item one"]


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\n\n", " \t\n \n"], ids=["empty", "spaces", "newlines", "mixed"]
)
def test_no_sentences_in_blank_text(text):
    assert sentence_spans(text) == []


def test_spans_are_ordered_and_disjoint():
    text = (
        "# Kratom\nKratom (Mitragyna speciosa) is a tree.[1] It is sold in the U.S. and\n"
        "elsewhere. Dr. Lee said it is risky [2][3].\n| Alkaloid | Effect |\n- Item"
    )
    spans = sentence_spans(text)
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


def test_spacy_component_sets_sentence_starts():
    from kgbuild.extract import Extractor

    nlp = Extractor.create().nlp
    doc = nlp("# Kava\n- It calms.[3] It is legal.\n| Kava | anxiety |")
    assert [s.text.strip() for s in doc.sents] == [
        "# Kava",
        "- It calms.[3]",
        "It is legal.",
        "| Kava | anxiety |",
    ]
