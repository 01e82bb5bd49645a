"""PDF articles: the text layer, page by page, rebuilt into the paragraphs the segmenter expects.

PDFium (through pypdfium2) gives each page's text in reading order as lines, with the box and
font size of every character. From those:

* **Running headers, footers and page numbers** are dropped: lines in the top or bottom band of
  the page that repeat on several pages (digits aside), that are only a page number ("3",
  "Page 3 of 9", "3/9"), or that are set smaller than the body text.
* **Paragraphs**: lines are joined into one line per paragraph. A paragraph ends at a vertical
  gap, a change of font size, an indented line, a new list item, or a line that stops short of
  the column's right edge (the next line's first word would have fitted). A paragraph that runs
  on into the next column or page (no closing punctuation, the next line in lower case) is
  joined across.
* **Hyphenation**: a word split by a hyphen at a line end is joined, unless the document writes
  the hyphenated form elsewhere ("well-known") and never the joined one.
* **List items** (a bullet glyph, or a small drawn bullet to the left of the line, as browsers
  print them) become "- " lines; headings (larger type, short, no closing stop) become "# "
  lines; paragraphs are separated by blank lines, and so are pages.

Offsets refer to this extracted text; `Document.page_starts` gives where each page begins.
Title, author and date come from the PDF's own metadata fields.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kgbuild.records import Document

BAND = 0.08  # share of the page height, at the top and the bottom, where running lines live
SMALL = 0.85  # a margin line set below this share of the body size is a header or footer
HEADING = 1.15  # a paragraph set at this share of the body size or more may be a heading
GAP = 0.5  # a vertical gap above this share of the line height ends a paragraph
INDENT = 0.8  # an indent beyond this share of the line height starts a paragraph
BULLETS = "\u2022\u25e6\u25aa\u25cf\u25a0\u25a1\u2023\u2043\u27a4\uf0b7\uf0a7\uf0d8*-"
_BULLET = re.compile(rf"^[{re.escape(BULLETS)}]\s*")
_NUMBERED = re.compile(r"^(\d{1,3}|[a-zA-Z])[.)]\s")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013\u2014\s]*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?[-\u2013\u2014\s]*$"
    r"|\b\d{1,4}\s*(?:/|of)\s*\d{1,4}$",
    re.IGNORECASE,
)
_LIST_LINE = re.compile(r"^(- |\d{1,3}[.)]\s)")
_HYPHENS = ("-", "\u00ad", "\u2010", "\x02", "\ufffe")
SPLIT = "\ufffe"  # PDFium's mark for a hyphen that ended a line, where it joined the two lines
_SPLIT_WORD = re.compile(r"(\w+)\ufffe(\w+)")
_LAST_WORD = re.compile(r"\w+$")
_FIRST_WORD = re.compile(r"\w+")
_CLOSED = re.compile(r"[.!?:;][\"'\u201d\u2019)\]]*$")
_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\r\n]+")
_CONTROL = re.compile(r"[\x00-\x01\x03-\x08\x0b-\x1f\ufffd]")  # \x02: PDFium's hyphen mark
LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb06": "st",
    }
)
_FILE_NAME_TITLE = re.compile(
    r"^(Microsoft (Word|PowerPoint|Excel) - |untitled$)|"
    r"\.(docx?|pdf|rtf|odt|pptx?|xlsx?|indd|tex|html?|txt|qxp)$",
    re.IGNORECASE,
)
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
_NEEDS_OCR = "no text layer: a scanned PDF needs OCR first"


class PdfError(ValueError):
    """A PDF that cannot be read; `kind` names the problem for the run's summary."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Line:
    """One line of a page's text layer, with its geometry (PDF points, y upwards)."""

    text: str
    page: int  # 1-based
    x0: float
    x1: float
    bottom: float
    top: float
    size: float  # font size of the first character
    first_word: float  # width of the line's first word
    bullet: bool = False  # a drawn bullet stands to its left

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def _open(source: Path | bytes):
    import pypdfium2 as pdfium  # loaded only when a PDF is read

    data = source if isinstance(source, bytes) else source.read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise PdfError("not a PDF file (no %PDF header)", "corrupt PDF")
    if b"%%EOF" not in data[-2048:]:
        raise PdfError("truncated PDF (no %%EOF end marker)", "truncated PDF")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise PdfError("encrypted PDF: needs a password", "encrypted PDF") from None
        raise PdfError(f"corrupt PDF ({exc})", "corrupt PDF") from None


def _bullets(page) -> list[tuple[float, float, float, float]]:
    """Boxes of the small drawn shapes of a page (candidate list bullets), read through PDFium's
    C API directly: a page printed from the web has thousands of objects."""
    import pypdfium2.raw as pdfium_c

    boxes = []
    edges = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(edge) for edge in edges]
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        left, bottom, right, top = (edge.value for edge in edges)
        if 0 < right - left <= 8 and 0 < top - bottom <= 8:
            boxes.append((left, bottom, right, top))
    return boxes


