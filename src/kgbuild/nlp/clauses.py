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

from spacy.tokens import Span

from kgbuild.nlp.syntax import Syntax


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
    following = comma + 1
    if following >= sent.end:
        return True
    if sent.doc[following].lower_ in {"and", "or"}:
        return False
    if following not in entity_tokens:
        return True
    after = following
    while after in entity_tokens:
        after += 1
    return not (after < sent.end and sent.doc[after].lower_ in {",", "and", "or"})


def _is_relative(sent: Span, i: int, syntax: Syntax) -> bool:
    token = sent.doc[i]
    if token.lower_ not in syntax.relative_pronouns or i == sent.start:
        return False
    previous = sent.doc[i - 1]
    if token.lower_ == "that":
        return not (
            previous.lower_ in syntax.complement_heads
            or previous.norm_ in syntax.complement_heads
            or previous.is_punct
            and previous.text != ","
            or previous.like_num
        )
    return True


def split_clauses(sent: Span, syntax: Syntax, entity_tokens: set[int]) -> list[Clause]:
    """Clauses of `sent` in order; together they cover every token of the sentence."""
    doc = sent.doc
    starts: dict[int, Clause] = {}
    first = sent.start
    while first < sent.end and (doc[first].is_punct or doc[first].is_space):
        first += 1
    if first < sent.end and doc[first].lower_ in syntax.subordinators:
        end = next(
            (
                j
                for j in range(first + 2, sent.end)
                if doc[j].text == "," and _ends_list(sent, j, entity_tokens)
            ),
            None,
        )
        if end is not None:
            starts[sent.start] = Clause(sent.start, end + 1, "subordinate")
            starts[end + 1] = Clause(end + 1, sent.end, "main")
    for i in range(first + 1, sent.end):
        token = doc[i]
        lower = token.lower_
        if lower in syntax.midsentence_subordinators and doc[i - 1].text in {
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
                    if doc[j].text == "," and _ends_list(sent, j, entity_tokens)
                ),
                None,
            )
            if end is not None and end + 1 < sent.end:
                starts.setdefault(end + 1, Clause(end + 1, sent.end, "main"))
        elif lower in syntax.coordinators and (doc[i - 1].text in {",", ";"} or lower == "but"):
            starts[i] = Clause(i, sent.end, "coordinate")
        elif (
            lower in {"and", "so"}
            and doc[i - 1].text == ","
            and i + 1 < sent.end
            and doc[i + 1].lower_ in syntax.clause_starters
            and i + 1 not in entity_tokens
        ):
            starts[i] = Clause(i, sent.end, "coordinate")  # "..., and recent studies suggest"
        elif token.text == ";" and i + 1 < sent.end:
            starts[i + 1] = Clause(i + 1, sent.end, "coordinate")
        elif _is_relative(sent, i, syntax):
            antecedent = i - 1
            while antecedent > sent.start and doc[antecedent].text in {",", "(", ")"}:
                antecedent -= 1
            starts[i] = Clause(i, sent.end, "relative", antecedent=antecedent)
            if doc[i - 1].text == ",":  # ", which contain withanolides, are sold for stress"
                close = next((j for j in range(i + 1, sent.end - 1) if doc[j].text == ","), None)
                if close is not None and doc[close + 1].lower_ in syntax.finite_verbs:
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
