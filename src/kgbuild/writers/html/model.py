"""The view model of graph.html: the networkx graph as compact, JSON-ready plain data.

Everything here is data, never markup: the page renders every string with ``textContent``.
Nodes and edges are referred to by their index in the ``nodes`` and ``edges`` lists, and the
sentences behind the claims are stored once in ``sentences`` (several claims often share one).

Schema (short keys keep a 20,000-edge page small)::

    {"relations": [name, ...], "types": [name, ...], "levels": [label by rank, ...],
     "sourceTypes": [[source type, description], ...],   (those in the graph, in the data's order)
     "documents": [{"path": str, "title": str, "site": str, "url": str, "link": http(s) URL or "",
                    "type": source type, "rule": rule that decided it, "issued": publication date,
                    "retrieved": fetch date, "author": str}, ...],
     "sentences": [[document index, text], ...],
     "nodes": [{"id": entity id, "l": label, "t": type, "syn": [...], "abb": [...],
                "sf": [surface forms], "x": [[scheme, local id, http(s) IRI or ""], ...],
                "def": definition, "b": broader entity id or null, "disc": discovered}, ...],
     "edges": [{"s": subject index, "o": object index, "r": relation, "k": claim key,
                "l": level rank, "n": denied, "d": documents, "mc": mentions, "h": hedged,
                "nc": negated mentions, "pl": [mentions per level rank, ...],
                "st": {source type: [mentions, documents, negated, hedged], ...},
                "m": [[sentence index, level rank, hedged, negated, subject text, object text,
                       [[cue kind, start, end, cue level rank or null], ...]], ...]}, ...]}

    ``m`` holds at most `MENTIONS_PER_CLAIM` mentions (the strongest); ``mc`` counts them all.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kgbuild.graph.ids import claim_key
from kgbuild.records import ENTITY_TYPES, RELATIONS, Cue, Level, Mention
from kgbuild.sources.types import UNKNOWN, SourceRulesError, load_source_type_rules

# The page carries at most this many mentions of a claim (its strongest, see `_shown`); its
# counts are of all of them, and claims.csv and graph.ttl hold every one. A claim made on
# thousands of pages would otherwise make the page as large as the corpus.
MENTIONS_PER_CLAIM = 200

_WEB_IRI = re.compile(r"^https?://[^\s\"'<>`]+$", re.IGNORECASE)


def safe_link(iri: object) -> str:
    """`iri` if it is a plain http(s) address fit for a link, else "" (shown as text only)."""
    return iri if isinstance(iri, str) and _WEB_IRI.match(iri) else ""


def _strings(values: Iterable[Any] | None) -> list[str]:
    return sorted({str(v) for v in values or ()})


def _rank(level: object) -> int:
    """The rank of an evidence level given as a Level, an int or a label; unknown -> unstated."""
    try:
        return int(Level(level) if isinstance(level, int) else Level.parse(str(level)))
    except ValueError:
        return int(Level.UNSTATED)


def _node(entity_id: str, data: dict[str, Any]) -> dict[str, Any]:
    xrefs = list(data.get("xrefs") or ())
    iris = list(data.get("xref_iris") or ())
    links = []
    for index, xref in enumerate(xrefs):
        scheme, local = (xref[0], xref[1]) if len(xref) == 2 else ("", str(xref))
        links.append([str(scheme), str(local), safe_link(iris[index] if index < len(iris) else "")])
    links.extend(["", str(iri), safe_link(iri)] for iri in iris[len(xrefs) :])
    broader = data.get("broader")
    return {
        "id": str(entity_id),
        "l": str(data.get("label") or entity_id),
        "t": str(data.get("type") or ""),
        "syn": _strings(data.get("synonyms")),
        "abb": _strings(data.get("abbreviations")),
        "sf": _strings(data.get("surface_forms")),
        "x": links,
        "def": str(data.get("definition") or ""),
        "b": str(broader) if broader else None,
        "disc": bool(data.get("discovered")),
    }


def _cues(cues: Iterable[Cue], sentence: str) -> list[list[Any]]:
    """Cues whose offsets fall inside the sentence, in reading order."""
    kept = []
    for cue in cues:
        if (
            isinstance(cue.start, int)
            and isinstance(cue.end, int)
            and 0 <= cue.start < cue.end <= len(sentence)
        ):
            level = _rank(cue.level) if cue.level is not None else None
            kept.append([str(cue.kind), cue.start, cue.end, level])
    return sorted(kept, key=lambda c: (c[1], -c[2]))


def _document(path: str, title: object, info: dict[str, Any]) -> dict[str, str]:
    """A document as the page shows it: every value a string (untrusted, shown as text); `link`
    is its URL only when that is a plain http(s) address."""

    def text(name: str) -> str:
        value = info.get(name)
        return str(value) if value else ""

    url = text("url")
    return {
        "path": path,
        "title": str(title or ""),
        "site": text("site"),
        "url": url,
        "link": safe_link(url),
        "type": text("source_type") or UNKNOWN,
        "rule": text("source_type_rule"),
        "issued": text("issued") or text("date"),
        "retrieved": text("retrieved"),
        "author": text("author"),
    }


class _Sentences:
    """Interns documents and sentences so that each is stored once."""

    def __init__(self, titles: dict[str, str], info: dict[str, dict[str, Any]]) -> None:
        self.documents: list[dict[str, str]] = []
        self.sentences: list[list[Any]] = []
        self._doc_index: dict[str, int] = {}
        self._sentence_index: dict[tuple[int, int, int, str], int] = {}
        self._titles = titles
        self._info = info
        for path in sorted(titles):
            self.document(path)

    def document(self, path: str) -> int:
        if path not in self._doc_index:
            self._doc_index[path] = len(self.documents)
            info = self._info.get(path)
            self.documents.append(
                _document(path, self._titles.get(path), info if isinstance(info, dict) else {})
            )
        return self._doc_index[path]

    def source_type(self, path: str) -> str:
        return self.documents[self.document(path)]["type"]

    def sentence(self, mention: Mention) -> int:
        doc = self.document(str(mention.doc))
        key = (doc, mention.char_start, mention.char_end, mention.sentence)
        if key not in self._sentence_index:
            self._sentence_index[key] = len(self.sentences)
            self.sentences.append([doc, str(mention.sentence)])
        return self._sentence_index[key]


def _shown(mentions: Iterable[Mention], limit: int) -> tuple[list[Mention], list[int]]:
    """The `limit` mentions the page carries for one claim (strongest evidence first, then in
    corpus order; given back in corpus order) and the count of all its mentions per level rank.
    A store's view selects them itself; a list takes one pass keeping at most `limit`."""
    per_level = [0] * len(Level)
    if hasattr(mentions, "strongest") and hasattr(mentions, "level_counts"):
        return mentions.strongest(limit), mentions.level_counts()
    best: list[tuple[int, int, Mention]] = []  # (rank, -position, mention): a min-heap
    for position, mention in enumerate(mentions):
        rank = _rank(mention.level)
        per_level[rank] += 1
        item = (rank, -position, mention)
        if len(best) < limit:
            heapq.heappush(best, item)
        elif item[:2] > best[0][:2]:
            heapq.heapreplace(best, item)
    best.sort(key=lambda item: -item[1])
    return [mention for _, _, mention in best], per_level


