"""From one Document to its mentions: run the spaCy stages, then the claim finder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kgbuild.lexicon import Entity, load_lexicon
from kgbuild.nlp.pipeline import build_nlp
from kgbuild.records import Document, Mention


@dataclass
class DocumentResult:
    mentions: list[Mention]
    sentences: int


class Extractor:
    """Holds the loaded lexicon, cue rules and spaCy pipeline; extracts one document at a time."""

    def __init__(self, lexicon) -> None:
        from kgbuild.nlp.claims import ClaimFinder

        self.lexicon = lexicon
        self.nlp, self.entity_matcher = build_nlp(lexicon)
        self.claims = ClaimFinder(self.nlp, lexicon)

    @classmethod
    def create(cls, lexicon_paths: Iterable[Path] = ()) -> Extractor:
        return cls(load_lexicon(lexicon_paths))

    @property
    def entities(self) -> dict[str, Entity]:
        """Every entity a mention may name: the lexicon plus those discovered so far."""
        return self.lexicon.entities

    def extract(self, document: Document) -> DocumentResult:
        doc = self.entity_matcher(self.nlp(document.text))
        mentions = self.claims.find(doc, document.path)
        return DocumentResult(mentions=mentions, sentences=sum(1 for _ in doc.sents))
