"""Walk a corpus folder and read .txt, .md, .html and .pdf articles, one document at a time.

Symbolic links are read only while they stay inside the corpus folder; one that leads outside
it (to `/etc/passwd`, say) is named and skipped unless `follow_symlinks` is set. A file over
`MAX_FILE_BYTES` is named and skipped; any shorter one is read whole (long texts are cut into
chunks later, at paragraph boundaries). The HTML stack (trafilatura, lxml) and PDFium are
imported only when an HTML or PDF file is read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from kgbuild.readers.errors import HtmlError
from kgbuild.readers.pdf import PdfError
from kgbuild.readers.text import EncodingError, decode
from kgbuild.records import Document

SUFFIXES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}


WARC = "application/warc"


def media_type_of(name: str) -> str | None:
    """The media type of an article file by its name, or None for a file that is no article."""
    lowered = name.lower()
    if lowered.endswith((".warc", ".warc.gz")):
        return WARC
    return SUFFIXES.get(PurePosixPath(lowered).suffix)


# Larger files are skipped and named: far beyond any article, and a risk to memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, not a folder)."""


@dataclass(frozen=True)
class ReadFailure:
    """A file that was found but could not be read; it is skipped and reported by name."""

    path: str
    reason: str
    kind: str = "unreadable"  # what the run's summary counts it as ("encrypted PDF", ...)


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
        return [root] if media_type_of(root.name) else []
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
            base / name for name in filenames if not name.startswith(".") and media_type_of(name)
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


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def read_document(path: Path, root: Path) -> Document:
    """Read one file. Raises EncodingError, HtmlError or PdfError for a file that cannot be used."""
    relative = path.relative_to(root).as_posix() if path != root else path.name
    return decode_document(path.read_bytes(), relative, media_type_of(path.name) or "text/plain")


def decode_document(data: bytes, relative: str, media_type: str) -> Document:
    """The Document of a file's bytes (what `read_document` does after reading)."""
    if media_type == "application/pdf":
        from kgbuild.readers.pdf import read_pdf  # PDFium loads only when a PDF is read

        return read_pdf(data, relative)
    decoded = decode(data, html=media_type == "text/html")
    text = decoded.text
    metadata: dict[str, str] = {}
    if media_type == "text/html":
        from kgbuild.readers.html import read_html  # the HTML stack loads only when needed

        title, text, metadata = read_html(text)
    else:
        if media_type == "text/markdown":
            text, metadata = front_matter(text)
        title = metadata.pop("title", "") or _title(text)
    return Document(
        path=relative,
        text=text,
        title=title,
        media_type=media_type,
        encoding=decoded.encoding,
        **metadata,
    )


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_KEYS = {
    "title": "title",
    "url": "url",
    "date": "issued",
    "site": "site",
    "author": "author",
    "lang": "language",
    "language": "language",
}


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """A Markdown file's YAML front matter (`key: value` lines between `---` lines): its title,
    url, date, site, author and language. The block is blanked with spaces, not removed, so that
    offsets still refer to the file as read."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    found: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("'\"").strip()
        if sep and field and value and field not in found:
            found[field] = value
    if "issued" in found:
        from kgbuild.sources.manifest import normalise_date

        date = normalise_date(found["issued"])
        if date is None:
            del found["issued"]
        else:
            found["issued"] = date
    blank = re.sub(r"[^\r\n]", " ", match.group(0))
    return blank + text[match.end() :], found


def load_document(
    data: bytes, relative: str, media_type: str, metadata: dict[str, str] | None = None
) -> Document | ReadFailure:
    """`decode_document`, or a ReadFailure naming why the file cannot be used. `metadata` (a WARC
    record's URL and date) wins over what the file itself says."""
    try:
        document = decode_document(data, relative, media_type)
        return replace(document, **metadata) if metadata else document
    except EncodingError as exc:
        return ReadFailure(relative, str(exc), "undecodable")
    except HtmlError as exc:
        return ReadFailure(relative, str(exc), "no article text")
    except PdfError as exc:
        return ReadFailure(relative, str(exc), exc.kind)
    except MemoryError:
        return ReadFailure(relative, "too large to read into memory", "too large")


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
        media_type = media_type_of(path.name) or "text/plain"
        if failure or media_type == WARC:
            yield ReadFailure(relative, failure or "a WARC file (read by extract)", "refused")
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield ReadFailure(relative, f"cannot be read ({exc.strerror or exc})")
            continue
        yield load_document(data, relative, media_type)


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
        if media_type_of(relative) and not any(p.startswith(".") for p in relative.split("/")):
            files.append((f"{protocol}://{path}", relative))
    return sorted(files, key=lambda item: item[1])


def read_url(url: str) -> bytes:
    import fsspec

    with fsspec.open(url, "rb") as handle:
        return handle.read()
