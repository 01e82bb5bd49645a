"""`kgbuild export`: JSON-LD and N-Triples hold the same triples as the Turtle; GraphML and KGX
hold one node per entity and one edge per claim, with the Biolink mapping of the ontology."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import REPO, run_cli
from rdflib import RDF, RDFS, Graph
from test_query import build_sample_graph

from kgbuild.records import ENTITY_TYPES
from kgbuild.vocab import KG
from kgbuild.writers.exports import EDGE_COLUMNS, NODE_COLUMNS, biolink_mapping

ENTITY_CLASSES = {KG[t] for t in ENTITY_TYPES}


@pytest.fixture(scope="module", params=["shipped", "sample"])
def exported(request, tmp_path_factory) -> tuple[Path, Path]:
    """(graph.ttl, export folder) for the shipped corpus and for the sample graph."""
    if request.param == "shipped":
        graph = request.getfixturevalue("shipped_output") / "graph.ttl"
    else:
        graph = build_sample_graph(tmp_path_factory.mktemp("exports") / "graph.ttl")
    out = tmp_path_factory.mktemp(f"export-{request.param}")
    result = run_cli("export", graph, "--output", out)
    assert result.returncode == 0, result.stderr
    names = {"graph.jsonld", "graph.nt", "graph.graphml", "nodes.tsv", "edges.tsv"}
    assert {p.name for p in out.iterdir()} == names
    assert all(f"wrote {out / name}" in result.stdout for name in names)
    return graph, out


def turtle(graph: Path) -> Graph:
    return Graph().parse(graph, format="turtle")


def entities(g: Graph) -> set:
    return {s for s, o in g.subject_objects(RDF.type) if o in ENTITY_CLASSES}


def test_ntriples_and_jsonld_hold_exactly_the_turtle_triples(exported):
    graph, out = exported
    original = set(turtle(graph))
    assert set(Graph().parse(out / "graph.nt", format="nt")) == original
    # JSON-LD read back by another parser than the one that wrote it
    jsonld = ox.parse(path=out / "graph.jsonld", format=ox.RdfFormat.JSON_LD)
    as_jsonld = {str(q.triple) for q in jsonld}
    as_turtle = {str(q.triple) for q in ox.parse(path=graph, format=ox.RdfFormat.TURTLE)}
    assert as_jsonld == as_turtle and len(as_turtle) == len(original)
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(original)
    document = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["kg"] == str(KG._NS)
    assert any(node.get("@type") == "kg:Claim" for node in document["@graph"])


def test_exports_are_deterministic(exported, tmp_path):
    graph, out = exported
    again = run_cli("export", graph, "--output", tmp_path)
    assert again.returncode == 0, again.stderr
    for path in out.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_graphml_has_one_node_per_entity_and_one_edge_per_claim(exported):
    graph, out = exported
    g = turtle(graph)
    simple = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    assert {data["iri"] for _, data in simple.nodes(data=True)} == {str(e) for e in entities(g)}
    claims = set(g.subjects(RDF.type, KG.Claim))
    assert {data["claim"] for *_, data in simple.edges(data=True)} == {str(c) for c in claims}
    assert simple.number_of_edges() == len(claims)
    for *_, data in simple.edges(data=True):
        claim = next(c for c in claims if str(c) == data["claim"])
        assert data["mention_count"] == g.value(claim, KG.mentionCount).toPython()
        assert data["negated"] == g.value(claim, KG.negated).toPython()
        assert data["evidence"] == str(g.value(g.value(claim, KG.evidenceLevel), RDFS.label))
        assert data["relation"] == str(g.value(claim, RDF.predicate)).rsplit("#")[-1]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_kgx_nodes_and_edges(exported):
    graph, out = exported
    g = turtle(graph)
    mapping = biolink_mapping()
    nodes, edges = read_tsv(out / "nodes.tsv"), read_tsv(out / "edges.tsv")
    assert list(nodes[0]) == list(NODE_COLUMNS) and list(edges[0]) == list(EDGE_COLUMNS)
    assert {n["iri"] for n in nodes} == {str(e) for e in entities(g)}
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes) and all(re.fullmatch(r"kge:[^\s|]+", i) for i in ids)
    for node in nodes:
        assert node["category"] == mapping[node["kg_type"].removeprefix("kg:")]
    claims = set(g.subjects(RDF.type, KG.Claim))
    assert len(edges) == len(claims)
    for edge in edges:
        assert edge["subject"] in ids and edge["object"] in ids
        relation = edge["original_predicate"].removeprefix("kg:")
        assert edge["predicate"] == mapping[relation]
        claim = next(c for c in claims if str(c).endswith("/" + edge["id"].removeprefix("kgc:")))
        assert edge["negated"] == str(g.value(claim, KG.negated).toPython()).lower()
        docs = {
            str(g.value(g.value(m, KG.document), KG.path)) for m in g.objects(claim, KG.mention)
        }
        assert set(edge["kg_documents"].split("|")) == docs


def test_biolink_mapping_is_documented():
    table = (REPO / "ontology" / "biolink-mapping.md").read_text(encoding="utf-8")
    mapping = biolink_mapping()
    assert set(mapping) == {
        *ENTITY_TYPES,
        "contains",
        "actsOn",
        "modulates",
        "claimedFor",
        "hasRisk",
    }
    for term, target in mapping.items():
        assert re.search(rf"\|\s*`kg:{term}`\s*\|\s*`{target}`\s*\|", table), (term, target)


def test_one_format_at_a_time(tmp_path, shipped_output):
    result = run_cli("export", shipped_output / "graph.ttl", "-o", tmp_path, "--format", "graphml")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


@pytest.mark.parametrize("case", ["missing", "broken", "format"])
def test_errors_are_one_line_and_write_nothing(tmp_path, shipped_output, case):
    graph = shipped_output / "graph.ttl"
    out = tmp_path / "out"
    if case == "missing":
        graph = tmp_path / "missing.ttl"
    elif case == "broken":
        graph = tmp_path / "broken.ttl"
        graph.write_text("<a> <b> .\n", encoding="utf-8")
    args = ["--format", "xlsx"] if case == "format" else []
    result = run_cli("export", graph, "--output", out, *args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgbuild: error: ")
    assert not out.exists()


def test_help_ends_with_an_example():
    result = run_cli("export", "--help")
    assert result.returncode == 0 and "Example: kgbuild export" in result.stdout
