"""Split a sentence into clauses, the scope of cues and of subjects.

Without a parser, clauses are found from function words (`ontology/cues/syntax.json`):

* a sentence-initial subordinator ("While ...,", "If ...,", "Although ...,") opens a clause that
  ends at the first comma which does not continue a list;
* a mid-sentence subordinator ("..., though ...", "it is clear that while ... ,") opens a clause
  ending at the next such comma or at the end;
* a coordinator ("but", "however", "yet"), a semicolon, or ", and"/", so" before a new subject
  ("..., and recent studies suggest ...") opens a clause running to the next break;
* a relative pronoun ("which", "who", "that" when not after a verb like "suggest") opens a
  relative clause whose antecedent is the word just before it; a non-restrictive one
  (", which contain X, are sold ...") ends at its closing comma.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from kgbuild.nlp.syntax import Syntax
from kgbuild.nlp.tokens import TokenTable, tokens_of


@dataclass
class Clause:
    start: int  # doc token index, inclusive
    end: int  # exclusive
    kind: str  # "main" | "subordinate" | "coordinate" | "relative"
    antecedent: int | None = None  # token index of the word a relative clause hangs on
    parent: int | None = None  # index of the clause it depends on (relative clauses)

    def __contains__(self, index: int) -> bool:
        return self.start <= index < self.end


def _ends_list(sent: Span, comma: int, entity_tokens: set[int]) -> bool:
    """A comma that closes a clause, as opposed to one that continues a list.

    It continues a list when "and"/"or" follows, or an entity that is itself followed by more
    list ("pain, anxiety, and insomnia, ..."); "Unlike coffee, green tea is ..." closes.
    """
    lower = tokens_of(sent.doc).lower
    following = comma + 1
    if following >= sent.end:
        return True
    if lower[following] in {"and", "or"}:
        return False
    if following not in entity_tokens:
        return True
    after = following
    while after in entity_tokens:
        after += 1
    return not (after < sent.end and lower[after] in {",", "and", "or"})


def _is_relative(tok: TokenTable, sent_start: int, i: int, syntax: Syntax) -> bool:
    lower = tok.lower[i]
    if lower not in syntax.relative_pronouns or i == sent_start:
        return False
    if lower == "that":
        return not (
            tok.lower[i - 1] in syntax.complement_heads
            or tok.norm[i - 1] in syntax.complement_heads
            or tok.is_punct[i - 1]
            and tok.text[i - 1] != ","
            or tok.like_num[i - 1]
        )
    return True


@lru_cache(maxsize=8)
def _triggers(syntax: Syntax) -> frozenset[str]:
    """Every word that can open a clause in the middle of a sentence (";" aside)."""
    return (
        syntax.midsentence_subordinators
        | syntax.coordinators
        | {"and", "so"}
        | syntax.relative_pronouns
    )


def split_clauses(sent: Span, syntax: Syntax, entity_tokens: set[int]) -> list[Clause]:
    """Clauses of `sent` in order; together they cover every token of the sentence."""
    tok = tokens_of(sent.doc)
    texts, words = tok.text, tok.lower
    starts: dict[int, Clause] = {}
    first = sent.start
    while first < sent.end and (tok.is_punct[first] or tok.is_space[first]):
        first += 1
    if first < sent.end and words[first] in syntax.subordinators:
        end = next(
            (
                j
                for j in range(first + 2, sent.end)
                if texts[j] == "," and _ends_list(sent, j, entity_tokens)
            ),
            None,
        )
        if end is not None:
            starts[sent.start] = Clause(sent.start, end + 1, "subordinate")
            starts[end + 1] = Clause(end + 1, sent.end, "main")
    triggers = _triggers(syntax)
    for i in range(first + 1, sent.end):
        lower = words[i]
        if lower not in triggers and texts[i] != ";":
            continue  # none of the cases below
        if lower in syntax.midsentence_subordinators and texts[i - 1] in {
            ",",
            "that",
            "and",
            ";",
        }:
            starts[i] = Clause(i, sent.end, "subordinate")
            end = next(
                (
                    j
                    for j in range(i + 2, sent.end)
                    if texts[j] == "," and _ends_list(sent, j, entity_tokens)
                ),
                None,
            )
            if end is not None and end + 1 < sent.end:
                starts.setdefault(end + 1, Clause(end + 1, sent.end, "main"))
        elif lower in syntax.coordinators and (texts[i - 1] in {",", ";"} or lower == "but"):
            starts[i] = Clause(i, sent.end, "coordinate")
        elif (
            lower in {"and", "so"}
            and texts[i - 1] == ","
            and i + 1 < sent.end
            and words[i + 1] in syntax.clause_starters
            and i + 1 not in entity_tokens
        ):
            starts[i] = Clause(i, sent.end, "coordinate")  # "..., and recent studies suggest"
        elif texts[i] == ";" and i + 1 < sent.end:
            starts[i + 1] = Clause(i + 1, sent.end, "coordinate")
        elif _is_relative(tok, sent.start, i, syntax):
            antecedent = i - 1
            while antecedent > sent.start and texts[antecedent] in {",", "(", ")"}:
                antecedent -= 1
            starts[i] = Clause(i, sent.end, "relative", antecedent=antecedent)
            if texts[i - 1] == ",":  # ", which contain withanolides, are sold for stress"
                close = next((j for j in range(i + 1, sent.end - 1) if texts[j] == ","), None)
                if close is not None and words[close + 1] in syntax.finite_verbs:
                    starts.setdefault(close + 1, Clause(close + 1, sent.end, "main"))
    if sent.start not in starts:
        starts[sent.start] = Clause(sent.start, sent.end, "main")
    ordered = [starts[k] for k in sorted(starts)]
    for current, following in zip(ordered, ordered[1:], strict=False):
        current.end = following.start
    for index, clause in enumerate(ordered):
        if clause.kind == "relative":
            clause.parent = next(
                (j for j in range(index - 1, -1, -1) if clause.antecedent in ordered[j]), None
            )
    return ordered
