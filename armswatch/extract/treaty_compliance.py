"""Allegations that a party is out of compliance, read from what officials say it must do or
how far it stands from compliance (cue words in treaty_cues.toml [noncompliance]):

- "Iran must return to full compliance with the JCPOA", "we urge Russia to come back into
  compliance with the treaty", "the steps X would need to take to return to compliance";
- "the return of X and Y to full compliance with", "X's return to compliance with";
- "X is a long way from compliance", "X is out of compliance", "X is not in compliance".

The accused is the party that would return; the speaker's own side is never accused ("the
United States would do the same"). A sentence that names no instrument ("Iran is far from
compliance") takes the one named last, a few sentences before.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..kb import KnowledgeBase
from ._context import _state_at
from .claims import Claim
from .office_holders import holder_named
from .treaty_mentions import _treaties_of, cues

_RELATIVE = frozenset(("which", "that", "who"))


def compliance_lapses(doc: Any, mentions: dict[int, str], claims: list[Claim], kb: KnowledgeBase) -> list[tuple[str, str, tuple[str, ...], Any]]:
    """(treaty, accused, accusers, sentence) for each party said to owe a return to compliance."""
    if not mentions:
        return []  # no instrument named: nothing to owe compliance with
    c = cues()["noncompliance"]
    nouns, window = set(c["nouns"]), int(c["context_sentences"])
    default_voices: list[str] | None = None  # counted when first needed (it is not cheap)
    recent: tuple[int, str] | None = None
    out: list[tuple[str, str, tuple[str, ...], Any]] = []
    for number, sent in enumerate(doc.sents):
        inside = sorted((i, t) for i, t in mentions.items() if sent.start <= i < sent.end)
        for token in sent:
            if token.pos_ != "NOUN" or token.lemma_.lower() not in nouns:
                continue
            found = _lapse(token)
            if found is None:
                continue
            parties, anchor = found
            treaties = [t for _m, t in _treaties_of(token, mentions) + _treaties_of(anchor, mentions, preps=("with", "under"))]
            if not treaties and len({t for _i, t in inside}) == 1:
                treaties = [inside[0][1]]
            bare = not any(ch.dep_ == "prep" and ch.lower_ in ("with", "under") for ch in (*token.children, *anchor.children))
            if not treaties and bare and not inside and recent is not None and number - recent[0] <= window:
                treaties = [recent[1]]
            if not treaties:
                continue
            speaking = [c for c in claims if c.start < sent.end_char and sent.start_char < c.end]
            voices = [s for claim in speaking if (s := speaker_state(claim, kb))]
            if not voices:
                if default_voices is None:
                    default_voices = doc_voices(claims, kb)
                voices = default_voices
            accusers = tuple(dict.fromkeys(claim.speaker for claim in speaking))
            for party in parties:
                accused = _state_at(doc, party, kb)
                if accused is None or accused in voices:
                    continue
                for treaty in dict.fromkeys(treaties):
                    out.append((treaty, accused, tuple(a for a in accusers if a != accused), sent))
        if inside:
            recent = (number, inside[-1][1])
    return out


def speaker_state(claim: Claim, kb: KnowledgeBase) -> str | None:
    """The state a claim's speaker speaks for: a KB actor's state, or an office-holder's."""
    if claim.speaker in kb.actors:
        return kb.state_of(claim.speaker)
    if claim.speaker_kind == "person":
        holder = holder_named(kb, claim.speaker, None)
        if holder is not None:
            return kb.state_of(holder.state) or holder.state
    return None


def doc_voices(claims: list[Claim], kb: KnowledgeBase) -> list[str]:
    """The state most of the document's claims speak for (a government's own statement)."""
    counts = Counter(s for claim in claims if (s := speaker_state(claim, kb)))
    if not counts:
        return []
    state, number = counts.most_common(1)[0]
    return [state] if number * 2 > sum(counts.values()) else []


def _lapse(noun: Any) -> tuple[list[Any], Any] | None:
    """The parties a "compliance" noun says are out of compliance, and the word it hangs from."""
    c = cues()["noncompliance"]
    if noun.dep_ != "pobj":
        return None
    prep = noun.head
    anchor = prep.head
    word = prep.lower_
    lemma = anchor.lemma_.lower()
    subject: Any = None
    if word in c["preps"] and anchor.pos_ in ("VERB", "AUX") and lemma in c["verbs"]:
        obj = next((ch for ch in anchor.children if ch.dep_ == "dobj"), None)
        subject = obj if lemma in ("bring", "get") and obj is not None else _controller(anchor)
    elif word in c["preps"] and anchor.pos_ == "NOUN" and lemma in c["action_nouns"]:
        subject = next((ch for ch in anchor.children if ch.dep_ == "poss"), None)
        if subject is None:
            subject = next((g for ch in anchor.children if ch.dep_ == "prep" and ch.lower_ in ("of", "by")
                            for g in ch.children if g.dep_ == "pobj"), None)
        if subject is None:
            subject = next((ch for ch in anchor.children if ch.dep_ in ("amod", "compound")), None)
    elif word == "from" and lemma in c["distance"]:
        subject = _controller(anchor if anchor.pos_ in ("VERB", "AUX") else anchor.head)
    elif word == "of" and anchor.lower_ == "out":
        subject = _controller(anchor.head)
    elif word == "in" and anchor.pos_ in ("VERB", "AUX") and any(ch.dep_ == "neg" for ch in anchor.children):
        subject = _controller(anchor)
    if subject is None:
        return None
    return [subject, *subject.conjuncts], anchor


def _controller(verb: Any) -> Any:
    """Who would do what `verb` says: its subject, the object of a verb that urges it ("urged
    Iran to return", "called on Russia to come back"), or the subject of a clause it serves."""
    controlling = set(cues()["noncompliance"]["controlling"])
    token = verb
    for _ in range(5):
        subject = next((ch for ch in token.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            if subject.lower_ in _RELATIVE and token.dep_ == "relcl":
                return token.head
            return subject
        head = token.head
        if head == token:
            return None
        if token.dep_ == "xcomp" and head.lemma_.lower() in controlling:
            obj = next((ch for ch in head.children if ch.dep_ == "dobj"), None)
            obj = obj or next((g for ch in head.children if ch.dep_ == "prep" and ch.lower_ == "on"
                               for g in ch.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if token.dep_ == "acl" and head.lower_ == "order" and head.head != head:
            token = head.head  # "take steps in order to return": the clause "in order to" serves
        elif token.dep_ in ("xcomp", "advcl", "conj", "acomp", "prep", "advmod", "attr") and head.pos_ in ("VERB", "AUX", "ADJ", "ADV", "NOUN"):
            token = head
        else:
            return None
    return None
