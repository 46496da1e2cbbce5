"""Every (holder, place) reading a sentence supports for one system mention, with the
evidence the scorer weighs (`deploy_scorer.Evidence`).

Holders: the one the rules pick, the receiver of a transfer, the state on the system's
phrase ("Russian S-400s"), the subject's state, every other state the sentence names.
Places: the ones the rules pick, every toponym of the sentence, and each holder's own
country (no finer place given). The driver (`deployments.py`) turns readings into records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase
from ..kb.demonyms import state_of_demonym
from ._spacy import doc_text
from .claims import Claim
from .deploy_cues import cues
from .deploy_frames import Frame, np_head, subject_state, system_state
from .deploy_places import DocPlaces, Where
from .deploy_scorer import Evidence

@dataclass
class _Holder:
    state: str
    token: int | None = None  # token index of the name in the sentence
    rule: bool = False
    subject: bool = False
    on_system: bool = False
    recipient: bool = False


@dataclass
class _Place:
    where: Where
    token: int | None = None
    rule: bool = False
    prep: str | None = None
    governed: bool = False
    before: bool = False
    other_system: bool = False


@dataclass(frozen=True)
class Mention:
    """The system mention being read and what the sentence around it holds."""

    token: Any  # the root token of the name, or the anaphor
    start: int  # character offset of the name
    anaphor: bool
    frame: Frame | None
    status: str | None  # the frame's status, None when denied/negated or no frame
    systems_in_sentence: int


def readings(
    doc: Any, sent: Any, mention: Mention, rule_by: str | None, rule_wheres: list[Where], places: DocPlaces,
    claim: Claim | None, kb: KnowledgeBase, *, undated: bool, reported: bool, system_id: str,
) -> list[tuple[str, Where, Evidence]]:
    """(holder, place, evidence) for every holder and place the sentence offers."""
    frame = mention.frame
    holders = _holders(doc, sent, mention, rule_by, claim, kb)
    if not holders:
        return []
    found = _places(doc, sent, mention, rule_wheres, places, kb)
    entry = kb.systems.get(system_id)
    operators = set(entry.operators) if entry else set()
    quoted = _in_quote(sent, mention.start)
    out = []
    for holder in holders.values():
        options = dict(found)
        if holder.state not in options:
            options[holder.state] = _Place(Where(holder.state, holder.state, None, None))
        for place_id, place in options.items():
            evidence = Evidence(
                cue=frame.kind if frame else "none",
                nominal=bool(frame and frame.nominal),
                status=mention.status,
                negated=frame is not None and mention.status is None,
                anaphor=mention.anaphor,
                systems_in_sentence=mention.systems_in_sentence,
                in_quote=quoted,
                undated=undated,
                reported=reported,
                rule=holder.rule and place.rule,
                holder_rule=holder.rule,
                holder_subject=holder.subject,
                holder_on_system=holder.on_system,
                holder_recipient=holder.recipient,
                holder_operator=holder.state in operators,
                holder_in_sentence=holder.token is not None,
                holder_distance=None if holder.token is None else holder.token - mention.token.i,
                place_rule=place.rule,
                place_kind=_kind(place.where, kb),
                place_fallback=place.token is None and not place.rule,
                place_prep=place.prep,
                place_governed=place.governed,
                place_distance=None if place.token is None else place.token - mention.token.i,
                place_is_holder=place_id == holder.state,
                place_before_system=place.before,
                place_other_system=place.other_system,
            )
            out.append((holder.state, place.where, evidence))
    return out


def _holders(doc: Any, sent: Any, mention: Mention, rule_by: str | None, claim: Claim | None,
             kb: KnowledgeBase) -> dict[str, _Holder]:
    out: dict[str, _Holder] = {}

    def add(state: str | None, token: int | None = None, **flags: bool) -> None:
        if not state or state not in kb.actors:
            return
        holder = out.setdefault(state, _Holder(state))
        if holder.token is None:
            holder.token = token
        for name, value in flags.items():
            if value:
                setattr(holder, name, True)

    for found in doc._.kb_found:
        if found.kind == "actor" and sent.start_char <= found.start < sent.end_char:
            span = doc.char_span(found.start, found.end, alignment_mode="expand")
            add(kb.state_of(found.id), token=span.root.i if span is not None else None)
    for token in sent:
        if token.text[:1].isupper() and token.pos_ in ("ADJ", "PROPN", "NOUN"):
            add(state_of_demonym(token.text), token=token.i)
    frame = mention.frame
    np = frame.np if frame else np_head(mention.token)
    add(system_state(doc, np, mention.token, kb), on_system=True)
    if frame is not None:
        if frame.recipient:
            add(frame.recipient, recipient=True)
        if not frame.nominal:
            state, subject = subject_state(doc, frame.trigger, claim, kb)
            add(state, subject=True, token=subject.i if subject is not None else None)
    add(rule_by, rule=True)
    return out


def _places(doc: Any, sent: Any, mention: Mention, rule_wheres: list[Where], places: DocPlaces,
            kb: KnowledgeBase) -> dict[str, _Place]:
    """The places on the sentence's locative or "from" prepositions (a place that is a
    subject or an object is no place of a holding), and the rules' places. Toponyms are
    looked up only inside those prepositional phrases, so that a sentence without one
    costs no geoparsing."""
    out: dict[str, _Place] = {}
    frame = mention.frame
    anchors = _path(mention.token, frame.trigger if frame else None) | {np_head(mention.token).i}
    locative = cues().locative
    systems: list[int] | None = None
    for prep in sent:
        if prep.dep_ not in ("prep", "dative", "agent") or not (prep.lower_ == "from" or prep.lower_ in locative):
            continue
        for pobj in prep.children:
            if pobj.dep_ not in ("pobj", "pcomp"):
                continue
            subtree = list(pobj.subtree)
            start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
            for span in places.within(start, end):
                where = places.where(span)
                if where is None or where.place_id in out:
                    continue
                chars = doc.char_span(span[0], span[1], alignment_mode="expand")
                if systems is None:
                    systems = [f.start for f in doc._.kb_found
                               if f.kind == "system" and sent.start_char <= f.start < sent.end_char]
                low, high = sorted((span[0], mention.start))
                out[where.place_id] = _Place(
                    where, chars.root.i if chars is not None else pobj.i,
                    prep="from" if prep.lower_ == "from" else "locative", governed=prep.head.i in anchors,
                    before=span[0] < mention.start, other_system=any(low < s < high for s in systems),
                )
    for where in rule_wheres:
        place = out.setdefault(where.place_id, _Place(where))
        place.rule = True
    return out


def _path(token: Any, trigger: Any) -> set[int]:
    """The tokens from the system's name up to its cue ("Fateh-110 missiles ... launched"):
    a preposition on any of them belongs to the system's reading."""
    out = {token.i}
    for _ in range(8):
        if trigger is None or token.i == trigger.i or token.head.i == token.i:
            break
        token = token.head
        out.add(token.i)
    if trigger is not None:
        out.add(trigger.i)
    return out


def _kind(where: Where, kb: KnowledgeBase) -> str:
    if where.place_id in kb.actors:
        return "country"
    if where.place_id in kb.sites:
        return "site"
    if where.place_id.startswith("gn:"):
        return "town"
    return "region"


def _in_quote(sent: Any, offset: int) -> bool:
    before = doc_text(sent.doc)[sent.start_char:offset] if offset > sent.start_char else ""
    return before.count("\u201c") > before.count("\u201d") or before.count('"') % 2 == 1
