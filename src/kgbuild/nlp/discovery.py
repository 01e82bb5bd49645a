"""Stage 3b: discover typed entities the lexicon lacks, from the wording around them.

* receptors: "the NMDA receptors", "5-HT2A receptor", "alpha-2 adrenergic receptors";
* compounds: "alkaloids such as A and B", "compounds like A", "A, a compound found in X",
  "the seeds contain A" (a chemical-looking name after a verb of containing);
* conditions: "used to treat C", "relief of C", "remedy for C";
* risks: "risk of R", "can cause R", "side effects include R", "linked to R";
* substances: "mullein leaf capsules", "shilajit resin", "Garcinia cambogia extract" (a name
  before a product form, named at least twice on the page); compounds: "tianeptine, an
  unapproved drug".

Discovered entities are marked `discovered` in the graph. Word lists are data
(`ontology/patterns/discovery.json`); a candidate that overlaps a lexicon entity is dropped.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgbuild.graph.ids import slug
from kgbuild.lexicon.model import Entity, Lexicon, LexiconError
from kgbuild.lexicon.normalize import fold, key, singular
from kgbuild.nlp.tokens import TokenTable, positions, tokens_of
from kgbuild.resources import ontology_dir

SUBJECT_PATTERNS = {
    "defined-substance",
    "defined-compound",
    "latin-name",
    "product-name",
    "agent-apposition",
}
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
    "substance_heads",
    "name_blockers",
    "shared_heads",
    "product_forms",
    "product_blockers",
    "agent_nouns",
    "product_verb_markers",
    "contains_openers",
)


@dataclass(frozen=True)
class DiscoveryWords:
    lists: dict[str, frozenset[str]]
    max_np_tokens: int

    def __post_init__(self) -> None:
        # Each list is also an instance attribute, so that reading one in a loop is a plain
        # attribute look-up rather than a call of __getattr__.
        for name, words in self.lists.items():
            object.__setattr__(self, name, words)

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
        self._remembered: set[str] = set()
        self._known: set[str] = set()
        self._owner: dict[str, str] = {}
        for entity in lexicon:
            for form in entity.surface_forms():
                form_key = key(form)
                self._known.add(form_key)
                if form not in entity.abbreviations:
                    self._owner[form_key] = entity.id
        self.named = PhraseMatcher(nlp.vocab, attr="LOWER")  # discovered subjects, by name
        self._make = nlp.make_doc
        self.openers = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name in ("list_openers", "condition_openers", "risk_openers", "contains_openers"):
            self.openers.add(name, [nlp.make_doc(p) for p in sorted(self.words.lists[name])])

    def __call__(self, doc: Doc, taken: list[Span]) -> list[Span]:
        occupied = {i for span in taken for i in range(span.start, span.end)}
        candidates: list[tuple[int, int, str, str]] = []
        candidates += self._defined_subjects(doc)
        candidates += [(s, e, t, "receptor-name") for s, e, t in self._receptors(doc)]
        for match_id, start, end in self.openers(doc):
            kind = doc.vocab.strings[match_id]
            if kind == "list_openers" and self._after_class_noun(doc, start, taken):
                candidates += [
                    (s, e, t, "class-such-as") for s, e, t in self._chemical_list(doc, end)
                ]
            elif kind == "contains_openers":  # "seeds contain thymoquinone"
                for s, e, t in self._chemical_list(doc, end):
                    if doc[s:e].text.lower() in self.words.compound_class_nouns:
                        break  # "contains alkaloids such as ...": the class, not a compound
                    candidates.append((s, e, t, "contains-chemical"))
            elif kind == "condition_openers":
                candidates += [
                    (s, e, "Condition", "use-list") for s, e in self._noun_phrases(doc, end)
                ]
            elif kind == "risk_openers":
                candidates += [(s, e, "Risk", "risk-list") for s, e in self._noun_phrases(doc, end)]
        candidates += [
            (s, e, t, "compound-apposition") for s, e, t in self._appositive_compounds(doc)
        ]
        candidates += [(s, e, "Compound", "agent-apposition") for s, e in self._agents(doc)]
        candidates += [(s, e, "Substance", "product-name") for s, e in self._product_names(doc)]
        spans = []
        for start, end, etype, pattern in candidates:
            if any(i in occupied for i in range(start, end)):
                continue
            span = self._span(doc, start, end, etype, pattern)
            if span is not None:
                spans.append(span)
                occupied.update(range(start, end))
                if etype in ("Substance", "Compound") and pattern in SUBJECT_PATTERNS:
                    self._remember(span)
        for match_id, start, end in self.named(doc):
            if any(i in occupied for i in range(start, end)):
                continue
            entity = self.found.get(doc.vocab.strings[match_id])
            if entity is None:  # remembered in a document whose discoveries were forgotten
                continue
            spans.append(Span(doc, start, end, label=entity.type, kb_id=entity.id))
            occupied.update(range(start, end))
        return spans

    def reset(self, known: dict[str, Entity] | None = None) -> None:
        """Forget every document before this one except `known` (form -> entity): the entities
        found and the subjects remembered by name. Extraction of one document then depends on
        that document alone (`Extractor.extract_alone`, the basis of --jobs and the cache)."""
        self.found = dict(known or {})
        self._remembered = set()
        self.named = PhraseMatcher(self.named.vocab, attr="LOWER")

    def _remember(self, span: Span) -> None:
        """Later mentions of a discovered subject, in this document and the next, are found;
        so is its Latin name when one follows in brackets ('mugwort (Artemisia vulgaris)'), and
        the genus of that name alone ('a verbena extract' on a page about Verbena hastata)."""
        form = key(span.text)
        entity = self.found.get(form)
        if entity is None:
            return
        names = [span.text]
        doc, end = span.doc, span.end
        if end + 3 < len(doc) and doc[end].text == "(" and doc[end + 3].text == ")":
            latin = doc[end + 1 : end + 3]
            if latin[0].is_title and latin[1].is_lower and key(latin.text) not in self._known:
                names.append(latin.text)
                if key(latin[0].text) not in self._known:  # "a verbena extract" later on
                    names.append(latin[0].text)
        for name in names:
            name_key = key(name)
            self.found.setdefault(name_key, entity)
            if name_key not in self._remembered:
                self._remembered.add(name_key)
                self.named.add(name_key, [self._make(name)])

    # -- subjects the page defines ------------------------------------------------------------
    def _defined_subjects(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """'Mugwort is a perennial herb ...', 'Kanna (Sceletium tortuosum) is a succulent';
        'X is an alkaloid' gives a compound. Also 'mugwort (Artemisia vulgaris)' anywhere."""
        out: list[tuple[int, int, str, str]] = []
        w = self.words
        tok = tokens_of(doc)
        texts, lower = tok.text, tok.lower
        for sent_start, sent_end in tok.sentences:
            i = sent_start
            while i < sent_end and (tok.is_punct[i] or tok.like_num[i] or tok.is_space[i]):
                i += 1
            end = i
            while end < sent_end and end - i < 3 and self._name_token(tok, end):
                end += 1
            if end == i or lower[i] in w.name_blockers:
                continue
            k = end
            if k < sent_end and texts[k] == "(":  # "Kanna (Sceletium tortuosum) is ..."
                close = next((j for j in range(k, min(k + 6, sent_end)) if texts[j] == ")"), 0)
                k = close + 1 if close else sent_end
            if k >= sent_end or lower[k] not in ("is", "are"):
                continue
            head = self._defining_head(doc, k + 1, sent_end)
            if head:
                out.append((i, end, head, "defined-" + head.lower()))
        for j, text in enumerate(texts):  # "mugwort (Artemisia vulgaris)"
            if (
                text == "("
                and j >= 1
                and j + 3 < len(texts)
                and texts[j + 3] == ")"
                and tok.is_title[j + 1]
                and tok.is_lower[j + 2]
                and tok.is_alpha[j + 1]
                and tok.is_alpha[j + 2]
                and len(texts[j + 1]) > 3
                and len(texts[j + 2]) > 3
                and self._name_token(tok, j - 1)
                and lower[j - 1] not in w.name_blockers
            ):
                start = j - 1
                if start >= 1 and tok.is_title[start - 1] and self._name_token(tok, start - 1):
                    start -= 1
                out.append((start, j, "Substance", "latin-name"))
        return out

    def _name_token(self, tok: TokenTable, i: int) -> bool:
        return (
            tok.is_alpha[i]
            and not tok.is_stop[i]
            and len(tok.text[i]) > 2
            and tok.lower[i] not in self.words.name_blockers
            and tok.lower[i] not in self.words.substance_heads
        )

    def _defining_head(self, doc: Doc, start: int, end: int) -> str | None:
        """'a perennial flowering plant' -> Substance; 'an indole alkaloid' -> Compound."""
        if start >= end or doc[start].lower_ not in ("a", "an"):
            return None
        for j in range(start + 1, min(start + 6, end)):
            text = doc[j].lower_
            if text in self.words.substance_heads:
                return "Substance"
            if text in self.words.compound_class_nouns:
                return "Compound"
            if not (doc[j].is_alpha or doc[j].text in "-,") or text in ("of", "that", "which"):
                return None
        return None

    # -- candidate finders ----------------------------------------------------------------
    def _receptors(self, doc: Doc) -> list[tuple[int, int, str]]:
        out = []
        w = self.words
        tok = tokens_of(doc)
        lower, texts = tok.lower, tok.text
        for i in positions(lower, w.receptor_heads):
            start = i
            while (
                start > 0
                and i - start < 4
                and (not tok.is_punct[start - 1] or texts[start - 1] == "-")
                and lower[start - 1] not in w.receptor_blockers
            ):
                text = lower[start - 1]
                if not (
                    text in w.receptor_qualifiers
                    or any(c.isdigit() for c in text)
                    or texts[start - 1].isupper()
                    or text.endswith(("ergic", "ic"))
                    or text == "-"
                ):
                    break
                start -= 1
            if start < i and texts[start] != "-":
                out.append((start, i + 1, "Receptor"))
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
        lower = tokens_of(doc).lower
        for i in positions(lower, self.words.compound_class_nouns):
            if i < 3:
                continue
            j = i - 1
            while j > 0 and lower[j] in {
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

    def drop_forms(self, spans: list[Span]) -> list[Span]:
        """'butterfly pea tea', 'valerian root extract': a product form ('tea') right after a
        substance is that substance's form, not a second substance. `spans` are sorted."""
        out: list[Span] = []
        for span in spans:
            previous = out[-1] if out else None
            if (
                previous is not None
                and span.label_ == "Substance"
                and previous.label_ == "Substance"
                and previous.end == span.start
                and span.text.lower() in self.words.product_forms
            ):
                continue
            out.append(span)
        return out

    def _agents(self, doc: Doc) -> list[tuple[int, int]]:
        """'tianeptine, an unapproved drug' / 'X is a synthetic opioid': a chemical-looking name
        defined as a drug or medicine is a compound."""
        out = []
        tok = tokens_of(doc)
        lower = tok.lower
        for i in positions(lower, self.words.agent_nouns):
            if i < 2:
                continue
            j = i - 1
            while j > 0 and i - j <= 2 and tok.is_alpha[j] and not tok.is_stop[j]:
                j -= 1
            if lower[j] not in {"a", "an"}:
                continue
            if j < 2 or lower[j - 1] not in {",", "(", "is", "was"}:
                continue
            name = doc[j - 2]
            if (
                name.is_alpha
                and self._looks_chemical(name.text)
                and key(name.text) not in (self._known)
            ):
                out.append((name.i, name.i + 1))
        return out

    def _product_names(self, doc: Doc) -> list[tuple[int, int]]:
        """A name before a product form ('mullein leaf capsules', 'shilajit resin', 'Garcinia
        cambogia extract') that the page names at least twice: a substance."""
        w = self.words
        out: list[tuple[int, int]] = []
        counts: Counter[tuple[str, ...]] | None = None
        lower = tokens_of(doc).lower
        for i in positions(lower, w.product_forms):
            j = i - 1
            while j >= 0 and lower[j] in w.product_forms and i - j < 3:
                j -= 1
            if j < 0 or not self._product_word(doc[j]):
                continue
            if j >= 1 and (lower[j - 1] in w.product_verb_markers or lower[j - 1].endswith("ly")):
                continue  # "some contain extracts", "safely navigate tea": a verb, not a name
            if counts is None:
                counts = Counter(zip(lower, lower[1:], strict=False))
                counts.update((word,) for word in lower)
            options = [(j, j + 1)]
            if j >= 1 and self._product_word(doc[j - 1]):
                options.insert(0, (j - 1, j + 1))
            for start, end in options:
                if counts[tuple(lower[start:end])] >= 2:
                    out.append((start, end))
                    break
        return out

    def _product_word(self, token) -> bool:
        lower = token.lower_
        w = self.words
        return (
            token.is_alpha
            and len(token) > 3
            and not token.is_stop
            and not lower.endswith(("ing", "ly", "ed", "ful", "less"))
            and lower not in w.product_blockers
            and lower not in w.product_forms
            and lower not in w.name_blockers
            and lower not in w.np_stopwords
            and lower not in w.substance_heads
            and key(token.text) not in self._known
        )

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
    def known_entity(self, form: str) -> Entity | None:
        """The lexicon entity one of whose names is `form`, if any."""
        known = self._owner.get(key(form))
        return self.lexicon[known] if known is not None else None

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
