"""The entity lexicon: data files under `ontology/lexicon/`, validated on load."""

from collections.abc import Iterable
from pathlib import Path

from kgbuild.lexicon.model import Entity, Lexicon, LexiconError, load_lexicon

__all__ = ["Entity", "Lexicon", "LexiconError", "full_lexicon", "load_lexicon", "with_vocabulary"]


def full_lexicon(lexicon_paths: Iterable[Path] = ()) -> Lexicon:
    """Everything extraction matches: the hand lexicon (and extra files), then the HPO
    vocabulary merged into it. The one definition, for this process, workers and the merge."""
    lexicon_paths = list(lexicon_paths)
    return with_vocabulary(load_lexicon(lexicon_paths), lexicon_paths)


def with_vocabulary(hand: Lexicon, lexicon_paths: Iterable[Path] = ()) -> Lexicon:
    """`hand` (the hand lexicon loaded from `lexicon_paths`, so checked) with the HPO vocabulary
    merged into it; taken from the one saved by an earlier run when nothing it is made from has
    changed (see `lexicon.saved`)."""
    from kgbuild.lexicon import saved
    from kgbuild.lexicon.hpo import load_hpo, load_rules, merge_vocabulary, obo_path

    name = saved.key(lexicon_paths, obo_path(load_rules()))
    lexicon = saved.load(name)
    if lexicon is None:
        lexicon = merge_vocabulary(hand, load_hpo())
        saved.save(name, lexicon)
    return lexicon
