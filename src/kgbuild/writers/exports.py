"""Exports other tools read, made from the exported Turtle: JSON-LD, N-Triples, GraphML, KGX TSV.

* JSON-LD (compacted with the graph's prefixes) and N-Triples (one triple per line, sorted) hold
  exactly the triples of the Turtle file.
* GraphML (Gephi, Cytoscape) and KGX TSV (Biolink tools) hold the simple graph: one node per
  entity, one edge per claim with its evidence summary. Mentions stay in the RDF exports.
  The KGX predicates and categories are the `skos:closeMatch` links of `ontology/kgbuild.ttl`
  (see `ontology/biolink-mapping.md`).

Every file is written atomically; names are fixed by `EXPORT_FILES`.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SKOS

from kgbuild.graph.ids import CLAIM, ENTITY
from kgbuild.records import ENTITY_TYPES, RELATIONS
from kgbuild.resources import ontology_file
from kgbuild.sparql.engine import QUERY_PREFIXES
from kgbuild.vocab import KG
from kgbuild.writers.atomic import atomic_open, atomic_write_bytes, atomic_write_text
from kgbuild.writers.spreadsheet import safe_cells

EXPORT_FORMATS: tuple[str, ...] = ("jsonld", "nt", "graphml", "kgx")
EXPORT_FILES: dict[str, tuple[str, ...]] = {
    "jsonld": ("graph.jsonld",),
    "nt": ("graph.nt",),
    "graphml": ("graph.graphml",),
    "kgx": ("nodes.tsv", "edges.tsv"),
}
SEP = "|"  # KGX separator of multi-valued fields; also used inside GraphML attributes
_UNIT = "\x1f"  # GROUP_CONCAT separator that never occurs in the data

# Biolink's prefixes for the identifier schemes the lexicon links to (skos:exactMatch).
XREF_CURIES: dict[str, str] = {
    "http://purl.obolibrary.org/obo/CHEBI_": "CHEBI:",
    "http://purl.obolibrary.org/obo/MONDO_": "MONDO:",
    "http://purl.obolibrary.org/obo/HP_": "HP:",
    "http://www.wikidata.org/entity/": "WIKIDATA:",
    "http://id.nlm.nih.gov/mesh/": "MESH:",
    "https://identifiers.org/hgnc:": "HGNC:",
    "https://pubchem.ncbi.nlm.nih.gov/compound/": "PUBCHEM.COMPOUND:",
    "https://precision.fda.gov/uniisearch/srs/unii/": "UNII:",
    "https://www.guidetopharmacology.org/GRAC/ObjectDisplayForward?objectId=": "GTOPDB:",
}
NODE_COLUMNS = (
    "id",
    "category",
    "name",
    "synonym",
    "xref",
    "description",
    "iri",
    "kg_type",
    "kg_discovered",
)
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "original_predicate",
    "negated",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "kg_evidence_level",
    "kg_mention_count",
    "kg_document_count",
    "kg_hedged_count",
    "kg_negated_count",
    "kg_documents",
)

_ENTITIES = f"""
SELECT ?e ?type ?label ?definition ?broader ?discovered
       (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="{_UNIT}") AS ?alts)
       (GROUP_CONCAT(DISTINCT STR(?match); SEPARATOR="{_UNIT}") AS ?matches)
WHERE {{
  ?e a ?type ; rdfs:label ?label .
  FILTER (?type IN ({", ".join(f"kg:{t}" for t in ENTITY_TYPES)}))
  OPTIONAL {{ ?e skos:definition ?definition }}
  OPTIONAL {{ ?e skos:broader ?broader }}
  OPTIONAL {{ ?e kg:discovered ?discovered }}
  OPTIONAL {{ ?e skos:altLabel ?alt }}
  OPTIONAL {{ ?e skos:exactMatch ?match }}
}}
GROUP BY ?e ?type ?label ?definition ?broader ?discovered
ORDER BY ?e
"""
_CLAIMS = f"""
SELECT ?claim ?s ?p ?o ?evidence ?mentions ?documents ?negated ?hedged ?denied
       (GROUP_CONCAT(DISTINCT ?path; SEPARATOR="{_UNIT}") AS ?paths)
