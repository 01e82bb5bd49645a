"""Merge mentions into one networkx graph: one node per entity, one edge per claim."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kgbuild.graph.ids import claim_key
from kgbuild.lexicon.model import Entity
from kgbuild.records import Document, Level, Mention


def new_graph() -> nx.MultiDiGraph:
    """An empty knowledge graph.

    Nodes are entity ids with attributes ``label, type, synonyms, abbreviations, xrefs, definition,
    broader, discovered, source, pattern, compact, surface_forms``. Edges are keyed by relation
    name (so (s, o, relation) is unique) and carry ``relation, key, mentions, mention_count,
    document_count, level, negated, hedged_count, negated_count``. ``graph.graph["documents"]``
    maps a document path to its title.
    """
    graph = nx.MultiDiGraph()
    graph.graph["documents"] = {}
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
      holding every mention in corpus order.
    * **Mentions** are one per claim per sentence: a second mention of the same claim in the same
      sentence (same document and offsets) is folded into the first, keeping the strongest level,
      hedged only if both are hedged, negated only if both are negated, and the union of cues.
    * A **vocabulary term** (``compact``, from HPO) is typed by its role when every claim on it
      has the same one: Condition if only claimed for, Risk if only a risk.
    * ``level`` of a claim is the strongest level among its **non-negated** mentions; a claim whose
      mentions are all negated takes the strongest level among them. ``negated`` is true only
      when every mention denies the claim. ``document_count`` counts distinct documents.
    """
    graph.graph["documents"][document.path] = document.title
    for mention in mentions:
        for entity_id, surface in (
            (mention.subject, mention.subject_text),
            (mention.object, mention.object_text),
        ):
            add_entity(graph, entities[entity_id], surface)
        key = claim_key(mention.subject, mention.relation, mention.object)
        if not graph.has_edge(mention.subject, mention.object, key=mention.relation):
            graph.add_edge(
                mention.subject,
                mention.object,
                key=mention.relation,
                relation=mention.relation,
                claim=key,
                mentions=[],
            )
        if graph.nodes[mention.object]["compact"]:
            _type_by_role(graph, mention.object, entities[mention.object].type)
        edge = graph.edges[mention.subject, mention.object, mention.relation]
        same = next(
            (
                m
                for m in edge["mentions"]
                if m.doc == mention.doc and m.char_start == mention.char_start
            ),
            None,
        )
        if same is None:
            edge["mentions"].append(mention)
        else:
            fold_mention(same, mention)
        _summarise(edge)


ROLE_TYPES = {"claimedFor": "Condition", "hasRisk": "Risk"}


def _type_by_role(graph: nx.MultiDiGraph, node: str, own_type: str) -> None:
    """A vocabulary term (HPO) takes the type of the role the corpus gives it when every claim
    gives the same one (a phenotype named only as a use is a Condition, only as a side effect a
    Risk); with both roles it keeps its own type."""
    roles = {key for _, _, key in graph.in_edges(node, keys=True) if key in ROLE_TYPES}
    graph.nodes[node]["type"] = ROLE_TYPES[roles.pop()] if len(roles) == 1 else own_type


def fold_mention(kept: Mention, other: Mention) -> None:
    """Fold a second mention of the same claim in the same sentence into the first (see policy)."""
    kept.level = max(kept.level, other.level)
    kept.hedged = kept.hedged and other.hedged
    kept.negated = kept.negated and other.negated
    kept.cues.extend(c for c in other.cues if c not in kept.cues)


def _summarise(edge: dict) -> None:
    mentions: list[Mention] = edge["mentions"]
    asserted = [m for m in mentions if not m.negated]
    edge["level"] = max((m.level for m in (asserted or mentions)), default=Level.UNSTATED)
    edge["negated"] = not asserted
    edge["mention_count"] = len(mentions)
    edge["document_count"] = len({m.doc for m in mentions})
    edge["hedged_count"] = sum(m.hedged for m in mentions)
    edge["negated_count"] = len(mentions) - len(asserted)
