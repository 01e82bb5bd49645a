"""The on-disk mention store gives the graph of the in-memory merge and cleans up after itself."""

from __future__ import annotations

import gc
import random
import subprocess
import sys

import pytest

from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.graph.store import ClaimMentions, SqliteMentionStore
from kgbuild.lexicon.model import Entity
from kgbuild.records import Cue, Document, Level, Mention
from kgbuild.writers.html.model import MENTIONS_PER_CLAIM, view_model
from kgbuild.writers.table import mention_rows
from kgbuild.writers.turtle import turtle_bytes

ENTITIES = {
    "a": Entity(id="a", label="zeta root", type="Substance"),
    "b": Entity(id="b", label="alpha leaf", type="Substance"),
    "c": Entity(id="c", label="calm", type="Condition"),
    "d": Entity(id="d", label="nausea", type="Risk"),
}


def _documents(seed: int) -> list[tuple[Document, list[Mention]]]:
    rng = random.Random(seed)
    documents = []
    for number in range(rng.randint(1, 15)):
        path = f"dir/d{rng.randint(0, 99):02d}-{number}.txt"
        mentions = []
        for _ in range(rng.randint(0, 9)):
            start = rng.randint(0, 5) * 20
            relation = rng.choice(["claimedFor", "hasRisk"])
            mentions.append(
                Mention(
                    subject=rng.choice("ab"),
                    relation=relation,
                    object="c" if relation == "claimedFor" else "d",
                    doc=path,
                    sentence=f"Sentence «{start}» of {path}, with a ‘quote’.",
                    char_start=start,
                    char_end=start + 15,
                    level=rng.choice(list(Level)),
                    hedged=rng.random() < 0.4,
                    negated=rng.random() < 0.3,
                    cues=[Cue("evidence", "studies", 0, 7, Level.RESEARCH)]
                    if rng.random() < 0.5
                    else [],
                    subject_text=rng.choice(["Zeta", "zeta root"]),
                    object_text="calm",
                    page=rng.choice([None, 1, 2]),
                )
            )
        kind = rng.choice(["vendor", "government", ""])
        documents.append((Document(path, "", f"Title {number}", source_type=kind), mentions))
    return documents


def _graph(documents, store=None):
    graph = new_graph(store)
    for document, mentions in documents:
        # each graph gets its own copies: folding changes the kept mention
        copies = [Mention(**{**m.__dict__, "cues": list(m.cues)}) for m in mentions]
        merge_document(graph, document, copies, ENTITIES)
    return graph


@pytest.mark.parametrize("seed", range(12))
def test_disk_store_gives_the_graph_and_outputs_of_the_memory_merge(seed, tmp_path) -> None:
    documents = _documents(seed)
    memory = _graph(documents)
    disk = _graph(documents, SqliteMentionStore(tmp_path / "m.sqlite"))
    assert list(memory.edges(keys=True)) == list(disk.edges(keys=True))
    for s, o, r, data in memory.edges(keys=True, data=True):
        other = disk.edges[s, o, r]
        assert isinstance(other["mentions"], ClaimMentions)
        assert list(other["mentions"]) == data["mentions"]
        assert len(other["mentions"]) == len(data["mentions"]) == data["mention_count"]
        attributes = ("level", "negated", "document_count", "hedged_count", "by_source_type")
        assert {k: other[k] for k in attributes} == {k: data[k] for k in attributes}
    assert turtle_bytes(memory) == turtle_bytes(disk)
    assert mention_rows(memory) == mention_rows(disk)
    assert view_model(memory) == view_model(disk)


def test_claim_mentions_is_a_sequence(tmp_path) -> None:
    graph = _graph(_documents(3), SqliteMentionStore(tmp_path / "m.sqlite"))
    mentions = max((d["mentions"] for _, _, d in graph.edges(data=True)), key=len)
    every = list(mentions)
    assert len(every) > 2
    assert mentions[0] == every[0] and mentions[-1] == every[-1] and mentions[1:3] == every[1:3]
    with pytest.raises(IndexError):
        mentions[len(every)]


