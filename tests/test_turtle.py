"""The Turtle export: parsed back, the contract's queries answered, deterministic."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgbuild.graph.ids import entity_iri
from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon.model import Entity
from kgbuild.records import Document, Level, Mention
from kgbuild.vocab import KG
from kgbuild.writers.rdf import to_rdf
from kgbuild.writers.turtle import turtle_bytes

PREFIXES = """PREFIX kg: <https://w3id.org/kgbuild/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def shipped(shipped_output) -> Graph:
    graph = Graph()
    graph.parse(shipped_output / "graph.ttl", format="turtle")
    return graph


def test_contract_example_query_finds_kratom_for_anxiety(shipped):
    rows = shipped.query(
        PREFIXES + 'SELECT ?x WHERE { ?x kg:claimedFor ?c . ?c rdfs:label "anxiety" }'
    )
    labels = {str(shipped.value(row.x, RDFS.label)) for row in rows}
    assert "kratom" in labels


def test_same_query_on_a_real_store(shipped_output):
    store = pyoxigraph.Store()
    with open(shipped_output / "graph.ttl", "rb") as handle:
        store.bulk_load(handle, pyoxigraph.RdfFormat.TURTLE)
    rows = list(
        store.query(
            PREFIXES
            + 'SELECT ?l WHERE { ?x kg:claimedFor ?c . ?c rdfs:label "anxiety" . ?x rdfs:label ?l }'
        )
    )
    assert "kratom" in {row["l"].value for row in rows}


def test_every_claim_has_the_contract_shape(shipped):
    claims = set(shipped.subjects(RDF.type, KG.Claim))
    assert claims
    for claim in claims:
        for prop in (
            RDF.subject,
            RDF.predicate,
            RDF.object,
            KG.evidenceLevel,
            KG.mentionCount,
            KG.documentCount,
            KG.negated,
        ):
            assert len(list(shipped.objects(claim, prop))) == 1, (claim, prop)
        mentions = list(shipped.objects(claim, KG.mention))
        assert len(mentions) == shipped.value(claim, KG.mentionCount).toPython()
        documents = {shipped.value(m, KG.document) for m in mentions}
        assert len(documents) == shipped.value(claim, KG.documentCount).toPython()
        levels = [
            shipped.value(m, KG.evidenceLevel)
            for m in mentions
            if not shipped.value(m, KG.negated).toPython()
        ]
        rank = {
            shipped.value(level, KG.rank).toPython(): level
            for level in shipped.subjects(RDF.type, KG.EvidenceLevel)
        }
        if levels:
            strongest = max(shipped.value(level, KG.rank).toPython() for level in levels)
            assert shipped.value(claim, KG.evidenceLevel) == rank[strongest]


def test_direct_edges_exactly_for_non_negated_claims(shipped):
    for claim in shipped.subjects(RDF.type, KG.Claim):
        s, p, o = (shipped.value(claim, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert ((s, p, o) in shipped) == (not shipped.value(claim, KG.negated).toPython())


def test_mentions_carry_provenance_and_offsets(shipped, shipped_output):
    from tests.conftest import CORPUS

    texts = {p.name: p.read_text(encoding="utf-8") for p in CORPUS.iterdir()}
    for mention in shipped.subjects(RDF.type, KG.Mention):
        path = str(shipped.value(shipped.value(mention, KG.document), KG.path))
        start = shipped.value(mention, KG.charStart).toPython()
        end = shipped.value(mention, KG.charEnd).toPython()
        assert texts[path][start:end] == str(shipped.value(mention, KG.sentence))


def test_entities_have_one_label_and_type(shipped):
    kratom = URIRef(entity_iri("kratom"))
    assert list(shipped.objects(kratom, RDFS.label)) == [Literal("kratom")]
    assert (kratom, RDF.type, KG.Substance) in shipped
    alt = {
        str(x)
        for x in shipped.objects(kratom, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
    }
    assert "Mitragyna speciosa" in alt


def _tiny_graph(order: list[int]):
    entities = {
        "kava": Entity("kava", "kava", "Substance", synonyms=("Piper methysticum",)),
        "anxiety": Entity("anxiety", "anxiety", "Condition"),
        "liver-toxicity": Entity("liver-toxicity", "liver toxicity", "Risk"),
    }
    mentions = [
        Mention(
            "kava", "claimedFor", "anxiety", "a.txt", "Kava eases anxiety.", 0, 19, Level.CLINICAL
        ),
        Mention(
            "kava",
            "claimedFor",
            "anxiety",
            "b.txt",
            "No evidence kava eases anxiety.",
            5,
            36,
            Level.RESEARCH,
            negated=True,
        ),
        Mention("kava", "hasRisk", "liver-toxicity", "b.txt", "Kava harms the liver.", 40, 61),
    ]
    graph = new_graph()
    for index in order:
        m = mentions[index]
        merge_document(graph, Document(m.doc, ""), [m], entities)
    return graph


def test_merge_order_does_not_change_the_rdf():
    first, second = to_rdf(_tiny_graph([0, 1, 2])), to_rdf(_tiny_graph([2, 1, 0]))
    assert isomorphic(first, second)
    assert turtle_bytes(_tiny_graph([0, 1, 2])) == turtle_bytes(_tiny_graph([0, 1, 2]))


def test_claim_level_ignores_negated_mentions_and_negated_needs_all():
    graph = _tiny_graph([0, 1, 2])
    edge = graph.edges["kava", "anxiety", "claimedFor"]
    assert edge["level"] == Level.CLINICAL and edge["negated"] is False
    assert edge["mention_count"] == 2 and edge["document_count"] == 2 and edge["negated_count"] == 1
    rdf = to_rdf(graph)
    kava, anxiety = URIRef(entity_iri("kava")), URIRef(entity_iri("anxiety"))
    assert (kava, KG.claimedFor, anxiety) in rdf


def test_all_negated_claim_has_no_direct_edge():
    entities = {
        "kava": Entity("kava", "kava", "Substance"),
        "depression": Entity("depression", "depression", "Condition"),
    }
    graph = new_graph()
    merge_document(
        graph,
        Document("a.txt", ""),
        [
            Mention(
                "kava",
                "claimedFor",
                "depression",
                "a.txt",
                "Kava does not treat depression.",
                0,
                31,
                Level.CLINICAL,
                negated=True,
            )
        ],
        entities,
    )
    rdf = to_rdf(graph)
    assert (URIRef(entity_iri("kava")), KG.claimedFor, URIRef(entity_iri("depression"))) not in rdf
    claim = next(rdf.subjects(RDF.type, KG.Claim))
    assert rdf.value(claim, KG.negated).toPython() is True
    assert rdf.value(claim, KG.evidenceLevel) == KG.Clinical


def test_same_sentence_mentions_fold_into_one():
    entities = {
        "kava": Entity("kava", "kava", "Substance"),
        "anxiety": Entity("anxiety", "anxiety", "Condition"),
    }
    graph = new_graph()
    merge_document(
        graph,
        Document("a.txt", ""),
        [
            Mention(
                "kava", "claimedFor", "anxiety", "a.txt", "s", 0, 10, Level.UNSTATED, hedged=True
            ),
            Mention(
                "kava", "claimedFor", "anxiety", "a.txt", "s", 0, 10, Level.RESEARCH, hedged=False
            ),
        ],
        entities,
    )
    edge = graph.edges["kava", "anxiety", "claimedFor"]
    assert edge["mention_count"] == 1
    assert edge["mentions"][0].level == Level.RESEARCH and edge["mentions"][0].hedged is False
