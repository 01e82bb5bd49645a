"""Stage 1: set each token's NORM to a folded, singular form (matching is done on NORM)."""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from kgbuild.lexicon.normalize import fold, singular

# Contracted negation is matched like the full word: "hasn't been shown" meets "not been shown".
CONTRACTIONS = {"n't": "not"}


@lru_cache(maxsize=1 << 17)
def norm_of(text: str) -> str:
    folded = fold(text)
    if folded in CONTRACTIONS:
        return CONTRACTIONS[folded]
    return singular(folded) if folded.isalpha() or "-" in folded else folded


def normed_doc(nlp: Language, text: str) -> Doc:
    """A phrase tokenised like an article and normalised like one, for NORM phrase matching."""
    doc = nlp.make_doc(text)
    for token in doc:
        token.norm_ = norm_of(token.text)
    return doc


@Language.component("kg_normalizer")
def normalize_tokens(doc: Doc) -> Doc:
    """Every token's NORM, set in one array write (as `token.norm_ = norm_of(token.text)`)."""
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    # Each distinct word once: its norm, then every token takes the norm of its word.
    words, word_of = numpy.unique(doc.to_array(ORTH), return_inverse=True)
    norms = [strings.add(norm_of(strings[orth])) for orth in words.tolist()]
    norm_of_token = numpy.array(norms, dtype="uint64")[word_of.reshape(-1)]
    doc.from_array([NORM], norm_of_token.reshape(-1, 1))
    return doc
