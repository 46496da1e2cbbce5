"""Which sense a speech verb is used in (claims.py): the same verbs name actions ("called up
the reserves", "denied the ships passage"), refusals ("rejected the proposal"), hypotheses inside
someone else's words ("analysts say X would welcome ..."), warnings about others, and facts
stated with a demand verb. The word lists are in claim_cues.toml ([action_sense], [issue])."""

from __future__ import annotations

from typing import Any

from .stance import VERB_STANCE, cue_set

_BELIEF = cue_set("verbs", "belief")
SPEECH_VERBS = frozenset(VERB_STANCE) | cue_set("verbs", "neutral") | _BELIEF
ACTION_SENSE = cue_set("action_sense", "verbs")
_REFUSAL_OBJECTS = cue_set("issue", "refusal_objects")
_ACTION_WORDS = {key: cue_set("action_sense", key) for key in ("particles", "defended", "denied", "dismissed")}
_OWN_SIDE = frozenset("it we i they he she its our my their his her".split())


def refused(doc: Any, verb: Any) -> bool:
    """The object is a proposal, a request or a call: "rejected the proposal", "dismissed
    Y's request", also when the tagger reads the noun as a verb ("rejected EU and IAEA calls
    for ...": a "verb" with no subject of its own that is not a second predicate)."""
    for token in doc[verb.i + 1 : verb.i + 6]:
        if token.is_punct or token.is_sent_start:
            return False
        if token.lemma_.lower() not in _REFUSAL_OBJECTS and token.lower_ not in _REFUSAL_OBJECTS:
            continue
        if token.pos_ == "NOUN":
            return True
        if token.pos_ == "VERB" and token.dep_ not in ("conj", "ROOT") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in token.children
        ):
            return True
    return False


def acts(verb: Any, actors: dict[int, str]) -> bool:
    """A speech verb used in its sense of an action (claim_cues.toml [action_sense]): "called up
    the reserves", "called an emergency meeting", "denied the ships passage", "dismissed the
    commander", "pressed its offensive", "committed troops", "resolved the dispute", "defended
    the allies against attack"."""
    lemma = verb.lemma_.lower()
    kids = list(verb.children)
    objects = [c for c in kids if c.dep_ == "dobj"]
    said = any(c.dep_ in ("ccomp", "xcomp", "oprd", "attr") for c in kids) or any(
        c.dep_ == "prep" and c.lower_ in ("on", "for", "upon") for c in kids
    )
    if any(c.dep_ == "prt" and c.lower_ in _ACTION_WORDS["particles"] for c in kids):
        return True
    if lemma == "defend":
        return any(c.dep_ == "prep" and c.lower_ == "against" for c in kids) or any(
            o.i in actors or o.lower_ in _ACTION_WORDS["defended"] or o.lemma_.lower() in _ACTION_WORDS["defended"] for o in objects
        )
    if lemma == "deny":
        return any(c.dep_ == "dative" for c in kids) or any(
            o.lemma_.lower() in _ACTION_WORDS["denied"] or o.lower_ in _ACTION_WORDS["denied"]
            for o in kids if o.dep_ in ("dobj", "ccomp", "npadvmod", "attr")
        )  # "denied the ships passage" (the tagger may read "passage" as a verb)
    if lemma == "dismiss":
        return any(o.ent_type_ == "PERSON" or o.lemma_.lower() in _ACTION_WORDS["dismissed"] for o in objects)
    if lemma == "press":
        return not said and not any(o.i in actors or o.ent_type_ == "PERSON" for o in objects)
    if lemma in ("call", "commit", "resolve"):
        return bool(objects) and not said and not any(o.lower_ in _ACTION_WORDS["defended"] for o in objects)
    return False


def hypothetical_inside_speech(verb: Any) -> bool:
    """A speech verb in the modal or the progressive inside what another speaker says is part of
    that statement, not a statement of its own."""
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    if not (any(a.tag_ == "MD" and a.lower_ != "will" for a in auxiliaries) or (verb.tag_ == "VBG" and auxiliaries)):
        return False
    token = verb
    while token.dep_ in ("ccomp", "conj") and token.head is not token:
        token = token.head
        if token.lemma_.lower() in SPEECH_VERBS and token.pos_ == "VERB":
            return True
    return False


def warns_of_others(verb: Any, speaker: str, actors: dict[int, str]) -> bool:
    """"warns that such measures could embolden him": a warning about what others may do or
    what may happen, not a threat; "warned that it would retaliate", "... that any incursion
    would be repelled" (the speaker's side, or a condition set) stay threats."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None) if clause is not None else None
    if subject is None:
        return False
    if subject.lower_ in _OWN_SIDE or any(c.dep_ == "poss" and c.lower_ in _OWN_SIDE for c in subject.children):
        return False
    if subject.i in actors and actors[subject.i] == speaker:
        return False
    return not any(t.lower_ in ("if", "unless", "any", "should") for t in clause.subtree)


def states_a_fact(verb: Any) -> bool:
    """"demanding that the disarmament had been completed": a demand verb with an indicative
    past or perfect clause asserts a fact; a demand proper takes the subjunctive or a modal
    ("demanded that the inspectors be readmitted", "... should leave")."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            continue
        auxiliaries = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if any(a.tag_ == "MD" for a in auxiliaries):
            return False
        return clause.tag_ == "VBD" or any(a.tag_ in ("VBD", "VBZ") for a in auxiliaries)
    return False
