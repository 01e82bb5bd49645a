"""A per-doc token table: plain lists of the token attributes the stages read.

Reading `doc[i].lower_` makes a new spaCy `Token` object on every access, and every stage walks
the whole doc, so each token used to be materialised dozens of times. `tokens_of(doc)` builds
the lists once (one array read of the doc) and keeps them on `doc.user_data`; stages index them by
token position. Build it after the normaliser and segmenter have run (they set NORM and the
sentence starts), which is when the stages read it.
"""

from __future__ import annotations

from collections.abc import Set
from functools import cached_property

from spacy.attrs import (
    IDX,
    IS_ALPHA,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    IS_TITLE,
    LIKE_NUM,
    LOWER,
    NORM,
    ORTH,
    SPACY,
)
from spacy.language import Language
from spacy.tokens import Doc, Span

KEY = "kgbuild.tokens"
TEXT_KEY = "kgbuild.text"
_ATTRS = [ORTH, LOWER, NORM, SPACY, IDX, IS_PUNCT, IS_SPACE, IS_ALPHA, IS_STOP, LIKE_NUM]
_ATTRS += [IS_TITLE, IS_LOWER]
_COLUMN = {name: index for index, name in enumerate(("orth", "lower", "norm", "spacy", "idx"))}
_FLAGS = ("is_punct", "is_space", "is_alpha", "is_stop", "like_num", "is_title", "is_lower")
_COLUMN.update({name: index for index, name in enumerate(_FLAGS, start=len(_COLUMN))})


class TokenTable:
    """Token attributes by token index (`text[i]` is `doc[i].text`, and so on).

    The attributes are read from the doc in one array; each list is made on first use. The
    table keeps no reference to the doc (it lives on the doc's `user_data`).
    """

    def __init__(self, doc: Doc) -> None:
        self._strings = doc.vocab.strings
        self._array = doc.to_array(_ATTRS) if len(doc) else None
        self.length = len(doc)
        # Sentences as token ranges [start, end), in order, and their texts.
        self.sentences: list[tuple[int, int]] = []
        self.sentence_texts: list[str] = []
        self.doc_text = doc_text(doc)
        if len(doc):
            whole = self.doc_text
            for sent in doc.sents:
                self.sentences.append((sent.start, sent.end))
                self.sentence_texts.append(whole[sent.start_char : sent.end_char])

    def __len__(self) -> int:
        return self.length

    def _column(self, name: str) -> list[int]:
        if self._array is None:
            return []
        return self._array[:, _COLUMN[name]].tolist()

    def _strings_of(self, name: str) -> list[str]:
        strings = self._strings
        return [strings[h] for h in self._column(name)]

    def _flags(self, name: str) -> list[bool]:
        return list(map(bool, self._column(name)))

    @cached_property
    def text(self) -> list[str]:
        return self._strings_of("orth")

    @cached_property
    def lower(self) -> list[str]:
        return self._strings_of("lower")

    @cached_property
    def norm(self) -> list[str]:
        return self._strings_of("norm")

    @cached_property
    def whitespace(self) -> list[str]:
        return [" " if s else "" for s in self._column("spacy")]

    @cached_property
    def idx(self) -> list[int]:
        return self._column("idx")

    @cached_property
    def is_punct(self) -> list[bool]:
        return self._flags("is_punct")

    @cached_property
    def is_space(self) -> list[bool]:
        return self._flags("is_space")

    @cached_property
    def is_alpha(self) -> list[bool]:
        return self._flags("is_alpha")

    @cached_property
    def is_stop(self) -> list[bool]:
        return self._flags("is_stop")

    @cached_property
    def like_num(self) -> list[bool]:
        return self._flags("like_num")

    @cached_property
    def is_title(self) -> list[bool]:
        return self._flags("is_title")

    @cached_property
    def is_lower(self) -> list[bool]:
        return self._flags("is_lower")

    def text_of(self, start: int, end: int) -> str:
        """`doc[start:end].text`, cut from the doc's text."""
        if end <= start:
            return ""
        return self.doc_text[self.idx[start] : self.idx[end - 1] + len(self.text[end - 1])]

    def joined_lower(self, start: int, end: int) -> str:
        """The lower-cased words of tokens [start, end) joined by single spaces."""
        return " ".join(self.lower[max(0, start) : max(0, end)])


def positions(words: list[str], vocabulary: Set[str]) -> list[int]:
    """Indexes of the words that are in `vocabulary`, in order (a C-speed check first: most
    documents hold none of a stage's trigger words)."""
    if vocabulary.isdisjoint(words):
        return []
    return [i for i, word in enumerate(words) if word in vocabulary]


def doc_text(doc: Doc) -> str:
    """`doc.text`, kept on the doc (`Doc.text` joins every token's text on each call)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def make_doc(nlp: Language, text: str) -> Doc:
    """`nlp(text)`, the doc knowing its text from the start (the tokenizer keeps every
    character, so `doc.text == text`) rather than joining it again from its tokens."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def span_text(span: Span) -> str:
    """`span.text`, cut from the doc's text rather than joined from one Token per word."""
    if not len(span):
        return ""
    return tokens_of(span.doc).doc_text[span.start_char : span.end_char]


def tokens_of(doc: Doc) -> TokenTable:
    """The token table of `doc`, built on first use and kept on the doc."""
    table = doc.user_data.get(KEY)
    if table is None:
        table = doc.user_data[KEY] = TokenTable(doc)
    return table
