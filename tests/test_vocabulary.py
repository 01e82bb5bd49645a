"""Issue 9, kinds 1-3: the HPO vocabulary, open-vocabulary targets and derived words.

Every sentence here is written for this file, in several styles (fact sheet, shop page, forum
post, abstract, list). Claims are asserted exactly: (subject, relation, object label).
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal

from kgbuild.extract import Extractor
from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon import Entity, Lexicon, LexiconError
from kgbuild.lexicon.hpo import (
    hpo_entities,
    load_rules,
    merge_vocabulary,
    obo_path,
    parse_obo,
)
from kgbuild.nlp.derived import load_derived_forms, resolve
from kgbuild.records import Document
from kgbuild.resources import ontology_dir
from kgbuild.validate import validate_graph
from kgbuild.vocab import KG
from kgbuild.writers.rdf import to_rdf


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


@pytest.fixture(scope="module")
def ontology():
    return parse_obo(obo_path(load_rules()).read_text(encoding="utf-8"))


def claims(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    mentions = extractor.extract(Document("t.txt", text)).mentions
    entities = extractor.entities
    return {(m.subject, m.relation, entities[m.object].label) for m in mentions}


def hp_of(ontology, name: str) -> str:
    """The HP id of the term with this label, looked up in the installed file."""
    return next(
        t.id
        for t in ontology.terms.values()
        if name in {t.name.lower(), *(text.lower() for text, scope, _ in t.synonyms)}
    )


# --- the HPO vocabulary ---------------------------------------------------------------------------


def test_the_obo_file_has_a_version_and_terms(ontology):
    assert ontology.version.startswith("hp/releases/")
    assert len(ontology.terms) > 10_000


def test_hpo_entities_carry_the_identifier_of_the_file(extractor, ontology):
    lexicon = extractor.lexicon
    for name in ("blurred vision", "urinary retention", "eczema", "gout"):
        hp = hp_of(ontology, name)
        found = [e for e in lexicon if ("hp", hp) in e.xrefs]
        assert len(found) == 1, name
        assert found[0].id == "hp-" + hp.split(":")[1]
        assert found[0].source == f"HP {ontology.version}"
        assert found[0].type in ("Condition", "Risk")


def test_hand_entities_keep_their_ids_and_gain_the_hp_xref(extractor, ontology):
    lexicon = extractor.lexicon
    nausea = lexicon["nausea"]
    assert ("hp", hp_of(ontology, "nausea")) in nausea.xrefs
    assert not any(e.id.startswith("hp-") and e.label == "nausea" for e in lexicon)
    # every hand entity is still there under its own id
    from kgbuild.lexicon import load_lexicon

    assert set(load_lexicon().entities) <= set(lexicon.entities)


def test_filter_rules_drop_generic_and_structural_terms(extractor):
    labels = {e.label.lower() for e in extractor.lexicon if e.id.startswith("hp-")}
    assert not any(label.startswith(("abnormality", "abnormal ")) for label in labels)
    assert not {"death", "tall stature", "mild", "short stature"} & labels
    assert all(len(label) >= load_rules().min_length for label in labels)
    assert len(labels) > 5_000


def test_rules_are_validated(tmp_path):
    good = json.loads(
        ontology_dir().joinpath("vocabularies", "hpo.json").read_text(encoding="utf-8")
    )
    for change, message in (
        ({"branches": ["HP:12"]}, "malformed HP"),
        ({"default_type": "Substance"}, "Condition or Risk"),
        ({"surprise": 1}, "unknown keys"),
        ({"min_length": "4"}, "'min_length' must be a int"),
    ):
        path = tmp_path / "hpo.json"
        path.write_text(json.dumps({**good, **change}), encoding="utf-8")
        with pytest.raises(LexiconError, match=message):
            load_rules(path)


def test_parse_obo_reads_synonyms_parents_and_obsolete_terms():
    text = "\n".join(
        [
            "format-version: 1.2",
            "data-version: hp/releases/2099-01-01",
            "",
            "[Term]",
            "id: HP:0000118",
            "name: Phenotypic abnormality",
            "",
            "[Term]",
            "id: HP:0000001",
            "name: Tummy rumble",
            'synonym: "Stomach growling" EXACT layperson []',
            'synonym: "TR" EXACT abbreviation []',
            'synonym: "Noisy gut" RELATED []',
            "is_a: HP:0000118 ! Phenotypic abnormality",
            "",
            "[Term]",
            "id: HP:0000002",
            "name: Old thing",
            "is_obsolete: true",
            "is_a: HP:0000118",
        ]
    )
    ontology = parse_obo(text)
    assert ontology.version == "hp/releases/2099-01-01"
    entities = hpo_entities(ontology, load_rules())
    assert [(e.id, e.label, e.synonyms, e.xrefs) for e in entities] == [
        ("hp-0000001", "tummy rumble", ("Stomach growling",), (("hp", "HP:0000001"),))
    ]
    with pytest.raises(LexiconError, match="data-version"):
        parse_obo("[Term]\nid: HP:0000001\n")


def test_merge_adds_xrefs_to_a_named_entity_and_keeps_neighbours_apart():
    hand = Lexicon()
    hand.add(Entity("tummy-ache", "tummy ache", "Condition", synonyms=("belly pain",)))
    ache = (("hp", "HP:0000001"),)
    cramp = (("hp", "HP:0000002"),)
    vocabulary = [
        Entity("hp-0000001", "tummy ache", "Risk", ("stomach ache",), xrefs=ache, source="HP v1"),
        Entity("hp-0000002", "gut cramp", "Risk", ("belly pain", "gut spasm"), xrefs=cramp),
    ]
    merged = merge_vocabulary(hand, vocabulary)
    ache = merged["tummy-ache"]
    assert ache.type == "Condition" and ache.xrefs == (("hp", "HP:0000001"),)
    assert "stomach ache" in ache.synonyms and "hp-0000001" not in merged
    cramp = merged["hp-0000002"]
    assert cramp.synonyms == ("gut spasm",)  # "belly pain" stays with the hand entity
    assert len(hand) == 1  # the hand lexicon itself is not modified


def test_vocabulary_version_and_discovery_pattern_reach_the_graph(extractor, tmp_path):
    text = (
        "Valerian may cause blurred vision. "
        "Kava blocks the histamine H1 and H2 receptors, according to one vendor."
    )
    document = Document("t.txt", text)
    graph = new_graph()
    merge_document(graph, document, extractor.extract(document).mentions, extractor.entities)
    rdf: Graph = to_rdf(graph)
    versions = {str(o) for o in rdf.objects(None, KG.vocabularyVersion)}
    assert len(versions) == 1 and versions.pop().startswith("HP hp/releases/")
    assert Literal("receptor-coordination") in set(rdf.objects(None, KG.discoveryPattern))
    path = tmp_path / "graph.ttl"
    rdf.serialize(path, format="turtle")
    assert validate_graph(path).violations == []


# --- vocabulary in sentences ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Side effects of valerian can include blurred vision, palpitations and hair loss.",
            {
                ("valerian", "hasRisk", "side effects"),
                ("valerian", "hasRisk", "blurred vision"),
                ("valerian", "hasRisk", "heart palpitations"),
                ("valerian", "hasRisk", "alopecia"),
            },
        ),
        (
            "In folk medicine, ginger was used for motion sickness, eczema and gout.",
            {
                ("ginger", "claimedFor", "motion sickness"),
                ("ginger", "claimedFor", "eczematoid dermatitis"),
                ("ginger", "claimedFor", "gout"),
            },
        ),
        (
            "- Kratom\n- Possible adverse effects: urinary retention, tremor.",
            {
                ("kratom", "hasRisk", "side effects"),
                ("kratom", "hasRisk", "urinary retention"),
                ("kratom", "hasRisk", "trembling"),
            },
        ),
        ("My uncle is of tall stature and loves kava.", set()),
        ("Kava growers in the South are of short stature, a blogger noted.", set()),
    ],
)
def test_hpo_vocabulary_in_claims(extractor, text, expected):
    assert claims(extractor, text) == expected


# --- derived words --------------------------------------------------------------------------------


def test_every_derived_form_line_resolves_in_the_full_lexicon(extractor):
    table = load_derived_forms()
    assert len(table) >= 15
    unresolved = [line.names for line in table if resolve(line.names, extractor.lexicon) is None]
    assert unresolved == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feverfew is sometimes taken as an analgesic.", {("feverfew", "claimedFor", "pain")}),
        (
            "Chamomile tea has mild anxiolytic effects, reviewers say.",
            {("chamomile", "claimedFor", "anxiety")},
        ),
        ("Saffron: a natural antidepressant?", {("saffron", "claimedFor", "depression")}),
        ("ginger is a well known antiemetic", {("ginger", "claimedFor", "nausea")}),
        (
            "White willow bark has anti-inflammatory and antipyretic properties.",
            {
                ("white-willow-bark", "claimedFor", "inflammation"),
                ("white-willow-bark", "claimedFor", "fever"),
            },
        ),
        (
            "Its anxiolytic and hepatotoxic properties make kava a puzzle.",
            {("kava", "claimedFor", "anxiety"), ("kava", "hasRisk", "liver toxicity")},
        ),
        (
            "Damiana has long been sold as an aphrodisiac.",
            {("damiana", "claimedFor", "low libido")},
        ),
        ("Passionflower works as a mild sleep aid.", {("passionflower", "claimedFor", "insomnia")}),
    ],
)
def test_derived_words_name_their_condition(extractor, text, expected):
    assert claims(extractor, text) == expected


def test_a_plural_drug_class_is_not_a_derived_claim(extractor):
    found = claims(extractor, "Do not combine St John's wort with antidepressants.")
    assert not any(obj == "depression" and rel == "claimedFor" for _, rel, obj in found)


# --- open-vocabulary targets ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kava blocks the histamine H1 and H2 receptors.",
            {
                ("kava", "actsOn", "histamine H1 receptor"),
                ("kava", "actsOn", "histamine H2 receptor"),
            },
        ),
        (
            "Mitragynine is an antagonist at δ- and κ-opioid receptors.",
            {
                ("mitragynine", "actsOn", "delta-opioid receptor"),
                ("mitragynine", "actsOn", "kappa-opioid receptor"),
            },
        ),
        (
            "Kavain inhibits voltage-gated sodium and calcium channels.",
            {
                ("kavain", "actsOn", "voltage-gated sodium channel"),
                ("kavain", "actsOn", "voltage-gated calcium channel"),
            },
        ),
        (
            "Kavalactones modulate GABAA, dopamine and CB1 receptors.",
            {
                ("kavalactones", "actsOn", "GABA-A receptor"),
                ("kavalactones", "actsOn", "dopamine receptor"),
                ("kavalactones", "actsOn", "CB1 receptor"),
            },
        ),
        (
            "Salvinorin A is a potent kappa agonist.",
            {("salvinorin-a", "actsOn", "kappa-opioid receptor")},
        ),
        (
            "Caffeine blocks the action of adenosine on its receptors.",
            {("caffeine", "actsOn", "adenosine receptor"), ("caffeine", "modulates", "adenosine")},
        ),
        (
            "Blue lotus is said to be an agonist of GPR55.",
            {("blue-lotus", "actsOn", "GPR55 receptor")},
        ),
        (
            "Kratom binds AMPA receptors and sigma-1 receptors.",
            {("kratom", "actsOn", "AMPA receptor"), ("kratom", "actsOn", "sigma-1 receptor")},
        ),
        ("Mitragynine and 7-hydroxymitragynine both reach the brain.", set()),
    ],
)
def test_targets_named_by_coordination_and_agonist_wording(extractor, text, expected):
    assert claims(extractor, text) == expected


def test_discovered_targets_record_their_pattern(extractor):
    extractor.extract(Document("t.txt", "Kava is said to be an agonist of GPR119."))
    found = [e for e in extractor.discoverer.found.values() if e.label == "GPR119 receptor"]
    assert found and found[0].discovered and found[0].pattern == "agonist-of"


# --- open-vocabulary lists the page itself introduces ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Yohimbe bark is sold online. Side effects may include flibbertigibbets and shivers.",
            {
                ("yohimbe", "hasRisk", "side effects"),
                ("yohimbe", "hasRisk", "flibbertigibbet"),
                ("yohimbe", "hasRisk", "shiver"),
            },
        ),
        (
            "Kanna has been promoted for zorbleflu and grimbles.",
            {("kanna", "claimedFor", "zorbleflu"), ("kanna", "claimedFor", "grimble")},
        ),
        (
            "Akuamma withdrawal symptoms may include gloomps, runny nose and the shakes.",
            {
                ("akuamma", "hasRisk", "withdrawal symptoms"),
                ("akuamma", "hasRisk", "gloomp"),
                ("akuamma", "hasRisk", "rhinorrhea"),
                ("akuamma", "hasRisk", "shake"),
            },
        ),
    ],
)
def test_lists_the_page_introduces(extractor, text, expected):
    assert claims(extractor, text) == expected


def test_derived_word_after_a_negating_prefix_is_no_claim(extractor):
    assert claims(extractor, "Passionflower is a non-hypnotic herb.") == set()


def test_discovered_list_items_record_their_pattern(extractor):
    extractor.extract(Document("t.txt", "Kava can cause plonkitis."))
    (found,) = [e for e in extractor.discoverer.found.values() if e.label == "plonkitis"]
    assert found.pattern == "risk-list" and found.type == "Risk"


# --- subjects the page defines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mugwort is a perennial flowering plant native to Europe. In folk medicine it was "
            "used for menstrual cramps. Mugwort may cause allergic reactions.",
            {
                ("d-mugwort", "claimedFor", "menstrual cramps"),
                ("d-mugwort", "hasRisk", "allergic reactions"),
            },
        ),
        (
            "Wood betony (Stachys officinalis) is sold for headaches. "
            "Stachys officinalis can cause nausea.",
            {
                ("d-wood-betony", "claimedFor", "headache"),
                ("d-wood-betony", "hasRisk", "nausea"),
            },
        ),
        (
            "Zylomine is an indole alkaloid. Zylomine binds to mu-opioid receptors.",
            {("d-zylomine", "actsOn", "mu-opioid receptor")},
        ),
        ("Exercise is a good remedy. It is a plant. Anxiety is a common condition.", set()),
    ],
)
def test_subjects_the_page_defines(extractor, text, expected):
    assert claims(extractor, text) == expected


def test_defined_subjects_record_their_pattern(extractor):
    extractor.extract(Document("t.txt", "Quillweed is a bitter herb."))
    entity = extractor.discoverer.found["quillweed"]
    assert (entity.type, entity.pattern, entity.discovered) == (
        "Substance",
        "defined-substance",
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Heavy use of kava can cause liver and kidney damage.",
            {("kava", "hasRisk", "liver toxicity"), ("kava", "hasRisk", "kidney damage")},
        ),
        (
            "Users of kratom describe psychiatric, cardiovascular and respiratory problems.",
            {
                ("kratom", "hasRisk", "psychiatric problems"),
                ("kratom", "hasRisk", "cardiovascular problems"),
                ("kratom", "hasRisk", "respiratory problems"),
            },
        ),
        ("Kava, kratom and valerian problems are discussed in the forum.", set()),
    ],
)
def test_coordinated_modifiers_share_their_head(extractor, text, expected):
    assert claims(extractor, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Boil the kava root for ten minutes, then add corn syrup.",
        "A plethora of kratom vendors appeared; buyers were in shock.",
        "The kava plant has a mole-like root, says the grower.",
    ],
)
def test_ordinary_words_from_the_vocabulary_are_blocked(extractor, text):
    doc = extractor.nlp(text)
    found = {s.kb_id_ for s in extractor.entity_matcher.spans(doc)}
    assert not any(entity_id.startswith("hp-") for entity_id in found), found


def test_a_vocabulary_term_is_typed_by_its_only_role(extractor, tmp_path):
    text = "Kava may cause blurred vision. Ginger is used for gout."
    document = Document("t.txt", text)
    graph = new_graph()
    merge_document(graph, document, extractor.extract(document).mentions, extractor.entities)
    types = {graph.nodes[n]["label"]: graph.nodes[n]["type"] for n in graph if n.startswith("hp-")}
    assert types == {"blurred vision": "Risk", "gout": "Condition"}
    path = tmp_path / "graph.ttl"
    to_rdf(graph).serialize(path, format="turtle")
    assert validate_graph(path).violations == []
