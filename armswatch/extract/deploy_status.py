"""How a frame holds its system: in place, planned, temporary, withdrawn, or not at all
(a question, a condition, a denial). Read from the trigger's tense, modality and the
cue lists of `deploy_cues.toml`."""

from __future__ import annotations

from typing import Any

from .deploy_cues import cues
from .deploy_frames import Frame


def status(frame: Frame, sent_text: str) -> str | None:
    """in_place, planned, temporary or withdrawn; None when the sentence denies it."""
    c = cues()
    trigger = frame.trigger
    if any(child.dep_ == "neg" for child in trigger.children):
        return None  # "has not deployed": no deployment stated
    if _denied(trigger):
        return None  # "denied that the missiles had been moved"
    if trigger.dep_ in ("csubj", "csubjpass") and trigger.tag_ == "VBG":
        return None  # "moving the missiles there was a response": talk about the act, no state of it
    if sent_text.rstrip().rstrip("\"\u201d\u2019'").endswith("?") or _hypothetical(trigger):
        return None  # "Will you send X?", "if Russia were to deploy X": no holding stated
    planned = is_planned(trigger)
    if frame.kind == "withdraw" or c.withdraw_phrases.search(sent_text):
        if trigger.lemma_.lower() == "return" and not _returns_home(sent_text):
            return None
        return "planned" if planned and frame.kind != "withdraw" else "withdrawn"
    if frame.kind == "fire":
        return None if planned else "in_place"
    if frame.kind in ("transfer", "receive"):
        if c.delivered.search(sent_text) and not planned:
            return "in_place"
        if frame.kind == "receive" or (trigger.lemma_.lower() == "deliver" and trigger.tag_ in ("VBD", "VBN")):
            return "planned" if planned else "in_place"
        if _done(trigger) and not planned:
            return "in_place"  # "provided", "has sent", "were transferred": the receiver holds it
        return "planned"
    if c.temporary.search(sent_text):
        only_rotation = not c.temporary.search(c.rotation.sub("", sent_text))
        if planned and only_rotation:
            return "planned"  # "rotational deployments will begin next year"
        return "temporary"
    return "planned" if planned else "in_place"


def _hypothetical(trigger: Any) -> bool:
    """The trigger (or the clause it hangs in) is a condition: "if they deploy X", "unless
    X is moved", "in case X were sent"."""
    token = trigger
    for _ in range(5):
        if any(ch.dep_ == "mark" and ch.lower_ in cues().conditions for ch in token.children):
            return True
        if token.dep_ in ("advcl", "ccomp") and token.head.i > token.i and any(
                ch.dep_ == "aux" and ch.lower_ in ("should", "were", "had") and ch.i == token.left_edge.i
                for ch in token.children):
            return True  # "Should Moscow move X ..., we would ...", "Were they to deploy X, ..."
        if token.dep_ in ("advcl", "ccomp", "ROOT", "relcl") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _done(trigger: Any) -> bool:
    """A transfer verb in the past ("provided", "has sent", "were transferred"), not a
    promise ("pledged" is a plan whatever its tense)."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() in cues().plan_verbs:
        return False
    if trigger.tag_ == "VBG" and trigger.dep_ == "pcomp" and trigger.head.head.pos_ in ("VERB", "AUX") \
            and trigger.head.head.i != trigger.i:
        return _done(trigger.head.head)  # "we have helped Ukraine by providing X": as done as the verb it serves
    if trigger.tag_ == "VBD":
        return True
    return trigger.tag_ == "VBN" and any(
        ch.dep_ in ("aux", "auxpass") and ch.lemma_.lower() in ("have", "be") for ch in trigger.children
    )


def _denied(trigger: Any) -> bool:
    token = trigger
    for _ in range(3):
        if token.dep_ not in ("ccomp", "xcomp", "conj", "dobj", "pobj", "prep") or token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in cues().denials:
            return True
    return False


def _returns_home(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in (" home", " base", " garrison", " barracks"))


def is_planned(trigger: Any) -> bool:
    """A modal or a verb of planning on the trigger or up its clause chain ("would begin ...
    bringing", "plans to deploy"); for a noun, on the verb that governs it ("will complete
    the deployment of") or a "planned"/"proposed" before it."""
    c = cues()
    token = trigger
    if trigger.pos_ == "NOUN":
        if any(ch.lower_ in ("planned", "proposed", "intended", "future", "possible", "potential") for ch in trigger.children):
            return True
        token = trigger.head if trigger.dep_ in ("dobj", "nsubj", "nsubjpass") else trigger.head.head
        if token.pos_ not in ("VERB", "AUX"):
            return False
        if token.lemma_.lower() in c.plan_verbs:
            return True
    for _ in range(4):
        if any(ch.dep_ in ("aux", "auxpass") and ch.lower_ in c.modals for ch in token.children):
            return True
        if token.i != trigger.i and token.lemma_.lower() in c.plan_verbs:
            return True
        if any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in token.children) and token.head.lemma_.lower() in c.plan_verbs:
            return True
        if token.dep_ in ("advcl", "xcomp", "conj", "acl") and token.head.i != token.i:
            token = token.head
        else:
            break
    return bool(c.planned.match(" ".join(t.lower_ for t in trigger.lefts if t.dep_ in ("aux", "auxpass"))))
