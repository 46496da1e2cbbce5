"""Attributed statements ("claims") from a parsed article body.

Patterns, from the dependency parse:
- a speech verb with its subject: "X said (that) ...", "X accused Y of ...", "X told Y ...",
  "“...,” said X", "X said: “...”";
- "according to X, ...";
- "X, citing Z, reported ...": X is the speaker, Z the cited source;
- direct quotes with no verb of their own, including quotes that run over several
  paragraphs: they go to the speaker of the quote they continue or that follows.

Speakers are resolved within the article (`Speakers`): a surname to the full name
met earlier, a pronoun to the last person speaking, a role ("Putin's spokesman")
to the person it was set beside, a state's office or metonym to the state.
The same (speaker, stance, content) said twice (a caption, a pull quote) is one
claim with two evidence spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..kb import KnowledgeBase, load_kb
from .stance import Modality, classify_stance, read_modality
from ._spacy import doc_ents, doc_text

EXTRACTOR = "claims.rules.v1"

SPEECH_VERBS = frozenset(
    """say tell add state note stress explain insist argue claim assert write suggest remark observe
    reply comment describe acknowledge admit report predict estimate confirm reveal recall
    accuse blame charge allege condemn denounce criticize criticise slam fault deny reject dismiss
    refute rebuff warn threaten vow urge demand press ask appeal call announce declare unveil pledge
    promise decline refuse shoot tweet post""".split()
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_RELATIVE = {"which", "who", "that"}
# Verbs that only report speech when they have something said: a clause, a quote, an object.
_NEEDS_CONTENT = frozenset("say tell add state note stress explain insist argue claim assert write suggest remark observe reply comment describe acknowledge admit report predict estimate confirm reveal recall shoot tweet post".split())
# Heads of speaker phrases that speak for their state ("the ministry's spokesman") or name its leader ("the Nato chief").
_SPOKES = frozenset("spokesman spokeswoman spokesperson official officials ministry government office diplomat diplomats envoy embassy mission delegation".split())
_LEADERS = frozenset("chief head leader secretary-general president premier chancellor minister boss".split())
# Heads of phrases that can speak: people by role, bodies, media. "those targets" cannot.
SPEAKER_NOUNS = frozenset(
    """newspaper paper daily agency outlet media television channel broadcaster magazine report statement
    official officials spokesman spokeswoman spokesperson minister ministry president leader government army
    military command commander source sources analyst analysts diplomat diplomats expert experts lawmaker
    lawmakers senator senators lecturer professor researcher fellow ambassador envoy observer observers
    critic critics officer officers chief head secretary premier chancellor council parliament committee
    alliance administration office embassy mission delegation authorities authority state country
    prosecutor court judge representative representatives member members activist activists group
    website blog study survey institute think tank president-elect candidate party""".split()
)
_ACRONYM = re.compile(r"\b((?:the )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,6}) \(([A-Z]{2,6})\)")
_DETERMINERS = re.compile(r"^(?:the|a|an)\s+", re.I)
_QUOTE_PAIRS = (("“", "”"), ('"', '"'))
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Claim:
    speaker: str  # a person's full name, a KB actor id ("RU", "nato"), or the words used
    speaker_kind: str  # person | actor | unresolved
    speaker_text: str  # the words in the body
    cue: str
    stance: str
    stance_evidence: str
    content: str
    start: int  # content span in the body
    end: int
    target: str | None
    about: tuple[str, ...]
    cited: tuple[str, ...]  # speaker → cites → ... chain (the cited sources, in order)
    modality: Modality
    evidence: tuple[tuple[int, int], ...] = ()
    answers: int | None = None  # a denial: the start offset of the accusation it answers
    extractor: str = EXTRACTOR

    def key(self) -> tuple[str, str, str]:
        return (self.speaker, self.stance, _norm(self.content)[:80])


@dataclass
class Speakers:
    """What the article has said so far about who is who."""

    kb: KnowledgeBase
    people: list[str] = field(default_factory=list)  # full names, in order met
    roles: dict[str, str] = field(default_factory=dict)  # role words -> full name or actor id
    person_state: dict[str, str] = field(default_factory=dict)  # full name -> actor id in their title
    actor_people: dict[str, str] = field(default_factory=dict)  # actor id -> first person titled by it
    acronyms: dict[str, str] = field(default_factory=dict)  # "FAZ" -> the name it abbreviates
    last_person: str | None = None
    last_claim: tuple[str, str, int] | None = None  # (speaker, kind, end offset) of the latest claim

    def learn(self, doc: Any, actors: dict[int, str]) -> None:
        """Collect people, titles ("NATO Secretary-General X", "the UK prime minister, X"),
        appositions and acronyms from the whole document."""
        for ent in doc_ents(doc):
            if ent.label_ == "PERSON" and len(ent) > 1 and ent.text not in self.people:
                name = _clean_name(ent.text)
                self.people.append(name)
                title_actor = next((actors[t.i] for t in ent.root.subtree if t.i in actors and t.i < ent.start), None)
                if title_actor:
                    self._titled(name, title_actor)
        for token in doc:
            if token.dep_ == "appos":
                head, other = token.head, token
                for role, person in ((head, other), (other, head)):
                    name = _person_at(doc, person)
                    if name and not _person_at(doc, role):
                        name = self.full_name(name)
                        self.roles[_role_key(doc, role)] = name
                        self.roles[_role_key(doc, role, drop=actors)] = name
                        owner = next((actors[t.i] for t in role.subtree if t.i in actors), None)
                        if owner:
                            self._titled(name, owner)
        for match in _ACRONYM.finditer(doc_text(doc)):
            self.acronyms[match.group(2)] = _DETERMINERS.sub("", match.group(1))

    def _titled(self, name: str, actor: str) -> None:
        self.person_state.setdefault(name, actor)
        self.actor_people.setdefault(actor, name)

    def full_name(self, name: str) -> str:
        """"Orlova" → "Anna Orlova"; "Han" → "Han Seung-woo" (family name first)."""
        name = _clean_name(name)
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
        lower = token.lower_
        if lower in _PRONOUNS and token.pos_ == "PRON":
            if lower in ("he", "she"):
                if self.last_claim and 0 <= token.idx - self.last_claim[2] < 400:
                    speaker, kind, _ = self.last_claim  # "The representative of X said ... He said ..."
                    return speaker, kind, token.text
                nearest = _nearest_person_before(doc, token)
                person = self.full_name(nearest) if nearest else self.last_person
                if person:
                    return self._person(person), "person", token.text
            return None
        appos = [c for c in token.children if c.dep_ == "appos"]
        for child in appos:
            name = _person_at(doc, child)
            if name:
                return self._person(name), "person", child.text
        name = _person_at(doc, token) or _person_within(doc, token)
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
            return actor, "actor", token.text
        if token.text in self.acronyms:
            return self.acronyms[token.text], "unresolved", token.text
        words = _DETERMINERS.sub("", " ".join(t.text for t in token.subtree if t.i <= token.i))[:80]
        role = _role_key(doc, token)
        if role in self.roles:
            return self._person(self.roles[role]), "person", words
        head = token.lemma_.lower()
        owner = _owner_actor(doc, token, actors)
        owner_person = self._owner_person(doc, token)
        if head in _LEADERS and owner and owner in self.actor_people:
            return self._person(self.actor_people[owner]), "person", words  # "the Nato chief"
        if head in _SPOKES or head in _LEADERS:
            if owner:
                return owner, "actor", words  # "the Russian foreign ministry", "Moscow's envoy"
            if owner_person and owner_person in self.person_state:
                return self.person_state[owner_person], "actor", words  # "the prime minister's spokesman"
        if owner:
            return owner, "actor", words
        if any(f.kind in ("system", "treaty") and f.start <= token.idx < f.end for f in doc._.kb_found):
            return None  # "the Kinzhals ...", "Dark Eagle is reported to fly ...": a weapon is not a speaker
        if head not in SPEAKER_NOUNS and not token.text[:1].isupper():
            return None  # "those targets that have started to threaten us": not a speaker
        return words, "unresolved", words

    def _owner_person(self, doc: Any, token: Any) -> str | None:
        """The person a role phrase belongs to: "Putin's spokesman", "the prime minister's spokesman"."""
        for child in token.children:
            if child.dep_ in ("poss", "compound"):
                name = _person_at(doc, child)
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


def extract_claims(doc: Any, kb: KnowledgeBase | None = None) -> list[Claim]:
    """Every attributed statement in `doc` (a parsed spaCy Doc whose `._.kb_found` is set)."""
    kb = kb or load_kb()
    actors = _actor_tokens(doc, kb)
    speakers = Speakers(kb)
    speakers.learn(doc, actors)
    quotes = _quote_spans(doc_text(doc))
    claims: list[Claim] = []
    covered: list[tuple[int, int]] = []
    for token in doc:
        found: list[Claim] = []
        if any(start <= token.idx < end for start, end in quotes):
            continue  # speech inside a quote is part of what the quoted speaker says
        if token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX"):
            found = _from_verb(doc, token, speakers, actors, quotes, kb)
        elif token.lower_ == "according" and token.i + 1 < len(doc) and token.nbor(1).lower_ == "to":
            claim = _from_according(doc, token, speakers, actors, kb)
            found = [claim] if claim else []
        for claim in found:
            claims.append(claim)
            covered.append((claim.start, claim.end))
            speakers.last_claim = (claim.speaker, claim.speaker_kind, max(claim.end, token.idx))
    claims.extend(_unattributed_quotes(doc, quotes, covered, claims, kb))
    claims.extend(_interview_turns(doc, speakers, covered))
    return link_denials(merge_repeats(claims))


def link_denials(claims: list[Claim]) -> list[Claim]:
    """A denial by X answers the accusation aimed at X (the nearest one before it, else after)."""
    accusations = [c for c in claims if c.stance == "accuse" and c.target]
    out = []
    for claim in claims:
        if claim.stance == "deny":
            aimed = [a for a in accusations if a.target == claim.speaker]
            before = [a for a in aimed if a.start <= claim.start]
            chosen = before[-1] if before else (aimed[0] if aimed else None)
            if chosen is not None:
                claim = Claim(**{**claim.__dict__, "answers": chosen.start})
        out.append(claim)
    return out


def merge_repeats(claims: list[Claim]) -> list[Claim]:
    """One claim per (speaker, stance, proposition); repeats add evidence spans."""
    merged: dict[tuple[str, str, str], Claim] = {}
    for claim in claims:
        key = claim.key()
        if key in merged:
            first = merged[key]
            merged[key] = _with_evidence(first, first.evidence + ((claim.start, claim.end),))
        else:
            merged[key] = _with_evidence(claim, ((claim.start, claim.end),))
    return sorted(merged.values(), key=lambda c: c.start)


def _with_evidence(claim: Claim, evidence: tuple[tuple[int, int], ...]) -> Claim:
    return Claim(**{**claim.__dict__, "evidence": evidence})


def _from_verb(doc: Any, verb: Any, speakers: Speakers, actors: dict[int, str], quotes: list[tuple[int, int]], kb: KnowledgeBase) -> list[Claim]:
    """One claim per subject: "Washington and NATO accused Moscow" is two speakers."""
    subject = _subject(verb)
    if subject is None:
        return []
    subjects = [subject, *(t for t in subject.children if t.dep_ == "conj")]
    claims = [_claim_for(doc, verb, s, speakers, actors, quotes) for s in subjects]
    return [c for c in claims if c is not None]


def _claim_for(doc: Any, verb: Any, subject: Any, speakers: Speakers, actors: dict[int, str], quotes: list[tuple[int, int]]) -> Claim | None:
    resolved = speakers.resolve(doc, subject, actors)
    if resolved is None:
        return None
    speaker, kind, words = resolved
    sent = verb.sent
    content_tokens = _content_tokens(verb, subject)
    quote = _quote_in(sent, quotes) if not content_tokens else None
    if content_tokens:
        start, end = content_tokens[0].idx, content_tokens[-1].idx + len(content_tokens[-1])
        around = next(((s, e) for s, e in quotes if s <= start < e), None)
        if around:
            start, end = around  # the clause is part of a quote: the statement is the whole quote
    elif quote:
        start, end = quote
    elif verb.lemma_.lower() in _NEEDS_CONTENT:
        return None  # "the move is merely defending", "shot back" with nothing said
    else:
        start, end = sent.start_char, sent.end_char
    content = doc_text(doc)[start:end]
    cue_phrase = " ".join(
        t.text for t in sorted([verb, *verb.children], key=lambda t: t.i)
        if t is verb or t.dep_ in ("prt", "xcomp") or (t.dep_ == "prep" and t.i > verb.i and t.lower_ in ("on", "for", "of", "to"))
    )
    if verb.lemma_.lower() in ("decline", "refuse"):
        xcomp = [c for c in verb.children if c.dep_ == "xcomp"]
        if not xcomp or xcomp[0].lemma_.lower() not in ("comment", "answer", "confirm", "say", "elaborate", "discuss", "disclose", "specify"):
            return None
    stance, evidence = classify_stance(verb.lemma_.lower(), content, cue_phrase=cue_phrase)
    cited = tuple(_cited(doc, verb, speakers, actors))
    return Claim(
        speaker=speaker, speaker_kind=kind, speaker_text=words, cue=cue_phrase, stance=stance,
        stance_evidence=evidence, content=content, start=start, end=end,
        target=_target(verb, actors, speaker), about=_about(doc, sent.start_char, sent.end_char),
        cited=cited, modality=read_modality(content),
    )


def _from_according(doc: Any, token: Any, speakers: Speakers, actors: dict[int, str], kb: KnowledgeBase) -> Claim | None:
    to = token.nbor(1)
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    resolved = speakers.resolve(doc, objects[0], actors)
    if resolved is None:
        return None
    speaker, kind, words = resolved
    sent = token.sent
    content = sent.text
    stance, evidence = classify_stance("report", content)
    return Claim(
        speaker=speaker, speaker_kind=kind, speaker_text=words, cue="according to", stance=stance,
        stance_evidence=evidence, content=content, start=sent.start_char, end=sent.end_char,
        target=None, about=_about(doc, sent.start_char, sent.end_char), cited=(),
        modality=read_modality(content),
    )


def _unattributed_quotes(
    doc: Any, quotes: list[tuple[int, int]], covered: list[tuple[int, int]], claims: list[Claim], kb: KnowledgeBase
) -> list[Claim]:
    """Quoted paragraphs with no verb of their own take the speaker of the nearest attributed quote."""
    out = []
    attributed = sorted(claims, key=lambda c: c.start)
    for start, end in quotes:
        if any(s <= start < e or start <= s < end for s, e in covered):
            continue
        if end - start < 40:
            continue  # a scare-quoted phrase, not a statement
        after = next((c for c in attributed if c.start >= end and c.start - end < 400), None)
        before = next((c for c in reversed(attributed) if c.end <= start and start - c.end < 600), None)
        source = after if after and doc_text(doc)[end:after.start].count("\n\n") <= 1 else before
        if source is None:
            continue
        content = doc_text(doc)[start:end]
        stance, evidence = classify_stance("say", content)
        out.append(Claim(
            speaker=source.speaker, speaker_kind=source.speaker_kind, speaker_text=source.speaker_text,
            cue="(quote)", stance=stance, stance_evidence=evidence, content=content, start=start, end=end,
            target=None, about=_about(doc, start, end), cited=(), modality=read_modality(content),
        ))
    return out


# "Richard Armitage, former deputy secretary of state: The message ..." / "Armitage: That ..."
_TURN_LABEL = re.compile(r"(?:^|(?<=[.?!”\"\]]\s))([A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){0,3})(?:, [^:.?!]{3,90})?: (?=[A-Z“\"])")


def _interview_turns(doc: Any, speakers: Speakers, covered: list[tuple[int, int]]) -> list[Claim]:
    """Interview transcripts: each sentence of a named person's turn is their statement.
    Only labels that are people the article names count (not "VOA:", "Q:", headings)."""
    labels = [m for m in _TURN_LABEL.finditer(doc_text(doc)) if _is_person_label(m.group(1), speakers)]
    if not labels:
        return []
    turn_starts = [m.start() for m in _TURN_LABEL.finditer(doc_text(doc))]
    out = []
    for match in labels:
        name = speakers.full_name(match.group(1))
        end = next((t for t in turn_starts if t > match.start()), len(doc_text(doc)))
        span = doc.char_span(match.end(), end, alignment_mode="contract")
        if span is None:
            continue
        for sent in span.sents:
            text = sent.text.strip()
            if len(text) < 20 or any(s <= sent.start_char < e for s, e in covered):
                continue
            stance, evidence = classify_stance("say", text)
            out.append(Claim(
                speaker=name, speaker_kind="person", speaker_text=match.group(1), cue="(interview)", stance=stance,
                stance_evidence=evidence, content=text, start=sent.start_char, end=sent.end_char, target=None,
                about=_about(doc, sent.start_char, sent.end_char), cited=(), modality=read_modality(text),
            ))
    return out


def _is_person_label(label: str, speakers: Speakers) -> bool:
    full = speakers.full_name(label)
    return full in speakers.people or any(label == p.split()[-1] for p in speakers.people)


def _subject(verb: Any) -> Any:
    """The verb's subject, walking up shared-subject links: "X denied it and said ...",
    "X is due to meet Y and is expected to say ...", "Russia, which denies the accusation"."""
    token = verb
    for _ in range(5):
        for child in token.children:
            if child.dep_ in _SUBJECTS:
                if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                    return token.head
                return child
        if token.dep_ == "relcl" and token.head.dep_ in _SUBJECTS:
            return token.head
        if token.dep_ not in ("conj", "xcomp", "acomp") or token.head is token:
            return None
        token = token.head
    return None


def _content_tokens(verb: Any, subject: Any) -> list[Any]:
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i != subject.i:
            return list(child.subtree)
    if verb.lemma_.lower() in ("accuse", "blame", "urge", "warn", "deny", "reject", "dismiss", "call", "threaten", "announce"):
        tokens = [t for c in verb.children if c.dep_ in ("dobj", "prep", "dative", "xcomp") for t in c.subtree]
        return sorted(tokens, key=lambda t: t.i)
    return []


def _quote_in(sent: Any, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    for start, end in quotes:
        if start < sent.end_char + 200 and end > sent.start_char - 5:
            return start, end
    return None


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted stretches; a quote opened and not closed in its paragraph runs on (news style)."""
    spans = []
    for opening, closing in _QUOTE_PAIRS:
        position = 0
        while True:
            start = text.find(opening, position)
            if start < 0:
                break
            end = text.find(closing, start + 1)
            if end < 0:
                break
            spans.append((start + 1, end))
            position = end + 1
    return sorted(spans)


