"""Saved questions: the `.rq` files of the packaged `queries/` folder, run by name.

Each file starts with a comment block::

    # name: contested-claims
    # question: Which claims are both made and denied?
    # param condition: what the parameter means (optional; repeatable)
    # Any other comment lines describe the answer.

A line that starts with ``#`` and three spaces continues the previous field. Parameters are
SPARQL variables written with a dollar sign (``$condition``). A query runs as it is when a
parameter is not given (the variable stays unbound, and the query is written so that an unbound
parameter means "all"); `bind_parameters` replaces ``$name`` with the value as an escaped SPARQL
string literal, so a value can never change the query's structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from kgbuild.errors import UserError
from kgbuild.resources import queries_dir

_FIELD = re.compile(r"#\s?(name|question|param\s+([A-Za-z_]\w*))\s*:\s*(.*)")
_CONTINUATION = re.compile(r"#\s{3,}(\S.*)")
_PARAMETER = re.compile(r"^([A-Za-z_]\w*)=(.*)$", re.DOTALL)


@dataclass(frozen=True)
class SavedQuery:
    """One saved question: its name, the question it answers, its parameters and its text."""

    name: str
    question: str
    description: str
    parameters: dict[str, str] = field(default_factory=dict)
    text: str = ""


def parse_saved_query(name: str, text: str) -> SavedQuery:
    """Read the header comment block of a saved query."""
    fields: dict[str, str] = {}
    parameters: dict[str, str] = {}
    notes: list[str] = []
    current: tuple[dict[str, str], str] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if (match := _FIELD.match(line)) is not None:
            target, key = (parameters, match[2]) if match[2] else (fields, match[1])
            target[key] = match[3].strip()
            current = (target, key)
        elif current is not None and (cont := _CONTINUATION.match(line)) is not None:
            target, key = current
            target[key] = f"{target[key]} {cont[1].strip()}"
        else:
            notes.append(line.lstrip("#").strip())
            current = None
    return SavedQuery(
        name=fields.get("name", name),
        question=fields.get("question", ""),
        description=" ".join(n for n in notes if n),
        parameters=parameters,
        text=text,
    )


def saved_queries() -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    found = [
        parse_saved_query(entry.name[: -len(".rq")], entry.read_text(encoding="utf-8"))
        for entry in queries_dir().iterdir()
        if entry.name.endswith(".rq")
    ]
    return sorted(found, key=lambda q: q.name)


def load_saved_query(name: str) -> SavedQuery:
    """The saved query called `name`; a one-line error lists the names there are."""
    queries = {q.name: q for q in saved_queries()}
    if name not in queries:
        raise UserError(
            f"no saved query named {name!r}; saved queries: {', '.join(sorted(queries))} "
            "(kgbuild query --list)",
            exit_code=2,
        )
    return queries[name]


def parse_parameters(items: list[str]) -> dict[str, str]:
    """`["condition=anxiety"]` as a dict; a malformed item is a one-line error."""
    values: dict[str, str] = {}
    for item in items:
        match = _PARAMETER.match(item)
        if match is None:
            raise UserError(f"--param takes NAME=VALUE, got {item!r}", exit_code=2)
        values[match[1]] = match[2]
    return values


def placeholders(text: str) -> set[str]:
    """The names of the `$name` variables a query uses."""
    return set(re.findall(r"\$([A-Za-z_]\w*)", _strip_comments(text)))


def bind_parameters(text: str, values: dict[str, str]) -> str:
    """Replace each `$name` with its value as an escaped SPARQL string literal.

    A name the query does not use is a one-line error that lists the ones it does.
    """
    known = placeholders(text)
    for name, value in values.items():
        if name not in known:
            takes = ", ".join(sorted(known)) or "none"
            raise UserError(
                f"the query has no parameter {name!r} (parameters: {takes})", exit_code=2
            )
        literal = str(ox.Literal(value))  # N-Triples escaping: quotes, backslashes, newlines
        text = re.sub(rf"\${name}(?!\w)", lambda _m, lit=literal: lit, text)
    return text


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
