"""Stage tests for lexicon entity matching and discovery of unlisted entities.

The pipeline is `spacy.blank("en")` plus kgbuild's normaliser and segmenter (from
`Extractor.create()`); lexicon matching is `Extractor.entity_matcher`, discovery
`Extractor.discoverer`. Every sentence here is hand-written.
"""

from __future__ import annotations

import pytest

from kgbuild.extract import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


def known(extractor: Extractor, text: str) -> list[tuple[str, str]]:
    doc = extractor.nlp(text)
    return [(span.text, span.kb_id_) for span in extractor.entity_matcher.spans(doc)]


def discovered(extractor: Extractor, text: str) -> list[tuple[str, str, str]]:
    doc = extractor.nlp(text)
    taken = extractor.entity_matcher.spans(doc)
    return [(span.text, span.kb_id_, span.label_) for span in extractor.discoverer(doc, taken)]


def test_pipeline_is_blank_english_with_kgbuild_stages(extractor):
    assert extractor.nlp.lang == "en"
    assert extractor.nlp.pipe_names == ["kg_normalizer", "kg_segmenter"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "KRATOM, Kratom and kratom",
            [("KRATOM", "kratom"), ("Kratom", "kratom"), ("kratom", "kratom")],
            id="case-insensitive",
        ),
        pytest.param(
            "Kavalactones and a kavalactone",
            [("Kavalactones", "kavalactones"), ("kavalactone", "kavalactones")],
            id="plural-and-singular",
        ),
        pytest.param(
            "Opioid Receptors bind it",
            [("Opioid Receptors", "opioid-receptor")],
            id="title-case-plural",
        ),
        pytest.param(
            "Trouble Sleeping and sleeplessness",
            [("Trouble Sleeping", "insomnia"), ("sleeplessness", "insomnia")],
            id="synonyms-map-to-one-id",
        ),
        pytest.param(
            "Mitragyna speciosa leaves", [("Mitragyna speciosa", "kratom")], id="latin-binomial"
        ),
        pytest.param(
            "kava-kava and Kava Kava",
            [("kava-kava", "kava"), ("Kava Kava", "kava")],
            id="reduplicated-name",
        ),
        pytest.param(
            "coffee beans and coffee",
            [("coffee beans", "coffee"), ("coffee", "coffee")],
            id="longest-match",
        ),
        pytest.param(
            "opioid withdrawal symptoms",
            [("opioid withdrawal symptoms", "opioid-withdrawal")],
            id="longest-condition",
        ),
        pytest.param(
            "anxiety, depression, and insomnia.",
            [("anxiety", "anxiety"), ("depression", "depression"), ("insomnia", "insomnia")],
            id="list-of-conditions",
        ),
    ],
)
def test_case_and_plural_tolerant_matching(extractor, text, expected):
    assert known(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "7-hydroxymitragynine binds strongly.",
            [("7-hydroxymitragynine", "7-hydroxymitragynine")],
            id="7-hydroxymitragynine",
        ),
        pytest.param(
            "7-OH-mitragynine and 7-OH",
            [("7-OH-mitragynine", "7-hydroxymitragynine"), ("7-OH", "7-hydroxymitragynine")],
            id="7-oh-forms",
        ),
        pytest.param(
            "μ-opioid receptors",
            [("μ-opioid receptors", "mu-opioid-receptor")],
            id="greek-mu-hyphen",
        ),
        pytest.param(
            "μ opioid receptor", [("μ opioid receptor", "mu-opioid-receptor")], id="greek-mu-space"
        ),
        pytest.param(
            "mu opioid receptors", [("mu opioid receptors", "mu-opioid-receptor")], id="mu-space"
        ),
        pytest.param(
            "Mu-Opioid Receptors",
            [("Mu-Opioid Receptors", "mu-opioid-receptor")],
            id="mu-title-case",
        ),
        pytest.param(
            "GABA-A receptors", [("GABA-A receptors", "gaba-a-receptor")], id="gaba-a-hyphen"
        ),
        pytest.param("GABAA receptor", [("GABAA receptor", "gaba-a-receptor")], id="gabaa-glued"),
        pytest.param(
            "GABA(A) receptors",
            [("GABA(A) receptors", "gaba-a-receptor")],
            id="gaba-a-parenthesised",
        ),
        pytest.param(
            "St. John\u2019s wort",
            [("St. John\u2019s wort", "st-johns-wort")],
            id="st-johns-curly-apostrophe",
        ),
        pytest.param("St John's wort", [("St John's wort", "st-johns-wort")], id="st-johns-no-dot"),
        pytest.param(
            "St. John's Wort", [("St. John's Wort", "st-johns-wort")], id="st-johns-title-case"
        ),
        pytest.param(
            "st johns wort", [("st johns wort", "st-johns-wort")], id="st-johns-lower-no-apostrophe"
        ),
        pytest.param("Kratom\u2019s leaves", [("Kratom", "kratom")], id="curly-possessive"),
        pytest.param(
            "kava-induced hepatotoxicity",
            [("kava", "kava"), ("hepatotoxicity", "liver-toxicity")],
            id="hyphen-compound-word",
        ),
        pytest.param(
            "the mu-opioid receptor[4][5] and anxiety[2]",
            [("mu-opioid receptor", "mu-opioid-receptor"), ("anxiety", "anxiety")],
            id="glued-citations",
        ),
        pytest.param("as stated by kava.2", [("kava", "kava")], id="glued-superscript-citation"),
        pytest.param(
            "7\u2011hydroxymitragynine",
            [("7\u2011hydroxymitragynine", "7-hydroxymitragynine")],
            id="non-breaking-hyphen",
        ),
        pytest.param(
            "mu\u2010opioid receptor",
            [("mu\u2010opioid receptor", "mu-opioid-receptor")],
            id="unicode-hyphen",
        ),
        pytest.param(
            "ST. JOHN'S WORT", [("ST. JOHN'S WORT", "st-johns-wort")], id="st-johns-all-caps"
        ),
        pytest.param(
            "Saint John's wort", [("Saint John's wort", "st-johns-wort")], id="saint-johns-wort"
        ),
        pytest.param(
            "liver-toxicity", [("liver-toxicity", "liver-toxicity")], id="hyphenated-spaced-form"
        ),
    ],
)
def test_tokenisation_robustness(extractor, text, expected):
    assert known(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("GAD is common.", [("GAD", "generalized-anxiety-disorder")], id="GAD-upper"),
        pytest.param("They gad about town.", [], id="gad-lower-not-matched"),
        pytest.param("CBD oil", [("CBD oil", "cannabidiol")], id="CBD-upper"),
        pytest.param("THC and thc", [("THC", "thc")], id="THC-only-upper"),
        pytest.param(
            "MOR agonists and a mor", [("MOR", "mu-opioid-receptor")], id="MOR-only-upper"
        ),
    ],
)
def test_abbreviations_match_in_their_case_only(extractor, text, expected):
    assert known(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("non-withanolide constituents", [], id="non-withanolide"),
        pytest.param(
            "non-withanolide and withanolide fractions",
            [("withanolide", "withanolides")],
            id="non-prefix-only-first",
        ),
        pytest.param("a kratom-free diet", [("kratom", "kratom")], id="suffix-does-not-block"),
    ],
)
def test_negating_prefixes(extractor, text, expected):
    assert known(extractor, text) == expected


