"""WARC and WARC.gz files (web crawls and web archives), read with warcio.

Every `response` record whose HTTP status is 2xx and whose content type is HTML is a document,
named `FILE#N` (N counts the file's records from 1), with the record's target URI as its URL and
its WARC-Date as its fetch date. Other records (requests, metadata, images, redirects, PDFs) are
counted and reported in one line per file; a truncated or gzip-corrupt file keeps the documents
read before the damage and is reported in one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class WarcPage:
    """One HTML response of a WARC file."""

    name: str  # FILE#N
    url: str
    fetched: str  # WARC-Date, ISO 8601
    html: bytes
    charset: str | None


@dataclass
class WarcReport:
    """What a WARC file held besides its pages, and whether it ended early."""

    other_records: int = 0
    error: str = ""


def read_warc(path: Path, name: str, report: WarcReport) -> Iterator[WarcPage]:
    """Yield the HTML pages of the WARC file at `path` (shown as `name`); fill `report`."""
    for entry in index_warc(path, name, report):
        yield WarcPage(
            entry.name, entry.url, entry.fetched, read_record(path, entry.offset), entry.charset
        )


def _page(record: object, name: str) -> WarcPage | None:
    if record.rec_type != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        record.content_stream().read()  # type: ignore[attr-defined]
        return None
    headers = record.http_headers  # type: ignore[attr-defined]
    status = headers.get_statuscode() or ""
    content_type = (headers.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or not content_type.startswith(HTML_TYPES):
        record.content_stream().read()  # type: ignore[attr-defined]
        return None
    html = record.content_stream().read()  # type: ignore[attr-defined]
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"') or None
    return WarcPage(
        name=name,
        url=record.rec_headers.get_header("WARC-Target-URI") or "",  # type: ignore[attr-defined]
        fetched=record.rec_headers.get_header("WARC-Date") or "",  # type: ignore[attr-defined]
        html=html,
        charset=charset,
    )


@dataclass(frozen=True)
class WarcEntry:
    """Where one HTML page of a WARC file starts, found by `index_warc`."""

    name: str  # FILE#N
    offset: int
    url: str
    fetched: str
    charset: str | None = None  # as the HTTP response declared it


def index_warc(path: Path, name: str, report: WarcReport) -> list[WarcEntry]:
    """The HTML pages of a WARC file with their byte offsets (read once, kept: nothing)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    entries: list[WarcEntry] = []
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(stream)
            for index, record in enumerate(records, 1):
                offset = records.get_record_offset()
                page = _page(record, f"{name}#{index}")
                if getattr(record.raw_stream, "limit", 0):
                    raise EOFError(f"record {index} is cut short")
                if page is None:
                    report.other_records += 1
                else:
                    entries.append(
                        WarcEntry(page.name, offset, page.url, page.fetched, page.charset)
                    )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        report.error = f"truncated or corrupt WARC ({detail}); the records before it were read"
    return entries


def read_record(path: Path, offset: int) -> bytes:
    """The HTML body of the WARC record at `offset` (as `index_warc` found it)."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        stream.seek(offset)
        for record in ArchiveIterator(stream):
            return record.content_stream().read()
    raise OSError(f"no WARC record at offset {offset}")
