"""Locate packaged data (ontology, lexicon, cues, saved queries) with importlib.resources."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

_DATA = "kgbuild.data"


def data_root() -> Traversable:
    """The packaged data folder (the repository's `ontology/` and `queries/`, copied at build)."""
    return resources.files("kgbuild").joinpath("data")


def ontology_dir() -> Traversable:
    return data_root().joinpath("ontology")


def lexicon_dir() -> Traversable:
    return ontology_dir().joinpath("lexicon")


def cues_dir() -> Traversable:
    return ontology_dir().joinpath("cues")


def queries_dir() -> Traversable:
    return data_root().joinpath("queries")


def ontology_file(name: str) -> Traversable:
    return ontology_dir().joinpath(name)
