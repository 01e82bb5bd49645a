"""Stage 3c: receptors and channels named by coordination and by agonist wording.

Runs after the lexicon and discovery stages, on their spans:

* **coordination** ("receptor-coordination"): "the histamine H1 and H2 receptors", "GABAA,
  dopamine and CB1 receptors", "δ- and κ-opioid receptors", "voltage-gated sodium and calcium
  channels" name one target per conjunct; a shared leading modifier ("histamine",
  "voltage-gated") goes to every conjunct;
* **agonist wording**: "a kappa agonist", "5-HT2A antagonists" ("named-agonist") and "an agonist
  of X", "antagonist at X" ("agonist-of") name the X receptor;
* **own receptors** ("own-receptors"): "blocks the action of adenosine on its receptors" names
  the adenosine receptor.

A name the lexicon knows ("kappa receptor") gives the lexicon entity; any other is a discovered
`Receptor` carrying the pattern that found it. Word lists are in `ontology/patterns/discovery.json`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kgbuild.lexicon.normalize import fold
from kgbuild.nlp.discovery import Discoverer
from kgbuild.nlp.tokens import positions, tokens_of

GREEK = {"α", "β", "γ", "δ", "κ", "μ", "σ", "µ"}
CONJUNCTIONS = {"and", "or", "/", "&"}
MAX_CONJUNCT = 5
MAX_CONJUNCTS = 8


class TargetFinder:
    """Adds target spans named by coordination or agonist wording (see the module docstring)."""

    def __init__(self, discoverer: Discoverer) -> None:
        self.discoverer = discoverer
        self.words = discoverer.words

    def __call__(self, doc: Doc, spans: list[Span]) -> list[Span]:
        by_token = {i: span for span in spans for i in range(span.start, span.end)}
        new: list[Span] = []
        for span in spans:
            if span.label_ == "Receptor" and doc[span.end - 1].lower_ in self.words.receptor_heads:
                new += self._coordinated(doc, span, by_token)
        new += self._agonists(doc, by_token)
        new += self._own_receptors(doc, by_token)
        new += self._shared_heads(doc, by_token)
        if not new:
            return spans
        taken = {i for span in new for i in range(span.start, span.end)}
        kept = [s for s in spans if not any(i in taken for i in range(s.start, s.end))]
        return sorted(filter_spans(kept + new), key=lambda s: s.start)

    # -- helpers ------------------------------------------------------------------------------
    def _target_token(self, doc: Doc, i: int, by_token: dict[int, Span]) -> bool:
        """A word that can name a receptor type: 'dopamine', 'kappa', 'H1', 'GABAA', 'δ', '-'."""
        token = doc[i]
        span = by_token.get(i)
        if token.lower_ in self.words.receptor_heads:
            return False  # a whole target already: "AMPA receptors and sigma-1 receptors"
        if span is not None:
            return span.label_ in ("Neurotransmitter", "Receptor")
        text = token.text.rstrip("-") if len(token.text) > 1 else token.text
        lower = fold(text)
        return (
            text == "-"
            or text in GREEK
            or lower in self.words.receptor_qualifiers
            or lower in self.words.shared_modifiers
            or (
                len(text) <= 7
                and text[0].isalnum()
                and any(c.isupper() for c in text)
                and any(c.isupper() or c.isdigit() for c in text[1:])
                and not token.is_stop
            )
        )

    def _make(self, doc: Doc, start: int, end: int, form: str, pattern: str) -> Span | None:
        entity = self.discoverer.entity_for(form, "Receptor", pattern)
        if entity is None:
            return None
        return Span(doc, start, end, label=entity.type, kb_id=entity.id)

    def _shared_prefix(self, doc: Doc, start: int, end: int) -> int:
        """End of the longest leading run of [start, end) that is a shared modifier."""
        best = start
        for stop in range(start + 1, end):
            if fold(doc[start:stop].text) in self.words.shared_modifiers:
                best = stop
        return best

    # -- coordination -------------------------------------------------------------------------
    def _coordinated(self, doc: Doc, last: Span, by_token: dict[int, Span]) -> list[Span]:
        i = last.start - 1
        if i < 1 or doc[i].lower_ not in CONJUNCTIONS:
            return []
        i -= 1
        if doc[i].text == ",":
            i -= 1
        conjuncts: list[tuple[int, int]] = []
        while i >= 0 and len(conjuncts) < MAX_CONJUNCTS:
            end = i + 1
            while i >= 0 and end - i <= MAX_CONJUNCT and self._target_token(doc, i, by_token):
                i -= 1
            start = i + 1
            if start == end or doc[start].text == "-":
                break
            conjuncts.append((start, end))
            if i >= 1 and doc[i].text == ",":
                i -= 1
                continue
            break
        if not conjuncts:
            return []
        head = doc[last.end - 1].text
        first_start, first_end = conjuncts[-1]
        prefix_end = self._shared_prefix(doc, first_start, first_end)
        prefix = doc[first_start:prefix_end].text + " " if prefix_end > first_start else ""
        out = []
        for start, end in conjuncts:
            core_start = prefix_end if start == first_start else start
            core = doc[core_start:end].text
            if doc[end - 1].text.endswith("-"):  # "δ- and κ-opioid receptors"
                rest = doc[last.start + 1 : last.end].text
                form = doc[start:end].text.rstrip("-") + "-" + rest.lstrip("- ")
            else:
                form = prefix + core + " " + head
            span = self._make(doc, start, end, form.replace("- ", "-"), "receptor-coordination")
            if span is not None:
                out.append(span)
        if prefix and not fold(last.text).startswith(fold(prefix)):
            span = self._make(
                doc, last.start, last.end, prefix + last.text, "receptor-coordination"
            )
            if span is not None:
                out.append(span)
        return out if len(out) >= len(conjuncts) else []

    # -- agonist wording ----------------------------------------------------------------------
    def _agonists(self, doc: Doc, by_token: dict[int, Span]) -> list[Span]:
        out = []
        words = self.words.agonist_words
        for index in positions(tokens_of(doc).lower, words):
            token = doc[index]
            # "a kappa agonist", "5-HT2A antagonists"
            i = token.i - 1
            while i >= 0 and token.i - i <= 3 and self._target_token(doc, i, by_token):
                i -= 1
            start = i + 1
            if start < token.i and doc[start].text != "-" and token.i not in by_token:
                form = doc[start : token.i].text + " receptor"
                span = self._make(doc, start, token.i + 1, form, "named-agonist")
                if span is not None:
                    out.append(span)
                continue
            # "an agonist of X", "antagonist at the X"
            j = token.i + 1
            if j < len(doc) and doc[j].lower_ in ("of", "at"):
                j += 1
                if j < len(doc) and doc[j].lower_ == "the":
                    j += 1
                end = j
                while end < len(doc) and end - j < 3 and self._target_token(doc, end, by_token):
                    end += 1
                before_head = end < len(doc) and doc[end].lower_ in self.words.receptor_heads
                named = any(
                    by_token.get(k) is not None and by_token[k].label_ == "Receptor"
                    for k in range(j, end)
                )
                if end > j and not before_head and not named:
                    span = self._make(doc, j, end, doc[j:end].text + " receptor", "agonist-of")
                    if span is not None:
                        out.append(span)
        return out

    # -- "psychiatric, cardiovascular and respiratory problems" -------------------------------
    def _shared_heads(self, doc: Doc, by_token: dict[int, Span]) -> list[Span]:
        """Coordinated modifiers sharing one head noun name one condition or risk each, when the
        lexicon knows the name ('liver and kidney damage' -> liver damage, kidney damage)."""
        out = []
        heads = self.words.shared_heads
        for index in positions(tokens_of(doc).lower, heads):
            if index < 3:
                continue
            token = doc[index]
            last = token.i - 1
            whole = by_token.get(last)  # "respiratory problems" found as one name already
            named = whole is not None and whole.start == last and whole.end == token.i + 1
            if not (named or self._modifier(doc[last], by_token)):
                continue
            conjuncts = [last]
            i = last - 1
            if i >= 1 and doc[i].lower_ in CONJUNCTIONS:
                i -= 2 if doc[i - 1].text == "," else 1
                while (
                    i >= 0 and len(conjuncts) < MAX_CONJUNCTS and self._modifier(doc[i], by_token)
                ):
                    conjuncts.append(i)
                    if i >= 2 and doc[i - 1].text == ",":
                        i -= 2
                        continue
                    break
            if len(conjuncts) < 2:
                continue
            for i in conjuncts:
                entity = self.discoverer.known_entity(doc[i].text + " " + token.text)
                if entity is None or entity.type not in ("Condition", "Risk"):
                    continue
                end = token.i + 1 if i == last else i + 1
                out.append(Span(doc, i, end, label=entity.type, kb_id=entity.id))
        return out

    def _modifier(self, token, by_token: dict[int, Span]) -> bool:
        """A one-word modifier: free, or a condition/risk found alone ('gastrointestinal')."""
        span = by_token.get(token.i)
        free = span is None or (span.label_ in ("Condition", "Risk") and len(span) == 1)
        return token.is_alpha and not token.is_stop and free

    # -- "the action of X on its receptors" ---------------------------------------------------
    def _own_receptors(self, doc: Doc, by_token: dict[int, Span]) -> list[Span]:
        out = []
        lower = tokens_of(doc).lower
        for index in positions(lower, self.words.receptor_heads):
            if index < 3:
                continue
            if lower[index - 1] not in ("its", "their"):
                continue
            if lower[index - 2] not in ("on", "at", "to"):
                continue
            token = doc[index]
            signal = by_token.get(token.i - 3)
            if signal is None or signal.label_ != "Neurotransmitter" or token.i in by_token:
                continue
            form = signal.text + " receptor"
            span = self._make(doc, token.i - 1, token.i + 1, form, "own-receptors")
            if span is not None:
                out.append(span)
        return out
