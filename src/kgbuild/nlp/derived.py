"""Derived words that name a condition or risk: "an anxiolytic", "analgesic effects", "hepatotoxic".

The table is data (`ontology/vocabularies/derived-forms.jsonl`): each line names its target (a
lexicon id, or an `HP:` identifier resolved through the entity that carries it), the role the word
gives ("claimedFor": an anxiolytic is claimed *for* anxiety; "hasRisk": a hepatotoxic herb has
the risk) and its forms. Forms match case-insensitively with hyphen variants but, unlike lexicon
synonyms, not in the plural: "antidepressants" and "sedatives" are mostly drug classes ("do not
combine with sedatives"), while "an antidepressant" and "sedative effects" describe the subject.
The role is kept on the Doc (`ROLES_KEY`) and wins over the nearby relation cues in `claims`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgbuild.lexicon.jsonl import read_jsonl
from kgbuild.lexicon.model import Lexicon, LexiconError
from kgbuild.resources import ontology_dir

ROLES_KEY = "kg_derived_roles"
ROLES = ("claimedFor", "hasRisk")
_NAME = re.compile(r"^(HP:\d{7}|[a-z0-9][a-z0-9-]*)$")


@dataclass(frozen=True)
class DerivedForms:
    """One line of the table: the words, what they name and the role they give."""

    names: str
    role: str
    forms: tuple[str, ...]


def load_derived_forms() -> list[DerivedForms]:
    """Read and validate the table (a LexiconError names the file and line)."""
    path = ontology_dir().joinpath("vocabularies", "derived-forms.jsonl")
    table = []
    for where, record in read_jsonl(path):
        if not isinstance(record, dict) or set(record) != {"names", "role", "forms"}:
            raise LexiconError(f"{where}: a line has exactly 'names', 'role' and 'forms'")
        names, role, forms = record["names"], record["role"], record["forms"]
        if not isinstance(names, str) or not _NAME.match(names):
            raise LexiconError(f"{where}: 'names' must be a lexicon id or an HP identifier")
        if role not in ROLES:
            raise LexiconError(f"{where}: 'role' must be one of {', '.join(ROLES)}")
        if (
            not isinstance(forms, list)
            or not forms
            or not all(isinstance(f, str) and f.strip() for f in forms)
        ):
            raise LexiconError(f"{where}: 'forms' must be a non-empty list of strings")
        table.append(DerivedForms(names, role, tuple(f.strip() for f in forms)))
    return table


def resolve(names: str, lexicon: Lexicon) -> str | None:
    """The lexicon id a table line names: the id itself, or the entity with that HP xref."""
    if not names.startswith("HP:"):
        return names if names in lexicon else None
    return next((e.id for e in lexicon if ("hp", names) in e.xrefs), None)


def _variants(form: str) -> set[str]:
    out = {form.lower()}
    if "-" in form:
        out |= {form.lower().replace("-", " "), form.lower().replace("-", "")}
    return out


class DerivedMatcher:
    """Finds derived words; a line whose target the lexicon lacks is left out."""

    def __init__(self, nlp: Language, lexicon: Lexicon, table: list[DerivedForms]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.roles: dict[str, tuple[str, str]] = {}  # match key -> (entity id, role)
        self.resolved: dict[str, str] = {}
        for index, line in enumerate(table):
            entity_id = resolve(line.names, lexicon)
            if entity_id is None:
                continue
            self.resolved[line.names] = entity_id
            match_key = f"derived-{index}"
            self.roles[match_key] = (entity_id, line.role)
            forms = sorted({v for form in line.forms for v in _variants(form)})
            self.matcher.add(match_key, [nlp.make_doc(f) for f in forms])

    def spans(self, doc: Doc, lexicon: Lexicon) -> list[Span]:
        """Spans naming the target entity; their roles go to `doc.user_data[ROLES_KEY]`."""
        roles: dict[int, tuple[str, str]] = doc.user_data.setdefault(ROLES_KEY, {})
        found = []
        for match_id, start, end in self.matcher(doc):
            entity_id, role = self.roles[doc.vocab.strings[match_id]]
            entity = lexicon[entity_id]
            found.append(Span(doc, start, end, label=entity.type, kb_id=entity.id))
            roles[start] = (entity_id, role)
        return found


def derived_role(doc: Doc, start: int, entity_id: str) -> str | None:
    """The role a derived word starting at `start` gives to `entity_id`, if there is one."""
    found = doc.user_data.get(ROLES_KEY, {}).get(start)
    return found[1] if found and found[0] == entity_id else None
