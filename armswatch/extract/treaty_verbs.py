"""Which words are treaty actions: the cue verbs and nouns of treaty_cues.toml read on the
dependency parse ("withdrew from", "pulled out of", "agreed to", "resumed participation in"),
whether the action really happened (not negated, threatened, demanded or conditional), and
the treaty a verb without an object of its own acts on."""

from __future__ import annotations

from typing import Any

from .treaty_mentions import _treaties_of, cues


def _verb_action(token: Any) -> tuple[str | None, tuple[str, ...]]:
    """The action a verb names, and the prepositions its treaty must come through."""
    c = cues()
    lemma = token.lemma_.lower()
    particles = {p.split()[1] for p in c["phrasal"]}  # "pulled out of": "out" parsed as a particle or a preposition
    particle = next((ch.lower_ for ch in token.children
                     if ch.dep_ == "prt" or (ch.dep_ in ("prep", "advmod") and ch.lower_ in particles)), None)
    action = (c["phrasal"].get(f"{lemma} {particle}") if particle else None) or c["verbs"].get(lemma)
    if lemma in c["unnamed"]["verbs"] and any(
            ch.dep_ == "dobj" and ch.lemma_.lower() in c["unnamed"]["nouns"] for ch in token.children):
        action = "sign"  # "reached an agreement", "struck a deal"
    for pattern in ("resume", "revoke"):  # "resumed participation in", "revoked its ratification of"
        if lemma in c[pattern]["verbs"] and any(
                ch.dep_ == "dobj" and ch.lemma_.lower() in c[pattern]["objects"] for ch in token.children):
            action = c[pattern]["action"]
    if action is None and lemma in c["done"]["verbs"] and token.tag_ == "VBN" and any(
            ch.dep_ == "prep" and ch.lower_ in c["done"]["preps"] for ch in token.children):
        action = "sign"  # "the Agreement ..., done at Tokyo on 4 November 1987": a treaty's signature clause
    preps: tuple[str, ...] = ()
    if action is None and lemma in c["consent"]["verbs"] and any(
            ch.dep_ == "prep" and ch.lower_ in c["consent"]["preps"] for ch in token.children):
        action, preps = "sign", tuple(c["consent"]["preps"])  # "agreed to the accord"
    if action == "withdraw" and lemma == "withdraw" and not particle:
        preps = ("from", "of")  # "withdrew from the treaty", not "withdrew troops in violation of it"
    elif action == "return" and lemma == "return":
        preps = ("to",)
    return action, preps



def _shared_object(verb: Any, mentions: dict[int, str]) -> list[tuple[Any, str]]:
    """"signed but never ratified the CTBT", "joined the NPT in 1985 and left in 2003": a verb
    with no object of its own acts on the treaty of the verb it is coordinated with."""
    if any(ch.dep_ in ("dobj", "nsubjpass") or (ch.dep_ == "prep" and ch.lower_ in ("from", "to", "of")) for ch in verb.children):
        return []
    partners = [ch for ch in verb.children if ch.dep_ == "conj" and ch.pos_ in ("VERB", "AUX")]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        partners.append(verb.head)
    for partner in partners:
        action, preps = _verb_action(partner)
        if action is not None:
            found = _treaties_of(partner, mentions, preps=preps)
            if found:
                return found
    return []


def _implicit_treaty(noun: Any, mentions: dict[int, str]) -> list[tuple[Any, str]]:
    """"announced its withdrawal" with no "from X": the one treaty the sentence names."""
    if any(ch.dep_ == "prep" and ch.lower_ in ("from", "of", "to") for ch in noun.children):
        return []
    sent = noun.sent
    inside = {t for i, t in mentions.items() if sent.start <= i < sent.end}
    if len(inside) != 1:
        return []
    i = next(i for i in mentions if sent.start <= i < sent.end)
    return [(noun.doc[i], mentions[i])]


def _real_verb(verb: Any) -> bool:
    """Not negated, not a question or condition, not under a threat, demand or refusal, and
    not a bare possibility ("could withdraw"). "Will withdraw" is an announced decision."""
    c = cues()["unreal"]
    unreal, modals, speech, marks = set(c["heads"]), set(c["modals"]), set(c["speech"]), set(c["marks"])
    token, would = verb, False
    for _ in range(5):
        children = list(token.children)
        if any(ch.dep_ == "neg" or ch.lower_ == "never" for ch in children):
            return False
        if any(ch.dep_ == "mark" and ch.lower_ in marks for ch in children):
            return False
        if any(ch.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "if" for m in ch.children) for ch in children):
            return False  # "would withdraw if ..."
        auxes = {ch.lower_ for ch in children if ch.dep_ in ("aux", "auxpass")}
        if auxes & modals:
            return False
        would = would or "would" in auxes
        if token.dep_ in ("xcomp", "ccomp", "conj", "advcl", "acl", "pcomp", "acomp") and token.head != token:
            head = token.head
            if token.dep_ != "conj" and head.lemma_.lower() in unreal:
                return False
            if token.dep_ == "pcomp" and head.head.lemma_.lower() in unreal:
                return False  # "the threat of withdrawing", "talk of scrapping"
            if head.lemma_.lower() in speech:
                would = False  # "said it would suspend": a decision reported
            token = head
        else:
            break
    return not would
