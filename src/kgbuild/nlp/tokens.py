"""A per-doc token table: plain lists of the token attributes the stages read.

Reading `doc[i].lower_` makes a new spaCy `Token` object on every access, and every stage walks
the whole doc, so each token used to be materialised dozens of times. `tokens_of(doc)` builds
the lists once (one pass over the doc) and keeps them on `doc.user_data`; stages index them by
token position. Build it after the normaliser and segmenter have run (they set NORM and the
sentence starts), which is when the stages read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

KEY = "kgbuild.tokens"


@dataclass(frozen=True, slots=True)
class TokenTable:
    """Token attributes by token index (`text[i]` is `doc[i].text`, and so on)."""

    text: list[str]
    lower: list[str]
    norm: list[str]
    whitespace: list[str]
    idx: list[int]
    is_punct: list[bool]
    is_space: list[bool]
    is_alpha: list[bool]
    is_stop: list[bool]
    like_num: list[bool]
    is_title: list[bool]
    is_lower: list[bool]
    # Sentences as token ranges [start, end), in order, and their texts.
    sentences: list[tuple[int, int]]
    sentence_texts: list[str]

    def __len__(self) -> int:
        return len(self.text)

    def joined_lower(self, start: int, end: int) -> str:
        """The lower-cased words of tokens [start, end) joined by single spaces."""
        return " ".join(self.lower[max(0, start) : max(0, end)])


def build_table(doc: Doc) -> TokenTable:
    """One pass over `doc` (see the module docstring)."""
    rows = [
        (
            t.text,
            t.lower_,
            t.norm_,
            t.whitespace_,
            t.idx,
            t.is_punct,
            t.is_space,
            t.is_alpha,
            t.is_stop,
            t.like_num,
            t.is_title,
            t.is_lower,
        )
        for t in doc
    ]
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * 12
    sentences: list[tuple[int, int]] = []
    texts: list[str] = []
    if len(doc):
        text = doc.text
        for sent in doc.sents:
            sentences.append((sent.start, sent.end))
            texts.append(text[sent.start_char : sent.end_char])
    return TokenTable(*columns, sentences=sentences, sentence_texts=texts)


def tokens_of(doc: Doc) -> TokenTable:
    """The token table of `doc`, built on first use and kept on the doc."""
    table = doc.user_data.get(KEY)
    if table is None:
        table = doc.user_data[KEY] = build_table(doc)
    return table
