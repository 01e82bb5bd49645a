"""spaCy's token `Matcher`, run only over the stretches of a doc where a match can lie.

spaCy's `Matcher` tries every pattern at every token, and evaluates each `IN` set of a pattern
in Python on every token it reaches: on long pages most of the cue and entity time went there,
though a pattern can only start at one of a few words ("studies", "has", "evidence" ...).

`WindowedMatcher` reads each pattern once when it is added:

* its **anchor**: the words its first token must be (an `ORTH`/`TEXT`/`LOWER`/`NORM` value or
  `IN` list, on a token that must be there). A pattern without one can start anywhere, and then
  the whole doc is matched, as before;
* how far a match starting at an anchor can **reach**: one token per plain or optional token,
  and for a repeated token (`*`, `+`, `{n,m}`) as far as the tokens keep meeting its attribute
  tests (those this module can read; any other test is taken as met, so the reach is never too
  short).

A doc is then matched window by window: each window runs from an anchor to the reach of a match
starting there, and overlapping windows are merged. Every match lies in the window of its own
first token, windows are disjoint and taken in order, so the matches are exactly those of the
whole doc, in the same order (`tests/test_windows.py` checks both against the plain `Matcher`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kgbuild.nlp.tokens import TokenTable, tokens_of

# Pattern keys read from the token table: string attributes and boolean flags.
_STRINGS = {"ORTH": "text", "TEXT": "text", "LOWER": "lower", "NORM": "norm"}
_FLAGS = {
    "IS_PUNCT": "is_punct",
    "IS_SPACE": "is_space",
    "IS_ALPHA": "is_alpha",
    "IS_STOP": "is_stop",
    "LIKE_NUM": "like_num",
    "IS_TITLE": "is_title",
    "IS_LOWER": "is_lower",
}
_ONE = (None, "1")  # exactly one token

# One attribute test: (table column, values, wanted): the token's value in that column must be
# in `values` (wanted True) or not in them (wanted False).
Check = tuple[str, frozenset, bool]


def _value_check(column: str, value: object) -> Check | None:
    """A test of one string attribute, or None when it cannot be read here (taken as met)."""
    if isinstance(value, str):
        return column, frozenset([value]), True
    if isinstance(value, dict) and len(value) == 1:
        ((operator, values),) = value.items()
        strings = isinstance(values, list) and all(isinstance(v, str) for v in values)
        if strings and operator in ("IN", "NOT_IN"):
            return column, frozenset(values), operator == "IN"
    return None


def _token_checks(spec: dict) -> tuple[Check, ...]:
    """Tests that every token meeting `spec` passes (they may let more through)."""
    checks: list[Check] = []
    for name, value in spec.items():
        key = name.upper() if isinstance(name, str) else name
        if key in _STRINGS:
            check = _value_check(_STRINGS[key], value)
            if check is not None:
                checks.append(check)
        elif key in _FLAGS and isinstance(value, bool):
            checks.append((_FLAGS[key], frozenset([value]), True))
    return tuple(checks)


def _passes(checks: tuple[Check, ...], tok: TokenTable, i: int) -> bool:
    # A plain loop: all() over a generator costs more on this hot path.
    for column, values, wanted in checks:  # noqa: SIM110
        if (getattr(tok, column)[i] in values) is not wanted:
            return False
    return True


def _words(spec: dict) -> tuple[str, frozenset[str]] | None:
    """(table column, words) a token meeting `spec` must be one of, if `spec` says so."""
    for name, value in spec.items():
        key = name.upper() if isinstance(name, str) else name
        if key not in _STRINGS:
            continue
        if isinstance(value, str):
            return _STRINGS[key], frozenset([value])
        if (
            isinstance(value, dict)
            and set(value) == {"IN"}
            and isinstance(value["IN"], list)
            and all(isinstance(v, str) for v in value["IN"])
        ):
            return _STRINGS[key], frozenset(value["IN"])
    return None


def _anchors(pattern: list[dict]) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """The words a match of `pattern` can start with: those of its leading optional tokens and
    of the first token that must be there; None when one of them can be any word."""
    anchors = []
    for spec in pattern:
        op = spec.get("OP")
        if op not in (*_ONE, "+", "?"):
            return None
        words = _words(spec)
        if words is None:
            return None
        anchors.append(words)
        if op != "?":
            return tuple(anchors)
    return None  # every token optional


@dataclass(frozen=True)
class _Step:
    """One token of a pattern, read loosely: its tests, whether it may be left out, whether it
    may take several tokens, whether any token will do ("!" is read as "any token or none")."""

    checks: tuple[Check, ...]
    optional: bool
    repeats: bool
    any_token: bool


@dataclass(frozen=True, eq=False)
class _Shape:
    """What one pattern tells about where its matches lie."""

    anchors: tuple[tuple[str, frozenset[str]], ...] | None
    steps: tuple[_Step, ...]
    # closures[k]: the steps reachable from step k by leaving out optional ones (k included)
    closures: tuple[frozenset[int], ...]

    def reach(self, tok: TokenTable, start: int) -> int:
        """The furthest end of a match starting at `start` of the pattern read loosely (its
        tests let more tokens through, its operators allow more); `start` when there is none.
        Every match of the real pattern is one of the loose pattern, so none ends later."""
        length, last, steps, closures = len(tok), len(self.steps), self.steps, self.closures
        active = closures[0]
        best = start
        position = start
        while active:
            if last in active:
                best = position
            if position >= length:
                break
            moved: set[int] = set()
            for k in active:
                if k == last:
                    continue
                step = steps[k]
                if step.any_token or _passes(step.checks, tok, position):
                    moved |= closures[k + 1]
                    if step.repeats:
                        moved |= closures[k]
            active = moved
            position += 1
        return best


def _shape(pattern: list[dict]) -> _Shape:
    steps = tuple(
        _Step(
            checks=_token_checks(spec),
            optional=spec.get("OP") not in (*_ONE, "+"),
            repeats=spec.get("OP") not in (*_ONE, "?", "!"),
            any_token=spec.get("OP") == "!",
        )
        for spec in pattern
    )
    closures: list[frozenset[int]] = [frozenset([len(steps)])]
    for k in range(len(steps) - 1, -1, -1):
        closures.insert(0, frozenset([k]) | (closures[0] if steps[k].optional else frozenset()))
    return _Shape(_anchors(pattern), steps, tuple(closures))


class WindowedMatcher:
    """A spaCy `Matcher` (same `add`, same results) that matches only where a match can lie."""

    def __init__(self, vocab: Vocab, validate: bool = True) -> None:
        self.matcher = Matcher(vocab, validate=validate)
        self._shapes: list[_Shape] = []
        self._index: dict[str, dict[str, list[_Shape]]] | None = None

    def __len__(self) -> int:
        return len(self.matcher)

    def add(self, key: str, patterns: Iterable[list[dict]]) -> None:
        patterns = list(patterns)
        self.matcher.add(key, patterns)  # raises on a bad pattern, before anything is kept
        self._shapes.extend(_shape(pattern) for pattern in patterns)
        self._index = self._build_index()

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Disjoint token ranges, in order, that hold every match of the patterns in `doc`."""
        if not len(doc) or not self._shapes:
            return []
        if self._index is None:
            return [(0, len(doc))]
        tok = tokens_of(doc)
        spans: list[tuple[int, int]] = []
        for column, by_word in self._index.items():
            values = getattr(tok, column)
            if by_word.keys().isdisjoint(values):
                continue
            for i in [i for i, value in enumerate(values) if value in by_word]:
                for shape in by_word[values[i]]:
                    end = shape.reach(tok, i)
                    if end > i:
                        spans.append((i, end))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        return merged

    def _build_index(self) -> dict[str, dict[str, list[_Shape]]] | None:
        """Table column -> anchor word -> the patterns that can start there (None: some pattern
        can start anywhere)."""
        index: dict[str, dict[str, list[_Shape]]] = {}
        for shape in self._shapes:
            if shape.anchors is None:
                return None
            for column, words in shape.anchors:
                by_word = index.setdefault(column, {})
                for word in sorted(words):
                    if shape not in by_word.setdefault(word, []):
                        by_word[word].append(shape)
        return index

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every match, as `Matcher(doc)` gives them."""
        windows = self.windows(doc)
        if windows == [(0, len(doc))]:
            return self.matcher(doc)
        found: list[tuple[int, int, int]] = []
        for start, end in windows:
            found += [(key, s + start, e + start) for key, s, e in self.matcher(doc[start:end])]
        return found
