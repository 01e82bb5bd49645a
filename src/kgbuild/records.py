"""Plain records passed between the pipeline stages: readers -> nlp -> graph -> writers."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import IntEnum

RELATIONS: tuple[str, ...] = ("contains", "actsOn", "modulates", "claimedFor", "hasRisk")

ENTITY_TYPES: tuple[str, ...] = (
    "Substance",
    "Compound",
    "Alkaloid",
    "Receptor",
    "Neurotransmitter",
    "Condition",
    "Risk",
)


class Level(IntEnum):
    """Evidence levels of the contract, ordered by rank (kg:rank)."""

    UNSTATED = 0
    TRADITIONAL = 1
    ANECDOTAL = 2
    RESEARCH = 3
    CLINICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def term(self) -> str:
        """Local name of the level's individual in the kg: vocabulary (kg:Clinical ...)."""
        return self.name.capitalize()

    @classmethod
    def parse(cls, value: str) -> Level:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown evidence level {value!r}") from None


@dataclass(frozen=True)
class Document:
    """One article as read from disk; `text` is what offsets refer to."""

    path: str  # relative to the corpus root, with forward slashes
    text: str
    title: str = ""
    media_type: str = "text/plain"
    encoding: str = ""  # the codec the file's bytes were decoded with ("" for a PDF)
    author: str = ""  # from the file's own metadata, when it has any (PDF)
    date: str = ""  # ISO 8601 date (or year, year-month) from the file's own metadata
    page_starts: tuple[int, ...] = ()  # offset where each page begins (PDF); empty: no pages
    url: str = ""  # where the page was found (HTML metadata, a WARC record, front matter)
    site: str = ""  # the site's name (og:site_name ...), else its host
    language: str = ""  # as the page declares it (BCP 47)
    issued: str = ""  # publication date, ISO 8601 (HTML metadata, front matter, manifest)
    retrieved: str = ""  # when a crawler fetched it (a WARC record's date)
    page_type: str = ""  # the source type its text's cues decide (see kgbuild.sources.types)
    page_type_rule: str = ""
    source_type: str = ""  # the source type decided for it (manifest, URL, page cues)
    source_type_rule: str = ""  # the rule that decided it ("manifest", "host:vendor" ...)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character `offset`, or None for a document without pages."""
        return bisect_right(self.page_starts, offset) if self.page_starts else None


@dataclass(frozen=True)
class Cue:
    """Words in a sentence that decided evidence, hedging or negation."""

    kind: str  # "evidence" | "hedge" | "negation" | "harm"
    text: str
    start: int  # character offset in the sentence
    end: int
    level: Level | None = None


@dataclass
class Mention:
    """One claim made in one sentence of one document."""

    subject: str  # entity id
    relation: str
    object: str  # entity id
    doc: str
    sentence: str
    char_start: int  # offsets of the sentence in the document text
    char_end: int
    level: Level = Level.UNSTATED
    hedged: bool = False
    negated: bool = False
    cues: list[Cue] = field(default_factory=list)
    subject_text: str = ""
    object_text: str = ""
    page: int | None = None  # 1-based page of the sentence's start, for a paged document (PDF)

    @property
    def cue_text(self) -> str:
        """The words that decided the evidence level (the contract's kg:cue), if any."""
        return "; ".join(c.text for c in self.cues if c.kind == "evidence")