def _page_lines(page, number: int) -> list[Line]:
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range() if count else ""
    if len(text) != count:  # one character per index, so that boxes line up with the text
        text = "".join(
            chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count)
        )
    shapes = _bullets(page) if count else []
    lines = []
    for match in _LINE.finditer(text):
        raw = match.group()
        start = match.start() + len(raw) - len(raw.lstrip())
        end = match.start() + len(raw.rstrip())
        if end <= start:
            continue
        left, _, _, top = textpage.get_charbox(start, loose=True)
        # PDFium joins a word hyphenated at a line end into one "line": its last character
        # gives the bottom and right of where the line really ends
        _, bottom, right, _ = textpage.get_charbox(end - 1, loose=True)
        space = text.find(" ", start, end)
        first = textpage.get_charbox(space - 1, loose=True)[2] if space > start else right
        line = Line(
            text=_CONTROL.sub("", text[start:end]).translate(LIGATURES),
            page=number,
            x0=left,
            x1=right,
            bottom=bottom,
            top=top,
            size=_line_size(textpage.raw, start, end),
            first_word=first - left,
        )
        if not line.text.strip():
            continue
        line.bullet = any(
            r <= line.x0
            and line.x0 - r <= 2.5 * line.height
            and b <= (line.bottom + line.top) / 2 <= t
            for _, b, r, t in shapes
        )
        lines.append(line)
    textpage.close()
    return lines


