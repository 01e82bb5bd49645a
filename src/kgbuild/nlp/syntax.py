"""Function-word lists that shape clauses, lists and scope (`ontology/cues/syntax.json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import lru_cache

from kgbuild.lexicon.model import LexiconError
from kgbuild.resources import cues_dir


@dataclass(frozen=True)
class Syntax:
    subordinators: frozenset[str]
    midsentence_subordinators: frozenset[str]
    coordinators: frozenset[str]
    relative_pronouns: frozenset[str]
    complement_heads: frozenset[str]
    list_connectors: frozenset[str]
    expletive_verbs: frozenset[str]
    expletive_adjectives: frozenset[str]
    negating_prefixes: frozenset[str]
    benefit_for_blockers: frozenset[str]
    population_nouns: frozenset[str]
    non_claim_prefixes: frozenset[str]
    person_relatives: frozenset[str]
    expletive_adverbs: frozenset[str]
    aside_openers: frozenset[str]
    comparison_words: frozenset[str]
    clause_starters: frozenset[str]
    finite_verbs: frozenset[str]
    claim_heading_verbs: frozenset[str]
    form_prefixes: frozenset[str]
    non_claim_labels: frozenset[str]
    use_verbs: frozenset[str]
    evidence_carriers: frozenset[str]
    evidence_carrier_heads: frozenset[str]
    population_openers: frozenset[str]


FIELDS = tuple(f.name for f in fields(Syntax))


@lru_cache(maxsize=1)
def load_syntax() -> Syntax:
    data = json.loads(cues_dir().joinpath("syntax.json").read_text(encoding="utf-8"))
    unknown = set(data) - set(FIELDS) - {"_doc"}
    missing = set(FIELDS) - set(data)
    if unknown or missing:
        raise LexiconError(
            f"syntax.json: unknown {sorted(unknown)} / missing {sorted(missing)} keys"
        )
    for name in FIELDS:
        if not isinstance(data[name], list) or not all(isinstance(w, str) for w in data[name]):
            raise LexiconError(f"syntax.json: '{name}' must be a list of strings")
    return Syntax(**{name: frozenset(w.lower() for w in data[name]) for name in FIELDS})
