"""Helpers the record extractors share: the claim that carries a sentence, the
sentence's date, and the state a token stands for (a KB actor, a metonym, a demonym, or
for an alliance the one state the sentence says operates the system)."""

from __future__ import annotations

from typing import Any

from ..kb import KnowledgeBase
from ..kb.demonyms import state_of_demonym
from ._spacy import first_date
from .claims import Claim


def _claim_for(claims: list[Claim], sent: Any) -> Claim | None:
    """The first claim that overlaps the sentence."""
    inside = [c for c in claims if c.start < sent.end_char and sent.start_char < c.end]
    return inside[0] if inside else None


def _date(sent: Any, published: str | None) -> Any:
    return first_date(sent.doc, sent.start_char, sent.end_char, published)


def _state_at(doc: Any, token: Any, kb: KnowledgeBase) -> str | None:
    """The state a token names: a KB actor over it (a state, a metonym, an office of a
    state), else a national adjective on it or among its modifiers ("Russian forces")."""
    state = _actor_state_at(doc, token.idx, kb)
    if state:
        return state
    for child in [token, *token.children]:
        state = state_of_demonym(child.text)
        if state and child.dep_ in ("amod", "compound", "poss", "nsubj", "nsubjpass"):
            return state
    if _alliance_at(doc, token.idx, kb):
        return _operating_state(token.sent, kb)  # "NATO's batteries, manned by Dutch crews": the Netherlands
    return None


# Verbs whose agent is the state whose forces hold a system an alliance deploys.
_OPERATE = frozenset({"operate", "man", "crew", "staff"})


def _alliance_at(doc: Any, offset: int, kb: KnowledgeBase) -> bool:
    for found in doc._.kb_found:
        if found.kind == "actor" and found.start <= offset < found.end:
            actor = kb.actors.get(found.id)
            return actor is not None and actor.actor_kind == "alliance"
    return False


def _operating_state(sent: Any, kb: KnowledgeBase) -> str | None:
    """The one state a sentence names as operating a system: "operated by German troops",
    "manned by the Netherlands", "Dutch-crewed"."""
    doc = sent.doc
    states: set[str] = set()
    for token in sent:
        if token.lemma_.lower() not in _OPERATE and token.lower_.removesuffix("ed") not in _OPERATE:
            continue
        for child in token.children:
            if child.dep_ == "agent":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    state = _actor_state_at(doc, pobj.idx, kb) or next(
                        (s for s in (state_of_demonym(c.text) for c in [pobj, *pobj.children]) if s), None)
                    if state:
                        states.add(state)
            elif child.dep_ in ("npadvmod", "amod", "compound") and child.i == token.i - 2 \
                    and doc[token.i - 1].text == "-":
                state = state_of_demonym(child.text) or _actor_state_at(doc, child.idx, kb)
                if state:
                    states.add(state)
    return next(iter(states)) if len(states) == 1 else None


def _actor_state_at(doc: Any, offset: int, kb: KnowledgeBase) -> str | None:
    for found in doc._.kb_found:
        if found.kind == "actor" and found.start <= offset < found.end:
            state = kb.state_of(found.id)
            if state:
                return state
    return None


def _states_before(doc: Any, end: int, kb: KnowledgeBase) -> list[str]:
    """The states the article names before offset `end`, in order (KB actors and demonyms)."""
    out: list[tuple[int, str]] = []
    for found in doc._.kb_found:
        if found.kind == "actor" and found.start < end:
            state = kb.state_of(found.id)
            if state:
                out.append((found.start, state))
    for token in doc:
        if token.idx >= end:
            break
        if token.pos_ in ("ADJ", "PROPN", "NOUN") and token.text[:1].isupper():
            state = state_of_demonym(token.text)
            if state:
                out.append((token.idx, state))
    return [state for _, state in sorted(out)]
