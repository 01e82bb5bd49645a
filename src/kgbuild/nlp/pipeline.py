"""Assemble the spaCy pipeline: blank English tokenizer + kgbuild's own stages."""

from __future__ import annotations

import spacy
from spacy.language import Language

from kgbuild.lexicon.model import Lexicon
from kgbuild.nlp import normalizer, segmenter  # noqa: F401  (registers the components)
from kgbuild.nlp.entities import EntityMatcher, load_entity_patterns

MAX_LENGTH = 5_000_000


def build_nlp(lexicon: Lexicon) -> tuple[Language, EntityMatcher]:
    """A `spacy.blank("en")` pipeline with normaliser and segmenter, and the entity matcher."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe("kg_normalizer")
    nlp.add_pipe("kg_segmenter")
    return nlp, EntityMatcher(nlp, lexicon, load_entity_patterns())
