"""Reading the JSON Lines data files of `ontology/` with errors that name file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources.abc import Traversable
from pathlib import Path


def read_jsonl(path: Traversable | Path) -> Iterator[tuple[str, object]]:
    """Yield ("file.jsonl:LINE", record) for every line that is not blank or a `//` comment.

    Invalid JSON raises LexiconError naming the file and line.
    """
    from kgbuild.lexicon.model import LexiconError

    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{lineno}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{where}: invalid JSON ({exc.msg})") from None
