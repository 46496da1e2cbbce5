"""Extract: annotate article bodies. Extractors return results; only the store persists them."""

from __future__ import annotations

from .nlp import NlpExtractor

__all__ = ["NlpExtractor"]
