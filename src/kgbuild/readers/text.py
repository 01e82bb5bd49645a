"""Decode the bytes of a text, Markdown or HTML file, whatever its encoding.

In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 or UTF-32 without a mark, told by
where the zero bytes fall (other bytes with zeros are a binary file); strict UTF-8; the charset
an HTML page declares; Windows-1252 (the legacy encoding of English-language pages, a superset
of Latin-1 for printable text) when the bytes decode under it into plausible text; otherwise the
best match of `charset_normalizer`. A file whose best match is not confident is refused, naming
the guess.

Offsets refer to the decoded text. A lone carriage return (old Mac line ending) becomes a line
feed, which keeps every offset; CR LF pairs are left as they are (the segmenter trims the CR).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# (mark, codec): UTF-32 first, since the UTF-32LE mark starts with the UTF-16LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SAMPLE = 4096  # bytes looked at to tell UTF-16/32 or binary, or to find an HTML charset
# Largest share of "messy" characters in accepted text (charset_normalizer's measure and default).
MAX_MESS = 0.2
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LONE_CR = re.compile(r"\r(?!\n)")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters text does not hold


class EncodingError(ValueError):
    """The bytes are not text in any encoding we can tell with confidence."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name: "utf-8", "utf-16-le", "cp1252", ...


def _name(codec: str) -> str:
    return codecs.lookup(codec).name


def _bom(data: bytes) -> Decoded | None:
    for mark, codec in BOMS:
        if data.startswith(mark):
            return Decoded(data[len(mark) :].decode(codec), codec)
    return None


def _zero_share(sample: bytes, position: int, step: int) -> float:
    picked = sample[position::step]
    return picked.count(0) / len(picked) if picked else 0.0


def _wide_codec(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by where the zero bytes fall."""
    sample = data[:SAMPLE]
    if len(data) % 4 == 0 and len(sample) >= 4:
        if _zero_share(sample, 3, 4) > 0.95 and _zero_share(sample, 2, 4) > 0.9:
            return "utf-32-le"
        if _zero_share(sample, 0, 4) > 0.95 and _zero_share(sample, 1, 4) > 0.9:
            return "utf-32-be"
    if len(data) % 2 == 0 and len(sample) >= 2:
        odd, even = _zero_share(sample, 1, 2), _zero_share(sample, 0, 2)
        if odd > 0.3 and even < 0.05:
            return "utf-16-le"
        if even > 0.3 and odd < 0.05:
            return "utf-16-be"
    return None


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:SAMPLE])
    if not match:
        return None
    try:
        return _name(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # loaded only for a file that is not UTF-8
    from charset_normalizer.md import mess_ratio

    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and mess_ratio(text, maximum_threshold=1.0) <= MAX_MESS:
        return Decoded(text, "cp1252")
    best = from_bytes(data).best()
    if best is not None and best.chaos <= MAX_MESS:
        return Decoded(str(best), _name(best.encoding))
    guess = best or from_bytes(data, threshold=1.0).best()
    raise EncodingError(
        "encoding not detected with confidence"
        + (f" (best guess: {_name(guess.encoding)})" if guess is not None else "")
    )


def decode(data: bytes, *, html: bool = False) -> Decoded:
    """The text of `data` and the encoding it was read with. Raises EncodingError."""
    decoded = _bom(data)
    if decoded is None and b"\x00" in data[:SAMPLE]:
        codec = _wide_codec(data)
        if codec is None:
            raise EncodingError("looks like a binary file, not text")
        try:
            decoded = Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            raise EncodingError("looks like a binary file, not text") from None
        if _CONTROL.search(decoded.text[:SAMPLE]):
            raise EncodingError("looks like a binary file, not text")
    if decoded is None:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = None
    if decoded is None and html and (codec := _declared(data)):
        try:
            decoded = Decoded(data.decode(codec), codec)
        except UnicodeDecodeError:
            decoded = None
    if decoded is None:
        decoded = _detect(data)
    if "\x00" in decoded.text[:SAMPLE]:
        raise EncodingError("looks like a binary file, not text")
    if "\r" in decoded.text:
        decoded = Decoded(_LONE_CR.sub("\n", decoded.text), decoded.encoding)
    return decoded
