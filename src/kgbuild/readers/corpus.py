"""Walk a corpus folder and read .txt, .md and .html articles, one document at a time.

Symbolic links are read only while they stay inside the corpus folder; one that leads outside
it (to `/etc/passwd`, say) is named and skipped unless `follow_symlinks` is set. A file over
`MAX_FILE_BYTES` is named and skipped; any shorter one is read whole (long texts are cut into
chunks later, at paragraph boundaries). The HTML stack (trafilatura, lxml) is imported only when
an HTML file is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kgbuild.readers.errors import HtmlError
from kgbuild.records import Document

SUFFIXES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
}


# Larger files are skipped and named: far beyond any article, and a risk to memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, not a folder)."""


@dataclass(frozen=True)
class ReadFailure:
    """A file that was found but could not be read; it is skipped and reported by name."""

    path: str
    reason: str


def discover(root: Path, follow_symlinks: bool = False) -> list[Path]:
    """Every article under `root`, recursively, in a stable (sorted) order; hidden files skipped.

    Links are listed as found (`read_corpus` decides whether they may be read); linked folders
    are entered only with `follow_symlinks`, and each real folder only once.
    """
    root = Path(root)
    if not root.exists():
        if root.is_symlink():
            raise CorpusError(f"corpus folder is a broken link: {root}")
        raise CorpusError(f"corpus folder not found: {root}")
    if root.is_file():
        return [root] if root.suffix.lower() in SUFFIXES else []
    if not root.is_dir():
        raise CorpusError(f"not a folder: {root}")
    files: list[Path] = []
    seen: set[str] = set()
    for folder, dirnames, filenames in os.walk(root, followlinks=follow_symlinks, onerror=None):
        real = os.path.realpath(folder)
        if real in seen:  # a link loop, or a folder reached twice through links
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(folder)
        files.extend(
            base / name
            for name in filenames
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES
        )
        if not follow_symlinks:
            files.extend(
                base / d
                for d in dirnames
                if (base / d).is_symlink() and not _inside(base / d, root)
            )
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, links resolved, is within the folder `root` (links resolved too)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "looks like a binary file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def read_document(path: Path, root: Path) -> Document:
    """Read one file. Raises UnicodeDecodeError or HtmlError for a file that cannot be used."""
    relative = path.relative_to(root).as_posix() if path != root else path.name
    return decode_document(path.read_bytes(), relative, SUFFIXES[path.suffix.lower()])


def decode_document(data: bytes, relative: str, media_type: str) -> Document:
    """The Document of a file's bytes (what `read_document` does after reading)."""
    text = _decode(data)
    if media_type == "text/html":
        from kgbuild.readers.html import html_to_text  # the HTML stack loads only when needed

        title, text = html_to_text(text)
    else:
        title = _title(text)
    return Document(path=relative, text=text, title=title, media_type=media_type)


def load_document(data: bytes, relative: str, media_type: str) -> Document | ReadFailure:
    """`decode_document`, or a ReadFailure naming why the file cannot be used."""
    try:
        return decode_document(data, relative, media_type)
    except UnicodeDecodeError as exc:
        return ReadFailure(relative, f"cannot be decoded as UTF-8 ({exc.reason})")
    except HtmlError as exc:
        return ReadFailure(relative, str(exc))


def read_corpus(
    root: Path, files: list[Path] | None = None, follow_symlinks: bool = False
) -> Iterator[Document | ReadFailure]:
    """Yield each article as a Document, or a ReadFailure naming the file that was skipped.

    `files` (from `discover(root)`) spares a second walk of the folder when the caller has it.
    """
    root = Path(root)
    base = root if root.is_dir() else root.parent
    for path in discover(root, follow_symlinks) if files is None else files:
        relative = path.relative_to(base).as_posix()
        failure = check_file(path, root, follow_symlinks)
        if failure:
            yield ReadFailure(relative, failure)
            continue
        try:
            yield read_document(path, base)
        except UnicodeDecodeError as exc:
            yield ReadFailure(relative, f"cannot be decoded as UTF-8 ({exc.reason})")
        except HtmlError as exc:
            yield ReadFailure(relative, str(exc))
        except MemoryError:
            yield ReadFailure(relative, "too large to read into memory")
        except OSError as exc:
            yield ReadFailure(relative, f"cannot be read ({exc.strerror or exc})")


def check_file(path: Path, root: Path, follow_symlinks: bool) -> str | None:
    """Why `path` must not be read, or None."""
    if not follow_symlinks and root.is_dir() and not _inside(path, root):
        kind = "folder" if path.is_dir() else "file"
        return f"a link to a {kind} outside the corpus folder (use --follow-symlinks to read it)"
    if path.is_dir():
        return "a link to a folder"
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size > MAX_FILE_BYTES:
        mb = 1024 * 1024
        return f"too large ({size // mb} MB; the limit is {MAX_FILE_BYTES // mb} MB)"
    return None


def is_url(corpus: str | Path) -> bool:
    """An fsspec URL ('s3://bucket/articles', 'file:///data') rather than a local path."""
    return "://" in str(corpus)


def discover_url(url: str) -> list[tuple[str, str]]:
    """Every article under an fsspec URL, as (URL of the file, path relative to `url`), sorted.

    Needs fsspec, and the filesystem's own package for remote schemes (s3fs for s3://).
    """
    try:
        import fsspec
    except ImportError:
        raise CorpusError(f"reading {url} needs the 'fsspec' package") from None
    try:
        fs, root = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise CorpusError(f"cannot open {url}: {exc}") from None
    protocol = url.split("://", 1)[0]
    try:
        if not fs.exists(root):
            raise CorpusError(f"corpus folder not found: {url}")
        if fs.isfile(root):
            found = [root]
            base = root.rsplit("/", 1)[0]
        else:
            found = fs.find(root, withdirs=False)
            base = root.rstrip("/")
    except OSError as exc:
        raise CorpusError(f"cannot list {url} ({exc})") from None
    files = []
    for path in found:
        relative = path[len(base) :].lstrip("/")
        suffix = "." + relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
        if suffix in SUFFIXES and not any(p.startswith(".") for p in relative.split("/")):
            files.append((f"{protocol}://{path}", relative))
    return sorted(files, key=lambda item: item[1])


def read_url(url: str) -> bytes:
    import fsspec

    with fsspec.open(url, "rb") as handle:
        return handle.read()
