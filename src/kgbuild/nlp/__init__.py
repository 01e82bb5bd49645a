"""spaCy pipeline stages: normaliser, segmenter, entity matcher, discovery, cue matcher.

Everything runs on `spacy.blank("en")`; no trained model is needed.
"""
