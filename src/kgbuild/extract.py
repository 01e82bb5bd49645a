"""From one Document to its mentions: run the spaCy stages, then the claim finder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span

from kgbuild.lexicon import Entity, Lexicon, full_lexicon
from kgbuild.nlp.claims import ClaimFinder
from kgbuild.nlp.discovery import Discoverer
from kgbuild.nlp.pipeline import build_nlp
from kgbuild.nlp.targets import TargetFinder
from kgbuild.nlp.tokens import make_doc, tokens_of
from kgbuild.records import Document, Mention
from kgbuild.text import chunk_text, strip_invisible


@dataclass
class DocumentResult:
    mentions: list[Mention]
    sentences: int
    # Entities discovered in this document, in the order first met: (normalised form, entity).
    discovered: list[tuple[str, Entity]] = field(default_factory=list)


def drop_receptor_qualifiers(spans: list[Span]) -> list[Span]:
    """'serotonin 5-HT1A receptor': the neurotransmitter only names the receptor."""
    kept = []
    for index, span in enumerate(spans):
        following = spans[index + 1] if index + 1 < len(spans) else None
        if (
            span.label_ == "Neurotransmitter"
            and following is not None
            and following.label_ == "Receptor"
            and following.start == span.end
        ):
            continue
        kept.append(span)
    return kept


class Extractor:
    """Holds the loaded lexicon, cue rules and spaCy pipeline; extracts one document at a time."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.nlp, self.entity_matcher = build_nlp(lexicon)
        self.claims = ClaimFinder(self.nlp)
        self.discoverer = Discoverer(self.nlp, lexicon)
        self.targets = TargetFinder(self.discoverer)

    @classmethod
    def create(cls, lexicon_paths: Iterable[Path] = ()) -> Extractor:
        """The hand lexicon (and extra files), then the HPO vocabulary merged into it."""
        return cls(full_lexicon(lexicon_paths))

    @property
    def entities(self) -> dict[str, Entity]:
        """Every entity a mention may name: the lexicon plus those discovered so far."""
        found = {e.id: e for e in self.discoverer.found.values()}
        return {**found, **self.lexicon.entities}

    def extract(self, document: Document) -> DocumentResult:
        """Entities (lexicon, then discovery), then claims, of one document.

        Invisible characters are removed first (offsets are mapped back to the original text);
        a text longer than a chunk is read chunk by chunk, split at paragraph boundaries.
        """
        text, offsets = strip_invisible(document.text)
        mentions: list[Mention] = []
        sentences = 0
        for start, chunk in chunk_text(text):
            part = self._extract_text(chunk, document.path)
            sentences += part.sentences
            for mention in part.mentions:
                mention.char_start = offsets.start(mention.char_start + start)
                mention.char_end = offsets.end(mention.char_end + start)
                if document.page_starts:
                    mention.page = document.page_at(mention.char_start)
            mentions.extend(part.mentions)
        return DocumentResult(mentions=mentions, sentences=sentences)

    def _extract_text(self, text: str, path: str) -> DocumentResult:
        doc = make_doc(self.nlp, text)
        known = self.entity_matcher.spans(doc)
        spans = sorted(known + self.discoverer(doc, known), key=lambda span: span.start)
        spans = self.discoverer.drop_forms(spans)
        spans = self.targets(doc, spans)
        doc.ents = drop_receptor_qualifiers(spans)
        mentions = self.claims.find(doc, path)
        texts = tokens_of(doc).sentence_texts
        sentences = sum(1 for text in texts if not text.isspace() and text)
        return DocumentResult(mentions=mentions, sentences=sentences)

    def extract_alone(
        self, document: Document, known: dict[str, Entity] | None = None
    ) -> DocumentResult:
        """Extract `document` as if it were the only one: discovered entities seen in earlier
        documents are forgotten, except those given in `known` (form -> entity), so the result
        depends on this document alone (the basis of --jobs and the cache). `discovered` lists
        the entities found here that were not in `known`, in the order they were first met."""
        seeded = dict(known or {})
        self.discoverer.reset(seeded)
        result = self.extract(document)
        result.discovered = [
            (form, entity) for form, entity in self.discoverer.found.items() if form not in seeded
        ]
        self.discoverer.reset()
        return result
