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

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path.name}: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise LexiconError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{lineno}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{where}: invalid JSON ({exc.msg})") from None
        except RecursionError:
            raise LexiconError(f"{where}: JSON nested too deeply") from None
