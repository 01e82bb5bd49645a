"""Lexicon records and their validation.

A lexicon is a set of JSON Lines files; each line is one entity::

    {"id": "kratom", "label": "kratom", "type": "Substance",
     "synonyms": ["Mitragyna speciosa", "ketum"], "abbreviations": [],
     "xrefs": {"wikidata": "Q...", "mesh": "D..."}, "broader": null, "definition": "..."}

`synonyms` match case-insensitively and plural-tolerantly; `abbreviations` match with their exact
case (so "GAD" is found but the word "gad" is not). Validation rejects unknown keys, bad types,
malformed identifiers, dangling `broader` links and a surface form claimed by two entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

from kgbuild.lexicon.jsonl import read_jsonl
from kgbuild.lexicon.normalize import key
from kgbuild.records import ENTITY_TYPES
from kgbuild.resources import lexicon_dir

ALLOWED_KEYS = {
    "id",
    "label",
    "type",
    "synonyms",
    "abbreviations",
    "xrefs",
    "broader",
    "definition",
}
REQUIRED_KEYS = {"id", "label", "type"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Identifier schemes and the shape of a valid local identifier. The IRI template turns it into a
# skos:exactMatch link.
XREF_SCHEMES: dict[str, tuple[re.Pattern[str], str]] = {
    "chebi": (re.compile(r"^CHEBI:\d+$"), "http://purl.obolibrary.org/obo/{}"),
    "pubchem": (re.compile(r"^\d+$"), "https://pubchem.ncbi.nlm.nih.gov/compound/{}"),
    "wikidata": (re.compile(r"^Q\d+$"), "http://www.wikidata.org/entity/{}"),
    "mesh": (re.compile(r"^[CDM]\d{6,9}$"), "http://id.nlm.nih.gov/mesh/{}"),
    "mondo": (re.compile(r"^MONDO:\d{7}$"), "http://purl.obolibrary.org/obo/{}"),
    "hgnc": (re.compile(r"^HGNC:\d+$"), "https://identifiers.org/hgnc:{}"),
    "iuphar": (
        re.compile(r"^\d+$"),
        "https://www.guidetopharmacology.org/GRAC/ObjectDisplayForward?objectId={}",
    ),
    "hp": (re.compile(r"^HP:\d{7}$"), "http://purl.obolibrary.org/obo/{}"),
    "unii": (re.compile(r"^[A-Z0-9]{10}$"), "https://precision.fda.gov/uniisearch/srs/unii/{}"),
}


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    type: str
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    xrefs: tuple[tuple[str, str], ...] = ()
    broader: str | None = None
    definition: str = ""
    discovered: bool = False
    source: str = ""  # versioned vocabulary the name or an xref came from ("HP hp/releases/...")
    pattern: str = ""  # for a discovered entity: the discovery pattern that found it
    # names from an external vocabulary: matched as written (hyphen and space variants of
    # hyphenated names only), without the generated "two-word" -> "two-word" hyphen variant
    compact: bool = False

    @property
    def is_compound(self) -> bool:
        return self.type in ("Compound", "Alkaloid")

    @property
    def can_be_subject(self) -> bool:
        return self.type in ("Substance", "Compound", "Alkaloid")

    def xref_iris(self) -> list[str]:
        iris = []
        for scheme, local in self.xrefs:
            local_id = local.replace(":", "_") if scheme in ("chebi", "mondo", "hp") else local
            local_id = local.split(":", 1)[1] if scheme == "hgnc" else local_id
            iris.append(XREF_SCHEMES[scheme][1].format(local_id))
        return iris

    def surface_forms(self) -> list[str]:
        return [self.label, *self.synonyms, *self.abbreviations]


@dataclass
class Lexicon:
    entities: dict[str, Entity] = field(default_factory=dict)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.entities

    def __getitem__(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def __iter__(self):
        return iter(self.entities.values())

    def __len__(self) -> int:
        return len(self.entities)

    def by_type(self, *types: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type in types]

    def add(self, entity: Entity) -> None:
        self.entities[entity.id] = entity


def _as_strings(value: object, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: '{name}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_entity(record: object, where: str) -> Entity:
    """Validate one decoded JSON record and build its Entity."""
    if not isinstance(record, dict):
        raise LexiconError(f"{where}: each line must be a JSON object")
    unknown = set(record) - ALLOWED_KEYS
    if unknown:
        raise LexiconError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(ALLOWED_KEYS)}"
        )
    missing = REQUIRED_KEYS - set(record)
    if missing:
        raise LexiconError(f"{where}: missing key(s) {sorted(missing)}")
    entity_id, label, etype = record["id"], record["label"], record["type"]
    if not isinstance(entity_id, str) or not _ID.match(entity_id):
        raise LexiconError(f"{where}: id {entity_id!r} must be lower-case letters, digits and '-'")
    if not isinstance(label, str) or not label.strip():
        raise LexiconError(f"{where}: label must be a non-empty string")
    if etype not in ENTITY_TYPES:
        raise LexiconError(f"{where}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
    xrefs = record.get("xrefs") or {}
    if not isinstance(xrefs, dict):
        raise LexiconError(f"{where}: 'xrefs' must be an object of scheme -> identifier")
    for scheme, local in xrefs.items():
        if scheme not in XREF_SCHEMES:
            raise LexiconError(
                f"{where}: unknown identifier scheme {scheme!r}; known: {sorted(XREF_SCHEMES)}"
            )
        if not isinstance(local, str) or not XREF_SCHEMES[scheme][0].match(local):
            raise LexiconError(f"{where}: {scheme} identifier {local!r} is malformed")
    broader = record.get("broader")
    if broader is not None and not isinstance(broader, str):
        raise LexiconError(f"{where}: 'broader' must be an entity id")
    definition = record.get("definition") or ""
    if not isinstance(definition, str):
        raise LexiconError(f"{where}: 'definition' must be a string")
    return Entity(
        id=entity_id,
        label=label.strip(),
        type=etype,
        synonyms=_as_strings(record.get("synonyms"), where, "synonyms"),
        abbreviations=_as_strings(record.get("abbreviations"), where, "abbreviations"),
        xrefs=tuple(sorted(xrefs.items())),
        broader=broader,
        definition=definition.strip(),
    )


def _lexicon_files(sources: Iterable[Traversable | Path]) -> list[Traversable | Path]:
    files: list[Traversable | Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(
                sorted(
                    (f for f in source.iterdir() if f.name.endswith(".jsonl")), key=lambda f: f.name
                )
            )
        elif source.is_file():
            files.append(source)
        else:
            raise LexiconError(f"{source}: no such lexicon file or folder")
    return files


def load_lexicon(extra: Iterable[Path] = (), *, packaged: bool = True) -> Lexicon:
    """Load the packaged lexicon (and any extra files or folders), validating every record."""
    sources: list[Traversable | Path] = [lexicon_dir()] if packaged else []
    sources.extend(extra)
    lexicon = Lexicon()
    owner_of: dict[str, tuple[str, str]] = {}  # surface key -> (entity id, where)
    for path in _lexicon_files(sources):
        for where, record in read_jsonl(path):
            entity = parse_entity(record, where)
            if entity.id in lexicon:
                raise LexiconError(f"{where}: duplicate id {entity.id!r}")
            for form in entity.surface_forms():
                form_key = form if form in entity.abbreviations else key(form)
                previous = owner_of.get(form_key)
                if previous and previous[0] != entity.id:
                    raise LexiconError(
                        f"{where}: surface form {form!r} of {entity.id!r} is already used by "
                        f"{previous[0]!r} ({previous[1]})"
                    )
                owner_of[form_key] = (entity.id, where)
            lexicon.add(entity)
    for entity in lexicon:
        if entity.broader and entity.broader not in lexicon:
            raise LexiconError(f"{entity.id}: 'broader' names unknown entity {entity.broader!r}")
    return lexicon
