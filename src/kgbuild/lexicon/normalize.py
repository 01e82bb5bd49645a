"""Surface-form normalisation shared by the entity matcher and the evaluator."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4`"), "'")
_GREEK = {
    "\u03bc": "mu",
    "\u00b5": "mu",
    "\u03ba": "kappa",
    "\u03b4": "delta",
    "\u03b3": "gamma",
    "\u03b1": "alpha",
    "\u03b2": "beta",
}


def fold(text: str) -> str:
    """Lower-case, fold unicode dashes/apostrophes to ASCII and Greek letters to names."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).lower()
    for greek, name in _GREEK.items():
        text = text.replace(greek, name)
    return text


def singular(word: str) -> str:
    """A cheap, symmetric plural fold: both lexicon and text go through it."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


_WORD = re.compile(r"[\w'-]+|[^\w\s]")


@lru_cache(maxsize=1 << 17)
def key(text: str) -> str:
    """Comparison key of a surface form: folded, 'the'/possessives dropped, plurals folded."""
    words = _WORD.findall(fold(text))
    if words and words[0] == "the":
        words = words[1:]
    out = []
    for w in words:
        if w.endswith("'s"):
            w = w[:-2]
        out.append(singular(w))
    return " ".join(out).replace(" - ", "-").strip()
