"""Build the RDF graph of the contract from the merged networkx graph."""

from __future__ import annotations

import networkx as nx
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kgbuild.graph.ids import claim_iri, document_iri, entity_iri, mention_iri
from kgbuild.records import Level, Mention
from kgbuild.vocab import KG, PREFIXES

LEVEL_TERMS = {level: KG[level.term] for level in Level}
RELATION_TERMS = {
    name: KG[name] for name in ("contains", "actsOn", "modulates", "claimedFor", "hasRisk")
}


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _bool(value: bool) -> Literal:
    return Literal(value, datatype=XSD.boolean)


def add_evidence_scheme(rdf: Graph) -> None:
    """The evidence levels, so a query can rank levels without loading the ontology."""
    for level, term in LEVEL_TERMS.items():
        rdf.add((term, RDF.type, KG.EvidenceLevel))
        rdf.add((term, RDFS.label, Literal(level.label)))
        rdf.add((term, KG.rank, _int(int(level))))


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    """The whole graph as RDF: entities, direct edges, claims, mentions, documents, levels."""
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in {
        **PREFIXES,
        "rdf": RDF,
        "rdfs": RDFS,
        "skos": SKOS,
        "xsd": XSD,
    }.items():
        rdf.bind(prefix, namespace)
    add_evidence_scheme(rdf)
    for path, title in graph.graph.get("documents", {}).items():
        doc = URIRef(document_iri(path))
        rdf.add((doc, RDF.type, KG.Document))
        rdf.add((doc, KG.path, Literal(path)))
        if title:
            rdf.add((doc, RDFS.label, Literal(title)))
    for node, data in graph.nodes(data=True):
        entity = URIRef(entity_iri(node))
        rdf.add((entity, RDF.type, KG[data["type"]]))
        rdf.add((entity, RDFS.label, Literal(data["label"])))
        alt = set(data["synonyms"]) | set(data["abbreviations"]) | set(data["surface_forms"])
        for form in sorted(alt - {data["label"]}):
            rdf.add((entity, SKOS.altLabel, Literal(form)))
        for iri in data["xref_iris"]:
            rdf.add((entity, SKOS.exactMatch, URIRef(iri)))
        if data.get("broader"):
            rdf.add((entity, SKOS.broader, URIRef(entity_iri(data["broader"]))))
        if data.get("definition"):
            rdf.add((entity, SKOS.definition, Literal(data["definition"])))
        if data.get("discovered"):
            rdf.add((entity, KG.discovered, _bool(True)))
        if data.get("pattern"):
            rdf.add((entity, KG.discoveryPattern, Literal(data["pattern"])))
        if data.get("source"):
            rdf.add((entity, KG.vocabularyVersion, Literal(data["source"])))
    for subject, obj, relation, data in graph.edges(keys=True, data=True):
        s, o, predicate = (
            URIRef(entity_iri(subject)),
            URIRef(entity_iri(obj)),
            RELATION_TERMS[relation],
        )
        if not data["negated"]:
            rdf.add((s, predicate, o))
        claim = URIRef(claim_iri(subject, relation, obj))
        rdf.add((claim, RDF.type, KG.Claim))
        rdf.add((claim, RDF.subject, s))
        rdf.add((claim, RDF.predicate, predicate))
        rdf.add((claim, RDF.object, o))
        rdf.add((claim, KG.evidenceLevel, LEVEL_TERMS[data["level"]]))
        rdf.add((claim, KG.mentionCount, _int(data["mention_count"])))
        rdf.add((claim, KG.documentCount, _int(data["document_count"])))
        rdf.add((claim, KG.negated, _bool(data["negated"])))
        rdf.add((claim, KG.hedgedCount, _int(data["hedged_count"])))
        rdf.add((claim, KG.negatedCount, _int(data["negated_count"])))
        for mention in data["mentions"]:
            _add_mention(rdf, claim, data["claim"], mention)
    return rdf


def _add_mention(rdf: Graph, claim: URIRef, key: str, mention: Mention) -> None:
    node = URIRef(mention_iri(key, mention.doc, mention.char_start, mention.char_end))
    rdf.add((claim, KG.mention, node))
    rdf.add((node, RDF.type, KG.Mention))
    rdf.add((node, KG.document, URIRef(document_iri(mention.doc))))
    rdf.add((node, KG.sentence, Literal(mention.sentence)))
    rdf.add((node, KG.charStart, _int(mention.char_start)))
    rdf.add((node, KG.charEnd, _int(mention.char_end)))
    rdf.add((node, KG.evidenceLevel, LEVEL_TERMS[mention.level]))
    rdf.add((node, KG.hedged, _bool(mention.hedged)))
    rdf.add((node, KG.negated, _bool(mention.negated)))
    if mention.cue_text:
        rdf.add((node, KG.cue, Literal(mention.cue_text)))
