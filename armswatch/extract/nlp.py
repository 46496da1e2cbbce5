"""Sentences, tokens and named entities from spaCy, as mentions with body offsets."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import ExtractionError
from ..kb.gazetteer import EXTRACTOR as KB_EXTRACTOR
from ..kb.places import PLACES_EXTRACTOR
from ..models import Annotations, Mention
from .chunks import cut, join_chunks, share_of, size, windows
from .claims import read_claims
from .deployments import extract_deployments
from .treaty_actions import extract_allegations, extract_treaty_actions
from .events import code_events, date_and_place_events
from .gate import remember_found, take_scan
from .quantities import extract_counts
from .spacy_loader import load_pipeline  # re-exported: `nlp.load_pipeline` is public

logger = logging.getLogger(__name__)

_Item = tuple[str, tuple[str | None, str | None]]  # a body, (its publication date, its title)
MAX_GROUP_CHARS = 30_000  # characters (spaces aside) the model takes in one call
CHUNK_MARGIN = 500  # characters of context the model reads on each side of a chunk
T = TypeVar("T")


class NlpExtractor:
    """Run a spaCy pipeline over bodies. The model loads on first use, not at import.

    `model` is an installed pipeline package name, or "blank:<lang>" for a tokeniser
    with a rule-based sentenciser only.
    """

    max_chars = MAX_GROUP_CHARS  # characters (spaces aside) of one call of the model

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

    def pipe(
        self, bodies: Iterable[str | tuple[str, str | None] | tuple[str, str | None, str | None]], *, batch_size: int = 16
    ) -> Iterator[Annotations]:
        """Annotate each body in order; an item may be (body, publication date) so that
        relative dates in it resolve, or (body, publication date, title) so that a statement's
        title can say who issued it. A body longer than `max_chars` is parsed in chunks
        (chunks.py) and annotated as one."""
        extractor = self.name
        items = ((b, (None, None)) if isinstance(b, str) else (b[0], (b[1], b[2] if len(b) > 2 else None)) for b in bodies)
        try:
            for batch in _batches(items, batch_size, self.max_chars):
                if isinstance(batch, _Chunked):
                    doc = self._parse_in_chunks(batch, batch_size)
                    published, title = batch.item[1]
                    yield annotations_from_doc(doc, extractor, published=published, title=title)
                    continue
                for doc, (published, title) in self.nlp.pipe(batch, batch_size=len(batch), as_tuples=True):
                    yield annotations_from_doc(doc, extractor, published=published, title=title)
        except (ValueError, RuntimeError) as exc:
            raise ExtractionError(f"spaCy failed: {exc}") from exc

    def _parse_in_chunks(self, chunked: _Chunked, batch_size: int) -> Any:
        """One Doc of a long body, parsed chunk by chunk. The knowledge-base scan is the
        whole body's (the gate's, or made here), each chunk's KB component takes its share;
        places are found on the joined Doc, as they would be on the whole body's."""
        from .kb_component import COMPONENT, PLACES_COMPONENT  # registers spaCy factories: not at import

        nlp = self.nlp
        body = chunked.item[0]
        kb = nlp.get_pipe(COMPONENT) if COMPONENT in nlp.pipe_names else None
        found: tuple[Any, ...] = ()
        if kb is not None:
            scanned = take_scan(body, kb.gazetteer)
            found = scanned if scanned is not None else tuple(kb.gazetteer.find(body))
        pieces = []
        for (start, end), (at, until) in zip(chunked.spans, windows(body, chunked.spans, CHUNK_MARGIN)):
            window = nlp.make_doc(body[at:until])
            for offset in (start - at, end - at):  # the chunk's edges are sentence starts
                token = window.char_span(offset, offset + 1, alignment_mode="expand") if offset < len(window.text) else None
                if token is not None and token.start_char == offset:
                    window[token.start].is_sent_start = True
            if kb is not None:
                remember_found(window.text, kb.gazetteer, share_of(found, at, until, -at))
            pieces.append((window, (at, (start, end))))
        parts: list[tuple[Any, int, tuple[int, int]]] = []
        disabled = [PLACES_COMPONENT] if PLACES_COMPONENT in nlp.pipe_names else []
        with nlp.select_pipes(disable=disabled):
            for group in _runs(pieces, batch_size, self.max_chars):
                parts.extend((doc, at, span) for doc, (at, span) in nlp.pipe(group, batch_size=len(group), as_tuples=True))
        doc = join_chunks(parts)
        if disabled:
            doc = nlp.get_pipe(PLACES_COMPONENT)(doc)
        return doc


def _packed(items: Iterable[T], chars_of: Callable[[T], int], batch_size: int, max_chars: int) -> Iterator[list[T]]:
    """`items` in runs of at most `batch_size` and `max_chars` (as `chars_of` counts them)."""
    run: list[T] = []
    total = 0
    for item in items:
        chars = chars_of(item)
        if run and (len(run) >= batch_size or total + chars > max_chars):
            yield run
            run, total = [], 0
        run.append(item)
        total += chars
    if run:
        yield run


def _runs(pieces: list[tuple[Any, Any]], batch_size: int, max_chars: int) -> Iterator[list[tuple[Any, Any]]]:
    """Chunks' Docs in runs of at most `batch_size` and `max_chars` (spaces aside)."""
    return _packed(pieces, lambda piece: size(piece[0].text), batch_size, max_chars)


@dataclass(frozen=True)
class _Chunked:
    """A body too long for one call of the model, and the spans it is parsed in."""

    item: _Item
    spans: list[tuple[int, int]]


def _batches(items: Iterator[_Item], batch_size: int, max_chars: int = MAX_GROUP_CHARS) -> Iterator[list[_Item] | _Chunked]:
    """`items` in runs of at most `batch_size`, and at most `max_chars` characters that
    are not spaces; a body longer than that comes alone, as a `_Chunked` with the spans
    to parse it in. The model's arrays for one call grow with the tokens of all its
    bodies: a batch of long articles held hundreds of MB at once. The gate blanks what
    it does not parse: those spaces cost nothing."""
    def marked(item: _Item) -> _Item | _Chunked:
        text = item[0]
        if size(text) > max_chars:
            spans = cut(text, max(1, max_chars - 2 * CHUNK_MARGIN))  # a chunk and its context fit
            if len(spans) > 1:
                return _Chunked(item, spans)
        return item

    for chunked, members in groupby(map(marked, items), key=lambda m: isinstance(m, _Chunked)):
        if chunked:
            yield from members
        else:
            yield from _packed(members, lambda item: size(item[0]), batch_size, max_chars)


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
    claims, stored = read_claims(doc, title=title, published=published)  # stored: those the claim scorer keeps
    return Annotations(
        mentions=tuple(mentions), tokens=tokens, extractor=extractor, claims=tuple(stored),
        deployments=tuple(extract_deployments(doc, claims, published=published)),
        treaty_actions=tuple(extract_treaty_actions(doc, claims, published=published)),
        allegations=tuple(extract_allegations(doc, claims)),
        counts=tuple(extract_counts(doc)),
        events=tuple(date_and_place_events(doc, code_events(doc), published=published)),
    )