def _line_size(textpage, start: int, end: int) -> float:
    """Font size of a line: the median of its first, middle and last characters (a bullet, a
    drop cap or a superscript at one end does not decide it)."""
    import pypdfium2.raw as pdfium_c

    picks = sorted(
        pdfium_c.FPDFText_GetFontSize(textpage, i) for i in (start, (start + end) // 2, end - 1)
    )
    return round(picks[1], 1)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running(lines: list[Line], heights: dict[int, float], body: float) -> list[Line]:
    """Leave out running headers and footers and page numbers (see the module docstring)."""

    def in_band(line: Line) -> bool:
        height = heights[line.page]
        return line.bottom >= height * (1 - BAND) or line.top <= height * BAND

    pages_of: dict[str, set[int]] = {}
    for line in lines:
        if in_band(line):
            pages_of.setdefault(_key(line.text), set()).add(line.page)
    return [
        line
        for line in lines
        if not (
            in_band(line)
            and (
                len(pages_of[_key(line.text)]) >= 2
                or _PAGE_NUMBER.search(line.text.strip())
                or line.size < SMALL * body
            )
        )
    ]


def _new_column(a: Line, b: Line) -> bool:
    return b.page != a.page or b.top > a.top + a.height / 2 or b.x0 >= a.x1


def _item(line: Line) -> bool:
    return line.bullet or bool(_BULLET.match(line.text) or _NUMBERED.match(line.text))


def _gap(a: Line, b: Line) -> bool:
    """A vertical gap or a change of type size between consecutive lines of one column."""
    return a.bottom - b.top > GAP * a.height or abs(a.size - b.size) > 0.1 * max(a.size, b.size)


def _breaks(a: Line, b: Line, right: float, first_of_item: bool) -> bool:
    """Does a paragraph end between consecutive lines `a` and `b` of one block?"""
    if _item(b):
        return True
    if b.x0 > a.x0 + INDENT * a.height and not first_of_item:
        return True
    space = 0.3 * b.height
    return a.x1 + space + b.first_word < right - 1


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Group lines into paragraphs (see the module docstring). Lines are first cut into blocks
    at column and page breaks, vertical gaps and changes of size; each block's right edge is
    where its longest line ends, so a narrow box has its own."""
    blocks: list[tuple[list[Line], bool]] = []  # (lines, starts a column or page)
    for line in lines:
        previous = blocks[-1][0][-1] if blocks else None
        if previous is None or _new_column(previous, line):
            blocks.append(([line], True))
        elif _gap(previous, line):
            blocks.append(([line], False))
        else:
            blocks[-1][0].append(line)
    paragraphs: list[list[Line]] = []
    for block, starts_column in blocks:
        first = block[0]
        if (
            starts_column
            and paragraphs
            and not _CLOSED.search(paragraphs[-1][-1].text)
            and first.text[:1].islower()
            and not _item(first)
            and abs(paragraphs[-1][-1].size - first.size) <= 0.1 * first.size
        ):
            paragraphs[-1].append(first)  # runs on into the next column or page
        else:
            paragraphs.append([first])
        right = max(line.x1 for line in block)
        for a, b in zip(block, block[1:], strict=False):
            if _breaks(a, b, right, first_of_item=_item(paragraphs[-1][0])):
                paragraphs.append([b])
            else:
                paragraphs[-1].append(b)
    return paragraphs


def _join(paragraph: list[Line], words: Counter) -> tuple[str, list[tuple[int, int]]]:
    """The paragraph's lines as one line, words hyphenated at line ends joined; with the
    offset in it and the page of each line."""
    text, marks = "", []
    for line in paragraph:
        nxt = _SPLIT_WORD.sub(lambda m: _unsplit(m.group(1), m.group(2), words), line.text.strip())
        if not text:
            text = nxt
            marks.append((0, line.page))
            continue
        if text.endswith(_HYPHENS) and text[-2:-1].isalnum() and nxt[:1].isalnum():
            head = _LAST_WORD.search(text[:-1]).group()
            tail = _FIRST_WORD.match(nxt).group()
            text = text[: -1 - len(head)] + _unsplit(head, tail, words)[: -len(tail)]
        else:
            text += " "
        marks.append((len(text), line.page))
        text += nxt
    return text.replace(SPLIT, "-"), marks


def _unsplit(head: str, tail: str, words: Counter) -> str:
    """A word split at a line end: joined when the document writes it whole elsewhere
    ("hepato-|toxicity"), else the hyphen is kept ("well-|known", "GABA-|A")."""
    return head + tail if words[(head + tail).lower()] else f"{head}-{tail}"


def _render(paragraph: list[Line], text: str, body: float) -> str:
    first = paragraph[0]
    if first.bullet:
        return f"- {text}"
    if _BULLET.match(text) and not text.startswith(("-", "*")) or text.startswith(("- ", "* ")):
        return "- " + _BULLET.sub("", text)
    if (
        first.size >= HEADING * body
        and len(text) <= 200
        and not text.endswith((".", "!", "?", ";", ","))
    ):
        return f"# {text}"
    return text


def _metadata_date(value: str) -> str:
    """'D:20240315093000Z' -> '2024-03-15' (or '2024-03', '2024' when that is all it says)."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        month = day = None
    if day and not 1 <= int(day) <= 31:
        day = None
    return "-".join(part for part in (year, month, day) if part)


def _metadata_title(value: str) -> str:
    """The Title field, unless it is a file name a program put there ('Microsoft Word - a.docx')."""
    title = " ".join(value.split())
    return "" if _FILE_NAME_TITLE.search(title) else title


def read_pdf(source: Path | bytes, relative: str) -> Document:
    """Read one PDF (a path or its bytes) into a Document. Raises PdfError (with a `kind`) or
    OSError."""
    import pypdfium2 as pdfium

    pdf = _open(source)
    heights: dict[int, float] = {}
    lines: list[Line] = []
    try:
        metadata = pdf.get_metadata_dict(skip_empty=True)
        for index in range(len(pdf)):
            page = pdf[index]
            heights[index + 1] = page.get_height()
            lines.extend(_page_lines(page, index + 1))
            page.close()
    except pdfium.PdfiumError as exc:
        raise PdfError(f"corrupt PDF ({exc})", "corrupt PDF") from None
    finally:
        pdf.close()
    if not lines:
        raise PdfError(_NEEDS_OCR, "scanned PDF")
    sizes = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    lines = _drop_running(lines, heights, body)
    if not lines:
        raise PdfError(f"no text besides running headers and footers; {_NEEDS_OCR}", "scanned PDF")
    words = Counter(w.lower() for line in lines for w in _WORD.findall(line.text))
    pieces: list[str] = []
    page_starts: list[int] = []
    offset, last = 0, ""
    for paragraph in _paragraphs(lines):
        joined, marks = _join(paragraph, words)
        text = _render(paragraph, joined, body)
        shift = len(text) - len(joined)  # a "- " or "# " put in front
        # paragraphs apart by a blank line; consecutive list items on consecutive lines
        listed = _LIST_LINE.match(text) and _LIST_LINE.match(last)
        separator = "" if not pieces else "\n" if listed else "\n\n"
        start = offset + len(separator)
        for at, page in marks:  # a paragraph may run on into the next page
            while len(page_starts) < page:
                page_starts.append(start + (at + shift if at else 0))
        pieces.append(separator + text)
        offset, last = start + len(text), text
    text = "".join(pieces) + "\n"
    page_starts[0] = 0
    title = _metadata_title(metadata.get("Title", ""))
    if title and not text.lstrip("# ").startswith(title[:30]):
        # as for HTML: the title leads the text unless the first heading already says it
        heading = f"# {title}\n\n"
        text = heading + text
        page_starts = [0] + [start + len(heading) for start in page_starts[1:]]
    return Document(
        path=relative,
        text=text,
        title=title or _first_line(text),
        media_type="application/pdf",
        author=" ".join(metadata.get("Author", "").split()),
        date=_metadata_date(metadata.get("CreationDate", "")),
        page_starts=tuple(page_starts),
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""
