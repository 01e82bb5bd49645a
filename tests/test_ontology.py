"""`ontology/kgbuild.ttl` declares the contract, and agrees with the shapes, the writer and
`kgbuild.vocab`."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon.model import Entity
from kgbuild.records import ENTITY_TYPES, RELATIONS, Document, Level, Mention
from kgbuild.resources import ontology_file
from kgbuild.validate import validate_graph
from kgbuild.vocab import KG
from kgbuild.writers.turtle import write_turtle

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")  # rdflib's XSD warns under pytest
NS = str(KG._NS)


def parse(name: str) -> Graph:
    return Graph().parse(data=ontology_file(name).read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse("kgbuild.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse("shapes.ttl")


def kg_terms(g: Graph) -> set[URIRef]:
    return {t for t in g.all_nodes() if isinstance(t, URIRef) and str(t).startswith(NS)}


def vocab_terms() -> set[URIRef]:
    return {KG[name] for name in KG.__annotations__}


def test_parses_and_is_an_ontology(ontology):
    assert (URIRef("https://w3id.org/kgbuild/ontology"), RDF.type, OWL.Ontology) in ontology
    assert len(ontology) > 150


def test_declares_every_term_of_the_vocabulary_and_nothing_else(ontology):
    declared = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(NS)}
    assert declared == vocab_terms()
    assert kg_terms(ontology) <= vocab_terms()


def test_every_term_has_a_label_and_a_definition(ontology):
    for term in vocab_terms():
        assert len(list(ontology.objects(term, RDFS.label))) == 1, term
        definitions = list(ontology.objects(term, SKOS.definition))
        assert definitions and all(len(str(d)) > 15 for d in definitions), term


def test_classes_and_properties_are_typed(ontology):
    for t in ("Entity", *ENTITY_TYPES, "Claim", "Mention", "Document", "EvidenceLevel"):
        assert (KG[t], RDF.type, OWL.Class) in ontology, t
    assert (KG.Alkaloid, RDFS.subClassOf, KG.Compound) in ontology
    for relation in RELATIONS:
        assert (KG[relation], RDF.type, OWL.ObjectProperty) in ontology, relation
        assert ontology.value(KG[relation], RDFS.domain) is not None
        assert ontology.value(KG[relation], RDFS.range) is not None
    properties = [t for t in vocab_terms() if str(t)[len(NS)].islower() and t != KG.evidenceScheme]
    for prop in properties:
        kinds = set(ontology.objects(prop, RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, prop
        assert ontology.value(prop, RDFS.range) is not None, prop


def test_evidence_levels_match_the_code(ontology):
    assert (KG.evidenceScheme, RDF.type, SKOS.ConceptScheme) in ontology
    for level in Level:
        term = KG[level.term]
        assert (term, RDF.type, KG.EvidenceLevel) in ontology
        assert (term, SKOS.inScheme, KG.evidenceScheme) in ontology
        assert ontology.value(term, KG.rank).toPython() == int(level)
        assert str(ontology.value(term, RDFS.label)) == level.label


def test_loading_the_ontology_beside_a_graph_duplicates_no_label_or_rank(ontology, shipped_output):
    union = Graph()
    union.parse(shipped_output / "graph.ttl", format="turtle")
    for triple in ontology:
        union.add(triple)
    for level in Level:
        assert len(list(union.objects(KG[level.term], RDFS.label))) == 1
        assert len(list(union.objects(KG[level.term], KG.rank))) == 1


def test_shipped_graph_uses_declared_terms_with_declared_datatypes(ontology, shipped_output):
    graph = Graph().parse(shipped_output / "graph.ttl", format="turtle")
    used = kg_terms(graph)
    assert used <= vocab_terms(), used - vocab_terms()
    datatypes = defaultdict(set)
    for _, p, o in graph:
        if str(p).startswith(NS) and isinstance(o, Literal):
            datatypes[p].add(o.datatype or (RDF.langString if o.language else XSD_STRING))
    assert datatypes, "the shipped graph has literals"
    for prop, seen in datatypes.items():
        assert (prop, RDF.type, OWL.DatatypeProperty) in ontology, prop
        assert seen == {ontology.value(prop, RDFS.range)}, (prop, seen)


def test_shapes_use_only_declared_terms(shapes):
    assert kg_terms(shapes) <= vocab_terms(), kg_terms(shapes) - vocab_terms()
    targets = set(shapes.objects(None, SH.targetClass))
    assert {KG[t] for t in ENTITY_TYPES} | {
        KG.Claim,
        KG.Mention,
        KG.Document,
        KG.EvidenceLevel,
    } == targets


def test_shapes_pin_the_ranks_of_the_ontology(ontology, shapes):
    for level in Level:
        shape = next(shapes.subjects(SH.targetNode, KG[level.term]))
        prop = shapes.value(shape, SH.property)
        assert shapes.value(prop, SH.hasValue) == ontology.value(KG[level.term], KG.rank)


# Domains and ranges: the shapes accept a claim exactly when the ontology allows it.


def allowed_types(ontology: Graph, expression) -> set[str]:
    """Entity types a class expression admits: the class or union, and their subclasses."""
    union = ontology.value(expression, OWL.unionOf)
    classes = set(ontology.items(union)) if union is not None else {expression}
    return {
        t
        for t in ENTITY_TYPES
        if KG[t] in classes or ontology.value(KG[t], RDFS.subClassOf) in classes
    }


def single_claim_graph(path: Path, subject_type: str, relation: str, object_type: str) -> Path:
    entities = {
        "s": Entity("s", "subject thing", subject_type),
        "o": Entity("o", "object thing", object_type),
    }
    mention = Mention(
        "s",
        relation,
        "o",
        "doc.txt",
        "The subject thing does it.",
        0,
        26,
        subject_text="subject thing",
        object_text="object thing",
    )
    graph = new_graph()
    merge_document(graph, Document("doc.txt", "The subject thing does it."), [mention], entities)
    write_turtle(graph, path)
    return path


@pytest.mark.parametrize("relation", RELATIONS)
def test_shapes_enforce_the_domain_and_range_of(ontology, tmp_path, relation):
    domain = allowed_types(ontology, ontology.value(KG[relation], RDFS.domain))
    range_ = allowed_types(ontology, ontology.value(KG[relation], RDFS.range))
    assert domain and range_
    valid_subject, valid_object = sorted(domain)[0], sorted(range_)[0]
    wrong_subject = sorted(set(ENTITY_TYPES) - domain)[0]
    wrong_object = sorted(set(ENTITY_TYPES) - range_)[0]
    cases = [
        (valid_subject, valid_object, True),
        (wrong_subject, valid_object, False),
        (valid_subject, wrong_object, False),
    ]
    for i, (s, o, ok) in enumerate(cases):
        path = single_claim_graph(tmp_path / f"{i}.ttl", s, relation, o)
        report = validate_graph(path)
        assert report.conforms == ok, (s, relation, o, report.violations)
        if not ok:
            assert any("outside the domain or range" in v.message for v in report.violations)


def test_source_types_in_the_ontology_are_those_of_the_rules(ontology):
    from kgbuild.sources.types import load_source_type_rules
    from kgbuild.vocab import KGS

    declared = {
        str(t)[len(str(KGS)) :]: str(ontology.value(t, SKOS.definition))
        for t in ontology.subjects(RDF.type, KG.SourceType)
    }
    assert declared == load_source_type_rules().types
