"""Deterministic identifiers: the same corpus always yields the same IRIs and edge keys."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

BASE = "https://w3id.org/kgbuild/"
ENTITY = BASE + "entity/"
CLAIM = BASE + "claim/"
MENTION = BASE + "mention/"
DOCUMENT = BASE + "document/"
SOURCE_TYPE = BASE + "source-type/"  # one IRI per kind of source in sources/source-types.json

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A lower-case, dash-separated identifier made from free text (never empty)."""
    out = _SLUG.sub("-", text.lower()).strip("-")
    return out or "x" + digest(text, 8)


def digest(*parts: object, size: int = 16) -> str:
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:size]


def claim_key(subject: str, relation: str, obj: str) -> str:
    """The edge key and claim local name of (subject, relation, object)."""
    return f"{subject}.{relation}.{obj}"


def entity_iri(entity_id: str) -> str:
    return ENTITY + quote(entity_id, safe="-")


def claim_iri(subject: str, relation: str, obj: str) -> str:
    return CLAIM + quote(claim_key(subject, relation, obj), safe="-.")


def mention_iri(claim: str, doc: str, start: int, end: int) -> str:
    return MENTION + digest(claim, doc, start, end)


def document_iri(path: str) -> str:
    return DOCUMENT + slug(path.rsplit("/", 1)[-1])[:40] + "-" + digest(path, size=8)
