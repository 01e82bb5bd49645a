"""Benchmark the SPARQL engine of `kgbuild query` (Oxigraph) against plain rdflib.

Builds a synthetic graph of the contract with at least --triples triples (entities, claims,
mentions, documents, through the project's own merge and RDF writer), writes it as Turtle, then
in one process times, for each engine: loading the Turtle file, and running the saved queries
plus the contract's example lookup (each query parsed, evaluated and every row read).
Reports absolute seconds and the ratio rdflib / Oxigraph, and checks both engines return the
same number of rows. rdflib queries run in forked children, each stopped after
--rdflib-timeout seconds (reported as a lower bound on the ratio).

    PYTHONPATH=src python benchmarks/sparql_engines.py [--triples 1000000] [--keep graph.ttl]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kgbuild.graph.merge import merge_document, new_graph
from kgbuild.lexicon.model import Entity
from kgbuild.records import Cue, Document, Level, Mention
from kgbuild.sparql.engine import QUERY_PREFIXES, load_graph
from kgbuild.sparql.saved import bind_parameters, load_saved_query, saved_queries
from kgbuild.writers.rdf import to_rdf

ENTITY_COUNTS = {
    "Substance": 300,
    "Alkaloid": 300,
    "Receptor": 100,
    "Neurotransmitter": 50,
    "Condition": 200,
    "Risk": 100,
}
OBJECT_TYPES = {
    "contains": "Alkaloid",
    "actsOn": "Receptor",
    "modulates": "Neurotransmitter",
    "claimedFor": "Condition",
    "hasRisk": "Risk",
}
DOCUMENTS = 2000
TRIPLES_PER_CLAIM = 90  # measured: about 92 with a mean of 8.5 mentions per claim
LEVEL_WEIGHTS = {
    Level.UNSTATED: 50,
    Level.TRADITIONAL: 5,
    Level.ANECDOTAL: 15,
    Level.RESEARCH: 20,
    Level.CLINICAL: 10,
}
LOOKUP = 'SELECT ?x WHERE { ?x kg:claimedFor ?c . ?c rdfs:label "condition 7" }'


def synthetic_graph(claims: int, seed: int) -> Graph:
    """An rdflib graph of the contract with `claims` claims and about 8.5 mentions each."""
    rng = random.Random(seed)
    entities: dict[str, Entity] = {}
    by_type: dict[str, list[str]] = defaultdict(list)
    for kind, count in ENTITY_COUNTS.items():
        for i in range(count):
            name = f"{kind.lower()} {i}"
            entity = Entity(
                name.replace(" ", "-"),
                name,
                kind,
                synonyms=(f"{name} alias",),
                broader=f"condition-{i // 10}" if kind == "Condition" and i >= 20 else None,
            )
            entities[entity.id] = entity
            by_type[kind].append(entity.id)
    chosen: set[tuple[str, str, str]] = set()
    while len(chosen) < claims:
        relation = rng.choice(list(OBJECT_TYPES))
        subject_type = (
            "Substance" if relation == "contains" else rng.choice(["Substance", "Alkaloid"])
        )
        chosen.add(
            (
                rng.choice(by_type[subject_type]),
                relation,
                rng.choice(by_type[OBJECT_TYPES[relation]]),
            )
        )
    documents = [f"articles/doc{i:05d}.txt" for i in range(DOCUMENTS)]
    offsets: dict[str, int] = defaultdict(int)
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    levels, weights = list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values())
    for subject, relation, obj in sorted(chosen):
        for _ in range(1 + int(rng.expovariate(1 / 7.5))):
            doc = rng.choice(documents)
            level = rng.choices(levels, weights)[0]
            sentence = (
                f"Studies of {entities[subject].label} and {entities[obj].label} "
                f"({relation}) in {doc}."
            )
            start = offsets[doc]
            offsets[doc] += len(sentence) + 1
            cues = [Cue("evidence", "Studies", 0, 7, level)] if level > Level.UNSTATED else []
            by_doc[doc].append(
                Mention(
                    subject,
                    relation,
                    obj,
                    doc,
                    sentence,
                    start,
                    start + len(sentence),
                    level=level,
                    hedged=rng.random() < 0.3,
                    negated=rng.random() < 0.1,
                    cues=cues,
                )
            )
    graph = new_graph()
    for doc in documents:
        merge_document(graph, Document(doc, "", title=f"Article {doc}"), by_doc[doc], entities)
    return to_rdf(graph)


def write_graph(triples: int, seed: int, path: Path) -> int:
    """Write a synthetic graph of at least `triples` triples to `path`; return its size."""
    claims = triples // TRIPLES_PER_CLAIM + 1
    while True:
        rdf = synthetic_graph(claims, seed)
        if len(rdf) >= triples:
            break
        claims = int(claims * 1.1) + 1
    # rdflib writes N-Triples quickly; Oxigraph turns them into Turtle quickly.
    store = ox.Store()
    store.bulk_load(rdf.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(
        (quad.triple for quad in store),
        str(path),
        format=ox.RdfFormat.TURTLE,
        prefixes=QUERY_PREFIXES,
    )
    return len(store)


def benchmark_queries() -> dict[str, str]:
    """The queries to time: every saved query, one with a parameter, and a plain lookup."""
    queries = {q.name: q.text for q in saved_queries()}
    condition = load_saved_query("claims-for-condition").text
    queries["claims-for-condition condition=condition 2"] = bind_parameters(
        condition, {"condition": "condition 2"}
    )
    queries["lookup (contract example)"] = LOOKUP
    return queries


def timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def oxigraph_run(path: Path, queries: dict[str, str], repeats: int) -> tuple[float, dict, int]:
    load, store = timed(lambda: load_graph(path))  # what `kgbuild query` does
    results = {}
    for name, text in queries.items():
        runs = [
            timed(lambda t=text: sum(1 for _ in store.query(t, prefixes=QUERY_PREFIXES)))
            for _ in range(repeats)
        ]
        results[name] = (statistics.median(r[0] for r in runs), runs[0][1])
    return load, results, len(store)


_RDFLIB: Graph | None = None  # the graph forked children query


def _rdflib_child(text: str, connection) -> None:
    seconds, rows = timed(lambda: sum(1 for _ in _RDFLIB.query(text, initNs=QUERY_PREFIXES)))
    connection.send((seconds, rows))


def rdflib_run(path: Path, queries: dict[str, str], limit: float) -> tuple[float, dict]:
    global _RDFLIB
    load, _RDFLIB = timed(lambda: Graph().parse(path, format="turtle"))
    context = multiprocessing.get_context("fork")
    results = {}
    for name, text in queries.items():
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_rdflib_child, args=(text, sender))
        child.start()
        sender.close()  # the child holds the only writing end: recv() fails if it dies
        if receiver.poll(limit):
            try:
                results[name] = receiver.recv()
            except EOFError:  # rdflib raised: reported as a failure, not a time
                results[name] = (None, "failed")
        else:
            results[name] = (None, None)
        child.kill()
        child.join()
        print(f"  rdflib {name}: {_seconds(results[name], limit)}", file=sys.stderr)
    _RDFLIB = None
    return load, results


def _seconds(result: tuple, limit: float) -> str:
    seconds, rows = result
    if rows == "failed":
        return "error"
    return f"> {limit:.0f}" if seconds is None else f"{seconds:.3f}"


def _ratio(result: tuple, fast: float, limit: float) -> str:
    seconds, rows = result
    if rows == "failed":
        return "n/a"
    return f">= {limit / fast:.0f}x" if seconds is None else f"{seconds / fast:.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="minimum graph size")
    parser.add_argument("--graph", type=Path, help="time this Turtle file instead of generating")
    parser.add_argument("--keep", type=Path, help="keep the generated Turtle file here")
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=60.0,
        help="seconds before an rdflib query is stopped",
    )
    parser.add_argument("--repeats", type=int, default=3, help="Oxigraph runs per query (median)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.graph or args.keep or Path(scratch) / "graph.ttl"
        if args.graph is None:
            print(f"generating a graph of >= {args.triples:,} triples ...", file=sys.stderr)
            generated, size = timed(lambda: write_graph(args.triples, args.seed, path))
            print(f"  {size:,} triples in {generated:.0f} s -> {path}", file=sys.stderr)
        queries = benchmark_queries()
        print("Oxigraph ...", file=sys.stderr)
        ox_load, ox_results, triples = oxigraph_run(path, queries, args.repeats)
        print("rdflib ...", file=sys.stderr)
        rdf_load, rdf_results = rdflib_run(path, queries, args.rdflib_timeout)
        megabytes = os.path.getsize(path) / 1e6

    limit = args.rdflib_timeout
    print(
        f"\nSPARQL engines on {triples:,} triples ({megabytes:.0f} MB of Turtle); "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}, {os.cpu_count()} CPUs\n"
    )
    header = f"{'step':<48} {'rows':>7} {'rdflib s':>10} {'Oxigraph s':>11} {'ratio':>8}"
    print(header)
    print("-" * len(header))
    print(
        f"{'load Turtle':<48} {'':>7} {rdf_load:>10.2f} {ox_load:>11.2f} "
        f"{_ratio((rdf_load, 0), ox_load, limit):>8}"
    )
    disagreements = []
    for name in queries:
        ox_seconds, ox_rows = ox_results[name]
        rdf = rdf_results[name]
        if isinstance(rdf[1], int) and rdf[1] != ox_rows:
            disagreements.append(f"{name}: rdflib {rdf[1]} rows, Oxigraph {ox_rows}")
        print(
            f"{name:<48} {ox_rows:>7} {_seconds(rdf, limit):>10} {ox_seconds:>11.4f} "
            f"{_ratio(rdf, ox_seconds, limit):>8}"
        )
    finished = [(rdf_results[n][0], ox_results[n][0]) for n in queries if rdf_results[n][0]]
    total_rdf = sum(r for r, _ in finished)
    total_ox = sum(o for _, o in finished)
    print(
        f"{'queries rdflib finished (sum)':<48} {'':>7} {total_rdf:>10.2f} {total_ox:>11.4f} "
        f"{_ratio((total_rdf, 0), total_ox, limit):>8}"
    )
    print(
        f"\nratio = rdflib seconds / Oxigraph seconds; Oxigraph query times are the median of "
        f"{args.repeats} runs; total run {time.perf_counter() - started:.0f} s"
    )
    if disagreements:
        print("ROW COUNTS DIFFER: " + "; ".join(disagreements))
        sys.exit(1)
    print("both engines returned the same number of rows for every query rdflib finished")


if __name__ == "__main__":
    main()
