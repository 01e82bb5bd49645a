"""kgbuild: turn a folder of health and wellness articles into an evidence-tagged graph."""

__version__ = "0.1.0"
