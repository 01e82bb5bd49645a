"""`kgbuild validate`: the SHACL shapes accept what `extract` writes and catch real breakage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from test_query import build_sample_graph

from kgbuild.validate import validate_graph
from kgbuild.vocab import ENT, KG, KGC

CONTAINS = KGC["kratom.contains.mitragynine"]
ANXIETY = KGC["kratom.claimedFor.anxiety"]  # research; one denial
KAVA_ANXIETY = KGC["kava.claimedFor.anxiety"]  # clinical
INSOMNIA = KGC["kava.claimedFor.insomnia"]  # every mention denies it


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return build_sample_graph(tmp_path_factory.mktemp("validate") / "sample.ttl")


def first_mention(g: Graph, claim: URIRef) -> URIRef:
    return sorted(g.objects(claim, KG.mention))[0]


def replace(g: Graph, s, p, o) -> None:
    g.set((s, p, o))


def _remove_mentions(g: Graph) -> None:
    g.remove((CONTAINS, KG.mention, None))


def _two_subjects(g: Graph) -> None:
    g.add((CONTAINS, RDF.subject, ENT.kava))


def _level_outside_scheme(g: Graph) -> None:
    replace(g, first_mention(g, CONTAINS), KG.evidenceLevel, URIRef(str(KG._NS) + "Strong"))


def _string_offset(g: Graph) -> None:
    m = first_mention(g, CONTAINS)
    replace(g, m, KG.charStart, Literal(str(g.value(m, KG.charStart))))


def _empty_span(g: Graph) -> None:
    m = first_mention(g, CONTAINS)
    replace(g, m, KG.charEnd, g.value(m, KG.charStart))


def _no_document(g: Graph) -> None:
    g.remove((first_mention(g, CONTAINS), KG.document, None))


def _wrong_count(g: Graph) -> None:
    replace(g, ANXIETY, KG.mentionCount, Literal(7))


def _wrong_negated(g: Graph) -> None:
    replace(g, ANXIETY, KG.negated, Literal(True))


def _missing_edge(g: Graph) -> None:
    g.remove((ENT.kratom, KG.claimedFor, ENT.anxiety))


def _edge_without_claim(g: Graph) -> None:
    g.add((ENT.kava, KG.claimedFor, ENT.insomnia))


def _wrong_range(g: Graph) -> None:
    replace(g, ENT.insomnia, RDF.type, KG.Risk)


def _two_labels(g: Graph) -> None:
    g.add((ENT.kava, RDFS.label, Literal("kava kava")))


def _two_types(g: Graph) -> None:
    g.add((ENT.kava, RDF.type, KG.Risk))


def _weaker_level(g: Graph) -> None:
    replace(g, KAVA_ANXIETY, KG.evidenceLevel, KG.Research)


def _stronger_level(g: Graph) -> None:
    replace(g, ANXIETY, KG.evidenceLevel, KG.Clinical)


def _rank_changed(g: Graph) -> None:
    replace(g, KG.Clinical, KG.rank, Literal(5))


def _shared_mention(g: Graph) -> None:
    g.add((KAVA_ANXIETY, KG.mention, first_mention(g, CONTAINS)))


def _same_path(g: Graph) -> None:
    docs = sorted(g.subjects(RDF.type, KG.Document))
    replace(g, docs[0], KG.path, g.value(docs[1], KG.path))


def _level_missing(g: Graph) -> None:
    g.remove((KG.Traditional, None, None))


def _mention_without_sentence(g: Graph) -> None:
    g.remove((first_mention(g, CONTAINS), KG.sentence, None))


BREAKAGES: dict[str, tuple[Callable[[Graph], None], str]] = {
    "claim without mention": (_remove_mentions, "at least one kg:mention"),
    "two subjects": (_two_subjects, "exactly one rdf:subject"),
    "level outside the scheme": (_level_outside_scheme, "kg:evidenceLevel from the evidence"),
    "offset not an integer": (_string_offset, "kg:charStart, a non-negative xsd:integer"),
    "charEnd not after charStart": (_empty_span, "kg:charStart must be less than kg:charEnd"),
    "mention without document": (_no_document, "exactly one kg:document"),
    "mention without sentence": (_mention_without_sentence, "exactly one kg:sentence"),
    "mention count off": (_wrong_count, "kg:mentionCount 7"),
    "negated claim with an asserting mention": (_wrong_negated, "kg:negated true disagrees"),
    "claim without its direct edge": (_missing_edge, "needs its direct edge"),
    "direct edge of a denied claim": (_edge_without_claim, "no claim behind it"),
    "object outside the relation's range": (_wrong_range, "outside the domain or range"),
    "entity with two labels": (_two_labels, "exactly one rdfs:label"),
    "entity with two types": (_two_types, "exactly one type"),
    "claim level weaker than a mention": (_weaker_level, "not the strongest level"),
    "claim level stronger than its mentions": (_stronger_level, "not the strongest level"),
    "level rank changed": (_rank_changed, "kg:Clinical has kg:rank 4"),
    "mention in two claims": (_shared_mention, "belongs to exactly one claim"),
    "two documents with one path": (_same_path, "same kg:path"),
    "evidence level missing": (_level_missing, "kg:Traditional"),
}


def broken_copy(sample: Path, directory: Path, mutate: Callable[[Graph], None]) -> Path:
    g = Graph().parse(sample, format="turtle")
    before = set(g)
    mutate(g)
    assert set(g) != before, "the mutation changed nothing"
    path = directory / "broken.ttl"
    g.serialize(path, format="turtle")
    return path


def test_sample_graph_conforms(sample):
    report = validate_graph(sample)
    assert report.conforms, report.violations
    assert report.triples > 100


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_each_rule_catches_its_breakage(sample, tmp_path, name):
    mutate, words = BREAKAGES[name]
    path = broken_copy(sample, tmp_path, mutate)
    report = validate_graph(path)
    assert not report.conforms
    messages = [f"{v.focus} {v.path}: {v.message}" for v in report.violations]
    assert any(words in m for m in messages), messages


def test_every_graph_extract_writes_validates(shipped_output):
    result = run_cli("validate", shipped_output / "graph.ttl")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout and result.stderr == ""


def test_cli_lists_violations_and_exits_1(sample, tmp_path):
    def several(g: Graph) -> None:
        _no_document(g)
        _wrong_count(g)
        _two_subjects(g)

    path = broken_copy(sample, tmp_path, several)
    result = run_cli("validate", path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) >= 3
    assert all(line.startswith("Violation: ") for line in lines)
    assert any(line.startswith("Violation: kgm:") and "kg:document" in line for line in lines)
    assert any(
        "kgc:kratom.claimedFor.anxiety" in line and "kg:mentionCount 7" in line for line in lines
    )
    assert result.stderr.splitlines() == [
        f"kgbuild: error: {path} does not conform: {len(lines)} violations"
    ]


def test_cli_on_an_empty_graph_names_the_missing_levels(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    result = run_cli("validate", empty)
    assert result.returncode == 1
    for level in ("Clinical", "Research", "Anecdotal", "Traditional", "Unstated"):
        assert f"kg:{level} a kg:EvidenceLevel" in result.stdout


@pytest.mark.parametrize(
    "content",
    [
        None,  # missing
        "@prefix kg: <https://w3id.org/kgbuild/ontology#> .\nkg:a kg:b .\n",  # truncated triple
        "kg:a kg:b kg:c .\n",  # undeclared prefix
        "\x00\x01 binary",
    ],
)
def test_unreadable_input_exits_2(tmp_path, content):
    path = tmp_path / "graph.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run_cli("validate", path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kgbuild: error: cannot read {path}")


def test_directory_is_unreadable(tmp_path):
    result = run_cli("validate", tmp_path)
    assert result.returncode == 2 and "is a directory" in result.stderr


def test_help_ends_with_an_example():
    result = run_cli("validate", "--help")
    assert result.returncode == 0 and "Example: kgbuild validate" in result.stdout
