"""HTML articles: main text extracted with trafilatura (boilerplate, menus and ads removed).

Offsets of an HTML document refer to the extracted text, which keeps headings as `# ...` lines,
list items as `- ...` lines and table rows as `| ... |` lines so that each is a sentence.
"""

from __future__ import annotations

import re

# trafilatura's Markdown escapes ("\\[3\\]", "\\*", "a\\_b", a leading "\\- "): the text
# of the page is wanted, as a PDF printed from it reads ("[3]" is a citation to the segmenter)
_MARKDOWN_ESCAPE = re.compile(r"\\([\[\]*_`#-])")


class HtmlError(ValueError):
    """The HTML page has no extractable article text."""


def html_to_text(html: str) -> tuple[str, str]:
    """Return (title, main text) of an HTML page."""
    if not html.strip():
        raise HtmlError("empty HTML file")
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
    return title.strip(), text
