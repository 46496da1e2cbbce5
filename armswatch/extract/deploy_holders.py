"""Who holds a system when the sentence names no agent.

"Two Patriot batteries were deployed near its border", "the missiles based in X",
"X-based missiles": a passive or a participle with no "by" phrase. The holder is then,
in order:
- the owner of a possessive place in the sentence ("its border", "their territory"): the
  state that speaks (the claim's speaker) or the state of the sentence's main subject;
- the country the given place lies in, when that state operates the system (by the
  knowledge base's operators);
- the state the article names most so far, when it operates the system.
Each only when it gives exactly one state; otherwise the caller's other fallbacks apply
(an earlier holder of the system, its only operator).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..kb import KnowledgeBase
from ._context import _state_at, _states_before
from .claims import Claim
from .deploy_cues import cues
from .deploy_frames import Frame
from .deploy_places import DocPlaces, frame_places

_OWNED_PLACES = frozenset("border borders frontier territory soil coast coastline waters airspace".split())
_POSSESSIVES = frozenset({"its", "their", "our"})


def agentless(frame: Frame) -> bool:
    """A passive or participle with no agent: "were deployed", "missiles based in"."""
    trigger = frame.trigger
    if frame.nominal or frame.kind not in ("deploy", "withdraw"):
        return False
    if any(c.dep_ == "agent" for c in trigger.children):
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    participle = trigger.dep_ in ("acl", "amod", "compound") and trigger.tag_ == "VBN"
    return passive or participle or trigger.lower_ == "based"


def agentless_holder(
    doc: Any, sent: Any, frame: Frame, system_id: str, system_span: tuple[int, int] | None, claim: Claim | None,
    places: DocPlaces, kb: KnowledgeBase,
) -> str | None:
    owner = _possessive_owner(doc, sent, claim, kb)
    if owner:
        return owner
    entry = kb.systems.get(system_id)
    operators = set(entry.operators) if entry else set()
    if not operators:
        return None
    wheres = frame_places(doc, places, [frame.trigger, frame.np], cues().locative, None, system=system_span)
    countries = {w.place_id if w.place_id in kb.actors else w.country for w in wheres} - {None}
    if len(countries) == 1:
        country = next(iter(countries))
        if country in operators:
            return country
    states = _states_before(doc, sent.end_char, kb)
    if states:
        counts = Counter(states)
        top = max(counts.values())
        leaders = {s for s in states if counts[s] == top}
        if len(leaders) == 1 and next(iter(leaders)) in operators:
            return next(iter(leaders))
    return None


def _possessive_owner(doc: Any, sent: Any, claim: Claim | None, kb: KnowledgeBase) -> str | None:
    """ "near its border", "on their territory": the speaking state, else the main subject's."""
    if not any(t.lower_ in _POSSESSIVES and t.dep_ == "poss" and t.head.lemma_.lower() in _OWNED_PLACES for t in sent):
        return None
    if claim is not None and claim.speaker in kb.actors:
        state = kb.state_of(claim.speaker)
        if state:
            return state
    root = sent.root
    for child in root.children:
        if child.dep_ == "nsubj":
            return _state_at(doc, child, kb)
    return None
