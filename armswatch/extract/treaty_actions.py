"""Treaty actions and treaty allegations from a parsed article body.

A treaty action is a party signing, ratifying, withdrawing from, suspending, returning
to or extending a treaty the knowledge base knows; an allegation is an accusation that
a state breaks one, with everyone who makes it (shared/eval/SCHEMA.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase, load_kb
from .claims import Claim
from .deployments import _claim_for, _date, _state_at

EXTRACTOR = "treaty_actions.rules.v1"

TREATY_ACTIONS = {
    "withdraw": "withdraw", "exit": "withdraw", "quit": "withdraw", "leave": "withdraw", "abandon": "withdraw",
    "suspend": "suspend", "sign": "sign", "ratify": "ratify", "extend": "extend", "return": "return", "rejoin": "return",
}


@dataclass(frozen=True)
class TreatyAction:
    treaty: str
    party: str
    action: str
    date: str | None
    attributed_to: str | None
    start: int
    end: int
    extractor: str = EXTRACTOR


@dataclass(frozen=True)
class Allegation:
    treaty: str
    accused: str
    by: tuple[str, ...]
    system: str | None
    start: int
    end: int
    extractor: str = EXTRACTOR


def extract_treaty_actions(doc: Any, claims: list[Claim], *, published: str | None = None, kb: KnowledgeBase | None = None) -> list[TreatyAction]:
    """"X will withdraw from the INF Treaty", "Russia suspended New START"."""
    kb = kb or load_kb()
    out: list[TreatyAction] = []
    treaties = [f for f in doc._.kb_found if f.kind == "treaty"]
    for sent in doc.sents:
        named = [t for t in treaties if sent.start_char <= t.start < sent.end_char]
        if not named:
            continue
        for token in sent:
            action = TREATY_ACTIONS.get(token.lemma_.lower())
            if action is None or token.pos_ != "VERB" or any(c.dep_ == "neg" for c in token.children):
                continue
            treaty = _treaty_object(token, named)
            if treaty is None:
                continue
            party = _party(doc, token, claims, kb)
            if party is None:
                continue
            date = _date(sent, published)
            claim = _claim_for(claims, sent)
            out.append(TreatyAction(treaty.id, party, action, date.value if date and date.precision == "day" else None,
                                    claim.speaker if claim else None, sent.start_char, sent.end_char))
    unique: dict[tuple[str, str, str], TreatyAction] = {}
    for action in out:
        unique.setdefault((action.treaty, action.party, action.action), action)
    return list(unique.values())


def _treaty_object(verb: Any, named: list[Any]) -> Any:
    region = [t for t in verb.subtree]
    start, end = region[0].idx, region[-1].idx + len(region[-1])
    inside = [t for t in named if start <= t.start < end and t.start > verb.idx]
    return inside[0] if inside else None


def _party(doc: Any, verb: Any, claims: list[Claim], kb: KnowledgeBase) -> str | None:
    token = verb
    while token is not None:
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("it", "they", "we") :
                    claim = next((c for c in claims if c.start <= child.idx < c.end), None)
                    if claim and claim.speaker_kind == "actor":
                        return claim.speaker
                state = _state_at(doc, child, kb)
                if state:
                    return state
                if child.lower_ in ("which", "who", "that") and token.dep_ == "relcl":
                    return _state_at(doc, token.head, kb)
        token = token.head if token.dep_ in ("xcomp", "conj", "aux") and token.head is not token else None
    return None


def extract_allegations(doc: Any, claims: list[Claim], *, kb: KnowledgeBase | None = None) -> list[Allegation]:
    """Accusations that a state breaks a treaty: (treaty, accused, system), with everyone alleging it."""
    kb = kb or load_kb()
    treaties_named = list(dict.fromkeys(f.id for f in doc._.kb_found if f.kind == "treaty"))
    merged: dict[tuple[str, str, str | None], Allegation] = {}
    for claim in claims:
        if claim.stance != "accuse":
            continue
        text = claim.content
        if not re.search(r"\b(?:violat\w*|breach\w*|non-?complian\w*|compliance)\b", text, re.I):
            continue
        treaties = [a for a in claim.about if a in kb.treaties] or (treaties_named[:1] if len(treaties_named) == 1 else [])
        accused = claim.target or _accused_in(doc, claim, kb)
        if not treaties or not accused:
            continue
        systems = [a for a in claim.about if a in kb.systems]
        for treaty in treaties:
            key = (treaty, accused, systems[0] if systems else None)
            previous = merged.get(key)
            by = tuple(dict.fromkeys((*(previous.by if previous else ()), claim.speaker)))
            merged[key] = Allegation(treaty, accused, by, key[2], claim.start, claim.end)
    return list(merged.values())


def _accused_in(doc: Any, claim: Claim, kb: KnowledgeBase) -> str | None:
    for found in doc._.kb_found:
        if found.kind == "actor" and claim.start <= found.start < claim.end:
            actor = kb.actors.get(found.id)
            if actor is not None and actor.actor_kind == "state" and actor.id != claim.speaker:
                return actor.id
    return None
