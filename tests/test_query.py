"""`kgbuild query`: SPARQL from the terminal, saved questions, output formats, errors.

Saved queries are checked two ways: on a small hand-built graph whose answers are known, and on
the shipped corpus against answers computed independently from the Turtle with rdflib (no SPARQL),
so that the tests hold while the extractor changes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import run_cli
from rdflib import RDF, RDFS, Graph, URIRef

from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon.model import Entity
from kgbuild.records import Cue, Document, Level, Mention
from kgbuild.resources import queries_dir
from kgbuild.sparql.saved import placeholders, saved_queries
from kgbuild.vocab import KG
from kgbuild.writers.turtle import write_turtle

CLAIM = "https://w3id.org/kgbuild/claim/"

# --------------------------------------------------------------------------------------------
# A small graph with known answers (also used by the validate, push and export tests)
# --------------------------------------------------------------------------------------------

ENTITIES = {
    e.id: e
    for e in [
        Entity("kratom", "kratom", "Substance", synonyms=("ketum", "Mitragyna speciosa")),
        Entity("kava", "kava", "Substance"),
        Entity("mitragynine", "mitragynine", "Alkaloid"),
        Entity("opioid-receptor", "opioid receptor", "Receptor"),
        Entity("serotonin", "serotonin", "Neurotransmitter"),
        Entity("anxiety", "anxiety", "Condition"),
        Entity(
            "gad",
            "generalized anxiety disorder",
            "Condition",
            abbreviations=("GAD",),
            broader="anxiety",
        ),
        Entity("insomnia", "insomnia", "Condition"),
        Entity("dependency", "dependency", "Risk"),
        Entity("liver-damage", "liver damage", "Risk"),
    ]
}

# (subject, relation, object, document, level, negated, hedged)
SAMPLE_MENTIONS = [
    ("kratom", "claimedFor", "anxiety", "a.txt", Level.RESEARCH, False, True),
    ("kratom", "claimedFor", "anxiety", "b.txt", Level.UNSTATED, True, False),
    ("kava", "claimedFor", "anxiety", "c.txt", Level.CLINICAL, False, False),
    ("kratom", "claimedFor", "gad", "a.txt", Level.ANECDOTAL, False, False),
    ("kava", "claimedFor", "insomnia", "b.txt", Level.UNSTATED, True, False),
    ("kratom", "contains", "mitragynine", "a.txt", Level.UNSTATED, False, False),
    ("mitragynine", "actsOn", "opioid-receptor", "a.txt", Level.RESEARCH, False, False),
    ("mitragynine", "modulates", "serotonin", "b.txt", Level.UNSTATED, False, True),
    ("kratom", "hasRisk", "dependency", "a.txt", Level.ANECDOTAL, False, False),
    ("kratom", "hasRisk", "dependency", "c.txt", Level.RESEARCH, False, False),
    ("kava", "hasRisk", "liver-damage", "c.txt", Level.CLINICAL, False, False),
    ("kratom", "actsOn", "opioid-receptor", "b.txt", Level.TRADITIONAL, False, False),
]


def build_sample_graph(path: Path) -> Path:
    """Write the sample graph as Turtle to `path` (through the real merge and writer)."""
    graph = new_graph()
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for i, (s, rel, o, doc, level, negated, hedged) in enumerate(SAMPLE_MENTIONS):
        sentence = f"Sentence {i} says {ENTITIES[s].label} {rel} {ENTITIES[o].label}."
        start = 100 * i
        cues = [Cue("evidence", "studies suggest", 0, 15, level)] if level > Level.UNSTATED else []
        by_doc[doc].append(
            Mention(
                s,
                rel,
                o,
                doc,
                sentence,
                start,
                start + len(sentence),
                level=level,
                hedged=hedged,
                negated=negated,
                cues=cues,
                subject_text=ENTITIES[s].label,
                object_text=ENTITIES[o].label,
            )
        )
    for doc, mentions in sorted(by_doc.items()):
        merge_document(graph, Document(doc, "text", title=f"Title of {doc}"), mentions, ENTITIES)
    write_turtle(graph, path)
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_sample_graph(tmp_path_factory.mktemp("sample") / "sample.ttl")


def query_csv(graph: Path, *args: str) -> list[dict[str, str]]:
    """Run `kgbuild query GRAPH ARGS --format csv` and return the rows."""
    result = run_cli("query", graph, *args, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def claim_ids(rows: list[dict[str, str]]) -> list[str]:
    return [row["claim"].removeprefix(CLAIM) for row in rows]


# --------------------------------------------------------------------------------------------
# Saved queries on the sample graph: known answers
# --------------------------------------------------------------------------------------------


def test_claims_for_condition_ranked_by_evidence(sample):
    rows = query_csv(sample, "--saved", "claims-for-condition")
    assert claim_ids(rows) == [
        "kava.claimedFor.anxiety",
        "kratom.claimedFor.anxiety",
        "kratom.claimedFor.gad",
    ]
    assert [r["evidence"] for r in rows] == ["clinical", "research", "anecdotal"]
    assert rows[1]["denials"] == "1" and rows[1]["hedged"] == "1"


@pytest.mark.parametrize(
    "condition, expected",
    [
        (
            "anxiety",
            {"kava.claimedFor.anxiety", "kratom.claimedFor.anxiety", "kratom.claimedFor.gad"},
        ),
        (
            "ANXIETY",
            {"kava.claimedFor.anxiety", "kratom.claimedFor.anxiety", "kratom.claimedFor.gad"},
        ),
        ("GAD", {"kratom.claimedFor.gad"}),
        ("insomnia", set()),  # only denied
        ('anxiety" } UNION { ?claim ?p ?o } #', set()),  # escaped: a string, never SPARQL
    ],
)
def test_claims_for_condition_parameter(sample, condition, expected):
    rows = query_csv(sample, "--saved", "claims-for-condition", "--param", f"condition={condition}")
    assert set(claim_ids(rows)) == expected


def test_anecdotal_or_unstated(sample):
    rows = query_csv(sample, "--saved", "anecdotal-or-unstated")
    assert set(claim_ids(rows)) == {
        "kratom.claimedFor.gad",
        "kratom.contains.mitragynine",
        "mitragynine.modulates.serotonin",
    }


def test_contested_claims(sample):
    rows = query_csv(sample, "--saved", "contested-claims")
    assert claim_ids(rows) == ["kratom.claimedFor.anxiety"]
    row = rows[0]
    assert (row["asserted"], row["denied"]) == ("1", "1")
    assert (row["assertedIn"], row["deniedIn"]) == ("a.txt", "b.txt")


@pytest.mark.parametrize(
    "params, expected",
    [
        ((), {"mitragynine.actsOn.opioid-receptor", "mitragynine.modulates.serotonin"}),
        (
            ("--param", "substance=Mitragyna speciosa"),
            {"mitragynine.actsOn.opioid-receptor", "mitragynine.modulates.serotonin"},
        ),
        (("--param", "substance=kava"), set()),
    ],
)
def test_compound_receptor_map(sample, params, expected):
    rows = query_csv(sample, "--saved", "compound-receptor-map", *params)
    assert set(claim_ids(rows)) == expected
    assert all(r["substance"] == "kratom" and r["compound"] == "mitragynine" for r in rows)


def test_risks_by_substance(sample):
    rows = query_csv(sample, "--saved", "risks-by-substance")
    got = {
        (r["substance"], r["risk"], r["evidence"], frozenset(r["sources"].split(" | ")))
        for r in rows
    }
    assert got == {
        ("kratom", "dependency", "research", frozenset({"a.txt", "c.txt"})),
        ("kava", "liver damage", "clinical", frozenset({"c.txt"})),
    }
    only_kava = query_csv(sample, "--saved", "risks-by-substance", "-p", "substance=Kava")
    assert [r["risk"] for r in only_kava] == ["liver damage"]


def test_documents_by_unsupported_claims(sample):
    rows = query_csv(sample, "--saved", "documents-by-unsupported-claims")
    got = [(r["document"], r["claims"], r["unsupported"], r["percent"]) for r in rows]
    assert got == [("b.txt", "2", "1", "50"), ("a.txt", "5", "1", "20"), ("c.txt", "3", "0", "0")]


# --------------------------------------------------------------------------------------------
# Saved queries on the shipped corpus: answers computed independently with rdflib
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(shipped_output) -> tuple[Path, Graph]:
    path = shipped_output / "graph.ttl"
    return path, Graph().parse(path, format="turtle")


def _claims(g: Graph):
    for claim in g.subjects(RDF.type, KG.Claim):
        mentions = list(g.objects(claim, KG.mention))
        yield claim, mentions


def _negated(g: Graph, node) -> bool:
    return g.value(node, KG.negated).toPython()


def test_shipped_contested_claims_are_the_claims_with_both_kinds_of_mentions(shipped):
    path, g = shipped
    expected = {str(c) for c, ms in _claims(g) if {_negated(g, m) for m in ms} == {True, False}}
    rows = query_csv(path, "--saved", "contested-claims")
    assert {r["claim"] for r in rows} == expected
    assert len(rows) == len(expected)


def test_shipped_anecdotal_or_unstated(shipped):
    path, g = shipped
    expected = {
        str(c)
        for c, _ in _claims(g)
        if not _negated(g, c) and g.value(c, KG.evidenceLevel) in (KG.Anecdotal, KG.Unstated)
    }
    rows = query_csv(path, "--saved", "anecdotal-or-unstated")
    assert {r["claim"] for r in rows} == expected and len(rows) == len(expected)


def test_shipped_claims_for_condition_ranked(shipped):
    path, g = shipped
    expected = {
        str(c)
        for c, _ in _claims(g)
        if not _negated(g, c) and g.value(c, RDF.predicate) == KG.claimedFor
    }
    rows = query_csv(path, "--saved", "claims-for-condition")
    assert {r["claim"] for r in rows} == expected
    ranks = [
        g.value(g.value(URIRef(r["claim"]), KG.evidenceLevel), KG.rank).toPython() for r in rows
    ]
    assert ranks == sorted(ranks, reverse=True)


def test_shipped_risks_and_their_sources(shipped):
    path, g = shipped
    expected = {}
    for c, ms in _claims(g):
        if g.value(c, RDF.predicate) == KG.hasRisk and not _negated(g, c):
            expected[str(c)] = {
                str(g.value(g.value(m, KG.document), KG.path)) for m in ms if not _negated(g, m)
            }
    rows = query_csv(path, "--saved", "risks-by-substance")
    assert {r["claim"]: set(r["sources"].split(" | ")) for r in rows} == expected


def test_shipped_compound_receptor_map(shipped):
    path, g = shipped
    contains = set(g.subject_objects(KG.contains))
    compounds = {o for _, o in contains}
    expected = {
        str(c)
        for c, _ in _claims(g)
        if not _negated(g, c)
        and g.value(c, RDF.predicate) in (KG.actsOn, KG.modulates)
        and g.value(c, RDF.subject) in compounds
    }
    rows = query_csv(path, "--saved", "compound-receptor-map")
    assert {r["claim"] for r in rows} == expected
    pairs = {(str(g.value(s, RDFS.label)), str(g.value(o, RDFS.label))) for s, o in contains}
    assert all((r["substance"], r["compound"]) in pairs for r in rows)


def test_shipped_documents_by_unsupported_claims(shipped):
    path, g = shipped
    best: dict[tuple[str, str], int] = {}
    for c, ms in _claims(g):
        for m in ms:
            if not _negated(g, m):
                doc = str(g.value(g.value(m, KG.document), KG.path))
                rank = g.value(g.value(m, KG.evidenceLevel), KG.rank).toPython()
                best[doc, str(c)] = max(best.get((doc, str(c)), -1), rank)
    expected = defaultdict(lambda: [0, 0])
    for (doc, _), rank in best.items():
        expected[doc][0] += 1
        expected[doc][1] += rank == 0
    rows = query_csv(path, "--saved", "documents-by-unsupported-claims")
    assert {r["document"]: [int(r["claims"]), int(r["unsupported"])] for r in rows} == expected
    unsupported = [int(r["unsupported"]) for r in rows]
    assert unsupported == sorted(unsupported, reverse=True)


def test_every_saved_query_runs_on_the_shipped_graph_in_every_format(shipped):
    path, _ = shipped
    for query in saved_queries():
        as_json = run_cli("query", path, "--saved", query.name, "--format", "json")
        assert as_json.returncode == 0, as_json.stderr
        answer = json.loads(as_json.stdout)
        names, bindings = answer["head"]["vars"], answer["results"]["bindings"]
        assert names and all(f"?{name}" in query.text for name in names)
        assert len(query_csv(path, "--saved", query.name)) == len(bindings)
        tsv = run_cli("query", path, "--saved", query.name, "--format", "tsv")
        assert tsv.stdout.splitlines()[0].split("\t") == [f"?{name}" for name in names]
        table = run_cli("query", path, "--saved", query.name)
        assert table.returncode == 0 and all(name in table.stdout for name in names)
        count = len(bindings)
        assert table.stderr == f"{count} row{'' if count == 1 else 's'}\n"


# --------------------------------------------------------------------------------------------
# The saved query files
# --------------------------------------------------------------------------------------------


def test_saved_query_files_document_themselves():
    files = sorted(e.name for e in queries_dir().iterdir() if e.name.endswith(".rq"))
    queries = saved_queries()
    assert [f"{q.name}.rq" for q in queries] == files
    assert len(queries) >= 6
    for query in queries:
        assert query.text.startswith(f"# name: {query.name}\n")
        assert query.question.endswith("?"), query.name
        assert set(query.parameters) == placeholders(query.text), query.name
        assert all(query.parameters.values()), query.name


def test_list_shows_every_saved_query():
    result = run_cli("query", "--list")
    assert result.returncode == 0, result.stderr
    for query in saved_queries():
        assert query.name in result.stdout


# --------------------------------------------------------------------------------------------
# Query sources, formats and errors
# --------------------------------------------------------------------------------------------

COUNT = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim }"


def test_query_from_argument_stdin_and_file(sample, tmp_path):
    expected = str(len({(s, r, o) for s, r, o, *_ in SAMPLE_MENTIONS}))
    assert query_csv(sample, COUNT) == [{"n": expected}]
    piped = run_cli("query", sample, "-", "--format", "csv", stdin=COUNT)
    assert piped.returncode == 0 and piped.stdout.split() == ["n", expected]
    rq = tmp_path / "count.rq"
    rq.write_text(COUNT, encoding="utf-8")
    assert query_csv(sample, "--file", rq) == [{"n": expected}]


def test_ask_and_construct(sample):
    yes = run_cli("query", sample, 'ASK { ?s kg:claimedFor ?c . ?c rdfs:label "anxiety" }')
    assert (yes.returncode, yes.stdout) == (0, "true\n")
    no = run_cli("query", sample, 'ASK { ?s kg:claimedFor ?c . ?c rdfs:label "insomnia" }')
    assert (no.returncode, no.stdout) == (0, "false\n")
    built = run_cli(
        "query", sample, "CONSTRUCT { ?s kg:claimedFor ?o } WHERE { ?s kg:claimedFor ?o }"
    )
    assert built.returncode == 0, built.stderr
    triples = Graph().parse(data=built.stdout, format="turtle")
    assert len(triples) == 3  # kava->anxiety, kratom->anxiety, kratom->gad; insomnia is denied


def test_table_uses_prefixes(sample):
    result = run_cli("query", sample, "SELECT ?s WHERE { ?s kg:contains ?o }")
    assert result.returncode == 0
    assert "kge:kratom" in result.stdout and "https://" not in result.stdout
    assert result.stderr == "1 row\n"


def test_syntax_error_is_one_line_that_says_where(sample):
    result = run_cli("query", sample, "SELECT ?x\nWHERE { ?x kg:claimedFor }")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgbuild: error: SPARQL syntax error at line 2")
    assert "column" in lines[0]


def test_undeclared_prefix_is_named(sample):
    result = run_cli("query", sample, "SELECT ?x WHERE { ?x foaf:name ?n }")
    assert result.returncode == 1
    assert "undeclared prefix 'foaf:'" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args, code, words",
    [
        (("{graph}", COUNT, "--format", "xml"), 2, "--format"),
        (("{graph}",), 2, "exactly one query"),
        (("{graph}", COUNT, "--saved", "contested-claims"), 2, "exactly one query"),
        (("{graph}", "--saved", "no-such-query"), 2, "contested-claims"),
        (("{graph}", "--saved", "claims-for-condition", "--param", "color=red"), 2, "condition"),
        (("{graph}", "--saved", "claims-for-condition", "--param", "condition"), 2, "NAME=VALUE"),
        (("{graph}", "--file", "{missing}"), 2, "cannot read query file"),
        (("{missing}", COUNT), 2, "no such file"),
        (("{broken}", COUNT), 2, "cannot read"),
        (("{graph}", COUNT, "--graph", "https://example.org/g"), 2, "--endpoint"),
        ((), 2, "graph file"),
    ],
)
def test_user_errors_are_one_line(sample, tmp_path, args, code, words):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://w3id.org/kgbuild/ontology#> .\nkg:a kg:b .\n")
    values = {"{graph}": sample, "{missing}": tmp_path / "missing.ttl", "{broken}": broken}
    result = run_cli("query", *(values.get(a, a) for a in args))
    assert result.returncode == code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kgbuild: error: ") and words in lines[0]


def test_help_ends_with_an_example():
    result = run_cli("query", "--help")
    assert result.returncode == 0 and "Example: kgbuild query" in result.stdout
