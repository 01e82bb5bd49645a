"""The entity lexicon: data files under `ontology/lexicon/`, validated on load."""

from kgbuild.lexicon.model import Entity, Lexicon, LexiconError, load_lexicon

__all__ = ["Entity", "Lexicon", "LexiconError", "load_lexicon"]
