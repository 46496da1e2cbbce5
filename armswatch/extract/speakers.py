"""Who is speaking: resolving a claim's subject to a person, a state or an organisation.

Speakers are resolved within the article (`Speakers`): a surname to the full name
met earlier, a pronoun to the last person speaking, a role ("Putin's spokesman")
to the person it was set beside, a state's office or metonym to the state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import DEP, ENT_TYPE, LOWER, ORTH, POS
from spacy.parts_of_speech import NOUN, PROPN

from ..kb import KnowledgeBase
from ..kb.demonyms import state_of_demonym
from ._spacy import doc_ents, doc_text
from .stance import cue_set, cues

_PRONOUNS = cue_set("speakers", "pronouns")
_RELATIVE = {"which", "who", "that"}
# Heads of speaker phrases that speak for their state ("the ministry's spokesman") or name its leader ("the Nato chief").
SPOKES = cue_set("speakers", "spokes")
_LEADERS = cue_set("speakers", "leaders")
# Heads of phrases that can speak: people by role, bodies, media. "those targets" cannot.
SPEAKER_NOUNS = cue_set("speakers", "nouns")
_DOCUMENTS = cue_set("speakers_extra", "documents")
_HEADINGS = cue_set("speakers_extra", "headings")
_ORGAN_WORDS = tuple(cues()["speakers_extra"]["state_organ_words"])
JOINT = cue_set("speakers", "joint")
_MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")
_COMPASS = {"North", "South", "East", "West"}
_FORMER: dict[str, str] = cues()["speakers_extra"]["former_demonyms"]
_ANAPHORS = cue_set("speakers_extra", "anaphors")
_TOP_ROLES = cue_set("speakers_extra", "top_roles")
_ADOPTING = cue_set("speakers_extra", "adopting")
_ROLE_REACH = 3000  # characters back to the person a role-only phrase stands for
_SUCCEEDED = {"North", "South"}  # "North Vietnamese" with no entry of its own: the state that succeeded it
_ACRONYM = re.compile(r"\b((?:the )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,6}) \(([A-Z]{2,6})\)")
_DETERMINERS = re.compile(r"^(?:(?:" + "|".join(cues()["speakers_extra"]["determiners"]) + r")\s+)+", re.I)
_TITLES = re.compile(r"^(?:(?:MEP|MP|Mr|Mrs|Ms|Dr|Sen|Senator|Rep|President|Prime Minister|Minister|General|Gen|Col|Admiral|Adm)\.?\s+)+")
# Metonyms and words that stand for Russia but, in a text about the Soviet era, for the USSR.
_SOVIET_ERA_RU = "RU"
_SOVIET = "SU"
_RUSSIA_BY_NAME = {"russia", "russian federation", "the russian federation"}


@dataclass
class Speakers:
    """What the article has said so far about who is who."""

    kb: KnowledgeBase
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
                nearest = _nearest_person_before(doc, token)
                person = self.full_name(nearest) if nearest else self.last_person
                if person:
                    return self._person(person), "person", token.text
            if lower == "it":
                body = _subject_before(doc, token, actors, self.kb, states_only=False)
                return (body, "actor", token.text) if body else None  # "It also demanded ...": the body last acting
            return None
        appos = [c for c in token.children if c.dep_ == "appos"]
        for child in appos:
            name = person_at(doc, child) or _proper_name(child, actors)
            if name:
                return self._person(name), "person", child.text
        name = person_at(doc, token) or _person_within(doc, token)
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
        if owner and (head in SPEAKER_NOUNS or any(c.i in actors and c.dep_ in _MODIFIER_DEPS for c in token.children)):
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
        self.last_person = full
        return full


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
    deps = {doc.vocab.strings[dep] for dep in (*_MODIFIER_DEPS, "conj")}
    org = doc.vocab.strings["ORG"]
    table = doc.to_array([DEP, ENT_TYPE, POS]).tolist() if len(doc) else []
    # Only tokens that can pass either test below (read as integers: a Token per word costs more).
    for token in (doc[i] for i, (dep, ent, pos) in enumerate(table) if dep in deps or (ent == org and pos == PROPN)):
        modifier = token.dep_ in _MODIFIER_DEPS or (token.dep_ == "conj" and token.head.dep_ in _MODIFIER_DEPS)
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


def _proper_name(token: Any, actors: dict[int, str]) -> str | None:
    """"the Ecuadorian president, Jaime Roldos,": a two- or three-word proper name set beside a
    role names a person even when the tagger calls it an organisation."""
    words = [t for t in token.subtree if t.i <= token.i]
    if token.i in actors or not 2 <= len(words) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words):
        return None
    return " ".join(t.text for t in words)


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
        if child.dep_ in _MODIFIER_DEPS and child.i in actors:
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


def person_at(doc: Any, token: Any) -> str | None:
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and ent.start <= token.i < _person_end(doc, ent):
            name = clean_name(person_text(doc, ent))
            return name or None
    return None


def person_text(doc: Any, ent: Any) -> str:
    """A PERSON entity with the name parts the tagger left out ("Yoon Suk" + "Yeol")."""
    return doc[ent.start:_person_end(doc, ent)].text


def _person_end(doc: Any, ent: Any) -> int:
    end = ent.end
    while (end < len(doc) and end - ent.start < 5 and doc[end].pos_ == "PROPN" and not doc[end].ent_type_
           and doc[end].text[:1].isupper() and doc[end].text.isalpha() and not doc[end].text.isupper()):
        end += 1
    if (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
            and doc[end + 1].is_alpha):
        end += 2  # "Jae" + "-" + "in": a hyphenated given name the tagger cut at its hyphen
    return end


def clean_name(text: str) -> str:
    """A person's name without a possessive, a leading title or a section heading glued to it
    ("MEP Urmas Paet" → "Urmas Paet", "Background Khrushchev" → "Khrushchev")."""
    name = re.sub(r"[’']s$", "", text.strip()).strip()
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(":") in _HEADINGS:
        words = words[1:]
    name = " ".join(words)
    return _TITLES.sub("", name) or name


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


def _nearest_person_before(doc: Any, token: Any) -> str | None:
    """The last person named before `token` (within the last few sentences)."""
    best = None
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and ent.end <= token.i and token.idx - ent.start_char < 1500:
            best = person_text(doc, ent)
    return clean_name(best) if best else None


def _person_within(doc: Any, token: Any) -> str | None:
    """A named person inside a longer subject ("lecturer Soli Ozel of Istanbul's Kadir Has")."""
    left = {t.i for t in token.subtree if t.i <= token.i}
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and any(t.i in left for t in ent):
            return clean_name(person_text(doc, ent))
    return None


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
