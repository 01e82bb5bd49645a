"""Stage 3b: discover typed entities the lexicon lacks, from the wording around them.

* receptors: "the NMDA receptors", "5-HT2A receptor", "alpha-2 adrenergic receptors";
* compounds: "alkaloids such as A and B", "compounds like A", "A, a compound found in X";
* conditions: "used to treat C", "relief of C", "remedy for C";
* risks: "risk of R", "can cause R", "side effects include R", "linked to R".

Discovered entities are marked `discovered` in the graph. Word lists are data
(`ontology/patterns/discovery.json`); a candidate that overlaps a lexicon entity is dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgbuild.graph.ids import slug
from kgbuild.lexicon.model import Entity, Lexicon, LexiconError
from kgbuild.lexicon.normalize import fold, key, singular
from kgbuild.resources import ontology_dir

LIST_FIELDS = (
    "receptor_heads",
    "receptor_qualifiers",
    "receptor_blockers",
    "compound_class_nouns",
    "list_openers",
    "chemical_suffixes",
    "condition_openers",
    "risk_openers",
    "np_stopwords",
    "np_modifiers",
    "np_followers",
    "agonist_words",
    "shared_modifiers",
)


@dataclass(frozen=True)
class DiscoveryWords:
    lists: dict[str, frozenset[str]]
    max_np_tokens: int

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.lists[name]
        except KeyError:
            raise AttributeError(name) from None


def load_words() -> DiscoveryWords:
    data = json.loads(
        ontology_dir().joinpath("patterns", "discovery.json").read_text(encoding="utf-8")
    )
    missing = [f for f in LIST_FIELDS if not isinstance(data.get(f), list)]
    unknown = set(data) - set(LIST_FIELDS) - {"_doc", "max_np_tokens"}
    if missing or unknown or not isinstance(data.get("max_np_tokens"), int):
        raise LexiconError(
            f"discovery.json: missing {missing}, unknown {sorted(unknown)} or bad max_np_tokens"
        )
    return DiscoveryWords(
        {f: frozenset(w.lower() for w in data[f]) for f in LIST_FIELDS}, data["max_np_tokens"]
    )


class Discoverer:
    """Finds discovered-entity spans in a Doc and keeps one Entity per discovered name."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.words = load_words()
        self.found: dict[str, Entity] = {}
        self._known = {key(form) for e in lexicon for form in e.surface_forms()}
        self._owner = {key(form): e.id for e in lexicon for form in (e.label, *e.synonyms)}
        self.openers = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name in ("list_openers", "condition_openers", "risk_openers"):
            self.openers.add(name, [nlp.make_doc(p) for p in sorted(self.words.lists[name])])

    def __call__(self, doc: Doc, taken: list[Span]) -> list[Span]:
        occupied = {i for span in taken for i in range(span.start, span.end)}
        candidates: list[tuple[int, int, str, str]] = []
        candidates += [(s, e, t, "receptor-name") for s, e, t in self._receptors(doc)]
        for match_id, start, end in self.openers(doc):
            kind = doc.vocab.strings[match_id]
            if kind == "list_openers" and self._after_class_noun(doc, start, taken):
                candidates += [
                    (s, e, t, "class-such-as") for s, e, t in self._chemical_list(doc, end)
                ]
            elif kind == "condition_openers":
                candidates += [
                    (s, e, "Condition", "use-list") for s, e in self._noun_phrases(doc, end)
                ]
            elif kind == "risk_openers":
                candidates += [(s, e, "Risk", "risk-list") for s, e in self._noun_phrases(doc, end)]
        candidates += [
            (s, e, t, "compound-apposition") for s, e, t in self._appositive_compounds(doc)
        ]
        spans = []
        for start, end, etype, pattern in candidates:
            if any(i in occupied for i in range(start, end)):
                continue
            span = self._span(doc, start, end, etype, pattern)
            if span is not None:
                spans.append(span)
                occupied.update(range(start, end))
        return spans

    # -- candidate finders ----------------------------------------------------------------
    def _receptors(self, doc: Doc) -> list[tuple[int, int, str]]:
        out = []
        w = self.words
        for token in doc:
            if token.lower_ not in w.receptor_heads:
                continue
            start = token.i
            while (
                start > 0
                and token.i - start < 4
                and (not doc[start - 1].is_punct or doc[start - 1].text == "-")
                and doc[start - 1].lower_ not in w.receptor_blockers
            ):
                previous = doc[start - 1]
                text = previous.lower_
                if not (
                    text in w.receptor_qualifiers
                    or any(c.isdigit() for c in text)
                    or previous.text.isupper()
                    or text.endswith(("ergic", "ic"))
                    or text == "-"
                ):
                    break
                start -= 1
            if start < token.i and doc[start].text != "-":
                out.append((start, token.i + 1, "Receptor"))
        return out

    def _after_class_noun(self, doc: Doc, opener_start: int, taken: list[Span]) -> bool:
        """'alkaloids such as', or a known compound class: 'kavalactones such as'."""
        i = opener_start - 1
        while i >= 0 and doc[i].text in {",", "("}:
            i -= 1
        if i < 0:
            return False
        return doc[i].lower_ in self.words.compound_class_nouns or any(
            span.end == i + 1 and span.label_ in ("Compound", "Alkaloid") for span in taken
        )

    def _chemical_list(self, doc: Doc, start: int) -> list[tuple[int, int, str]]:
        out = []
        i = start
        while i < len(doc) and len(out) < 8:
            token = doc[i]
            if token.text in {",", "and", "or", "("} or token.is_space:
                i += 1
                continue
            end = i
            while end < len(doc) and (
                doc[end].text == "-"
                or doc[end].like_num
                or doc[end].is_alpha
                and not doc[end].is_stop
            ):
                end += 1
                if (
                    end - i >= 3
                    or doc[end - 1].text != "-"
                    and end < len(doc)
                    and doc[end].text != "-"
                ):
                    break
            if end == i or not self._looks_chemical(doc[i:end].text):
                break
            out.append((i, end, "Compound"))
            i = end
        return out

    def _appositive_compounds(self, doc: Doc) -> list[tuple[int, int, str]]:
        """'A, a compound found in X' / 'A (an alkaloid)'."""
        out = []
        for token in doc:
            if token.lower_ not in self.words.compound_class_nouns or token.i < 3:
                continue
            j = token.i - 1
            while j > 0 and doc[j].lower_ in {
                "active",
                "main",
                "primary",
                "key",
                "major",
                "natural",
                "psychoactive",
                "plant",
                "chemical",
            }:
                j -= 1
            if doc[j].lower_ not in {"a", "an", "the"} or doc[j - 1].text not in {",", "("}:
                continue
            name = doc[j - 2]
            if name.is_alpha and self._looks_chemical(name.text):
                out.append((name.i, name.i + 1, "Compound"))
        return out

    def _noun_phrases(self, doc: Doc, start: int) -> list[tuple[int, int]]:
        """Short noun phrases right after an opener: 'diarrhea', 'menstrual cramps and nausea'.

        A phrase must end at punctuation, a conjunction or a preposition (`np_followers`), so
        'dependence, and abrupt cessation may ...' stops before 'abrupt cessation'.
        """
        w = self.words
        out = []
        i = start
        while i < len(doc) and len(out) < 6:
            while i < len(doc) and (
                doc[i].lower_ in w.np_modifiers or doc[i].lower_ in {"a", "an", "the"}
            ):
                i += 1
            end = i
            while (
                end < len(doc)
                and end - i < w.max_np_tokens
                and doc[end].is_alpha
                and doc[end].lower_ not in w.np_stopwords
                and not doc[end].is_stop
            ):
                end += 1
            if end == i or (
                end < len(doc) and doc[end].is_alpha and doc[end].lower_ not in w.np_followers
            ):
                break
            if doc[end - 1].lower_.endswith(("ly", "ing")) and end - i == 1:
                break
            out.append((i, end))
            i = end
            if i < len(doc) and doc[i].text == ",":
                i += 1
            if i < len(doc) and doc[i].lower_ in {"and", "or"}:
                i += 1
            if i >= len(doc) or not doc[i].is_alpha:
                break
        return out

    def _looks_chemical(self, text: str) -> bool:
        lower = fold(text)
        return (
            len(lower) >= 5
            and lower not in self.words.np_stopwords
            and (
                any(c.isdigit() for c in lower)
                or lower.endswith(tuple(self.words.chemical_suffixes))
            )
        )

    # -- entities ---------------------------------------------------------------------------
    def entity_for(self, form: str, etype: str, pattern: str) -> Entity | None:
        """The lexicon entity named `form` (if of `etype`), else a discovered one (kept)."""
        form_key = key(form)
        if not form_key or len(form_key) < 3:
            return None
        known = self._owner.get(form_key)
        if known is not None:
            entity = self.lexicon[known]
            return entity if entity.type == etype else None
        entity = self.found.get(form_key)
        if entity is None:
            label = " ".join(
                w if (w.isupper() or any(c.isdigit() for c in w)) else fold(w) for w in form.split()
            )
            words = label.split()
            words[-1] = singular(words[-1])
            entity = Entity(
                id="d-" + slug(form_key),
                label=" ".join(words),
                type=etype,
                discovered=True,
                pattern=pattern,
            )
            self.found[form_key] = entity
        return entity

    def _span(self, doc: Doc, start: int, end: int, etype: str, pattern: str) -> Span | None:
        text = doc[start:end].text
        form = key(text)
        if not form or form in self._known or len(form) < 3:
            return None
        entity = self.found.get(form)
        if entity is None:
            label = _label(doc[start:end])
            entity_id = "d-" + slug(form)
            entity = Entity(id=entity_id, label=label, type=etype, discovered=True, pattern=pattern)
            self.found[form] = entity
        return Span(doc, start, end, label=entity.type, kb_id=entity.id)


def _label(span: Span) -> str:
    """Canonical name of a discovered entity: lower case but acronyms, last word singular."""
    words = [
        t.text if (t.text.isupper() or any(c.isdigit() for c in t.text)) else fold(t.text)
        for t in span
    ]
    words[-1] = singular(words[-1]) if words[-1].islower() else words[-1]
    return " ".join(words).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
