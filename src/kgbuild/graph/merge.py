"""Merge mentions into one networkx graph: one node per entity, one edge per claim."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kgbuild.graph.ids import claim_key
from kgbuild.graph.store import MemoryMentionStore, MentionStore
from kgbuild.lexicon.model import Entity
from kgbuild.records import Document, Level, Mention

MENTION_INDEX = "mention_index"
LAST_DOCUMENT = "last_document"


def new_graph(store: MentionStore | None = None) -> nx.MultiDiGraph:
    """An empty knowledge graph whose mentions go to `store` (default: in memory).

    Nodes are entity ids with attributes ``label, type, synonyms, abbreviations, xrefs, definition,
    broader, discovered, source, pattern, compact, surface_forms``. Edges are keyed by relation
    name (so (s, o, relation) is unique) and carry ``relation, key, mentions, mention_count,
    document_count, level, negated, hedged_count, negated_count, by_source_type``.
    ``graph.graph["documents"]`` maps a document path to its title, ``graph.graph["document_info"]``
    to what else is known of it (`document_info`); ``graph.graph[MENTION_INDEX]`` is the merge's
    own index of each claim (`ClaimIndex`), ``graph.graph["mention_store"]`` the `MentionStore`
    that ``mentions`` read from.
    """
    graph = nx.MultiDiGraph()
    graph.graph["documents"] = {}
    graph.graph["document_info"] = {}
    graph.graph["mention_store"] = store if store is not None else MemoryMentionStore()
    return graph


def add_entity(graph: nx.MultiDiGraph, entity: Entity, surface: str | None = None) -> None:
    if entity.id not in graph:
        graph.add_node(
            entity.id,
            label=entity.label,
            type=entity.type,
            synonyms=sorted(set(entity.synonyms)),
            abbreviations=sorted(set(entity.abbreviations)),
            xrefs=list(entity.xrefs),
            xref_iris=entity.xref_iris(),
            definition=entity.definition,
            broader=entity.broader,
            discovered=entity.discovered,
            source=entity.source,
            pattern=entity.pattern,
            compact=entity.compact,
            surface_forms=set(),
        )
    if surface:
        graph.nodes[entity.id]["surface_forms"].add(surface)


def merge_document(
    graph: nx.MultiDiGraph,
    document: Document,
    mentions: Iterable[Mention],
    entities: dict[str, Entity],
) -> None:
    """Merge one document's mentions into the graph, following the merge policy.

    Merge policy (the only place it is decided):

    * **Entities** are merged by lexicon id: every surface form of one entity lands on one node,
      and the forms seen in the corpus are kept as ``surface_forms``. Discovered entities are
      keyed by their normalised surface form.
    * **Claims** are merged by ``(subject, relation, object)``: one edge, keyed by the relation,
      holding every mention in corpus order (in the graph's mention store, see `graph.store`).
    * **Documents** are merged one at a time: all the mentions of a document come in one call
      (consecutive calls for the same document are one document; a document merged earlier,
      before another one, cannot come back: ValueError).
    * **Mentions** are one per claim per sentence: a second mention of the same claim in the same
      sentence (same document and offsets, in the same call) is folded into the first, keeping
      the strongest level, hedged only if both are hedged, negated only if both are negated, and
      the union of cues.
    * **Source types**: each mention counts for the source type of its document (decided once
      per document: manifest, then URL rules, then page cues, else ``unknown``); a claim keeps,
      per source type, its mentions, documents, negated and hedged mentions
      (``by_source_type``). A folded mention counts once.
    * A **vocabulary term** (``compact``, from HPO) is typed by its role when every claim on it
      has the same one: Condition if only claimed for, Risk if only a risk.
    * ``level`` of a claim is the strongest level among its **non-negated** mentions; a claim whose
      mentions are all negated takes the strongest level among them. ``negated`` is true only
      when every mention denies the claim. ``document_count`` counts distinct documents.
    """
    documents = graph.graph.setdefault("documents", {})
    last = graph.graph.get(LAST_DOCUMENT)
    if document.path in documents and document.path != last:
        raise ValueError(f"{document.path} was merged before another document; merge it once")
    graph.graph[LAST_DOCUMENT] = document.path
    documents[document.path] = document.title
    kind = document.source_type or "unknown"
    index: dict[tuple[str, str, str], ClaimIndex] = graph.graph.setdefault(MENTION_INDEX, {})
    store: MentionStore = graph.graph.setdefault("mention_store", MemoryMentionStore())
    graph.graph.setdefault("document_info", {})[document.path] = document_info(document)
    in_call: dict[tuple[int, str, int], Mention] = {}  # (claim, doc, sentence start) -> kept
    for mention in mentions:
        for entity_id, surface in (
            (mention.subject, mention.subject_text),
            (mention.object, mention.object_text),
        ):
            add_entity(graph, entities[entity_id], surface)
        edge_id = (mention.subject, mention.object, mention.relation)
        claim = index.get(edge_id)
        if claim is None:
            claim = index[edge_id] = ClaimIndex(len(index))
            graph.add_edge(
                mention.subject,
                mention.object,
                key=mention.relation,
                relation=mention.relation,
                claim=claim_key(mention.subject, mention.relation, mention.object),
                mentions=store.mentions_of(claim.number),
            )
            if graph.nodes[mention.object]["compact"]:
                _type_by_role(
                    graph, mention.object, entities[mention.object].type, mention.relation
                )
        if claim.document != mention.doc:
            claim.new_document(mention.doc, kind)
        sentence = (claim.number, mention.doc, mention.char_start)
        same = in_call.get(sentence)
        if same is None:
            in_call[sentence] = mention
            store.add(claim.number, mention)
            claim.count(mention, +1, kind)
        else:
            claim.count(same, -1, kind)
            fold_mention(same, mention)
            claim.count(same, +1, kind)
    store.end_document()
    for subject, obj, relation in {(m.subject, m.object, m.relation) for m in in_call.values()}:
        index[(subject, obj, relation)].summarise(graph.edges[subject, obj, relation])


DOCUMENT_INFO = (
    "encoding",
    "author",
    "date",
    "url",
    "site",
    "language",
    "issued",
    "retrieved",
    "page_type",
    "page_type_rule",
    "source_type",
    "source_type_rule",
)


def document_info(document: Document) -> dict[str, str]:
    """What the graph says about a document besides its title (only the fields it has): the
    encoding read, author, date, URL, site, language, and the source type its page cues decide."""
    fields = {name: getattr(document, name) for name in DOCUMENT_INFO}
    return {name: value for name, value in fields.items() if value}


ROLE_TYPES = {"claimedFor": "Condition", "hasRisk": "Risk"}


def _type_by_role(graph: nx.MultiDiGraph, node: str, own_type: str, relation: str) -> None:
    """A vocabulary term (HPO) takes the type of the role the corpus gives it when every claim
    gives the same one (a phenotype named only as a use is a Condition, only as a side effect a
    Risk); with both roles it keeps its own type. Called once per new claim on the term: the
    roles seen so far are kept on the node, so the cost does not grow with its claims."""
    roles = graph.nodes[node].setdefault("roles", set())
    if relation in ROLE_TYPES:
        roles.add(relation)
    graph.nodes[node]["type"] = ROLE_TYPES[next(iter(roles))] if len(roles) == 1 else own_type


def fold_mention(kept: Mention, other: Mention) -> None:
    """Fold a second mention of the same claim in the same sentence into the first (see policy)."""
    kept.level = max(kept.level, other.level)
    kept.hedged = kept.hedged and other.hedged
    kept.negated = kept.negated and other.negated
    kept.cues.extend(c for c in other.cues if c not in kept.cues)


@dataclass
class ClaimIndex:
    """What the merge keeps per claim so each mention costs O(1) and memory does not grow with
    the claim's mentions: its number in the mention store and running aggregates."""

    number: int  # the claim's rank in order of creation (its key in the mention store)
    document: str = ""  # the last document with a mention of the claim
    documents: int = 0
    asserted_levels: Counter = field(default_factory=Counter)
    negated_levels: Counter = field(default_factory=Counter)
    hedged: int = 0
    # per source type: [mentions, documents, negated, hedged]
    by_type: dict[str, list[int]] = field(default_factory=dict)

    def new_document(self, path: str, kind: str) -> None:
        """The claim has a mention in one more document, of source type `kind`."""
        self.document = path
        self.documents += 1
        self.by_type.setdefault(kind, [0, 0, 0, 0])[1] += 1

    def count(self, mention: Mention, sign: int, kind: str = "unknown") -> None:
        """Add (+1) or remove (-1) one mention's share of the aggregates (documents aside)."""
        tally = self.by_type.setdefault(kind, [0, 0, 0, 0])
        tally[0] += sign
        tally[2] += sign * mention.negated
        tally[3] += sign * mention.hedged
        levels = self.negated_levels if mention.negated else self.asserted_levels
        levels[mention.level] += sign
        if not levels[mention.level]:
            del levels[mention.level]
        self.hedged += sign * mention.hedged

    def summarise(self, edge: dict) -> None:
        """The claim's attributes from the aggregates (see the merge policy)."""
        asserted = sum(self.asserted_levels.values())
        negated = sum(self.negated_levels.values())
        levels = self.asserted_levels or self.negated_levels
        edge["level"] = max(levels, default=Level.UNSTATED)
        edge["negated"] = not asserted
        edge["mention_count"] = asserted + negated
        edge["document_count"] = self.documents
        edge["hedged_count"] = self.hedged
        edge["negated_count"] = negated
        edge["by_source_type"] = {
            kind: tuple(tally) for kind, tally in sorted(self.by_type.items()) if tally[0]
        }
