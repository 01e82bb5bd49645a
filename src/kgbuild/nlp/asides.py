"""Asides: appositions and comparisons whose entities are not the subject of the main clause.

* "Kavalactones, **the active compounds in kava**, bind to GABA-A receptors": kava is named in an
  apposition; the receptor claim belongs to kavalactones.
* "Kava, **unlike valerian**, has been linked to liver damage": valerian is set aside.
* "Green tea contains less caffeine **than coffee**": coffee is compared, not described.

An aside is a comma-bounded phrase opening with a word from `aside_openers` (and closed by a
comma before the end of the sentence), or a comparison word and the entity right after it.
"""

from __future__ import annotations

from spacy.tokens import Span

from kgbuild.nlp.syntax import Syntax
from kgbuild.nlp.tokens import tokens_of

Aside = tuple[int, int, str]  # token range [start, end) and kind: "apposition" | "comparison"


def find_asides(sent: Span, syntax: Syntax, entity_ends: dict[int, int]) -> list[Aside]:
    """Token ranges of the sentence's asides. `entity_ends` maps an entity's first token to its
    end, so a comparison covers the whole entity named after it."""
    tok = tokens_of(sent.doc)
    texts, lower = tok.text, tok.lower
    asides: list[Aside] = []
    for i in range(sent.start, sent.end - 1):
        if texts[i] == "," and lower[i + 1] in syntax.aside_openers:
            close = next((j for j in range(i + 2, sent.end - 1) if texts[j] == ","), None)
            if close is not None:
                asides.append((i + 1, close, "apposition"))
        elif lower[i] in syntax.comparison_words:
            j = i + 1
            while j < sent.end and lower[j] in {"the", "a", "an", "to", "with", "regular"}:
                j += 1
            if j in entity_ends:
                asides.append((i, entity_ends[j], "comparison"))
    return asides


def aside_of(index: int, asides: list[Aside]) -> Aside | None:
    """The aside that holds token `index`, if any."""
    return next((aside for aside in asides if aside[0] <= index < aside[1]), None)


def same_side(index: int, other: int, asides: list[Aside]) -> bool:
    """Are two tokens both outside any aside, or inside the same one?"""
    return aside_of(index, asides) == aside_of(other, asides)
