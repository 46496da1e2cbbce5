"""Treaty allegations: accusations that a state breaks a treaty, with the system at issue
and everyone who makes them (shared/eval/SCHEMA.md).

Read from breach predicates around a treaty mention ("accused Iran of breaching", "found
Iraq in material breach of", "in violation of", "had not met its obligations under"), from
accusing claims whose content speaks of a violation, and from a party said to owe a return
to compliance ("Iran must return to full compliance with", treaty_compliance.py). Denials and bare possibilities
("could breach") are not allegations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase, load_kb
from ..kb.demonyms import state_of_demonym
from ._context import _claim_for, _state_at
from .claims import Claim
from .treaty_compliance import compliance_lapses
from .treaty_mentions import _PRONOUNS, EXTRACTOR, _treaties_of, cues, treaty_mentions


@dataclass(frozen=True)
class Allegation:
    treaty: str
    accused: str
    by: tuple[str, ...]
    system: str | None
    start: int
    end: int
    extractor: str = EXTRACTOR


def extract_allegations(doc: Any, claims: list[Claim], *, kb: KnowledgeBase | None = None) -> list[Allegation]:
    """Accusations that a state breaks a treaty: (treaty, accused, system), with everyone alleging it."""
    kb = kb or load_kb()
    mentions = treaty_mentions(doc, kb)
    found: list[Allegation] = []
    for sent in doc.sents:
        if not any(sent.start <= i < sent.end for i in mentions):
            continue
        claim = _claim_for(claims, sent)
        for token in sent:
            found.extend(_breach_at(token, mentions, claim, kb))
    found.extend(_from_claims(doc, claims, mentions, kb))
    for treaty, accused, accusers, sent in compliance_lapses(doc, mentions, claims, kb):
        system = _system_in(doc, sent, accused, kb)
        found.append(Allegation(treaty, accused, accusers, system, sent.start_char, sent.end_char))
    return _merge(found)


def _breach_at(token: Any, mentions: dict[int, str], claim: Claim | None, kb: KnowledgeBase) -> list[Allegation]:
    c = cues()["allegation"]
    lemma = token.lemma_.lower()
    sent = token.sent
    accused_token: Any = None
    if token.pos_ == "VERB" and (lemma in c["verbs"] or (lemma in c["phrasal"] and any(ch.lower_ == "on" for ch in token.children))):
        if any(ch.dep_ == "neg" for ch in token.children) or not _alleged(token):
            return []
        accused_token = _subject(token)
    elif token.pos_ == "VERB" and lemma in c["compliance"] and _negated(token):
        accused_token = _subject(token)
    elif token.pos_ in ("NOUN", "PROPN") and lemma in c["nouns"]:
        accused_token = _noun_accused(token)
    else:
        return []
    treaties = [t for _m, t in _treaties_of(token, mentions)]
    if not treaties:
        return []
    accused = _state_at(token.doc, accused_token, kb) if accused_token is not None else None
    if accused is None and accused_token is not None and accused_token.pos_ == "NOUN":
        accused = _owner_state(accused_token, kb)  # "North Korea's launch violated", "the tests by Iran breached"
    if accused is None and accused_token is not None and accused_token.lower_ in _PRONOUNS and claim is not None:
        accused = claim.target if claim.target in kb.actors else None
    if accused is None and claim is not None and claim.stance == "accuse" and claim.target in kb.actors:
        accused = kb.state_of(claim.target)
    if accused is None:
        return []
    accusers = _accusers(token, accused, claim, kb)
    system = _system_in(token.doc, sent, accused, kb)
    return [Allegation(t, accused, tuple(accusers), system, sent.start_char, sent.end_char) for t in treaties]


def _owner_state(noun: Any, kb: KnowledgeBase) -> str | None:
    """The state that owns the act a noun names: "X's launch", "the launches by X"."""
    for child in noun.children:
        state = None
        if child.dep_ == "poss":
            state = _state_at(noun.doc, child, kb)  # not "today's launch"
        elif child.dep_ == "prep" and child.lower_ == "by":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            state = _state_at(noun.doc, obj, kb) if obj is not None else None
        if state:
            return state
    return None


def _negated(verb: Any) -> bool:
    """"had not met its obligations", "failed to comply with"."""
    if any(ch.dep_ == "neg" for ch in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("fail", "refuse", "cease", "stop")


def _alleged(verb: Any) -> bool:
    """The breach is asserted, not denied or merely possible ("could violate")."""
    c = cues()
    denying, modals = set(c["allegation"]["denying"]), set(c["unreal"]["modals"])
    token = verb
    for _ in range(4):
        if any(ch.dep_ in ("aux", "auxpass") and ch.lower_ in modals for ch in token.children):
            return False
        if token.lemma_.lower() in denying:
            return False
        if token.head == token:
            break
        token = token.head
    return token.lemma_.lower() not in denying


def _subject(verb: Any) -> Any:
    """The breaker: the verb's subject, or the object of "accused X of breaching"."""
    token = verb
    for _ in range(4):
        subject = next((ch for ch in token.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            accusing = token.head.head
            obj = next((ch for ch in accusing.children if ch.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if token.dep_ in ("xcomp", "conj", "pcomp", "prep") and token.head != token:
            token = token.head
        else:
            break
    return None


def _noun_accused(noun: Any) -> Any:
    """"Russia's breach of", "violations by Iran", "found Iraq in material breach of",
    "Iran is in violation of", "deployed missiles in violation of"."""
    owner = next((ch for ch in noun.children if ch.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for ch in noun.children:
        if ch.dep_ in ("amod", "compound") and state_of_demonym(ch.text):
            return ch
        if ch.dep_ == "prep" and ch.lower_ in ("by", "of"):
            obj = next((g for g in ch.children if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "NORP", "ORG")), None)
            if obj is not None:
                return obj
    if (noun.dep_ == "attr" and noun.head.pos_ == "AUX") or (
            noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("constitute", "represent", "amount")):
        # "Iran's transfer of drones is a violation of", "the launch, which is a clear violation of"
        subject = next((ch for ch in noun.head.children if ch.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ in ("which", "that") and noun.head.dep_ == "relcl":
            subject = noun.head.head
        return subject
    token = noun
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        attach = token.head.head
        if attach.pos_ in ("NOUN", "PROPN") and attach.dep_ == "dobj":
            return attach  # "found Iraq in material breach" parsed with "in" under Iraq
        obj = next((ch for ch in attach.children if ch.dep_ == "dobj"), None)
        if obj is not None and attach.lemma_.lower() in cues()["allegation"]["accusing"]:
            return obj
        if attach.pos_ in ("VERB", "AUX"):
            return _subject(attach)
    return None


def _accusers(token: Any, accused: str, claim: Claim | None, kb: KnowledgeBase) -> list[str]:
    """Who makes the allegation: the subject of the accusing or saying verb above the
    breach (each conjunct), else the speaker of the claim that carries the sentence."""
    doc = token.doc
    out: list[str] = []
    for verb in [a for a in token.ancestors if a.pos_ in ("VERB", "AUX")][:4]:
        subject = next((ch for ch in verb.children if ch.dep_ == "nsubj"), None)
        if subject is None:
            continue
        for part in [subject, *subject.conjuncts]:
            actor = _actor_at(doc, part, kb)
            if actor and actor != accused and actor not in out:
                out.append(actor)
        if out:
            return out
    if claim is not None and claim.speaker != accused and claim.speaker_kind != "unresolved":
        out.append(claim.speaker)
    return out


def _actor_at(doc: Any, token: Any, kb: KnowledgeBase) -> str | None:
    for found in doc._.kb_found:
        if found.kind == "actor" and found.start <= token.idx < found.end:
            return kb.state_of(found.id) or found.id
    return state_of_demonym(token.text) if token.dep_ in ("amod", "compound") else None


def _system_in(doc: Any, sent: Any, accused: str, kb: KnowledgeBase) -> str | None:
    """The system at issue: one the sentence names, the accused's own first."""
    named = [f.id for f in doc._.kb_found if f.kind == "system" and sent.start_char <= f.start < sent.end_char]
    own = [s for s in named if accused in (kb.systems[s].operators if s in kb.systems else ()) or s.split(".", 1)[0].upper() == accused]
    return (own or named or [None])[0]


_BREACH_WORDS = re.compile(r"\b(?:violat\w*|breach\w*|non-?complian\w*|contraven\w*|cheat\w*)\b", re.I)


def _from_claims(doc: Any, claims: list[Claim], mentions: dict[int, str], kb: KnowledgeBase) -> list[Allegation]:
    """An accusing claim whose content speaks of a violation, about a treaty it names (or
    the only treaty the article names): “Russia is in material breach,” an envoy said."""
    named = list(dict.fromkeys(mentions.values()))
    out = []
    for claim in claims:
        if claim.stance != "accuse" or claim.speaker_kind == "unresolved" or not _BREACH_WORDS.search(claim.content):
            continue
        treaties = [a for a in claim.about if a in kb.treaties] or (named[:1] if len(named) == 1 else [])
        accused = (kb.state_of(claim.target) if claim.target else None) or _accused_in(doc, claim, kb)
        if not treaties or not accused:
            continue
        systems = [a for a in claim.about if a in kb.systems]
        for treaty in treaties:
            out.append(Allegation(treaty, accused, (claim.speaker,), systems[0] if systems else None, claim.start, claim.end))
    return out


def _accused_in(doc: Any, claim: Claim, kb: KnowledgeBase) -> str | None:
    for found in doc._.kb_found:
        if found.kind == "actor" and claim.start <= found.start < claim.end:
            actor = kb.actors.get(found.id)
            if actor is not None and actor.actor_kind == "state" and actor.id != claim.speaker:
                return actor.id
    return None


def _merge(found: list[Allegation]) -> list[Allegation]:
    """One allegation per (treaty, accused, system), with every accuser; one naming no system
    folds into one that does."""
    merged: dict[tuple[str, str, str | None], Allegation] = {}
    for item in found:
        key = (item.treaty, item.accused, item.system)
        if item.system is None:
            key = next((k for k in merged if k[:2] == key[:2]), key)
        elif (item.treaty, item.accused, None) in merged:
            old = merged.pop((item.treaty, item.accused, None))
            item = Allegation(item.treaty, item.accused, (*old.by, *item.by), item.system, old.start, old.end)
        previous = merged.get(key)
        by = tuple(dict.fromkeys((*(previous.by if previous else ()), *item.by)))
        base = previous or item
        merged[key] = Allegation(base.treaty, base.accused, by, key[2], base.start, base.end)
    return list(merged.values())
