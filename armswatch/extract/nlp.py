"""Sentences, tokens and named entities from spaCy, as mentions with body offsets."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ExtractionError
from ..kb.gazetteer import EXTRACTOR as KB_EXTRACTOR
from ..kb.places import PLACES_EXTRACTOR
from ..models import Annotations, Mention
from .claims import extract_claims
from .deployments import extract_deployments
from .treaty_actions import extract_allegations, extract_treaty_actions
from .events import code_events, date_and_place_events
from .quantities import extract_counts

logger = logging.getLogger(__name__)


class NlpExtractor:
    """Run a spaCy pipeline over bodies. The model loads on first use, not at import.

    `model` is an installed pipeline package name, or "blank:<lang>" for a tokeniser
    with a rule-based sentenciser only.
    """

    def __init__(self, model: str) -> None:
        self.model = model
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    @property
    def name(self) -> str:
        meta = self.nlp.meta
        return f"spacy.{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"

    def pipe(self, bodies: Iterable[str | tuple[str, str | None]], *, batch_size: int = 16) -> Iterator[Annotations]:
        """Annotate each body in order; an item may be (body, publication date) so that
        relative dates in it resolve."""
        extractor = self.name
        items = ((b, None) if isinstance(b, str) else b for b in bodies)
        try:
            for doc, published in self.nlp.pipe(items, batch_size=batch_size, as_tuples=True):
                yield annotations_from_doc(doc, extractor, published=published)
        except (ValueError, RuntimeError) as exc:
            raise ExtractionError(f"spaCy failed: {exc}") from exc


def load_pipeline(model: str) -> Any:
    """Load a spaCy pipeline from an installed package; never from the network."""
    import spacy
    from thinc.api import NumpyOps, set_current_ops

    # blis is slow on these CPUs; numpy's BLAS was 1.4-2x faster in the feasibility check.
    set_current_ops(NumpyOps())
    from .kb_component import COMPONENT, PLACES_COMPONENT

    if model.startswith("blank:"):
        nlp = spacy.blank(model.split(":", 1)[1])
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(COMPONENT)
        nlp.add_pipe(PLACES_COMPONENT)
        return nlp
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractionError(
            f"spaCy pipeline {model!r} is not installed; run `make run` (it installs the pinned model)"
        ) from exc
    # The knowledge base leads: its names are preset entities that `ner` respects.
    nlp.add_pipe(COMPONENT, before="ner" if "ner" in nlp.pipe_names else None)
    # City names from GeoNames are noisier: they come after `ner`, which tells people apart.
    nlp.add_pipe(PLACES_COMPONENT, after="ner" if "ner" in nlp.pipe_names else COMPONENT)
    return nlp


def annotations_from_doc(doc: Any, extractor: str, *, published: str | None = None) -> Annotations:
    """Turn a spaCy Doc into stored mentions: sentences, entities, and a token layer."""
    mentions: list[Mention] = []
    for sent in doc.sents:
        text = sent.text
        if text.strip():
            mentions.append(Mention("sentence", "SENT", sent.start_char, sent.end_char, text, extractor))
    for ent in doc.ents:
        mentions.append(Mention("entity", ent.label_, ent.start_char, ent.end_char, ent.text, extractor))
    for found in getattr(doc._, "kb_found", ()):
        mentions.append(Mention(found.kind, found.id, found.start, found.end, found.text, KB_EXTRACTOR))
    for found in getattr(doc._, "places_found", ()):
        mentions.append(Mention("place", found.id, found.start, found.end, found.text, PLACES_EXTRACTOR))
    tokens = tuple(
        (token.idx, token.idx + len(token.text), token.pos_ or "", token.lemma_ or "")
        for token in doc
        if not token.is_space
    )
    if not doc.has_annotation("DEP"):
        return Annotations(mentions=tuple(mentions), tokens=tokens, extractor=extractor)
    claims = extract_claims(doc)
    return Annotations(
        mentions=tuple(mentions), tokens=tokens, extractor=extractor, claims=tuple(claims),
        deployments=tuple(extract_deployments(doc, claims, published=published)),
        treaty_actions=tuple(extract_treaty_actions(doc, claims, published=published)),
        allegations=tuple(extract_allegations(doc, claims)),
        counts=tuple(extract_counts(doc)),
        events=tuple(date_and_place_events(doc, code_events(doc), published=published)),
    )
