"""Assemble the spaCy pipeline: blank English tokenizer + kgbuild's own stages."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from kgbuild.lexicon.model import Lexicon
from kgbuild.nlp import normalizer, segmenter  # noqa: F401  (registers the components)
from kgbuild.nlp.derived import load_derived_forms
from kgbuild.nlp.entities import EntityMatcher, load_entity_patterns

MAX_LENGTH = 5_000_000

# Web articles glue citation markers to words ("receptor.[4][5]", "policy.1", "anxiety[2]");
# split them off so the words are matched.
EXTRA_INFIXES = [
    r"\[",
    r"\]",
    r"(?<=[A-Za-z)])\.(?=[\[\d])",
    r"(?<=[A-Za-z)])[,;:](?=\[)",  # "psychosis,[4][7] elevated ..."
    r"(?<=[a-z])(?=\d{1,2}$)",
    # Unicode hyphens inside words ("7\u2011hydroxymitragynine", "mu\u2010opioid") split like "-"
    r"(?<=\w)[\u2010\u2011\u2012\u2013\u2212](?=\w)",
]


def customise_tokenizer(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes) + EXTRA_INFIXES
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def build_nlp(lexicon: Lexicon) -> tuple[Language, EntityMatcher]:
    """A `spacy.blank("en")` pipeline with normaliser and segmenter, and the entity matcher."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    customise_tokenizer(nlp)
    nlp.add_pipe("kg_normalizer")
    nlp.add_pipe("kg_segmenter")
    return nlp, EntityMatcher(nlp, lexicon, load_entity_patterns(), load_derived_forms())