def _cited(doc: Any, verb: Any, speakers: Speakers, actors: dict[int, str]) -> list[str]:
    out = []
    for child in verb.children:
        if child.dep_ == "advcl" and child.lemma_.lower() in ("cite", "quote"):
            objects = [c for c in child.children if c.dep_ == "dobj"]
            if objects:
                out.append(" ".join(t.text for t in objects[0].subtree))
    return out


def _target(verb: Any, actors: dict[int, str], speaker: str) -> str | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.i in actors and actors[child.i] != speaker:
            return actors[child.i]
        if child.dep_ == "prep" and child.lower_ in ("against", "on", "with", "to"):
            for obj in child.children:
                if obj.i in actors and actors[obj.i] != speaker:
                    return actors[obj.i]
    return None


def _about(doc: Any, start: int, end: int) -> tuple[str, ...]:
    found = [f.id for f in doc._.kb_found if f.kind in ("system", "treaty") and start <= f.start < end]
    return tuple(dict.fromkeys(found))


def _actor_tokens(doc: Any, kb: KnowledgeBase) -> dict[int, str]:
    """Token index → state or organisation id, for every KB actor mention (offices → their state)."""
    out = {}
    for found in doc._.kb_found:
        if found.kind != "actor":
            continue
        if found.ambiguous and kb.actors[found.id].actor_kind == "office":
            continue  # "the Ministry of Defence" alone does not say whose
        actor_id = _state_of(found.id, kb)
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                out[token.i] = actor_id
    return out


