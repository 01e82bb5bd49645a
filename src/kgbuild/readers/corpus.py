"""Walk a corpus folder and read .txt, .md, .html and .pdf articles, one document at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kgbuild.readers.html import HtmlError, html_to_text
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


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, not a folder)."""


@dataclass(frozen=True)
class ReadFailure:
    """A file that was found but could not be read; it is skipped and reported by name."""

    path: str
    reason: str
    kind: str = "unreadable"  # what the run's summary counts it as ("encrypted PDF", ...)


def discover(root: Path) -> list[Path]:
    """Every article under `root`, recursively, in a stable (sorted) order; hidden files skipped."""
    root = Path(root)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if root.is_file():
        return [root] if root.suffix.lower() in SUFFIXES else []
    if not root.is_dir():
        raise CorpusError(f"not a folder: {root}")
    files = [
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def read_document(path: Path, root: Path) -> Document:
    """Read one file. Raises EncodingError, HtmlError or PdfError for a file that cannot be used."""
    relative = path.relative_to(root).as_posix() if path != root else path.name
    media_type = SUFFIXES[path.suffix.lower()]
    if media_type == "application/pdf":
        from kgbuild.readers.pdf import read_pdf  # PDFium loads only when a PDF is read

        return read_pdf(path, relative)
    decoded = decode(path.read_bytes(), html=media_type == "text/html")
    text = decoded.text
    if media_type == "text/html":
        title, text = html_to_text(text)
    else:
        title = _title(text)
    return Document(
        path=relative, text=text, title=title, media_type=media_type, encoding=decoded.encoding
    )


def read_corpus(root: Path, files: list[Path] | None = None) -> Iterator[Document | ReadFailure]:
    """Yield each article as a Document, or a ReadFailure naming the file that was skipped.

    `files` (from `discover(root)`) spares a second walk of the folder when the caller has it.
    """
    root = Path(root)
    base = root if root.is_dir() else root.parent
    for path in discover(root) if files is None else files:
        relative = path.relative_to(base).as_posix()
        try:
            yield read_document(path, base)
        except EncodingError as exc:
            yield ReadFailure(relative, str(exc), "undecodable")
        except HtmlError as exc:
            yield ReadFailure(relative, str(exc), "no article text")
        except PdfError as exc:
            yield ReadFailure(relative, str(exc), exc.kind)
        except OSError as exc:
            yield ReadFailure(relative, f"cannot be read ({exc.strerror or exc})")