def test_the_store_file_goes_with_close_and_with_the_graph(tmp_path) -> None:
    path = tmp_path / "m.sqlite"
    graph = _graph(_documents(1), SqliteMentionStore(path))
    assert path.exists()
    del graph
    gc.collect()
    assert not path.exists()
    store = SqliteMentionStore(tmp_path / "n.sqlite")
    graph = _graph(_documents(2), store)
    store.close()
    assert not (tmp_path / "n.sqlite").exists()
    edge = next(iter(graph.edges(data=True)))[2]
    assert edge["mention_count"] >= 1  # aggregates stay
    with pytest.raises(RuntimeError, match="deleted"):
        list(edge["mentions"])


def test_a_document_is_merged_once() -> None:
    graph = new_graph()
    mention = Mention("a", "claimedFor", "c", "x.txt", "s", 0, 5)
    merge_document(graph, Document("x.txt", ""), [mention], ENTITIES)
    merge_document(  # consecutive calls for one document are one document
        graph,
        Document("x.txt", ""),
        [Mention("a", "claimedFor", "c", "x.txt", "t", 9, 12)],
        ENTITIES,
    )
    assert graph.edges["a", "c", "claimedFor"]["document_count"] == 1
    merge_document(graph, Document("y.txt", ""), [], ENTITIES)
    with pytest.raises(ValueError, match="x.txt was merged before"):
        merge_document(graph, Document("x.txt", ""), [], ENTITIES)


def test_the_view_keeps_the_strongest_mentions_of_a_claim_and_counts_all() -> None:
    graph = new_graph()
    levels = [Level((i * 7) % 5) for i in range(MENTIONS_PER_CLAIM + 60)]
    for number, level in enumerate(levels):
        path = f"p{number:04d}.txt"
        mention = Mention("a", "claimedFor", "c", path, f"s{number}", 0, 4, level)
        merge_document(graph, Document(path, ""), [mention], ENTITIES)
    (edge,) = view_model(graph)["edges"]
    assert edge["mc"] == len(levels) and sum(edge["pl"]) == len(levels)
    assert len(edge["m"]) == MENTIONS_PER_CLAIM
    ranked = sorted(range(len(levels)), key=lambda i: (-int(levels[i]), i))
    kept = sorted(ranked[:MENTIONS_PER_CLAIM])
    sentences = view_model(graph)["sentences"]
    assert [sentences[row[0]][1] for row in edge["m"]] == [f"s{i}" for i in kept]


def test_extract_leaves_no_scratch_file_and_removes_a_killed_runs(tmp_path) -> None:
    from conftest import CORPUS

    out = tmp_path / "out"
    stale = tmp_path / ".out.kgbuild-new-1-deadbeef.mentions.sqlite"
    stale.write_bytes(b"left by a killed run")
    run = [sys.executable, "-m", "kgbuild", "extract", str(CORPUS), "-o", str(out), "-q"]
    subprocess.run(run, check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "claims.csv",
        "graph.html",
        "graph.ttl",
        "manifest.json",
    ]


def test_turtle_written_by_another_process_is_the_same(tmp_path, monkeypatch) -> None:
    """With --jobs, a large graph's Turtle is written by a spawned process reading the store."""
    from conftest import CORPUS

    from kgbuild import pipeline
    from kgbuild.writers.turtle import TurtleWriterProcess

    result = pipeline.extract_corpus(CORPUS, mention_store=tmp_path / "m.sqlite")
    alone, alongside = tmp_path / "alone", tmp_path / "alongside"
    alone.mkdir()
    alongside.mkdir()
    pipeline.write_outputs(result, alone, jobs=1)
    monkeypatch.setattr(pipeline, "PARALLEL_TURTLE_MENTIONS", 1)
    pipeline.write_outputs(result, alongside, jobs=2)
    for name in ("graph.ttl", "claims.csv", "graph.html"):
        assert (alone / name).read_bytes() == (alongside / name).read_bytes(), name
    assert (tmp_path / "m.sqlite").exists()  # the reader process leaves the file to its owner
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    writer = TurtleWriterProcess(result.graph, tmp_path / "blocker" / "graph.ttl")
    with pytest.raises(OSError, match=r"blocker/graph.ttl: [A-Z]"):
        writer.wait()
    result.close()
    assert not (tmp_path / "m.sqlite").exists()
