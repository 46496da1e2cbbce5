"""Load the project's spaCy pipeline: an installed model plus the knowledge-base components.

A leaf of `extract/`: it imports no extractor, so both `nlp.NlpExtractor` and the event
coder's `default_nlp` can load a pipeline without importing each other.
"""

from __future__ import annotations

from typing import Any

from ..errors import ExtractionError


def load_pipeline(model: str) -> Any:
    """Load a spaCy pipeline from an installed package; never from the network."""
    import spacy
    from thinc.api import NumpyOps, set_current_ops

    # blis is slow on these CPUs; numpy's BLAS was 1.4-2x faster in the feasibility check.
    set_current_ops(NumpyOps())
    from .kb_component import COMPONENT, PLACES_COMPONENT
    from .paragraphs import PARAGRAPH_COMPONENT

    if model.startswith("blank:"):
        nlp = spacy.blank(model.split(":", 1)[1])
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(PARAGRAPH_COMPONENT)
        nlp.add_pipe(COMPONENT)
        nlp.add_pipe(PLACES_COMPONENT)
        return nlp
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractionError(
            f"spaCy pipeline {model!r} is not installed; run `make run` (it installs the pinned model)"
        ) from exc
    if "parser" in nlp.pipe_names:  # a blank line between units is a sentence break
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    # The knowledge base leads: its names are preset entities that `ner` respects.
    nlp.add_pipe(COMPONENT, before="ner" if "ner" in nlp.pipe_names else None)
    # City names from GeoNames are noisier: they come after `ner`, which tells people apart.
    nlp.add_pipe(PLACES_COMPONENT, after="ner" if "ner" in nlp.pipe_names else COMPONENT)
    return nlp
