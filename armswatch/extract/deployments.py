"""Deployments from a parsed article body.

A deployment is a state's forces holding a system at a place, with a status
(shared/eval/SCHEMA.md): `planned` (would/will/plans to), `temporary` (for a
drill or an exercise), `withdrawn` (pulled out, returned to base), else
`in_place`. Only sentences that name a weapon system (or refer back to one: "the
batteries") can yield one, so general news yields none. The claim that carries the
sentence gives who says so.

For each system mention, `deploy_frames` finds the frame that holds it: a verb
("deployed", "fired", "will host", "provide Ukraine with"), or a noun ("the stationing
of"). The holder is the frame's subject, a state on the system's phrase ("American
Jupiter missiles"), the receiver of a transfer, or the state in context; places come
from the document-level geoparser (`deploy_places`). Cue words are in deploy_cues.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase, load_kb
from ._spacy import doc_text
from ._context import _actor_state_at, _claim_for, _date, _state_at, _states_before
from .claims import Claim
from .deploy_candidates import Mention, readings
from .deploy_cues import cues
from .deploy_holders import agentless, agentless_holder
from .deploy_frames import Frame, find_frame, sentence_receiver, is_forces, nominal_state, np_head, subject_state, system_state
from .deploy_status import status
from .deploy_places import DocPlaces, Where, frame_places
from .deploy_scorer import Candidate, load_scorer, select

__all__ = ["EXTRACTOR", "Deployment", "deployment_candidates", "extract_deployments", "_claim_for", "_date", "_state_at"]

EXTRACTOR = "deployments.rules.v2"
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_DEFINITE = frozenset("the these those its their such both".split())
_ANAPHOR_SENTENCES = 3  # "the batteries" refers to a system named this many sentences back at most
_RECEIVER_SENTENCES = 4  # a transfer with no receiver goes to one named this many sentences back at most
_RECEIVER_AHEAD = 2  # or, when none is named before, to one named this many sentences on
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Deployment:
    by: str  # ISO alpha-2
    system: str  # KB id
    where: str  # the place's name, or the state's code when only a country is given
    place_id: str | None  # gn:<geonameid>, a KB site id, or an ISO code
    lat: float | None
    lon: float | None
    status: str
    count: int | None
    unit: str | None
    date: str | None
    date_precision: str | None
    attributed_to: str | None
    cited: tuple[str, ...]
    reported: bool
    start: int  # evidence: the sentence
    end: int
    extractor: str = EXTRACTOR


@dataclass(frozen=True)
class _Named:
    """A system the sentence names, or refers back to ("the batteries")."""

    id: str
    token: Any  # the root token of its name (or the anaphor)
    span: tuple[int, int] | None = None  # where the KB name is; None for an anaphor


def extract_deployments(
    doc: Any, claims: list[Claim], *, published: str | None = None, kb: KnowledgeBase | None = None,
    method: str | None = None,
) -> list[Deployment]:
    """Every deployment the body states, one per (system, place) of a sentence.

    `method` is "rules" (the frames' own readings) or "scorer" (every reading a sentence
    supports, kept when the trained scorer says so); by default, what deploy_scorer.json
    says (`enabled`)."""
    kb = kb or load_kb()
    if method is None:
        method = "scorer" if load_scorer().enabled else "rules"
    if method == "rules":
        return _run(doc, claims, published, kb, liberal=False)[0]
    scorer = load_scorer()
    _, candidates, _ = _run(doc, claims, published, kb, liberal=True)
    chosen = select(candidates, scorer.score(candidates), scorer.threshold)
    return _one_per_key([c.record for c in chosen])


def deployment_candidates(
    doc: Any, claims: list[Claim], *, published: str | None = None, kb: KnowledgeBase | None = None,
) -> list[Candidate]:
    """Every (holder, system, place) reading the sentences support, with its evidence
    (`deploy_candidates`); the readings the rules make are marked `rule`."""
    return _run(doc, claims, published, kb or load_kb(), liberal=True)[1]


def _run(doc: Any, claims: list[Claim], published: str | None, kb: KnowledgeBase, *, liberal: bool,
         ) -> tuple[list[Deployment], list[Candidate], DocPlaces]:
    c = cues()
    found = [f for f in doc._.kb_found if f.kind == "system"]
    places = DocPlaces(doc, kb)
    out: list[Deployment] = []
    candidates: dict[tuple[tuple[int, int], str, str], Candidate] = {}
    made: dict[tuple[tuple[int, int], str, str], Deployment] = {}  # the rules' records, by reading
    recent: list[tuple[int, str, str]] = []  # (sentence number, system id, head noun) of the systems named
    last_place: Where | None = None
    breaks = [m.start() for m in _BLANK_LINE.finditer(doc_text(doc))]  # paragraph n starts after the n-th blank line
    sentences = list(doc.sents)
    receivers = [(number, bisect_left(breaks, sent.start_char), here) for number, sent in enumerate(sentences)
                 if (here := sentence_receiver(doc, sent, kb))]  # (sentence number, paragraph, receiving state)
    for number, sent in enumerate(sentences):
        paragraph = bisect_left(breaks, sent.start_char)
        receiver = _nearby_receiver(receivers, number, paragraph)
        named = _named_in(doc, sent, found)
        if not named:
            named = _anaphors(sent, recent, number)
        recent.extend((number, n.id, np_head(n.token, lists=False).lemma_.lower()) for n in named)
        claim = _claim_for(claims, sent)
        date = _date(sent, published) if named else None
        reported = bool(named) and bool(c.reported.search(sent.text))
        seen: set[tuple[str, str]] = set()
        for item in named:
            frame = find_frame(doc, item.token, kb, receiver)
            state_of_frame = status(frame, sent.text) if frame is not None else None
            by: str | None = None
            wheres: list[Where] = []
            if frame is not None and state_of_frame is not None:
                by = _holder(doc, sent, frame, item, claim, out, kb, places)
                if by is None and frame.np.dep_ in ("nsubj", "nsubjpass") and frame.np.head.i == frame.trigger.i:
                    # "the first S-400 battery is now operational in Turkey": the host country's own
                    hosts = [w for w in frame_places(doc, places, [frame.trigger], c.locative, None) if w.place_id in kb.actors]
                    by = hosts[0].place_id if len(hosts) == 1 else None
            if by is not None and frame is not None and state_of_frame is not None:
                wheres = _wheres(doc, sent, frame, item, places, by, state_of_frame, claim, last_place, kb)
                by = _beneficiary(doc, frame, wheres, kb) or by
                count, unit = _unit_count(sent, len(wheres))
                for where in wheres:
                    if (item.id, where.name) in seen:
                        continue
                    seen.add((item.id, where.name))
                    if where.place_id not in kb.actors:
                        last_place = where
                    out.append(_record(by, item.id, where, state_of_frame, count, unit, date, claim, reported, sent))
                    made[((number, item.token.i), by, where.place_id)] = out[-1]
            if liberal and frame is not None and state_of_frame is not None:  # a bare or negated cue states no holding
                mention = Mention(item.token, item.span[0] if item.span else item.token.idx, item.span is None, frame,
                                  state_of_frame, len(named))
                for holder, where, evidence in readings(
                    doc, sent, mention, by, wheres, places, claim, kb, undated=published is None, reported=reported,
                    system_id=item.id,
                ):
                    key = ((number, item.token.i), holder, where.place_id)
                    if key not in candidates:
                        record = made.get(key) or _record(holder, item.id, where, state_of_frame or "in_place", None,
                                                          None, date, claim, reported, sent)
                        candidates[key] = Candidate(record, key[0], evidence)
    return _one_per_key(out), list(candidates.values()), places


def _nearby_receiver(receivers: list[tuple[int, int, str]], number: int, paragraph: int) -> str | None:
    """The receiving state of the latest transfer or aid sentence up to this one, in this
    paragraph or the one before, a few sentences back at most; else of the next one in the
    paragraph or the next, a sentence or two on ("The package includes X. We will keep surging aid
    to Ukraine")."""
    before = [r for r in receivers if r[0] <= number]
    if before:
        at, where, state = before[-1]
        if number - at <= _RECEIVER_SENTENCES and paragraph - where <= 1:
            return state
    after = next((r for r in receivers if r[0] > number), None)
    if after is not None and after[0] - number <= _RECEIVER_AHEAD and after[1] - paragraph <= 1:
        return after[2]
    return None


def _record(by: str, system: str, where: Where, state: str, count: int | None, unit: str | None, date: Any,
            claim: Claim | None, reported: bool, sent: Any) -> Deployment:
    return Deployment(
        by=by, system=system, where=where.name, place_id=where.place_id, lat=where.lat, lon=where.lon,
        status=state, count=count, unit=unit, date=date.value if date else None,
        date_precision=date.precision if date else None,
        attributed_to=claim.speaker if claim else ("reports" if reported else None),
        cited=claim.cited if claim else (), reported=reported,
        start=sent.start_char, end=sent.end_char,
    )


def _named_in(doc: Any, sent: Any, found: list[Any]) -> list[_Named]:
    out = []
    for f in found:
        if sent.start_char <= f.start < sent.end_char:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            if span is not None:
                out.append(_Named(f.id, span.root, (f.start, f.end)))
    return out


def _anaphors(sent: Any, recent: list[tuple[int, str, str]], number: int) -> list[_Named]:
    """ "the batteries", "the launchers", "a further battalion": a system named a few
    sentences back at most, the last one named with the same noun ("Iskander missiles ...
    the missiles"), else the only one named there."""
    window = [(system, noun) for n, system, noun in recent if number - n <= _ANAPHOR_SENTENCES]
    if not window:
        return []
    c = cues()
    out = []
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in c.anaphors:
            continue
        determiners = [ch.lower_ for ch in token.children if ch.dep_ in ("det", "poss", "nummod", "amod")]
        if not (any(d in _DEFINITE for d in determiners) or (lemma in c.units and determiners)):
            continue
        same_noun = [system for system, noun in window if noun == lemma]
        if same_noun:
            out.append(_Named(same_noun[-1], token))
        elif len({system for system, _ in window}) == 1:
            out.append(_Named(window[-1][0], token))
    return out


def _holder(doc: Any, sent: Any, frame: Frame, item: _Named, claim: Claim | None, out: list[Deployment], kb: KnowledgeBase,
            places: DocPlaces) -> str | None:
    """Whose forces hold the system."""
    if frame.kind in ("transfer",):
        return frame.recipient
    own = system_state(doc, frame.np, item.token, kb)
    subject = None
    if frame.nominal:
        by = own or nominal_state(doc, frame.trigger, kb)
    elif frame.kind == "host":
        by = own
    else:
        by, subject = subject_state(doc, frame.trigger, claim, kb)
        if by is None and subject is not None and subject.pos_ == "PROPN" and subject.i != item.token.i \
                and not is_forces(subject):
            return None  # a named group that is not a state ("the militia fired ..."): no state holds it
        by = by or own
    if by is None and is_forces(subject):
        by = _context_state(doc, sent, kb)  # "the Navy sent ...": the state the story is about
    if by is None and frame.nominal and claim is not None:
        by = kb.state_of(claim.speaker) if claim.speaker in kb.actors else None
    if by is None and agentless(frame):  # "batteries were deployed near its border"
        by = agentless_holder(doc, sent, frame, item.id, item.span, claim, places, kb)
    return by or _earlier_holder(out, item.id, kb) or _operator(item.id, kb) or _developer_named(doc, item.id, kb)


def _beneficiary(doc: Any, frame: Frame, wheres: list[Where], kb: KnowledgeBase) -> str | None:
    """ "were airlifted into Angola for the rebels": moved in for someone else, the arms are
    theirs (their state if they are one, else the country they went to)."""
    if frame.kind != "deploy" or frame.nominal:
        return None
    for child in frame.trigger.children:
        if child.dep_ in ("prep", "dative") and child.lower_ == "for":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN":
                    state = _state_at(doc, pobj, kb)
                    if state:
                        return state
                    countries = [w.place_id for w in wheres if w.place_id in kb.actors]
                    return countries[0] if countries else None
    return None


def _context_state(doc: Any, sent: Any, kb: KnowledgeBase) -> str | None:
    """The state the article names most up to this sentence (the latest on a tie)."""
    states = _states_before(doc, sent.end_char, kb)
    if not states:
        return None
    counts = Counter(states)
    top = max(counts.values())
    return next(s for s in reversed(states) if counts[s] == top)


def _wheres(
    doc: Any, sent: Any, frame: Frame, item: _Named, places: DocPlaces, by: str, state: str,
    claim: Claim | None, last_place: Where | None, kb: KnowledgeBase,
) -> list[Where]:
    c = cues()
    if frame.kind == "fire":
        preps = frozenset({"from"})  # where it was launched from; "at" and "on" give targets
    elif frame.kind == "transfer":
        preps = frozenset({"to", "in", "at", "into"})
    else:
        preps = c.locative | ({"from"} if state == "withdrawn" else set())
    anchors = [frame.trigger, frame.np]
    if frame.nominal and frame.trigger.dep_ in ("dobj", "nsubj", "nsubjpass"):
        anchors.append(frame.trigger.head)  # "required the removal of X from Y"
    wheres = frame_places(doc, places, anchors, preps, by, system=item.span)
    if frame.kind == "host" and not wheres:
        wheres = _host_place(doc, frame, places, kb)
    if frame.kind == "transfer" and frame.recipient:
        wheres = [w for w in wheres if w.place_id not in kb.actors or w.place_id == frame.recipient]
    if not wheres and last_place and c.place_anaphora.search(sent.text):
        wheres = [last_place]
    if not wheres and claim and claim.speaker in kb.actors and _own_territory(sent.text):
        speaker = kb.state_of(claim.speaker) or claim.speaker
        wheres = [Where(speaker, speaker, None, None)]  # "on its territory", said by Minsk
    return wheres or [Where(by, by, None, None)]


def _host_place(doc: Any, frame: Frame, places: DocPlaces, kb: KnowledgeBase) -> list[Where]:
    """ "Poland will host the batteries": the host is the place."""
    for child in frame.trigger.children:
        if child.dep_ == "nsubj":
            state = _actor_state_at(doc, child.idx, kb) or _state_at(doc, child, kb)
            span = (child.idx, child.idx + len(child.text))
            hits = [w for w in (places.where(s) for s in places.within(*span)) if w]
            if hits:
                return hits[:1]
            if state:
                return [Where(state, state, None, None)]
    return []


def _own_territory(text: str) -> bool:
    lowered = text.lower()
    return any(f"{p} {o}{w}" in lowered for p in ("its", "their", "our") for o in ("", "own ") for w in ("territory", "soil"))


def _one_per_key(deployments: list[Deployment]) -> list[Deployment]:
    """The same (state, system, place, status) said twice in an article is one record (the first)."""
    seen: set[tuple[str, str, str | None, str]] = set()
    out = []
    for d in deployments:
        key = (d.by, d.system, d.place_id, d.status)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _earlier_holder(out: list[Deployment], system_id: str, kb: KnowledgeBase) -> str | None:
    """The holder of this system (or its parent or variants) earlier in the article."""
    family = {system_id}
    entry = kb.systems.get(system_id)
    if entry and entry.variant_of:
        family.add(entry.variant_of)
    for d in reversed(out):
        related = kb.systems.get(d.system)
        if d.system in family or (related and related.variant_of in family):
            return d.by
    return None


def _developer_named(doc: Any, system_id: str, kb: KnowledgeBase) -> str | None:
    """The developing state (the id's prefix), when the article names that state at all."""
    state = system_id.split(".", 1)[0].upper()
    named = {f.id for f in doc._.kb_found if f.kind == "actor"}
    return state if state in kb.actors and state in named else None


def _operator(system_id: str, kb: KnowledgeBase) -> str | None:
    entry = kb.systems.get(system_id)
    return entry.operators[0] if entry and len(entry.operators) == 1 else None


def _unit_count(sent: Any, places: int) -> tuple[int | None, str | None]:
    """Formations per place: "two batteries" at one place; "battalions in A and in B" or
    "a battalion at A and one in B" is one per place."""
    units = cues().units
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma not in units:
            continue
        numbers = [c for c in token.children if c.dep_ == "nummod" and _number(c.text) is not None]  # not "9M729"
        if numbers and places == 1:
            value = _number(numbers[0].text)
            if value:
                return value, lemma
        if places > 1 and not numbers and (token.tag_ == "NNS" or any(c.lower_ in ("a", "an", "one") for c in token.children)):
            return 1, lemma
        if places == 1 and any(c.lower_ in ("a", "an", "one") for c in token.children):
            return 1, lemma
    return None, None


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)
