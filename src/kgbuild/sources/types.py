"""Source types decided by rules kept as data (`ontology/sources/source-types.json`).

A document's kind of source (government, health system, encyclopedia, journal, news, vendor,
blog, forum, or `unknown`) is decided by the first rule that matches, in the file's order:

- `hosts`: the URL's host is one of these domains or a subdomain of one (`www.`, `en.` ...);
- `suffixes`: the host ends with one of these (`.gov`, `.gov.uk`, `who.int`);
- `paths`: a regular expression matches the URL's path and query;
- `host_words`: a word occurs in the host name (`...hospital.org`);
- `page`: at least `min_matches` distinct cue patterns occur in the document text (prices and
  cart buttons, "posted by" and reply structure, DOIs and abstract headings ...).

The rule's name is kept with the verdict, so a user can see why a page counts as a vendor's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from kgbuild.resources import ontology_dir

UNKNOWN = "unknown"
RULE_KEYS = {"name", "type", "hosts", "suffixes", "paths", "host_words", "page", "min_matches"}
# The page cues look at the start of a text only: enough for headings, bylines and shop buttons.
PAGE_CHARS = 20_000


class SourceRulesError(ValueError):
    """The source-type rules file is malformed."""


@dataclass(frozen=True)
class SourceVerdict:
    """A document's kind of source and the rule that decided it (`manifest` when a user said)."""

    type: str = UNKNOWN
    rule: str = "none"


@dataclass(frozen=True)
class _Rule:
    name: str
    type: str
    hosts: frozenset[str]
    suffixes: tuple[str, ...]
    paths: tuple[re.Pattern, ...]
    host_words: tuple[str, ...]
    page: tuple[re.Pattern, ...]
    min_matches: int

    def matches(self, host: str, path: str, text: str) -> bool:
        if self.hosts and host and any(d in self.hosts for d in _parent_domains(host)):
            return True
        if self.suffixes and host and any(_ends_with(host, s) for s in self.suffixes):
            return True
        if self.paths and path and any(p.search(path) for p in self.paths):
            return True
        if self.host_words and host and any(w in host for w in self.host_words):
            return True
        if self.page and text:
            return self.page_matches(_page_text(text))
        return False

    def page_matches(self, page: _PageText) -> bool:
        """Do at least `min_matches` of the page patterns occur in the page? Counting stops
        once the answer is known, and a pattern whose required words are not in the page is
        not searched for (see `_required_words`)."""
        found, left = 0, len(self.page)
        for pattern in self.page:
            if found >= self.min_matches or found + left < self.min_matches:
                break
            left -= 1
            if page.lowered is not None:
                words = _required_words(pattern)
                if words is not None and not any(w in page.lowered for w in words):
                    continue
            if pattern.search(page.text):
                found += 1
        return found >= self.min_matches


# Characters that a case-insensitive pattern matches to an ASCII letter although they are not
# ASCII ("ı", "İ" ~ i, "ſ" ~ s, Kelvin sign ~ k): a page holding one is searched in full.
_ASCII_LOOKALIKES = ("\u0130", "\u0131", "\u017f", "\u212a")


@dataclass(frozen=True)
class _PageText:
    """The text a page rule reads, and its lower case when looking words up in it is exact."""

    text: str
    lowered: str | None


def _page_text(text: str) -> _PageText:
    exact = not any(c in text for c in _ASCII_LOOKALIKES)
    return _PageText(text, text.lower() if exact else None)


