"""The RDF of the contract from the merged networkx graph, as a stream of triples.

`triples(graph)` is the one definition of the mapping: it yields plain terms (an IRI is a `str`,
a literal a `Lit`) grouped by subject, without building any graph in memory. The Turtle writer
streams them to pyoxigraph's serialiser; `to_rdf` collects them into an rdflib Graph for callers
that want one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import networkx as nx
from rdflib import DCTERMS, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kgbuild.graph.ids import SOURCE_TYPE, claim_iri, document_iri, entity_iri, mention_iri
from kgbuild.records import Level, Mention
from kgbuild.vocab import KG, PREFIXES


class Lit(NamedTuple):
    """A literal: its lexical form and datatype IRI (None: a plain string)."""

    value: str
    datatype: str | None = None


Triple = tuple[str, str, "str | Lit"]

_KG = str(KG._NS)
TYPE, LABEL = str(RDF.type), str(RDFS.label)
ALT_LABEL, EXACT, BROADER, DEFINITION = (
    str(SKOS.altLabel),
    str(SKOS.exactMatch),
    str(SKOS.broader),
    str(SKOS.definition),
)
SUBJECT, PREDICATE, OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
INTEGER, BOOLEAN = str(XSD.integer), str(XSD.boolean)
LEVEL_TERMS = {level: _KG + level.term for level in Level}
RELATION_TERMS = {
    name: _KG + name for name in ("contains", "actsOn", "modulates", "claimedFor", "hasRisk")
}
BINDINGS = {
    **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
}


def kg(name: str) -> str:
    """A term of the closed kg: vocabulary (a misspelt name raises)."""
    return str(getattr(KG, name))


K = {
    name: kg(name)
    for name in (
        "EvidenceLevel",
        "rank",
        "Document",
        "path",
        "discovered",
        "Claim",
        "evidenceLevel",
        "mentionCount",
        "documentCount",
        "negated",
        "hedgedCount",
        "negatedCount",
        "mention",
        "Mention",
        "document",
        "sentence",
        "charStart",
        "charEnd",
        "hedged",
        "cue",
        "encoding",
        "page",
        "SourceType",
        "SourceTypeCount",
        "sourceType",
        "sourceTypeRule",
        "bySourceType",
        "retrieved",
        "discoveryPattern",
        "vocabularyVersion",
    )
}
CREATOR, CREATED = str(DCTERMS.creator), str(DCTERMS.created)
TITLE, ISSUED, PUBLISHER, LANGUAGE = (
    str(DCTERMS.title),
    str(DCTERMS.issued),
    str(DCTERMS.publisher),
    str(DCTERMS.language),
)
SCHEMA_URL = "http://schema.org/url"
ANY_URI, DATE_TIME = str(XSD.anyURI), str(XSD.dateTime)
DATE_TYPES = {10: str(XSD.date), 7: str(XSD.gYearMonth), 4: str(XSD.gYear)}  # by ISO length


def _int(value: int) -> Lit:
    return Lit(str(int(value)), INTEGER)


def _bool(value: bool) -> Lit:
    return Lit("true" if value else "false", BOOLEAN)


def evidence_scheme() -> Iterator[Triple]:
    """The evidence levels, so a query can rank levels without loading the ontology."""
    for level, term in LEVEL_TERMS.items():
        yield term, TYPE, K["EvidenceLevel"]
        yield term, LABEL, Lit(level.label)
        yield term, K["rank"], _int(int(level))


def source_type_scheme() -> Iterator[Triple]:
    """The kinds of source with their labels and definitions, so a query can name them."""
    from kgbuild.sources.types import load_source_type_rules

    for kind, description in sorted(load_source_type_rules().types.items()):
        term = SOURCE_TYPE + kind
        yield term, TYPE, K["SourceType"]
        yield term, LABEL, Lit(kind)
        yield term, DEFINITION, Lit(description)


def triples(graph: nx.MultiDiGraph) -> Iterator[Triple]:
    """The whole graph as RDF: levels, documents, entities, direct edges, claims, mentions."""
    yield from evidence_scheme()
    yield from source_type_scheme()
    for path, title in graph.graph.get("documents", {}).items():
        doc = document_iri(path)
        yield doc, TYPE, K["Document"]
        yield doc, K["path"], Lit(path)
        if title:
            yield doc, LABEL, Lit(title)
            yield doc, TITLE, Lit(title)
        yield from _document_info(doc, graph.graph.get("document_info", {}).get(path, {}))
    for node, data in graph.nodes(data=True):
        entity = entity_iri(node)
        yield entity, TYPE, kg(data["type"])
        yield entity, LABEL, Lit(data["label"])
        alt = set(data["synonyms"]) | set(data["abbreviations"]) | set(data["surface_forms"])
        for form in sorted(alt - {data["label"]}):
            yield entity, ALT_LABEL, Lit(form)
        for iri in data["xref_iris"]:
            yield entity, EXACT, iri
        if data.get("broader"):
            yield entity, BROADER, entity_iri(data["broader"])
        if data.get("definition"):
            yield entity, DEFINITION, Lit(data["definition"])
        if data.get("discovered"):
            yield entity, K["discovered"], _bool(True)
        if data.get("pattern"):
            yield entity, K["discoveryPattern"], Lit(data["pattern"])
        if data.get("source"):
            yield entity, K["vocabularyVersion"], Lit(data["source"])
        for _, obj, relation, edge in graph.out_edges(node, keys=True, data=True):
            if not edge["negated"]:
                yield entity, RELATION_TERMS[relation], entity_iri(obj)
    for subject, obj, relation, data in graph.edges(keys=True, data=True):
        claim = claim_iri(subject, relation, obj)
        yield claim, TYPE, K["Claim"]
        yield claim, SUBJECT, entity_iri(subject)
        yield claim, PREDICATE, RELATION_TERMS[relation]
        yield claim, OBJECT, entity_iri(obj)
        yield claim, K["evidenceLevel"], LEVEL_TERMS[data["level"]]
        yield claim, K["mentionCount"], _int(data["mention_count"])
        yield claim, K["documentCount"], _int(data["document_count"])
        yield claim, K["negated"], _bool(data["negated"])
        yield claim, K["hedgedCount"], _int(data["hedged_count"])
        yield claim, K["negatedCount"], _int(data["negated_count"])
        every = data["mentions"]
        spans = (
            every.spans()
            if hasattr(every, "spans")
            else ((m.doc, m.char_start, m.char_end) for m in every)
        )
        for doc, start, end in spans:
            yield claim, K["mention"], mention_iri(data["claim"], doc, start, end)
        for kind, (mentions, documents, negated, hedged) in data.get("by_source_type", {}).items():
            count = f"{claim}.{kind}"
            yield claim, K["bySourceType"], count
            yield count, TYPE, K["SourceTypeCount"]
            yield count, K["sourceType"], SOURCE_TYPE + kind
            yield count, K["mentionCount"], _int(mentions)
            yield count, K["documentCount"], _int(documents)
            yield count, K["negatedCount"], _int(negated)
            yield count, K["hedgedCount"], _int(hedged)
        for mention in every:
            node = mention_iri(data["claim"], mention.doc, mention.char_start, mention.char_end)
            yield from _mention(node, mention)


def _document_info(doc: str, info: dict[str, str]) -> Iterator[Triple]:
    """What a document's own file says of it: the encoding read, its author and date."""
    if info.get("encoding"):
        yield doc, K["encoding"], Lit(info["encoding"])
    if info.get("author"):
        yield doc, CREATOR, Lit(info["author"])
    date = info.get("date", "")
    if len(date) in DATE_TYPES:
        yield doc, CREATED, Lit(date, DATE_TYPES[len(date)])
    issued = info.get("issued", "")
    if len(issued) in DATE_TYPES:
        yield doc, ISSUED, Lit(issued, DATE_TYPES[len(issued)])
    if info.get("url"):
        yield doc, SCHEMA_URL, Lit(info["url"], ANY_URI)
    if info.get("site"):
        yield doc, PUBLISHER, Lit(info["site"])
    if info.get("language"):
        yield doc, LANGUAGE, Lit(info["language"])
    if info.get("retrieved"):
        yield doc, K["retrieved"], Lit(info["retrieved"], DATE_TIME)
    yield doc, K["sourceType"], SOURCE_TYPE + info.get("source_type", "unknown")
    yield doc, K["sourceTypeRule"], Lit(info.get("source_type_rule", "none"))


def _mention(node: str, mention: Mention) -> Iterator[Triple]:
    yield node, TYPE, K["Mention"]
    yield node, K["document"], document_iri(mention.doc)
    yield node, K["sentence"], Lit(mention.sentence)
    yield node, K["charStart"], _int(mention.char_start)
    yield node, K["charEnd"], _int(mention.char_end)
    yield node, K["evidenceLevel"], LEVEL_TERMS[mention.level]
    yield node, K["hedged"], _bool(mention.hedged)
    yield node, K["negated"], _bool(mention.negated)
    if mention.cue_text:
        yield node, K["cue"], Lit(mention.cue_text)
    if mention.page is not None:
        yield node, K["page"], _int(mention.page)


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    """The triples of `graph` collected into an rdflib Graph (prefixes bound)."""
    rdf = Graph(bind_namespaces="none")
    for prefix, namespace in BINDINGS.items():
        rdf.bind(prefix, namespace)
    for s, p, o in triples(graph):
        if isinstance(o, Lit):
            term = Literal(o.value, datatype=URIRef(o.datatype) if o.datatype else None)
        else:
            term = URIRef(o)
        rdf.add((URIRef(s), URIRef(p), term))
    return rdf