WHERE {{
  ?claim a kg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         kg:evidenceLevel/rdfs:label ?evidence ; kg:mentionCount ?mentions ;
         kg:documentCount ?documents ; kg:negated ?negated .
  OPTIONAL {{ ?claim kg:hedgedCount ?hedged }}
  OPTIONAL {{ ?claim kg:negatedCount ?denied }}
  OPTIONAL {{ ?claim kg:mention/kg:document/kg:path ?path }}
}}
GROUP BY ?claim ?s ?p ?o ?evidence ?mentions ?documents ?negated ?hedged ?denied
ORDER BY ?claim
"""


def export_graph(
    store: ox.Store, formats: list[str], output: Path, plain: bool = False
) -> list[Path]:
    """Write `formats` (from EXPORT_FORMATS) of the graph in `store` into `output`.

    KGX TSV cells that a spreadsheet would run as formulas are neutralised unless `plain`; the
    files carry no BOM, since KGX tools read them as plain UTF-8.
    """
    written: list[Path] = []
    simple = to_networkx(store) if {"graphml", "kgx"} & set(formats) else None
    for fmt in formats:
        paths = [output / name for name in EXPORT_FILES[fmt]]
        if fmt == "jsonld":
            atomic_write_text(paths[0], jsonld_text(store))
        elif fmt == "nt":
            atomic_write_bytes(paths[0], ntriples_bytes(store))
        elif fmt == "graphml":
            with atomic_open(paths[0], "wb") as handle:
                nx.write_graphml(simple, handle, named_key_ids=True)
        else:
            write_kgx(simple, paths[0], paths[1], plain=plain)
        written.extend(paths)
    return written


def ntriples_bytes(store: ox.Store) -> bytes:
    """The graph as N-Triples, one triple per line, sorted (the same graph, the same bytes)."""
    data = ox.serialize((quad.triple for quad in store), format=ox.RdfFormat.N_TRIPLES) or b""
    return b"".join(sorted(data.splitlines(keepends=True)))


def jsonld_text(store: ox.Store) -> str:
    """The graph as JSON-LD, compacted with the graph's prefixes; nodes sorted by @id."""
    graph = Graph(bind_namespaces="none")
    graph.parse(data=ntriples_bytes(store), format="nt")
    document = json.loads(
        graph.serialize(format="json-ld", context=dict(QUERY_PREFIXES), auto_compact=True)
    )
    if "@graph" in document:
        document["@graph"].sort(key=lambda node: node.get("@id", ""))
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def to_networkx(store: ox.Store) -> nx.MultiDiGraph:
    """The simple graph: entities as nodes (keyed by entity id), claims as edges (keyed by
    relation), every attribute a string, number or boolean so that GraphML can hold it."""
    graph = nx.MultiDiGraph()
    for row in store.query(_ENTITIES, prefixes=QUERY_PREFIXES):
        graph.add_node(
            _entity_id(row["e"]),
            label=row["label"].value,
            type=_local(row["type"]),
            iri=row["e"].value,
            alt_labels=_joined(row["alts"]),
            exact_match=_joined(row["matches"]),
            definition=_value(row["definition"]),
            broader=_entity_id(row["broader"]) if row["broader"] is not None else "",
            discovered=_value(row["discovered"]) == "true",
        )
    for row in store.query(_CLAIMS, prefixes=QUERY_PREFIXES):
        relation = _local(row["p"])
        if relation not in RELATIONS:
            continue
        graph.add_edge(
            _entity_id(row["s"]),
            _entity_id(row["o"]),
            key=relation,
            relation=relation,
            claim=row["claim"].value,
            evidence=row["evidence"].value,
            mention_count=int(row["mentions"].value),
            document_count=int(row["documents"].value),
            negated=row["negated"].value == "true",
            hedged_count=int(_value(row["hedged"]) or 0),
            negated_count=int(_value(row["denied"]) or 0),
            documents=_joined(row["paths"]),
        )
    return graph


