"""Readers: find the articles of a corpus and turn each into a Document."""

from kgbuild.readers.corpus import CorpusError, ReadFailure, discover, read_corpus, read_document

__all__ = ["CorpusError", "ReadFailure", "discover", "read_corpus", "read_document"]