def _state_of(actor_id: str, kb: KnowledgeBase) -> str:
    """Offices speak for their state; alliances and bodies for themselves."""
    return kb.state_of(actor_id) or actor_id


def _person_at(doc: Any, token: Any) -> str | None:
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and ent.start <= token.i < ent.end:
            return _clean_name(ent.text)
    return None


def _own_phrase(token: Any) -> list[Any]:
    """The token's phrase without conjoined siblings ("Seoul and Tokyo": Seoul's phrase is "Seoul")."""
    out = []
    stack = [token]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(c for c in current.children if c.dep_ not in ("conj", "cc", "relcl"))
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
            best = ent.text
    return _clean_name(best) if best else None


def _person_within(doc: Any, token: Any) -> str | None:
    """A named person inside a longer subject ("lecturer Soli Ozel of Istanbul's Kadir Has")."""
    left = {t.i for t in token.subtree if t.i <= token.i}
    for ent in doc_ents(doc):
        if ent.label_ == "PERSON" and any(t.i in left for t in ent):
            return _clean_name(ent.text)
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


_TITLES = re.compile(r"^(?:(?:MEP|MP|Mr|Mrs|Ms|Dr|Sen|Senator|Rep|President|Prime Minister|Minister|General|Gen|Col|Admiral|Adm)\.?\s+)+")


def _clean_name(text: str) -> str:
    """A person's name without a possessive or a leading title ("MEP Urmas Paet" → "Urmas Paet")."""
    name = re.sub(r"[’']s$", "", text.strip()).strip()
    return _TITLES.sub("", name) or name


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