def _edge(
    subject: int, obj: int, relation: str, data: dict[str, Any], sentences: _Sentences, claim: str
) -> dict[str, Any]:
    every = data.get("mentions") or ()
    mentions, per_level = _shown(every, MENTIONS_PER_CLAIM)
    rows = []
    for mention in mentions:
        rows.append(
            [
                sentences.sentence(mention),
                _rank(mention.level),
                bool(mention.hedged),
                bool(mention.negated),
                str(mention.subject_text or ""),
                str(mention.object_text or ""),
                _cues(mention.cues, str(mention.sentence)),
            ]
        )
    counts = {  # the merge's aggregates; counted from the mentions only for a graph without them
        "document_count": lambda: len({m.doc for m in every}),
        "mention_count": lambda: sum(per_level),
        "hedged_count": lambda: sum(m.hedged for m in every),
        "negated_count": lambda: sum(m.negated for m in every),
    }
    count = {name: int(data[name] if name in data else made()) for name, made in counts.items()}
    by_type = data.get("by_source_type")
    if not isinstance(by_type, dict):
        by_type = _by_source_type(every, sentences)
    return {
        "s": subject,
        "o": obj,
        "r": str(data.get("relation") or relation),
        "k": str(data.get("claim") or claim),
        "l": _rank(data.get("level", Level.UNSTATED)),
        "n": bool(data.get("negated")),
        "d": count["document_count"],
        "mc": count["mention_count"],
        "h": count["hedged_count"],
        "nc": count["negated_count"],
        "pl": per_level,
        "st": {
            str(kind): [int(count) for count in counts]
            for kind, counts in sorted(by_type.items(), key=lambda item: str(item[0]))
        },
        "m": rows,
    }


