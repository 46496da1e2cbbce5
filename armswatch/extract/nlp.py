"""Sentences, tokens and named entities from spaCy, as mentions with body offsets."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
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
from .spacy_loader import load_pipeline  # re-exported: `nlp.load_pipeline` is public

logger = logging.getLogger(__name__)

_Item = tuple[str, tuple[str | None, str | None]]  # a body, (its publication date, its title)

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's default starting threshold


def fix_mmap_threshold(size: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Keep glibc's malloc from holding on to the parser's large arrays; True if set.

    The tok2vec layers of a long body allocate hundreds of MB of arrays for a moment. glibc
    first maps such blocks and unmaps them when freed, but each free raises its threshold
    (up to 32 MB), so later ones come from the heap, which it rarely gives back: over a
    long stream the process keeps every long article's peak (a gated run over 2,000
    statements stayed near 800 MB instead of 500). A fixed threshold turns that off.
    Elsewhere than glibc (macOS, musl) nothing is done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, size))
    except (OSError, AttributeError):
        return False


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
            fix_mmap_threshold()
            self._nlp = load_pipeline(self.model)
        return self._nlp

    @property
    def name(self) -> str:
        meta = self.nlp.meta
        return f"spacy.{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"

    def pipe(
        self, bodies: Iterable[str | tuple[str, str | None] | tuple[str, str | None, str | None]], *, batch_size: int = 16
    ) -> Iterator[Annotations]:
        """Annotate each body in order; an item may be (body, publication date) so that
        relative dates in it resolve, or (body, publication date, title) so that a statement's
        title can say who issued it."""
        extractor = self.name
        items = ((b, (None, None)) if isinstance(b, str) else (b[0], (b[1], b[2] if len(b) > 2 else None)) for b in bodies)
        try:
            for group in _groups(items, batch_size):
                for doc, (published, title) in self.nlp.pipe(group, batch_size=len(group), as_tuples=True):
                    yield annotations_from_doc(doc, extractor, published=published, title=title)
        except (ValueError, RuntimeError) as exc:
            raise ExtractionError(f"spaCy failed: {exc}") from exc


MAX_GROUP_CHARS = 30_000  # characters (spaces aside) the model takes in one call


def _groups(items: Iterable[_Item], batch_size: int, max_chars: int = MAX_GROUP_CHARS) -> Iterator[list[_Item]]:
    """`items` in runs of at most `batch_size`, and at most `max_chars` characters that
    are not spaces (a body longer than that goes alone). The model's arrays for one call
    grow with the tokens of all its bodies: a batch of long articles held hundreds of MB
    at once. The gate blanks what it does not parse: those spaces cost nothing."""
    group: list[_Item] = []
    size = 0
    for item in items:
        chars = len(item[0]) - item[0].count(" ")
        if group and (len(group) >= batch_size or size + chars > max_chars):
            yield group
            group, size = [], 0
        group.append(item)
        size += chars
    if group:
        yield group


def annotations_from_doc(doc: Any, extractor: str, *, published: str | None = None, title: str | None = None) -> Annotations:
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
    claims = extract_claims(doc, title=title, published=published)
    return Annotations(
        mentions=tuple(mentions), tokens=tokens, extractor=extractor, claims=tuple(claims),
        deployments=tuple(extract_deployments(doc, claims, published=published)),
        treaty_actions=tuple(extract_treaty_actions(doc, claims, published=published)),
        allegations=tuple(extract_allegations(doc, claims)),
        counts=tuple(extract_counts(doc)),
        events=tuple(date_and_place_events(doc, code_events(doc), published=published)),
    )
