"""The entity lexicon: data files under `ontology/lexicon/`, validated on load."""

from collections.abc import Iterable
from pathlib import Path

from kgbuild.lexicon.model import Entity, Lexicon, LexiconError, load_lexicon

__all__ = ["Entity", "Lexicon", "LexiconError", "full_lexicon", "load_lexicon", "with_vocabulary"]


def full_lexicon(lexicon_paths: Iterable[Path] = ()) -> Lexicon:
    """Everything extraction matches: the hand lexicon (and extra files), then the HPO
    vocabulary merged into it. The one definition, for this process, workers and the merge."""
    return with_vocabulary(load_lexicon(lexicon_paths))


def with_vocabulary(hand: Lexicon) -> Lexicon:
    """`hand` (a loaded hand lexicon) with the HPO vocabulary merged into it."""
    from kgbuild.lexicon.hpo import load_hpo, merge_vocabulary

    return merge_vocabulary(hand, load_hpo())