def _by_source_type(mentions: Iterable[Mention], sentences: _Sentences) -> dict[str, tuple]:
    """Per source type: (mentions, documents, negated, hedged), from the mentions' documents (for
    a graph whose claims do not carry ``by_source_type``)."""
    tally: dict[str, list[Any]] = {}
    for mention in mentions:
        row = tally.setdefault(sentences.source_type(str(mention.doc)), [0, set(), 0, 0])
        row[0] += 1
        row[1].add(str(mention.doc))
        row[2] += bool(mention.negated)
        row[3] += bool(mention.hedged)
    return {kind: (row[0], len(row[1]), row[2], row[3]) for kind, row in tally.items()}


def _source_types(used: set[str]) -> list[list[str]]:
    """The source types in use, in the order of the packaged rules, each with its description;
    a type the rules do not know (from an older graph) comes last with an empty description."""
    try:
        described = load_source_type_rules().types
    except SourceRulesError:
        described = {}
    known = [[kind, str(text)] for kind, text in described.items() if kind in used]
    return known + [[kind, ""] for kind in sorted(used - set(described))]


def view_model(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as the page's data: nodes sorted by id, claims sorted by claim key."""
    node_ids = sorted(graph.nodes, key=str)
    index = {node: i for i, node in enumerate(node_ids)}
    sentences = _Sentences(
        dict(graph.graph.get("documents") or {}), dict(graph.graph.get("document_info") or {})
    )
    edges = sorted(
        graph.edges(keys=True, data=True),
        key=lambda e: (str(e[3].get("claim") or ""), str(e[0]), str(e[2]), str(e[1])),
    )
    extra_relations = sorted({str(e[3].get("relation") or e[2]) for e in edges} - set(RELATIONS))
    extra_types = sorted(
        {str(d.get("type") or "") for _, d in graph.nodes(data=True)} - set(ENTITY_TYPES)
    )
    view_edges = [
        _edge(index[s], index[o], str(rel), data, sentences, claim_key(str(s), str(rel), str(o)))
        for s, o, rel, data in edges
    ]
    used = {d["type"] for d in sentences.documents} | {k for e in view_edges for k in e["st"]}
    return {
        "relations": [*RELATIONS, *extra_relations],
        "types": [*ENTITY_TYPES, *extra_types],
        "levels": [level.label for level in Level],
        "sourceTypes": _source_types(used),
        "nodes": [_node(node, graph.nodes[node]) for node in node_ids],
        "edges": view_edges,
        "documents": sentences.documents,
        "sentences": sentences.sentences,
    }