def test_entity_types_are_labels(extractor):
    doc = extractor.nlp(
        "Kratom contains mitragynine, which binds mu-opioid receptors"
        " and may ease pain but cause nausea."
    )
    labels = {span.kb_id_: span.label_ for span in extractor.entity_matcher.spans(doc)}
    assert labels == {
        "kratom": "Substance",
        "mitragynine": "Alkaloid",
        "mu-opioid-receptor": "Receptor",
        "pain": "Condition",
        "nausea": "Risk",
    }


def test_interaction_pattern_names_drug_interactions(extractor):
    assert known(extractor, "Kava interacts with certain medications.") == [
        ("Kava", "kava"),
        ("interacts with certain medications", "drug-interactions"),
    ]


# -- discovery ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # invented or rare names, so that the growing lexicon does not swallow them
        pytest.param(
            "The QX7 receptors are involved.",
            [("QX7 receptors", "d-qx7-receptor", "Receptor")],
            id="acronym-receptor",
        ),
        pytest.param(
            "It binds 5-HT9C receptors.",
            [("5-HT9C receptors", "d-5-ht9c-receptor", "Receptor")],
            id="numbered-receptor",
        ),
        pytest.param(
            "alkaloids such as velutinine and quorbamine",
            [
                ("velutinine", "d-velutinine", "Compound"),
                ("quorbamine", "d-quorbamine", "Compound"),
            ],
            id="alkaloids-such-as-A-and-B",
        ),
        pytest.param(
            "kavalactones such as zembarin and dihydrozembarin",
            [
                ("zembarin", "d-zembarin", "Compound"),
                ("dihydrozembarin", "d-dihydrozembarin", "Compound"),
            ],
            id="known-class-such-as",
        ),
        pytest.param(
            "Quorbamine, a compound found in kratom, is studied.",
            [("Quorbamine", "d-quorbamine", "Compound")],
            id="appositive-compound",
        ),
        pytest.param(
            # invented words: real ones (dropsy, chilblains) are in the HPO vocabulary now
            "It is used to treat zorbleflu and chilblorns.",
            [("zorbleflu", "d-zorbleflu", "Condition"), ("chilblorns", "d-chilblorn", "Condition")],
            id="used-to-treat",
        ),
        pytest.param(
            "There is a risk of glorbitis.", [("glorbitis", "d-glorbitis", "Risk")], id="risk-of"
        ),
        pytest.param(
            "Kratom can cause tooth staining and nail ridges.",
            [
                ("tooth staining", "d-tooth-staining", "Risk"),
                ("nail ridges", "d-nail-ridge", "Risk"),
            ],
            id="can-cause",
        ),
        pytest.param(
            "There is a risk of developing glorbitis.",
            [("glorbitis", "d-glorbitis", "Risk")],
            id="leading-gerund-skipped",
        ),
    ],
)
def test_discovery(extractor, text, expected):
    assert discovered(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Kava acts on brain receptors.", id="generic-brain-receptors"),
        pytest.param("These receptors are everywhere.", id="these-receptors"),
        pytest.param("Kava has been used to treat a variety of ailments.", id="vague-ailments"),
        pytest.param("Kratom contains compounds such as those in coffee.", id="non-chemical-list"),
        pytest.param("There is a risk of addiction.", id="lexicon-risk-not-rediscovered"),
        pytest.param("Glorbitis is a risk of heavy use.", id="adjective-before-stopword"),
    ],
)
def test_no_discovery(extractor, text):
    assert discovered(extractor, text) == []


def test_discovered_entities_are_flagged_and_shared(extractor):
    first = discovered(extractor, "Kratom users face a risk of glorbitis.")
    second = discovered(extractor, "Doctors fear the risk of Glorbitis.")
    assert first[0][1] == second[0][1] == "d-glorbitis"
    entity = extractor.entities["d-glorbitis"]
    assert entity.discovered is True
    assert entity.type == "Risk"
    assert entity.label == "glorbitis"
    assert not extractor.entities["kratom"].discovered


def test_discovered_entity_in_extracted_mentions(extractor):
    from kgbuild.records import Document

    result = extractor.extract(Document("t.txt", "Kratom is used to treat zorbleflu."))
    assert {(m.subject, m.relation, m.object) for m in result.mentions} == {
        ("kratom", "claimedFor", "d-zorbleflu")
    }