@lru_cache(maxsize=1024)
def _required_words(pattern: re.Pattern) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which occurs (in any case) wherever `pattern` matches,
    read from its parse tree; None when it has none. A case-insensitive match of an ASCII
    literal is ASCII (`_ASCII_LOOKALIKES` aside), so its lower case is in the lowered text."""
    try:
        from re import _parser  # the parser `re` itself uses (private, stable since 3.11)

        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unknown parser: search every time
        return None
    return _required_in(list(tree), _parser)


def _required_in(items: list, parser) -> frozenset[str] | None:
    """The best requirement of a sequence of parse items: its longest literal run (3 ASCII
    characters or more), a group's, a branch's (one per alternative) or a repeat's (at least
    once)."""
    constants = parser  # the opcode names live on the parser module too
    best: frozenset[str] | None = None

    def consider(words: frozenset[str] | None) -> None:
        nonlocal best
        if words and (best is None or min(map(len, words)) > min(map(len, best))):
            best = words

    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is constants.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if len(run) >= 3:
            consider(frozenset(["".join(run)]))
        run = []
        if op is constants.SUBPATTERN:
            consider(_required_in(list(av[-1]), parser))
        elif op is constants.BRANCH:
            alternatives = [_required_in(list(branch), parser) for branch in av[1]]
            if all(alternatives):
                consider(frozenset().union(*alternatives))
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and av[0] >= 1:
            consider(_required_in(list(av[2]), parser))
    return best


def _parent_domains(host: str) -> list[str]:
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def _ends_with(host: str, suffix: str) -> bool:
    if suffix.startswith("."):
        return host.endswith(suffix) or host == suffix[1:]
    return host == suffix or host.endswith("." + suffix)


@dataclass(frozen=True)
class SourceTypeRules:
    """The kinds of source with their descriptions, and the ordered rules that decide them."""

    types: dict[str, str]
    rules: tuple[_Rule, ...]

    def classify(self, url: str = "", text: str = "") -> SourceVerdict:
        """The kind of source of a document at `url` with `text`; `unknown` when none decides.

        URL rules are tried first, then page rules, each in the file's order.
        """
        verdict = self.classify_url(url)
        return verdict if verdict.type != UNKNOWN else self.classify_page(text)

    def classify_url(self, url: str) -> SourceVerdict:
        """The first URL rule (host, suffix, path, host word) that decides `url`."""
        host, path = _host_and_path(url)
        if host or path:
            for rule in self.rules:
                if not rule.page and rule.matches(host, path, ""):
                    return SourceVerdict(rule.type, rule.name)
        return SourceVerdict()

    def classify_page(self, text: str) -> SourceVerdict:
        """The first page rule whose cues occur often enough in `text`."""
        sample = text[:PAGE_CHARS]
        if sample:
            page = _page_text(sample)
            for rule in self.rules:
                if rule.page and rule.page_matches(page):
                    return SourceVerdict(rule.type, rule.name)
        return SourceVerdict()


def _host_and_path(url: str) -> tuple[str, str]:
    if not url:
        return "", ""
    try:
        parts = urlsplit(url.strip() if "//" in url else "//" + url.strip())
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return "", ""
    host = host[4:] if host.startswith("www.") else host
    path = parts.path + ("?" + parts.query if parts.query else "")
    return host, path


def parse_rules(data: object, where: str = "source-types.json") -> SourceTypeRules:
    """Validate the rules data; raise SourceRulesError naming the problem."""
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise SourceRulesError(f"{where}: expected an object with 'types' and 'rules'")
    types = data["types"]
    if UNKNOWN not in types or not all(isinstance(v, str) for v in types.values()):
        raise SourceRulesError(
            f"{where}: 'types' must map each type to a description, 'unknown' too"
        )
    rules = []
    names = set()
    for index, raw in enumerate(data.get("rules", [])):
        at = f"{where}: rule {index + 1}"
        if not isinstance(raw, dict) or not RULE_KEYS.issuperset(raw):
            raise SourceRulesError(f"{at}: unknown keys {sorted(set(raw) - RULE_KEYS)}")
        name, kind = raw.get("name"), raw.get("type")
        if not isinstance(name, str) or not name or name in names:
            raise SourceRulesError(f"{at}: a rule needs a unique 'name'")
        if kind not in types or kind == UNKNOWN:
            raise SourceRulesError(f"{at} ({name}): unknown type {kind!r}")
        names.add(name)
        lists = {
            key: raw.get(key, []) for key in ("hosts", "suffixes", "paths", "host_words", "page")
        }
        if not any(lists.values()):
            raise SourceRulesError(f"{at} ({name}): no hosts, suffixes, paths, host_words or page")
        if lists["page"] and any(lists[k] for k in ("hosts", "suffixes", "paths", "host_words")):
            raise SourceRulesError(f"{at} ({name}): a rule reads the URL or the page, not both")
        for key, values in lists.items():
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                raise SourceRulesError(f"{at} ({name}): '{key}' must be a list of strings")
        try:
            paths = tuple(re.compile(p, re.IGNORECASE) for p in lists["paths"])
            page = tuple(re.compile(p, re.IGNORECASE | re.MULTILINE) for p in lists["page"])
        except re.error as exc:
            raise SourceRulesError(f"{at} ({name}): bad pattern ({exc})") from None
        minimum = raw.get("min_matches", 1)
        if not isinstance(minimum, int) or minimum < 1:
            raise SourceRulesError(f"{at} ({name}): 'min_matches' must be a positive integer")
        rules.append(
            _Rule(
                name=name,
                type=kind,
                hosts=frozenset(h.lower() for h in lists["hosts"]),
                suffixes=tuple(s.lower() for s in lists["suffixes"]),
                paths=paths,
                host_words=tuple(w.lower() for w in lists["host_words"]),
                page=page,
                min_matches=minimum,
            )
        )
    return SourceTypeRules(types=dict(types), rules=tuple(rules))


@lru_cache(maxsize=1)
def load_source_type_rules() -> SourceTypeRules:
    """The packaged rules, read and validated once."""
    source = ontology_dir().joinpath("sources", "source-types.json")
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise SourceRulesError(f"source-types.json: cannot be read ({exc})") from None
    return parse_rules(data)
