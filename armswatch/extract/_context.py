"""Helpers the record extractors share: the claim that carries a sentence, the
sentence's date, and the state a token stands for (a KB actor, a metonym, a demonym)."""

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
    return None


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
