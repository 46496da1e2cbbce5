"""Language identification with py3langid (its model ships inside the wheel)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# The first characters are enough to tell a language (a paragraph is plenty for
# py3langid) and keep the cost flat on long pages.
SAMPLE_CHARS = 1500


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) for `text`, or (None, 0.0) when there is nothing to go on."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < 20:
        return None, 0.0
    code, probability = _identifier().classify(sample)
    return str(code), float(probability)


def preload_language_model() -> None:
    """Load py3langid's model now (half a second) rather than on the first body: before a
    process forks workers, so that they share it."""
    _identifier()
