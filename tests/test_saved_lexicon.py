"""The lexicon saved between runs is the one a fresh merge gives, and is never trusted blindly."""

from __future__ import annotations

import json

import pytest

from kgbuild.lexicon import full_lexicon, load_lexicon, saved
from kgbuild.lexicon.hpo import load_hpo, merge_vocabulary


@pytest.fixture()
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KGBUILD_NO_SAVED_LEXICON", raising=False)
    return tmp_path / "kgbuild"


def _fresh(paths=()):
    return merge_vocabulary(load_lexicon(paths), load_hpo()).entities


def test_saved_lexicon_equals_a_fresh_merge(cache_home) -> None:
    first = full_lexicon()  # made and saved
    (saved_file,) = cache_home.glob("lexicon-*.json")
    second = full_lexicon()  # read back
    assert first.entities == second.entities == _fresh()
    assert list(second.entities) == list(_fresh())  # same order, so the same matcher
    assert list(cache_home.glob("lexicon-*.json")) == [saved_file]


def test_a_damaged_file_is_made_again(cache_home) -> None:
    full_lexicon()
    (saved_file,) = cache_home.glob("lexicon-*.json")
    data = json.loads(saved_file.read_text(encoding="utf-8"))
    data["entities"][0][2] = 42  # a type that is not a string
    saved_file.write_text(json.dumps(data), encoding="utf-8")
    assert full_lexicon().entities == _fresh()
    saved_file.write_text("{not json", encoding="utf-8")
    assert full_lexicon().entities == _fresh()
    assert json.loads(saved_file.read_text(encoding="utf-8"))["format"] == saved.FORMAT


def test_an_extra_lexicon_file_is_part_of_the_key(cache_home, tmp_path) -> None:
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"id": "zorbine", "label": "zorbine", "type": "Substance"}\n', "utf-8")
    assert "zorbine" in full_lexicon([extra])
    extra.write_text('{"id": "quarbine", "label": "quarbine", "type": "Substance"}\n', "utf-8")
    lexicon = full_lexicon([extra])
    assert "quarbine" in lexicon and "zorbine" not in lexicon
    assert "zorbine" not in full_lexicon()
    assert len(list(cache_home.glob("lexicon-*.json"))) == 3


def test_saving_can_be_turned_off(cache_home, monkeypatch) -> None:
    monkeypatch.setenv("KGBUILD_NO_SAVED_LEXICON", "1")
    assert full_lexicon().entities == _fresh()
    assert not cache_home.exists()
