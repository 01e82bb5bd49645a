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


class Normalizer:
    """The `kg_normalizer` component: every token's NORM, set in one array write (as
    `token.norm_ = norm_of(token.text)`). It remembers the norm of each word it has met, by
    the word's hash: one normaliser serves one pipeline, so one vocabulary."""

    def __init__(self) -> None:
        self._norms: dict[int, int] = {}  # word (ORTH hash) -> its norm, added to the strings

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        norms, known = self._norms, self._norms.get
        column = []
        for orth in doc.to_array(ORTH).tolist():
            norm = known(orth)
            if norm is None:
                norm = norms[orth] = strings.add(norm_of(strings[orth]))
            column.append(norm)
        doc.from_array([NORM], numpy.array(column, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("kg_normalizer")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer()
