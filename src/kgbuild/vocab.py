"""The graph's public vocabulary (../shared/design/ontology-contract.md), declared once.

`KG` is a closed namespace: a misspelt term such as ``KG.claimedfor`` raises at import or call
time instead of silently producing a new IRI.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace

from kgbuild.graph.ids import BASE, CLAIM, DOCUMENT, ENTITY, MENTION, SOURCE_TYPE


class KG(DefinedNamespace):
    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Substance: object
    Compound: object
    Alkaloid: object
    Receptor: object
    Neurotransmitter: object
    Condition: object
    Risk: object
    Claim: object
    Mention: object
    Document: object
    EvidenceLevel: object
    Entity: object
    SourceType: object
    SourceTypeCount: object
    # relations (direct edges)
    contains: object
    actsOn: object
    modulates: object
    claimedFor: object
    hasRisk: object
    # claim and mention properties
    evidenceLevel: object
    mentionCount: object
    documentCount: object
    negated: object
    hedged: object
    mention: object
    document: object
    sentence: object
    charStart: object
    charEnd: object
    cue: object
    path: object
    encoding: object
    page: object
    rank: object
    discovered: object
    discoveryPattern: object
    vocabularyVersion: object
    hedgedCount: object
    negatedCount: object
    evidenceScheme: object
    # who says so (issue 11)
    sourceType: object
    sourceTypeRule: object
    bySourceType: object
    retrieved: object
    # evidence levels
    Clinical: object
    Research: object
    Anecdotal: object
    Traditional: object
    Unstated: object


ENT = Namespace(ENTITY)
KGC = Namespace(CLAIM)
KGM = Namespace(MENTION)
KGD = Namespace(DOCUMENT)
KGS = Namespace(SOURCE_TYPE)  # open: the kinds of source are data (sources/source-types.json)

PREFIXES = {"kg": KG._NS, "kge": ENT, "kgc": KGC, "kgm": KGM, "kgd": KGD, "kgs": KGS}
