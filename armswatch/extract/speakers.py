"""Who is speaking: resolving a claim's subject to a person, a state or an organisation.

Speakers are resolved within the article (`Speakers`): a surname to the full name
met earlier, a pronoun to the last person speaking, a role ("Putin's spokesman")
to the person it was set beside, a state's office or metonym to the state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import DEP, LOWER, ORTH, POS
from spacy.parts_of_speech import NOUN, PROPN

from ..kb import KnowledgeBase
from ._spacy import doc_ents, doc_text
from .speaker_actors import MODIFIER_DEPS, actor_tokens, owners_of, subject_of
from .office_holders import canonical
from .speaker_names import clean_name, nearest_person_before, person_at, person_text, person_within, proper_name
from .stance import cue_set, cues

__all__ = ["JOINT", "SPEAKER_NOUNS", "SPOKES", "Speakers", "actor_tokens", "clean_name", "owners_of", "person_at", "subject_of"]

_PRONOUNS = cue_set("speakers", "pronouns")
_RELATIVE = {"which", "who", "that"}
# Heads of speaker phrases that speak for their state ("the ministry's spokesman") or name its leader ("the Nato chief").
SPOKES = cue_set("speakers", "spokes")
_LEADERS = cue_set("speakers", "leaders")
# Heads of phrases that can speak: people by role, bodies, media. "those targets" cannot.
SPEAKER_NOUNS = cue_set("speakers", "nouns")
_DOCUMENTS = cue_set("speakers_extra", "documents")
JOINT = cue_set("speakers", "joint")
_ANAPHORS = cue_set("speakers_extra", "anaphors")
_TOP_ROLES = cue_set("speakers_extra", "top_roles")
_ADOPTING = cue_set("speakers_extra", "adopting")
_ROLE_REACH = 3000  # characters back to the person a role-only phrase stands for
_ACRONYM = re.compile(r"\b((?:the )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,6}) \(([A-Z]{2,6})\)")
_DETERMINERS = re.compile(r"^(?:(?:" + "|".join(cues()["speakers_extra"]["determiners"]) + r")\s+)+", re.I)


@dataclass
class Speakers:
    """What the article has said so far about who is who."""

    kb: KnowledgeBase
    date: str | None = None  # the document's date: who held an office then (office_holders.py)
    people: list[str] = field(default_factory=list)  # full names, in order met
    roles: dict[str, str] = field(default_factory=dict)  # role words -> full name or actor id
    person_state: dict[str, str] = field(default_factory=dict)  # full name -> actor id in their title
    actor_people: dict[str, str] = field(default_factory=dict)  # actor id -> first person titled by it
    acronyms: dict[str, str] = field(default_factory=dict)  # "FAZ" -> the name it abbreviates
    short_forms: dict[int, str] = field(default_factory=dict)  # token index -> actor a "the Council" refers back to
    last_person: str | None = None
    last_claim: tuple[str, str, int] | None = None  # (speaker, kind, end offset) of the latest claim
    stands_for: dict[str, str] = field(default_factory=dict)  # body -> the state the text equates it with
    spoken: list[tuple[int, str]] = field(default_factory=list)  # (offset, name) of people resolved as speakers

    def learn(self, doc: Any, actors: dict[int, str]) -> None:
        """Collect people, titles ("NATO Secretary-General X", "the UK prime minister, X"),
        appositions and acronyms from the whole document."""
        for ent in doc_ents(doc):
            if ent.label_ == "PERSON" and len(ent) > 1 and person_text(doc, ent) not in self.people:
                name = clean_name(person_text(doc, ent))
                if " " not in name:
                    continue  # "Background Khrushchev": a heading glued to a surname
                self.people.append(name)
                title_actor = next((actors[t.i] for t in ent.root.subtree if t.i in actors and t.i < ent.start), None)
                if title_actor:
                    self._titled(name, title_actor)
        table = doc.to_array([DEP, ORTH]).tolist() if len(doc) else []
        appos, paren = doc.vocab.strings["appos"], doc.vocab.strings["("]
        for token in (doc[i] for i, row in enumerate(table) if row[0] == appos):  # the appositions only
            head, other = token.head, token
            for role, person in ((head, other), (other, head)):
                name = person_at(doc, person)
                if name and not person_at(doc, role):
                    name = self.full_name(name)
                    self.roles[_role_key(doc, role)] = name
                    self.roles[_role_key(doc, role, drop=actors)] = name
                    owner = next((actors[t.i] for t in role.subtree if t.i in actors), None)
                    if owner:
                        self._titled(name, owner)
        for token in (doc[i] for i in range(1, len(doc) - 2) if table[i][1] == paren):
            if token.text == "(" and doc[token.i + 2].text == ")" and token.i - 1 in actors and token.i + 1 in actors:
                body, state = actors[token.i - 1], actors[token.i + 1]
                known = self.kb.actors.get(body), self.kb.actors.get(state)
                if known[0] is not None and known[1] is not None and known[0].actor_kind != "state" and known[1].actor_kind == "state":
                    self.stands_for.setdefault(body, state)  # "the MPLA (Angola)": the movement speaks as the state
        for match in _ACRONYM.finditer(doc_text(doc)):
            self.acronyms[match.group(2)] = _DETERMINERS.sub("", match.group(1))
        self._learn_short_forms(doc, actors)

    def _learn_short_forms(self, doc: Any, actors: dict[int, str]) -> None:
        """"the Council" after "the UN Security Council": the last word of a body's name, with
        "the", refers back to the last body so named."""
        size = len(doc)
        ends = {  # the last token of each body's name (states have no short form here)
            i for i, actor in actors.items()
            if (i + 1 >= size or i + 1 not in actors or actors[i + 1] != actor)
            and self.kb.actors.get(actor) is not None and self.kb.actors[actor].actor_kind != "state"
        }
        if not ends:
            return  # nothing to refer back to: no need to read the tokens
        table = doc.to_array([LOWER, POS]).tolist()  # read as integers, without building a Token per word
        the, nouns = doc.vocab.strings["the"], (PROPN, NOUN)
        last: dict[int, str] = {}  # lower-case form (hash) -> body
        for i in range(min(ends), size):
            lower, pos = table[i]
            if i in actors:
                if i in ends:
                    last[lower] = actors[i]
                continue
            if pos in nouns and lower in last and i > 0 and table[i - 1][0] == the:
                self.short_forms[i] = last[lower]

    def _titled(self, name: str, actor: str) -> None:
        self.person_state.setdefault(name, actor)
        self.actor_people.setdefault(actor, name)

    def full_name(self, name: str) -> str:
        """"Orlova" → "Anna Orlova"; "Han" → "Han Seung-woo" (family name first)."""
        name = clean_name(name)
        if " " in name:
            return name
        for person in self.people:
            if person.split()[-1] == name:
                return person
        for person in self.people:
            if person.split()[0] == name:
                return person
        return name

    def resolve(self, doc: Any, token: Any, actors: dict[int, str]) -> tuple[str, str, str] | None:
        """(speaker, kind, words) for the subject `token`, or None when it says nothing."""
        resolved = self._resolve(doc, token, actors)
        if resolved and (resolved[1] == "person" or (resolved[1] == "unresolved" and token.pos_ == "PROPN" and " " not in resolved[0])):
            self.spoken.append((token.idx, resolved[0]))  # a surname the tagger did not call a person still names one
        return resolved

    def _resolve(self, doc: Any, token: Any, actors: dict[int, str]) -> tuple[str, str, str] | None:
        lower = token.lower_
        if lower in ("its", "their") and token.dep_ == "poss":
            state = _state_before(doc, token, actors, self.kb)
            return (state, "actor", token.text) if state else None  # "a crisis for X. Its response was ..."
        if lower in _PRONOUNS and token.pos_ == "PRON":
            if lower in ("he", "she"):
                if self.last_claim and 0 <= token.idx - self.last_claim[2] < 400:
                    speaker, kind, _ = self.last_claim  # "The representative of X said ... He said ..."
                    return speaker, kind, token.text
                nearest = nearest_person_before(doc, token)
                person = self.full_name(nearest) if nearest else self.last_person
                if person:
                    return self._person(person), "person", token.text
            if lower == "it":
                body = _subject_before(doc, token, actors, self.kb, states_only=False)
                return (body, "actor", token.text) if body else None  # "It also demanded ...": the body last acting
            return None
        appos = [c for c in token.children if c.dep_ == "appos"]
        for child in appos:
            name = person_at(doc, child) or proper_name(child, actors)
            if name:
                return self._person(name), "person", child.text
        name = person_at(doc, token) or person_within(doc, token)
        if name:
            return self._person(name), "person", name
        if token.pos_ == "PROPN" and token.i not in actors and self.full_name(token.text) != token.text:
            return self._person(token.text), "person", token.text  # a surname NER mislabelled
        if token.i in actors:
            actor = actors[token.i]
            own = _own_phrase(token)
            named = [actors[t.i] for t in own if t.i in actors and self.kb.actors.get(actors[t.i]) is not None
                     and self.kb.actors[actors[t.i]].actor_kind == "state" and t.i not in _same_mention(doc, token)]
            if named and named[0] != actor:
                actor = named[0]  # "the Ministry of Defence of the Russian Federation": the state named wins
            if token.lemma_.lower() in _LEADERS and actor in self.actor_people:
                return self._person(self.actor_people[actor]), "person", token.text  # "the NATO chief"
            return self.stands_for.get(actor, actor), "actor", token.text
        if token.i in self.short_forms:
            return self.short_forms[token.i], "actor", token.text
        if token.text in self.acronyms:
            return self.acronyms[token.text], "unresolved", token.text
        if (token.lemma_.lower() in JOINT or token.lower_ in JOINT) and token.tag_ in ("NNS", "NNPS"):
            return None  # "the two Presidents", "the leaders": a joint voice (claim_patterns reads statements)
        words = _DETERMINERS.sub("", " ".join(t.text for t in token.subtree if t.i <= token.i))[:80]
        role = _role_key(doc, token)
        if role in self.roles:
            return self._person(self.roles[role]), "person", words
        head = token.lemma_.lower()
        owner = _owner_actor(doc, token, actors)
        owner_person = self._owner_person(doc, token)
        if head in _LEADERS and owner and owner in self.actor_people:
            return self._person(self.actor_people[owner]), "person", words  # "the Nato chief"
        if owner and _top_role(token, actors):
            person = self._leader_before(doc, token, owner)
            if person:
                return self._person(person), "person", words  # "the Soviet leader" after "Khrushchev"
        if head in _ANAPHORS and not owner and not owner_person and token.tag_ == "NN":
            state = _subject_before(doc, token, actors, self.kb, states_only=True)
            if state:
                return state, "actor", words  # "the government" of the state last acting
        if head in SPOKES or head in _LEADERS:
            if owner:
                return owner, "actor", words  # "the Russian foreign ministry", "Moscow's envoy"
            if owner_person and owner_person in self.person_state:
                return self.person_state[owner_person], "actor", words  # "the prime minister's spokesman"
        if owner and (head in SPEAKER_NOUNS or any(c.i in actors and c.dep_ in MODIFIER_DEPS for c in token.children)):
            return owner, "actor", words  # "the Iraqi delegation", not "the crises of 1956 in Poland"
        if owner_person and head in _DOCUMENTS:
            return self._person(owner_person), "person", words  # "Kissinger's letter"
        if (head in _DOCUMENTS or lower in _DOCUMENTS) and token.dep_ == "nsubjpass" and token.head.lemma_.lower() in _ADOPTING:
            body = _body_before(doc, token, actors, self)
            if body:
                return body, "actor", words  # "The Council met ...; a resolution was passed condemning ...": the body's
        if head in _DOCUMENTS or lower in _DOCUMENTS:
            return None  # "a note proposed ...": whose note the phrase does not say
        if any(f.kind in ("system", "treaty") and f.start <= token.idx < f.end for f in doc._.kb_found):
            return None  # "the Kinzhals ...", "Dark Eagle is reported to fly ...": a weapon is not a speaker
        if head not in SPEAKER_NOUNS and not token.text[:1].isupper():
            return None  # "those targets that have started to threaten us": not a speaker
        if not words.strip():
            return None
        return words, "unresolved", words

    def _leader_before(self, doc: Any, token: Any, state: str) -> str | None:
        """The person a role-only phrase ("the Soviet leader") names: the nearest person before it
        titled by that state, else the one person before it whose state the text does not give
        (two such people make the role ambiguous: None, and the state speaks)."""
        named = [(ent.start_char, self.full_name(person_text(doc, ent))) for ent in doc_ents(doc) if ent.label_ == "PERSON"]
        unknown: list[str] = []
        for start, name in sorted([*named, *self.spoken], reverse=True):
            if start >= token.idx or token.idx - start > _ROLE_REACH:
                continue
            if self.person_state.get(name) == state:
                return name
            if name not in self.person_state and name not in unknown:
                unknown.append(name)
        return unknown[0] if len(unknown) == 1 else None

    def _owner_person(self, doc: Any, token: Any) -> str | None:
        """The person a role phrase belongs to: "Putin's spokesman", "the prime minister's spokesman"."""
        for child in token.children:
            if child.dep_ in ("poss", "compound"):
                name = person_at(doc, child)
                if name:
                    return self.full_name(name)
                key = _role_key(doc, child)
                if key in self.roles:
                    return self.roles[key]
        return None

    def _person(self, name: str) -> str:
        full = self.full_name(name)
        if " " not in full or full not in self.people:
            full = canonical(self.kb, full, self.date)  # "Yoon" → "Yoon Suk Yeol", an office-holder of the time
        self.last_person = full
        return full


def _top_role(token: Any, actors: dict[int, str]) -> bool:
    """"the Soviet leader", "the Israeli prime minister": a state's one leader, with no other
    qualifier ("foreign minister", "deputy premier", "former president" name someone else)."""
    words = [c for c in token.children if c.dep_ in ("amod", "compound") and c.i not in actors]
    role = " ".join([*(w.lower_ for w in words), token.lower_])
    return role in _TOP_ROLES


def _subject_before(doc: Any, token: Any, actors: dict[int, str], kb: KnowledgeBase, *, states_only: bool) -> str | None:
    """The state or body that is the subject of the nearest clause before `token`, in its
    sentence or the two before; None when that subject is something else ("The plan ... It")."""
    start = token.sent.start
    for _ in range(2):
        start = doc[start - 1].sent.start if start > 0 else start
    for candidate in reversed(doc[start:token.i]):
        clause = candidate.head
        main = clause.dep_ in ("ROOT", "conj", "parataxis") or (clause.dep_ == "ccomp" and clause.i < clause.head.i)
        if candidate.dep_ != "nsubj" or candidate.lower_ in _RELATIVE or not main:
            continue  # main clauses only ("X acted; all failed" too): "demanded that the talks resume" is about the talks
        if candidate.i not in actors:
            if candidate.pos_ in ("PROPN", "NOUN") and candidate.lower_ not in _ANAPHORS:
                return None
            continue
        actor = actors[candidate.i]
        known = kb.actors.get(actor)
        if states_only and (known is None or known.actor_kind != "state"):
            return None
        return actor
    return None


def _body_before(doc: Any, token: Any, actors: dict[int, str], speakers: Speakers) -> str | None:
    """The body (not a state) named last before `token`, in its sentence or the one before."""
    start = token.sent.start
    start = doc[start - 1].sent.start if start > 0 else start
    for candidate in reversed(doc[start:token.i]):
        actor = actors.get(candidate.i) or speakers.short_forms.get(candidate.i)
        known = speakers.kb.actors.get(actor) if actor else None
        if known is not None and known.actor_kind not in ("state", "office"):
            return actor
    return None


def _state_before(doc: Any, token: Any, actors: dict[int, str], kb: KnowledgeBase) -> str | None:
    """The state named last before `token`, in its sentence or the one before."""
    start = token.sent.start
    start = doc[start - 1].sent.start if start > 0 else start
    for candidate in reversed(doc[start:token.i]):
        known = kb.actors.get(actors[candidate.i]) if candidate.i in actors else None
        if known is not None and known.actor_kind == "state":
            return known.id
    return None


def _own_phrase(token: Any) -> list[Any]:
    """The token's phrase without conjoined siblings ("Seoul and Tokyo": Seoul's phrase is "Seoul")."""
    out = []
    stack = [token]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(c for c in current.children if c.dep_ not in ("conj", "cc", "relcl", "appos", "punct"))
    return out


def _same_mention(doc: Any, token: Any) -> set[int]:
    """Token indexes of the KB mention that holds `token`."""
    for found in doc._.kb_found:
        if found.start <= token.idx < found.end:
            span = doc.char_span(found.start, found.end, alignment_mode="expand")
            return {t.i for t in span} if span is not None else {token.i}
    return {token.i}


def _owner_actor(doc: Any, token: Any, actors: dict[int, str]) -> str | None:
    """"the Russian foreign ministry", "Moscow's envoy": a state owns the speaking office."""
    for child in token.subtree:
        if child.i in actors and child.i != token.i and child.dep_ in ("poss", "compound", "amod", "nmod", "pobj"):
            return actors[child.i]
    return None


def _role_key(doc: Any, token: Any, drop: dict[int, str] | None = None) -> str:
    """"putin spokesman", "prime minister": the role words of a noun phrase (optionally without states)."""
    of_objects = {o.i for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.subtree if o.dep_ != "det"}
    words = [
        t.lemma_.lower() for t in token.subtree
        if (t.dep_ in ("poss", "compound", "amod") and t.head.i == token.i or t.i == token.i or t.i in of_objects)
        and not (drop and t.i in drop) and t.dep_ != "prep"
    ]
    return " ".join(w for w in words if w not in ("the", "a", "’s", "'s"))
