"""From one Document to its mentions: run the spaCy stages, then the claim finder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span

from kgbuild.lexicon import Entity, Lexicon, load_lexicon
from kgbuild.lexicon.hpo import load_hpo, merge_vocabulary
from kgbuild.nlp.claims import ClaimFinder
from kgbuild.nlp.discovery import Discoverer
from kgbuild.nlp.pipeline import build_nlp
from kgbuild.nlp.targets import TargetFinder
from kgbuild.records import Document, Mention


@dataclass
class DocumentResult:
    mentions: list[Mention]
    sentences: int


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
        return cls(merge_vocabulary(load_lexicon(lexicon_paths), load_hpo()))

    @property
    def entities(self) -> dict[str, Entity]:
        """Every entity a mention may name: the lexicon plus those discovered so far."""
        found = {e.id: e for e in self.discoverer.found.values()}
        return {**found, **self.lexicon.entities}

    def extract(self, document: Document) -> DocumentResult:
        """Entities (lexicon, discovery, targets), then claims, of one document."""
        doc = self.nlp(document.text)
        known = self.entity_matcher.spans(doc)
        spans = sorted(known + self.discoverer(doc, known), key=lambda span: span.start)
        spans = self.targets(doc, spans)
        doc.ents = drop_receptor_qualifiers(spans)
        mentions = self.claims.find(doc, document.path)
        return DocumentResult(mentions=mentions, sentences=sum(1 for _ in doc.sents))
