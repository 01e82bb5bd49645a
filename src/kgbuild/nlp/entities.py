"""Stage 3: entities from the lexicon, case-insensitive and plural-tolerant.

Synonyms are matched on the NORM attribute (folded, singular), so "Opioid Receptors",
"opioid receptor" and "μ-opioid" all meet their lexicon entry; hyphen and "St." variants are
generated from each synonym. Abbreviations match their exact case only ("GAD", not "gad").
Entity patterns (`ontology/patterns/*.jsonl`) add wordings a phrase cannot express
("interacts with certain drugs"); derived words ("anxiolytic", "analgesic") name their condition
(`derived.py`). The result is `doc.ents`, each span's `kb_id_` an entity id
and its label the entity type.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kgbuild.lexicon.jsonl import read_jsonl
from kgbuild.lexicon.model import Entity, Lexicon, LexiconError
from kgbuild.nlp.coordination import distribute_heads, form_index
from kgbuild.nlp.derived import DerivedForms, DerivedMatcher
from kgbuild.nlp.normalizer import normed_doc
from kgbuild.nlp.syntax import load_syntax
from kgbuild.nlp.windows import WindowedMatcher
from kgbuild.resources import ontology_dir


def variants(form: str) -> set[str]:
    """Spelling variants of one synonym: hyphen/space/none, 'St.'/'St'/'ST.'/'Saint',
    possessive 's, and a hyphenated two-word form ('liver-toxicity')."""
    out = {form}
    for text in list(out):
        if "-" in text:
            out |= {text.replace("-", " "), text.replace("-", "")}
        elif text.count(" ") == 1 and text.replace(" ", "").isalpha():
            out.add(text.replace(" ", "-"))
    for text in list(out):
        lower = text.lower()
        if lower.startswith("st. ") or " st. " in lower:
            rest = text[text.lower().index("st. ") + 4 :]
            head = text[: text.lower().index("st. ")]
            out |= {f"{head}St {rest}", f"{head}ST. {rest}", f"{head}Saint {rest}"}
    for text in list(out):
        if "'s " in text:
            out |= {text.replace("'s ", "s "), text.replace("'s ", " ")}
    return out


def load_entity_patterns() -> list[dict]:
    """Token patterns that name a lexicon entity, from `ontology/patterns/entities.jsonl`."""
    path = ontology_dir().joinpath("patterns", "entities.jsonl")
    if not path.is_file():
        return []
    rules = []
    for where, rule in read_jsonl(path):
        if (
            not isinstance(rule, dict)
            or set(rule) - {"entity", "pattern", "note"}
            or not {"entity", "pattern"} <= set(rule)
        ):
            raise LexiconError(f"{where}: a rule has 'entity' and 'pattern' (and 'note')")
        rules.append(rule)
    return rules


class EntityMatcher:
    """Finds lexicon entities in a Doc; built once per lexicon."""

    def __init__(
        self,
        nlp: Language,
        lexicon: Lexicon,
        patterns: Iterable[dict] = (),
        derived: list[DerivedForms] = (),
    ) -> None:
        self.lexicon = lexicon
        self.derived = DerivedMatcher(nlp, lexicon, list(derived))
        self.phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.rules = WindowedMatcher(nlp.vocab, validate=True)
        self.forms = form_index(lexicon)  # shared heads: "cardiovascular and respiratory problems"
        make = nlp.make_doc
        for entity in lexicon:
            names = (entity.label, *entity.synonyms)
            if entity.compact:  # a vocabulary's names: hyphen variants of hyphenated ones only
                forms = {v for f in names for v in ({f} if "-" not in f else variants(f))}
            else:
                forms = {v for form in names for v in variants(form)}
            docs = [normed_doc(nlp, f) for f in sorted(forms)]
            self.phrases.add(entity.id, docs)
            if entity.abbreviations:
                self.exact.add(entity.id, [make(a) for a in entity.abbreviations])
        for rule in patterns:
            if rule["entity"] not in lexicon:
                raise LexiconError(f"entity pattern names unknown entity {rule['entity']!r}")
            self.rules.add(rule["entity"], [rule["pattern"]])

    def spans(self, doc: Doc) -> list[Span]:
        found = []
        for matcher in (self.phrases, self.exact, self.rules):
            for match_id, start, end in matcher(doc):
                entity: Entity = self.lexicon[doc.vocab.strings[match_id]]
                if _negated_prefix(doc, start):
                    continue
                found.append(Span(doc, start, end, label=entity.type, kb_id=entity.id))
        found += [
            s for s in self.derived.spans(doc, self.lexicon) if not _negated_prefix(doc, s.start)
        ]
        found = filter_spans(found)
        return filter_spans(found + distribute_heads(doc, found, self.forms))

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = self.spans(doc)
        return doc


def _negated_prefix(doc: Doc, start: int) -> bool:
    """'non-withanolide', 'un-...' do not name the entity itself ('anti-anxiety' does: a
    claim against anxiety). The prefixes are data: syntax.json `negating_prefixes`."""
    return (
        start >= 2
        and doc[start - 1].text == "-"
        and doc[start - 2].lower_ in load_syntax().negating_prefixes
        and not doc[start - 1].whitespace_
    )
