"""HTML articles: main text extracted with trafilatura (boilerplate, menus and ads removed).

Offsets of an HTML document refer to the extracted text, which keeps headings as `# ...` lines,
list items as `- ...` lines and table rows as `| ... |` lines so that each is a sentence.
"""

from __future__ import annotations

import re

from kgbuild.readers.errors import HtmlError

# trafilatura's Markdown escapes ("\\[3\\]", "\\*", "a\\_b", a leading "\\- "): the text
# of the page is wanted, as a PDF printed from it reads ("[3]" is a citation to the segmenter)
_MARKDOWN_ESCAPE = re.compile(r"\\([\[\]*_`#-])")

__all__ = ["HtmlError", "html_to_text"]


# Above this size trafilatura's cost grows faster than the page (minutes for 20 MB); such pages
# are read by `large_page_text`, which is linear.
LARGE_HTML_CHARS = 4_000_000
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote", "dt", "dd"}
_SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template"}


def html_to_text(html: str) -> tuple[str, str]:
    """Return (title, main text) of an HTML page."""
    title, text, _metadata = read_html(html)
    return title, text


def read_html(html: str) -> tuple[str, str, dict[str, str]]:
    """(title, main text, metadata) of an HTML page. The metadata are those the page states, as
    trafilatura and htmldate find them: `url` (canonical), `site`, `author`, `issued` (publication
    date) and `language`."""
    if not html.strip():
        raise HtmlError("empty HTML file")
    if len(html) > LARGE_HTML_CHARS:
        title, text = large_page_text(html)
        return title, text, {}
    import trafilatura  # loaded only when an HTML file is read

    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not text or not text.strip():
        raise HtmlError("no article text found in HTML")
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title if metadata and metadata.title else "") or ""
    if title and not text.lstrip("# ").startswith(title[:30]):
        text = f"# {title}\n\n{text}"
    found = _metadata(metadata)
    if "language" not in found and (lang := _HTML_LANG.search(html[:4096])):
        found["language"] = lang.group(1)
    return title.strip(), text, found


_HTML_LANG = re.compile(
    r"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.I
)


def _metadata(found: object) -> dict[str, str]:
    if found is None:
        return {}
    fields = {
        "url": getattr(found, "url", None),
        "site": getattr(found, "sitename", None),
        "author": getattr(found, "author", None),
        "issued": getattr(found, "date", None),
        "language": getattr(found, "language", None),
    }
    clean = {k: " ".join(str(v).split()) for k, v in fields.items() if v and str(v).strip()}
    if "url" in clean and not clean["url"].startswith(("http://", "https://")):
        del clean["url"]
    if "issued" in clean and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", clean["issued"]):
        del clean["issued"]
    return clean


def large_page_text(html: str) -> tuple[str, str]:
    """(title, text) of a very large page in one linear pass: block elements become lines.

    Headings become `# ...` lines, list items `- ...`, table rows `| a | b |`, other blocks
    paragraphs; scripts, styles, navigation, headers, footers and forms are dropped. Less
    careful than trafilatura about boilerplate, but its cost grows with the page, not faster.
    """
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise HtmlError(f"cannot parse HTML ({exc})") from None
    title = " ".join((root.findtext(".//title") or "").split())
    for element in root.iter(*_SKIPPED):
        element.drop_tree()
    lines: list[str] = []
    for element in root.iter(*_BLOCKS):
        if element.tag == "tr":
            cells = [" ".join(c.text_content().split()) for c in element if c.tag in ("td", "th")]
            if any(cells):
                lines.append("| " + " | ".join(cells) + " |")
            continue
        if any(parent.tag in _BLOCKS for parent in element.iterancestors()):
            continue  # its text is part of the enclosing block
        text = " ".join(element.text_content().split())
        if not text:
            continue
        if element.tag[0] == "h" and element.tag[1:].isdigit():
            lines.append(f"{'#' * int(element.tag[1])} {text}")
        elif element.tag == "li":
            lines.append(f"- {text}")
        else:
            lines.append(text)
    if not lines:
        raise HtmlError("no article text found in HTML")
    body = "\n\n".join(lines)
    if title and not body.lstrip("# ").startswith(title[:30]):
        body = f"# {title}\n\n{body}"
    return title, body
