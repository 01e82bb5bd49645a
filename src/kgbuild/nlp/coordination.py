"""Shared heads of coordinated modifiers (part of stage 3, entities).

"psychiatric, cardiovascular and respiratory problems" names three conditions that share one
head noun; "muscle and joint pain" two. The lexicon matcher sees only the last ("respiratory
problems"); here each earlier modifier whose "modifier + head" is a lexicon form becomes an
entity mention of its own, spanning the modifier. Linear in the document.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kgbuild.lexicon.model import Entity, Lexicon
from kgbuild.lexicon.normalize import key
from kgbuild.nlp.tokens import positions, tokens_of

COORDINATORS = {"and", "or", "&", "and/or"}


def form_index(lexicon: Lexicon) -> dict[str, Entity]:
    """Comparison key of every label and synonym -> its entity (first one wins)."""
    index: dict[str, Entity] = {}
    for entity in lexicon:
        for form in (entity.label, *entity.synonyms):
            index.setdefault(key(form), entity)
    return index


def _modifier(token: Token) -> bool:
    return token.is_alpha and not token.is_stop


def distribute_heads(doc: Doc, found: list[Span], index: dict[str, Entity]) -> list[Span]:
    """Mentions for the earlier conjuncts of "A, B and C HEAD" whose "A HEAD" is a lexicon form."""
    taken = {i for span in found for i in range(span.start, span.end)}
    out: list[Span] = []
    for i in positions(tokens_of(doc).lower, COORDINATORS):
        if i + 2 >= len(doc) or i == 0:
            continue
        last, head = doc[i + 1], doc[i + 2]
        if not (_modifier(last) and head.is_alpha):
            continue
        j = i - 1 if doc[i - 1].text != "," else i - 2  # an Oxford comma
        while j >= 0 and _modifier(doc[j]):
            entity = None if j in taken else index.get(key(f"{doc[j].text} {head.text}"))
            if entity is not None:
                out.append(Span(doc, j, j + 1, label=entity.type, kb_id=entity.id))
            if j >= 2 and doc[j - 1].text == ",":
                j -= 2
            else:
                break
    return out
