"""Which tokens stand for a state or a body (`actor_tokens`), who owns a speaking phrase, and a
verb's subject through shared-subject links (speakers.py, claims.py)."""

from __future__ import annotations

from typing import Any

from spacy.attrs import DEP, ENT_TYPE, POS
from spacy.parts_of_speech import PROPN

from ..kb import KnowledgeBase
from ..kb.demonyms import state_of_demonym
from ._spacy import doc_ents
from .stance import cues

_RELATIVE = {"which", "who", "that"}
_ORGAN_WORDS = tuple(cues()["speakers_extra"]["state_organ_words"])
MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")
_COMPASS = {"North", "South", "East", "West"}
_FORMER: dict[str, str] = cues()["speakers_extra"]["former_demonyms"]
_SUCCEEDED = {"North", "South"}  # "North Vietnamese" with no entry of its own: the state that succeeded it
# Metonyms and words that stand for Russia but, in a text about the Soviet era, for the USSR.
_SOVIET_ERA_RU = "RU"
_SOVIET = "SU"
_RUSSIA_BY_NAME = {"russia", "russian federation", "the russian federation"}


def actor_tokens(doc: Any, kb: KnowledgeBase) -> dict[int, str]:
    """Token index → state or organisation id, for every KB actor mention (offices → their state).
    In a text about the Soviet era (it names the USSR and never Russia by name), "Moscow" and
    "the Kremlin" stand for the USSR."""
    found_actors = [f for f in doc._.kb_found if f.kind == "actor"]
    soviet_era = any(f.id == _SOVIET for f in found_actors) and not any(
        f.id == _SOVIET_ERA_RU and f.text.lower() in _RUSSIA_BY_NAME for f in found_actors
    )
    out = {}
    for found in found_actors:
        if found.ambiguous and kb.actors[found.id].actor_kind == "office":
            continue  # "the Ministry of Defence" alone does not say whose
        actor_id = kb.state_of(found.id) or _organ_state(found.id, kb) or found.id  # organs speak for their state
        if soviet_era and actor_id == _SOVIET_ERA_RU:
            actor_id = _SOVIET
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                out[token.i] = actor_id
    deps = {doc.vocab.strings[dep] for dep in (*MODIFIER_DEPS, "conj")}
    org = doc.vocab.strings["ORG"]
    table = doc.to_array([DEP, ENT_TYPE, POS]).tolist() if len(doc) else []
    # Only tokens that can pass either test below (read as integers: a Token per word costs more).
    for token in (doc[i] for i, (dep, ent, pos) in enumerate(table) if dep in deps or (ent == org and pos == PROPN)):
        modifier = token.dep_ in MODIFIER_DEPS or (token.dep_ == "conj" and token.head.dep_ in MODIFIER_DEPS)
        if token.i not in out and modifier and token.text[:1].isupper():
            state = state_of_demonym(token.text)  # "Iraqi officials", "the Egyptian cabinet"
            before = doc[token.i - 1].text if token.i else ""
            if before in _COMPASS:  # "North Korean" is a state of its own; "East German" is not West Germany
                state = state_of_demonym(f"{before} {token.text}") or (state if before in _SUCCEEDED else None)
            former = _FORMER.get(f"{before} {token.text}") or _FORMER.get(token.text)
            if not state and former:
                state = kb.resolve_id(former, "actor")  # "the Soviet leader", "the East German government"
            if state:
                out[token.i] = state
        if token.i not in out and token.ent_type_ == "ORG" and token.pos_ == "PROPN" and _single_entity(doc, token):
            body = kb.resolve_id(token.text, "actor")  # "the Tass news agency": a body's name inside a longer phrase
            if body and kb.actors[body].actor_kind not in ("state", "office"):
                out[token.i] = body
    return out


def _single_entity(doc: Any, token: Any) -> bool:
    return any(ent.start == token.i and ent.end == token.i + 1 for ent in doc_ents(doc))


def _organ_state(actor_id: str, kb: KnowledgeBase) -> str | None:
    """An organisation under a state that speaks for it: its armed forces, a ministry, the cabinet."""
    actor = kb.actors.get(actor_id)
    if actor is None or actor.actor_kind != "organisation" or not actor.parent:
        return None
    if not any(word in actor.name.lower() for word in _ORGAN_WORDS):
        return None
    return kb.state_of(actor.parent)


def owners_of(token: Any, actors: dict[int, str]) -> list[str]:
    """Every state or body that owns a speaking phrase: "British and American officials" → GB, US."""
    out = []
    for child in token.children:
        if child.dep_ in MODIFIER_DEPS and child.i in actors:
            out.append(actors[child.i])
            out.extend(actors[c.i] for c in child.subtree if c.dep_ == "conj" and c.i in actors)
    return list(dict.fromkeys(out))


def subject_of(verb: Any) -> Any:
    """The verb's subject, walking up shared-subject links: "X denied it and said ...",
    "X is due to meet Y and is expected to say ...", "Russia, which denies the accusation",
    "the Council passed a resolution, demanding ..."."""
    token = verb
    for _ in range(5):
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            before = [c for c in subjects if c.i < token.i]
            child = before[-1] if len(subjects) > 1 and before else subjects[0]  # "As during the crisis, China believed"
            if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                return token.head
            return child
        if token.dep_ == "relcl" and token.head.dep_ in ("nsubj", "nsubjpass"):
            return token.head
        participle = token.dep_ == "advcl" and token.tag_ == "VBG" and not any(c.dep_ == "mark" for c in token.children)
        if (token.dep_ not in ("conj", "xcomp", "acomp") and not participle) or token.head is token:
            return None
        if token.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") and c.i < token.i for c in token.head.children):
            return None  # "urged Iran to agree", "prepare the allies to defend": the object does it, not the subject
        token = token.head
    return None
