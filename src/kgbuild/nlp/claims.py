"""Stage 5: claims (temporary co-occurrence version, replaced by the rule-based finder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kgbuild.lexicon.model import Lexicon
from kgbuild.records import Mention

PAIRS = {("Substance", "Compound"): "contains", ("Substance", "Alkaloid"): "contains"}


class ClaimFinder:
    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, doc: Doc, path: str) -> list[Mention]:
        out = []
        for sent in doc.sents:
            ents = [e for e in doc.ents if sent.start <= e.start < sent.end]
            subs = [e for e in ents if e.label_ in ("Substance", "Compound", "Alkaloid")]
            for s in subs:
                for o in ents:
                    rel = PAIRS.get((s.label_, o.label_)) or {
                        "Receptor": "actsOn", "Neurotransmitter": "modulates",
                        "Condition": "claimedFor", "Risk": "hasRisk"}.get(o.label_)
                    if rel:
                        out.append(Mention(s.kb_id_, rel, o.kb_id_, path, sent.text,
                                           sent.start_char, sent.end_char,
                                           subject_text=s.text, object_text=o.text))
        return out
