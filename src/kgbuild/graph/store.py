"""Where the merge keeps the mentions of each claim: in memory, or on disk in SQLite.

The merged graph holds one edge per claim with its aggregates (counts, levels, source types);
the mentions behind a claim (one per sentence, with the sentence, offsets, cues and provenance)
grow with the corpus, so for a real run they go to a `SqliteMentionStore` as each document is
merged, and the graph's ``edge["mentions"]`` is a `ClaimMentions` view that reads them back, in
corpus order, when a writer asks. Memory is then set by the graph (entities, claims and their
aggregates), not by the number of mentions.

Why SQLite (the standard library's): rows are appended one document at a time and read back two
ways, per claim in corpus order (Turtle, the view, evaluation: an index on ``(claim, seq)``)
and across all claims in document order (``claims.csv``: an ``ORDER BY`` that SQLite sorts on
disk with bounded memory). A columnar file (Parquet through pyarrow) is written once and read in
bulk, which suits neither read; DuckDB would add a large dependency for the same two queries.

`MemoryMentionStore` keeps plain lists (``edge["mentions"]`` is then a list): for small graphs
built in tests and by callers of `graph.merge.merge_document`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol, overload
from urllib.parse import quote

from kgbuild.records import Cue, Level, Mention


class MentionStore(Protocol):
    """What the merge needs of a mention store."""

    def mentions_of(self, claim: int) -> Sequence[Mention]:
        """The mentions of claim number `claim` (a live view: it grows as mentions are added)."""
        ...

    def add(self, claim: int, mention: Mention) -> None:
        """Append `mention` to claim `claim`; it may still be changed (folded) until the next
        `end_document`."""
        ...

    def end_document(self) -> None:
        """The mentions added so far are final."""
        ...


class MemoryMentionStore:
    """Mentions in lists, one per claim."""

    def __init__(self) -> None:
        self._lists: list[list[Mention]] = []

    def mentions_of(self, claim: int) -> list[Mention]:
        while len(self._lists) <= claim:
            self._lists.append([])
        return self._lists[claim]

    def add(self, claim: int, mention: Mention) -> None:
        self.mentions_of(claim).append(mention)

    def end_document(self) -> None:
        pass


COLUMNS = (
    "claim, seq, doc, sentence, char_start, char_end, level, hedged, negated, cues, "
    "subject, relation, object, subject_text, object_text, page"
)
BATCH = 2_000  # rows kept before they are written


def _cues_json(cues: list[Cue]) -> str:
    if not cues:
        return ""
    rows = [
        [c.kind, c.text, c.start, c.end, None if c.level is None else int(c.level)] for c in cues
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _cues(text: str) -> list[Cue]:
    if not text:
        return []
    return [
        Cue(kind, cue, start, end, None if level is None else Level(level))
        for kind, cue, start, end, level in json.loads(text)
    ]


def _mention(row: tuple) -> Mention:
    (_claim, _seq, doc, sentence, start, end, level, hedged, negated, cues) = row[:10]
    subject, relation, obj, subject_text, object_text, page = row[10:16]
    return Mention(
        subject,
        relation,
        obj,
        doc,
        sentence,
        start,
        end,
        Level(level),
        bool(hedged),
        bool(negated),
        _cues(cues),
        subject_text,
        object_text,
        page,
    )


def _close(db: sqlite3.Connection, path: Path, owner: bool) -> None:
    db.close()
    if owner:
        path.unlink(missing_ok=True)


class SqliteMentionStore:
    """Mentions in one SQLite file, written a document at a time; see the module docstring.

    The file is scratch space: it is made by the store (`path`, or a fresh file in the system
    temporary folder), written without a journal, and deleted by `close()` or when the store is
    no longer referenced (the graph that holds it is gone).
    """

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            handle, name = tempfile.mkstemp(prefix="kgbuild-mentions-", suffix=".sqlite")
            os.close(handle)
            path = Path(name)
        self.path = Path(path)
        self.path.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        for pragma in (
            "journal_mode = OFF",  # scratch: a crash loses nothing that is kept
            "synchronous = OFF",
            "cache_size = -16384",  # 16 MB of pages, whatever the corpus
            "temp_store = FILE",  # sorts spill to disk
        ):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute(
            "CREATE TABLE mentions (claim INTEGER NOT NULL, seq INTEGER PRIMARY KEY, "
            "doc TEXT NOT NULL, sentence TEXT NOT NULL, char_start INTEGER NOT NULL, "
            "char_end INTEGER NOT NULL, level INTEGER NOT NULL, hedged INTEGER NOT NULL, "
            "negated INTEGER NOT NULL, cues TEXT NOT NULL, subject TEXT NOT NULL, "
            "relation TEXT NOT NULL, object TEXT NOT NULL, subject_text TEXT NOT NULL, "
            "object_text TEXT NOT NULL, page INTEGER)"
        )
        self._pending: list[tuple[int, Mention]] = []
        self._written: list[tuple[int, Mention]] = []  # pending rows of finished documents
        self._counts: list[int] = []  # mentions per claim
        self._seq = 0
        self._indexed = False
        self._finalizer = weakref.finalize(self, _close, self.db, self.path, True)

    # -- writing ------------------------------------------------------------------------------

    def mentions_of(self, claim: int) -> ClaimMentions:
        while len(self._counts) <= claim:
            self._counts.append(0)
        return ClaimMentions(self, claim)

    def add(self, claim: int, mention: Mention) -> None:
        self._pending.append((claim, mention))
        self._counts[claim] += 1

    def end_document(self) -> None:
        self._written.extend(self._pending)
        self._pending = []
        if len(self._written) >= BATCH:
            self._write()

    def _write(self) -> None:
        rows = []
        for claim, m in self._written:
            self._seq += 1
            rows.append(
                (
                    claim,
                    self._seq,
                    m.doc,
                    m.sentence,
                    m.char_start,
                    m.char_end,
                    int(m.level),
                    int(m.hedged),
                    int(m.negated),
                    _cues_json(m.cues),
                    m.subject,
                    m.relation,
                    m.object,
                    m.subject_text,
                    m.object_text,
                    m.page,
                )
            )
        self._written = []
        placeholders = ", ".join("?" * 16)
        self.db.executemany(f"INSERT INTO mentions ({COLUMNS}) VALUES ({placeholders})", rows)

    def _ready(self) -> None:
        """Everything added is in the table, and the table is indexed by claim."""
        if not self._finalizer.alive:
            raise RuntimeError("the mentions of this graph were deleted (its store is closed)")
        if self._pending:
            self.end_document()
        if self._written:
            self._write()
        if not self._indexed:
            self.db.execute("CREATE INDEX by_claim ON mentions (claim, seq)")
            self._indexed = True
        self.db.commit()

    # -- reading ------------------------------------------------------------------------------

    def count(self, claim: int) -> int:
        return self._counts[claim]

    def iter_claim(self, claim: int, offset: int = 0, limit: int = -1) -> Iterator[Mention]:
        """The mentions of `claim` in corpus order (from `offset`, at most `limit`)."""
        self._ready()
        cursor = self.db.execute(
            f"SELECT {COLUMNS} FROM mentions WHERE claim = ? ORDER BY seq LIMIT ? OFFSET ?",
            (claim, limit, offset),
        )
        for row in cursor:
            yield _mention(row)

    def spans_of(self, claim: int) -> Iterator[tuple[str, int, int]]:
        """(document, start, end) of each mention of `claim`, in corpus order (no Mention built)."""
        self._ready()
        yield from self.db.execute(
            "SELECT doc, char_start, char_end FROM mentions WHERE claim = ? ORDER BY seq", (claim,)
        )

    def strongest_of(self, claim: int, limit: int) -> list[Mention]:
        """The `limit` mentions of `claim` with the strongest evidence (corpus order breaks ties),
        given back in corpus order."""
        self._ready()
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM mentions WHERE claim = ? ORDER BY level DESC, seq LIMIT ?",
            (claim, limit),
        ).fetchall()
        return [_mention(row) for row in sorted(rows, key=lambda row: row[1])]

    def level_counts_of(self, claim: int) -> list[int]:
        """How many mentions of `claim` there are at each evidence level (by rank)."""
        self._ready()
        counts = [0] * len(Level)
        for level, count in self.db.execute(
            "SELECT level, COUNT(*) FROM mentions WHERE claim = ? GROUP BY level", (claim,)
        ):
            counts[level] = count
        return counts

    def in_document_order(self, labels: dict[str, str]) -> Iterator[Mention]:
        """Every mention ordered by document path, sentence start, subject label, relation and
        object label (then corpus order), sorted by SQLite on disk."""
        self._ready()
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS labels (id TEXT PRIMARY KEY, label TEXT)")
        self.db.execute("DELETE FROM labels")
        self.db.executemany("INSERT INTO labels VALUES (?, ?)", sorted(labels.items()))
        query = (
            f"SELECT {', '.join('m.' + c.strip() for c in COLUMNS.split(','))} FROM mentions m "
            "JOIN labels s ON s.id = m.subject JOIN labels o ON o.id = m.object "
            "ORDER BY m.doc, m.char_start, s.label, m.relation, o.label, m.seq"
        )
        for row in self.db.execute(query):
            yield _mention(row)

    def close(self) -> None:
        """Delete the file (the graph's mentions are gone with it)."""
        self._finalizer()

    # -- another process -----------------------------------------------------------------------

    def __getstate__(self) -> dict:
        """A store pickled for another process (a writer) arrives there as a read-only reader of
        the same file; the file stays this store's to delete."""
        self._ready()
        return {"path": str(self.path), "counts": list(self._counts)}

    def __setstate__(self, state: dict) -> None:
        self.path = Path(state["path"])
        self._counts = state["counts"]
        self._pending, self._written, self._seq, self._indexed = [], [], 0, True
        uri = f"file:{quote(str(self.path))}?mode=ro"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.db.execute("PRAGMA temp_store = FILE")
        self._finalizer = weakref.finalize(self, _close, self.db, self.path, False)


class ClaimMentions(Sequence[Mention]):
    """``edge["mentions"]`` of a graph whose mentions are on disk: a read-only sequence that
    reads them, in corpus order, each time it is iterated."""

    __slots__ = ("store", "claim")

    def __init__(self, store: SqliteMentionStore, claim: int) -> None:
        self.store, self.claim = store, claim

    def __len__(self) -> int:
        return self.store.count(self.claim)

    def __iter__(self) -> Iterator[Mention]:
        return self.store.iter_claim(self.claim)

    @overload
    def __getitem__(self, index: int) -> Mention: ...

    @overload
    def __getitem__(self, index: slice) -> list[Mention]: ...

    def __getitem__(self, index: int | slice) -> Mention | list[Mention]:
        if isinstance(index, slice):
            return list(self)[index]
        size = len(self)
        position = index + size if index < 0 else index
        if not 0 <= position < size:
            raise IndexError("mention index out of range")
        return next(self.store.iter_claim(self.claim, position, 1))

    def spans(self) -> Iterator[tuple[str, int, int]]:
        """(document, start, end) of each mention, in corpus order."""
        return self.store.spans_of(self.claim)

    def strongest(self, limit: int) -> list[Mention]:
        """The `limit` mentions with the strongest evidence, in corpus order."""
        return self.store.strongest_of(self.claim, limit)

    def level_counts(self) -> list[int]:
        """How many mentions there are at each evidence level (by rank)."""
        return self.store.level_counts_of(self.claim)

    def __repr__(self) -> str:
        return f"<{len(self)} mentions of claim {self.claim} on disk>"
