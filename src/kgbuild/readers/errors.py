"""Errors of the readers, importable without loading any parsing library."""

from __future__ import annotations


class HtmlError(ValueError):
    """The HTML page has no extractable article text."""