def biolink_mapping() -> dict[str, str]:
    """kg: local name -> Biolink CURIE, from the ontology's skos:closeMatch links."""
    ontology = Graph().parse(
        data=ontology_file("kgbuild.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    biolink = "https://w3id.org/biolink/vocab/"
    mapping = {}
    for term, match in ontology.subject_objects(SKOS.closeMatch):
        if str(term).startswith(str(KG._NS)) and str(match).startswith(biolink):
            mapping[str(term)[len(str(KG._NS)) :]] = "biolink:" + str(match)[len(biolink) :]
    return mapping


def write_kgx(
    graph: nx.MultiDiGraph, nodes_path: Path, edges_path: Path, plain: bool = False
) -> None:
    """KGX TSV: `nodes.tsv` and `edges.tsv`, Biolink categories and predicates."""
    mapping = biolink_mapping()
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        nodes.append(
            {
                "id": f"kge:{node}",
                "category": mapping.get(data.get("type"), "biolink:NamedThing"),
                "name": data.get("label", node),
                "synonym": data.get("alt_labels", ""),
                "xref": SEP.join(_curie(i) for i in data.get("exact_match", "").split(SEP) if i),
                "description": data.get("definition", ""),
                "iri": data.get("iri", ""),
                "kg_type": f"kg:{data['type']}" if "type" in data else "",
                "kg_discovered": str(data.get("discovered", False)).lower(),
            }
        )
    edges = []
    for s, o, relation, data in sorted(graph.edges(keys=True, data=True)):
        edges.append(
            {
                "id": "kgc:" + data["claim"][len(CLAIM) :],
                "subject": f"kge:{s}",
                "predicate": mapping[relation],
                "object": f"kge:{o}",
                "category": "biolink:Association",
                "original_predicate": f"kg:{relation}",
                "negated": str(data["negated"]).lower(),
                "knowledge_level": "not_provided",
                "agent_type": "text_mining_agent",
                "primary_knowledge_source": "infores:kgbuild",
                "kg_evidence_level": data["evidence"],
                "kg_mention_count": data["mention_count"],
                "kg_document_count": data["document_count"],
                "kg_hedged_count": data["hedged_count"],
                "kg_negated_count": data["negated_count"],
                "kg_documents": data["documents"],
            }
        )
    atomic_write_text(nodes_path, _tsv(NODE_COLUMNS, nodes, plain))
    atomic_write_text(edges_path, _tsv(EDGE_COLUMNS, edges, plain))


def _tsv(columns: tuple[str, ...], rows: list[dict], plain: bool = False) -> str:
    lines = ["\t".join(columns)]
    lines += [
        "\t".join(map(str, safe_cells([_cell(row[c]) for c in columns], plain))) for row in rows
    ]
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return " ".join(str(value).split())  # no tab or newline inside a cell


def _curie(iri: str) -> str:
    for base, prefix in XREF_CURIES.items():
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return iri


def _entity_id(term: ox.NamedNode) -> str:
    return unquote(term.value[len(ENTITY) :]) if term.value.startswith(ENTITY) else term.value


def _local(term: ox.NamedNode) -> str:
    return term.value.rsplit("#", 1)[-1]


def _value(term: object) -> str:
    return term.value if term is not None else ""


def _joined(term: object) -> str:
    """A GROUP_CONCAT result as a SEP-separated list (a SEP inside a value becomes '/')."""
    items = sorted(_value(term).split(_UNIT)) if _value(term) else []
    return SEP.join(item.replace(SEP, "/") for item in items)
