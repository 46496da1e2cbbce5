"""Claims that no speech verb introduces: quotes that run on, interview and briefing turns,
and the voice of a statement issued in its signatories' names.

- A quoted paragraph with no verb of its own belongs to the nearest attributed quote.
- "Helga Brandt, former state secretary: The launchers ..." (interview turns): the named person.
- Press-briefing transcripts ("MS. SMITH: ...", "Q ..."): each answer sentence is the briefer's,
  and the reporters' questions are never claims.
- A statement whose title (or opening sentence) names its issuers ("Joint Statement by President
  X and Prime Minister Y", "Statement by the United States and Germany"): its "we", "the
  leaders", and sentences with no other speaker are each issuer's; a sentence about one
  party ("The United States commits to ...") is that party's issuer's.
"""

from __future__ import annotations

import re
from typing import Any

from ..kb.gazetteer import find_names
from ._spacy import doc_text
from .briefing import Turn, briefing_turns, declines, refusal
from .claim_base import Claim, about
from .office_holders import canonical, holder_named, leaders_named, leaders_of_states, offices_named, title_names_leaders
from .speakers import JOINT, Speakers, subject_of
from .stance import VERB_STANCE, classify_stance, content_stances, cues, read_modality
from .statement_titles import _state_after, _state_before, _state_in, _state_just_before, _title_people, _title_people_at

_STATEMENT_WORDS = tuple(cues()["statements"]["title_words"])
# "Joint Statement on ...", "Statement by ...", "Readout of ...", "Washington Declaration", "FACT SHEET: ...".
_STATEMENT_TITLE = re.compile(
    r"^(?:(?:joint )?(?:" + "|".join(re.escape(w) for w in _STATEMENT_WORDS) + r"))\b|\b(?:"
    + "|".join(re.escape(w) for w in _STATEMENT_WORDS) + r")(?:\s+(?:by|from|of|between)\b|\s*:|\s*$)",
    re.I,
)
_JOINT_TITLE = re.compile(r"\bjoint\s+(?:statement|declaration|communiqu[eé]|fact\s+sheet)\b", re.I)
# "Trilateral National Security Advisors Statement on ...", "G7 Foreign Ministers' Statement on ...":
# a statement of several officials of one rank, each named in the body.
_GROUP_TITLE = re.compile(
    r"\b(?:bilateral|trilateral|quadrilateral|multilateral)\b.*\bstatement\b|"
    r"\b(?:leaders|ministers|advisors|advisers|secretaries|chiefs|counterparts)[’']?\s+(?:joint\s+)?statement\b",
    re.I,
)
_LETTER_TITLE = re.compile(
    r"^(?:(?:a|the)\s+)?(?:text\s+of\s+(?:a|the)\s+)?(?:"
    + "|".join(re.escape(w) for w in cues()["statements"]["letter_words"]) + r")\b",
    re.I,
)
# The signer's name that the cleaner keeps at a letter's foot: "JANE Q. DOE JR.", "Jane Q. Doe".
_SIGNER = re.compile(r"^[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){1,5}(?:,?\s+(?:Jr|Sr|JR|SR|II|III|IV)\.?)?$")
_OPENING_SENTENCES = 6
_GOVERNMENT_WORDS = frozenset(cues()["statements"]["government_words"])
_ISSUER_PREPOSITION = re.compile(r"\b(?:by|from|of|between)\b", re.I)
# "Richard Armitage, former deputy secretary of state: The message ..." / "Armitage: That ..."
_TURN_LABEL = re.compile(r"(?:^|(?<=[.?!”\"\]]\s))([A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){0,3})(?:, [^:.?!]{3,90})?: (?=[A-Z“\"])")



def voice_quotes(doc: Any, quotes: list[tuple[int, int]], issuers: list[Issuer]) -> list[tuple[int, int]]:
    """The quotes that are a statement's own voice: a statement issued as one quotation of its
    issuers ("“Today, the two leaders ...”") reports what others said as any statement does."""
    if not issuers:
        return []
    text = doc_text(doc)
    opening = len(text) - len(text.lstrip())
    return [(start, end) for start, end in quotes if start - 1 <= opening and end - start > len(text) // 2]


def in_turns(offset: int, turns: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in turns)


def unattributed_quotes(doc: Any, quotes: list[tuple[int, int]], covered: list[tuple[int, int]], claims: list[Claim]) -> list[Claim]:
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
            target=None, about=about(doc, start, end), cited=(), modality=read_modality(content),
        ))
    return out


def interview_turns(doc: Any, speakers: Speakers, covered: list[tuple[int, int]], *, skip: list[Turn] = ()) -> list[Claim]:  # type: ignore[assignment]
    """Interview transcripts: each sentence of a named person's turn is their statement.
    Only labels that are people the article names count (not "VOA:", "Q:", headings)."""
    text = doc_text(doc)
    labels = [m for m in _TURN_LABEL.finditer(text) if _is_person_label(m.group(1), speakers)
              and not any(s <= m.start() < e for s, e, *_ in skip)]
    if not labels:
        return []
    turn_starts = [m.start() for m in _TURN_LABEL.finditer(text)]
    out = []
    for match in labels:
        end = next((t for t in turn_starts if t > match.start()), len(text))
        out.extend(_turn_claims(doc, speakers.full_name(match.group(1)), match.group(1), match.end(), end, covered, "(interview)"))
    return out


def transcript_turns(doc: Any, speakers: Speakers, title: str | None) -> tuple[list[tuple[int, int]], list[Turn]]:
    """A briefing transcript's question turns and answer turns (briefing.py)."""
    return briefing_turns(doc, speakers, _title_people(title))


Issuer = tuple[str, str, str | None]  # speaker, kind, the state it speaks for


def statement_claims(
    doc: Any, speakers: Speakers, actors: dict[int, str], issuers: list[Issuer],
    covered: list[tuple[int, int]], answers: list[Turn], questions: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> list[Claim]:
    """The briefer's answers, or the voice of a statement issued in its signatories' names."""
    out: list[Claim] = []
    text = doc_text(doc)
    for start, end, name, kind in answers:
        asked = max((q for q in questions if q[1] <= start), default=None)
        question = text[asked[0]:asked[1]] if asked else ""
        named = bool(asked and about(doc, asked[0], asked[1]))  # the question names a weapon or a treaty
        out.extend(_turn_claims(doc, name, name, start, end, covered, "(briefing)", kind=kind, question=question, asked_schema=named))
    if answers or not issuers:
        return out
    issuer_states = {state: speaker for speaker, _, state in issuers if state}
    for sent in doc.sents:
        text = sent.text.strip()
        if len(text) < 25 or not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue
        voices = _voices(doc, sent, speakers, actors, issuers, issuer_states)
        if not voices:
            continue
        stances = _sentence_stances(sent, text)
        target = next((actors[t.i] for t in sent if t.i in actors and actors[t.i] not in issuer_states
                       and actors[t.i] not in {s for s, _, _ in issuers}), None)
        for speaker, kind in voices:
            for stance, evidence in stances:
                out.append(Claim(
                    speaker=speaker, speaker_kind=kind, speaker_text=speaker, cue="(statement)", stance=stance,
                    stance_evidence=evidence, content=text, start=sent.start_char, end=sent.end_char,
                    target=target if stance in ("accuse", "threaten", "demand") else None,
                    about=about(doc, sent.start_char, sent.end_char), cited=(), modality=read_modality(text),
                ))
    return out


def _voices(doc: Any, sent: Any, speakers: Speakers, actors: dict[int, str], issuers: list[tuple[str, str, str | None]],
            issuer_states: dict[str, str]) -> list[tuple[str, str]]:
    """Who speaks a sentence of a statement: every issuer, one of them, or nobody (it is about others)."""
    everyone = [(speaker, kind) for speaker, kind, _ in issuers]
    subject = subject_of(sent.root)
    if subject is None or subject.lower_ in ("we", "i", "us", "our") or subject.lemma_.lower() in JOINT:
        return everyone
    parties = [subject, *(t for t in subject.children if t.dep_ == "conj")]
    voices: list[tuple[str, str]] = []
    for party in parties:
        if party.i in actors:
            state = actors[party.i]
            if state in issuer_states:
                voices.append(next((s, k) for s, k, st in issuers if st == state))
            elif any(state == s for s, _, _ in issuers):
                voices.append((state, "actor"))
            continue
        resolved = speakers.resolve(doc, party, actors)
        if resolved and resolved[1] == "person":
            if any(resolved[0] == s for s, _, _ in issuers):
                voices.append((resolved[0], "person"))
            continue
        if resolved and resolved[1] == "actor":
            continue  # a third party: the statement speaks about it
        if party.pos_ in ("PROPN",) and party.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
            continue  # "Several Allies", "Canada": others, not the issuers
        return everyone  # "These systems will help ...", "Our Alliance has been tested ..."
    return list(dict.fromkeys(voices))


def _sentence_stances(sent: Any, text: str) -> list[tuple[str, str]]:
    root_stance = VERB_STANCE.get(sent.root.lemma_.lower())
    found = content_stances(text)
    if root_stance and root_stance not in (s for s, _ in found):
        found.insert(0, (root_stance, sent.root.text))
    return found or [("assert", sent.root.text)]


def for_issuers(claims: list[Claim], issuers: list[Issuer]) -> list[Claim]:
    """In a statement, a sentence about an issuer's state is that issuer's ("The United States
    commits to ..." in a joint declaration of two presidents), and "the Alliance" is theirs."""
    states = {state: (speaker, kind) for speaker, kind, state in issuers if state and kind == "person"}
    if not issuers:
        return claims
    out = []
    for claim in claims:
        if claim.speaker_kind == "actor" and claim.speaker in states:
            speaker, kind = states[claim.speaker]
            out.append(Claim(**{**claim.__dict__, "speaker": speaker, "speaker_kind": kind}))
        elif claim.speaker_text.lower().split()[-1:] == ["alliance"] and claim.speaker not in {s for s, _, _ in issuers}:
            out.extend(Claim(**{**claim.__dict__, "speaker": s, "speaker_kind": k}) for s, k, _ in issuers)
        else:
            out.append(claim)
    return out


def statement_issuers(doc: Any, speakers: Speakers, actors: dict[int, str], title: str | None) -> list[Issuer]:
    """(speaker, kind, state) for each issuer of a statement; [] when the text is not one:
    the title must call it a statement, or the body open with "Joint Statement". People are
    named as the office-holder table names them, with their state; a joint statement of
    "the leaders of A and B" (or a "Leaders' Joint Statement" of A and B) is each state's leader's."""
    signer = _letter_signer(doc, speakers, title)
    if signer is not None:
        if signer[0] not in speakers.people:
            speakers.people.append(signer[0])
        return [signer]
    if not _is_statement(title, doc_text(doc)[:200]):
        return []
    issuers = _with_holders(_named_issuers(doc, speakers, actors, title), doc, speakers, title)
    speakers.people.extend(name for name, kind, _ in issuers if kind == "person" and name not in speakers.people)
    return issuers


def _letter_signer(doc: Any, speakers: Speakers, title: str | None) -> Issuer | None:
    """A letter or message ("Letter to ...", "Message on ...") is its signer's: the name that ends
    the body, as the office-holder table names the holder, else as written in title case."""
    if not title or not _LETTER_TITLE.match(title.strip()):
        return None
    last = " ".join(doc_text(doc).rstrip().rsplit("\n", 1)[-1].split())
    if len(last.split()) > 7 or not _SIGNER.match(last):
        return None
    holder = holder_named(speakers.kb, last, speakers.date)
    if holder is not None:
        return (holder.name, "person", holder.state)
    if not last.isupper():
        return (last, "person", None)
    return (" ".join(w[:1] + w[1:].lower() for w in last.split()), "person", None)


def _with_holders(issuers: list[Issuer], doc: Any, speakers: Speakers, title: str | None) -> list[Issuer]:
    kb, date = speakers.kb, speakers.date
    people = [
        (_as_written(canonical(kb, name, date), speakers), kind, state or _holder_state(kb, name, date))
        if kind == "person" else (name, kind, state)
        for name, kind, state in issuers
    ]
    joint = bool(title and (_JOINT_TITLE.search(title) or _GROUP_TITLE.search(title) or title_names_leaders(title)
                            or re.search(r"\bjoint\b", title, re.I)))
    if not joint and issuers:
        return people
    opening = [sent.text for _, sent in zip(range(3), doc.sents)]
    led = leaders_named(" ".join(opening), kb, date)
    if not led and title_names_leaders(title) and not any(kind == "person" for _, kind, _ in people):
        named = [f.id for f in find_names(title or "", kb) if f.kind == "actor"]
        states = [kb.state_of(n) for n in named]
        led = leaders_of_states(list(dict.fromkeys(s for s in states if s)), kb, date)
        # "ASEAN-U.S. Leaders' Statement": a body in the title speaks as itself
        led += [(n, None) for n, state in zip(named, states) if state is None and kb.actors.get(n) is not None]
    if not led and not any(kind == "person" for _, kind, _ in people):
        led = [(state, name) for state, name in offices_named(f"{title or ''} {opening[0] if opening else ''}", kb, date)]
    if not led:
        return people
    out: list[Issuer] = []
    for state, name in led:
        person = next((p for p in people if p[1] == "person" and p[2] == state), None)
        out.append(person or ((_as_written(name, speakers), "person", state) if name else (state, "actor", state)))
    out.extend(p for p in people if p[1] == "person" and p[2] not in {s for s, _ in led})
    return list(dict.fromkeys(out))


def _as_written(name: str, speakers: Speakers) -> str:
    """The table's name as the text writes it, when the text names the same holder in full
    ("Joseph R. Biden" for "Joe Biden"), so that the body's mentions speak as the issuer."""
    holder = holder_named(speakers.kb, name, speakers.date)
    if holder is None:
        return name
    return next((p for p in speakers.people if " " in p and holder_named(speakers.kb, p, speakers.date) == holder), name)


def _holder_state(kb: Any, name: str, date: str | None) -> str | None:
    holder = holder_named(kb, name, date)
    return holder.state if holder is not None else None


def _named_issuers(doc: Any, speakers: Speakers, actors: dict[int, str], title: str | None) -> list[Issuer]:
    """The issuers as the title or the opening names them."""
    kb = speakers.kb
    people = []
    for name, start in _title_people_at(title, kb):
        state = _state_after(title or "", start, kb) or _state_before(title or "", start, kb)
        people.append((speakers.full_name(name), "person", state))
    if people:
        return people
    people = _opening_people(doc, actors, joint=bool(title and (_JOINT_TITLE.search(title) or _GROUP_TITLE.search(title))))
    if people:
        return people
    seat = _government_seat(title or "", kb)
    if seat:  # "FACT SHEET: The White House Announces ...": the government speaks, not the states it names
        return [(seat, "actor", seat)]
    split = _ISSUER_PREPOSITION.search(title or "")
    if split is None:
        return []
    states = []
    for found in find_names((title or "")[split.end():], kb):
        if found.kind == "actor":
            actor = kb.state_of(found.id) or found.id
            states.append((actor, "actor", actor))
    return list(dict.fromkeys(states))


def _government_seat(title: str, kb: Any) -> str | None:
    """The state whose seat of government ("the White House") issues a statement not made jointly."""
    if _JOINT_TITLE.search(title) or re.search(r"\bjoint\b", title, re.I):
        return None
    for found in find_names(title, kb):
        words = re.sub(r"^the\s+", "", found.text.lower())
        if found.kind == "actor" and words in _GOVERNMENT_WORDS:
            return kb.state_of(found.id) or found.id
    return None


def _opening_people(doc: Any, actors: dict[int, str], *, joint: bool) -> list[Issuer]:
    """"President X of A and President Y of B met ...": the opening sentence names the issuers
    before its verb. A joint statement may name its two or more leaders a few sentences on
    ("President X is honored to welcome President Y of B")."""
    text = doc_text(doc)
    for number, sent in enumerate(doc.sents):
        if number >= (_OPENING_SENTENCES if joint else 1):
            break
        end = sent.root.idx if number == 0 else sent.end_char
        found = _title_people_at(text[sent.start_char:end])
        if number > 0 and len(found) < 2:
            continue
        people = []
        for index, (name, start) in enumerate(found):
            stop = sent.start_char + found[index + 1][1] if index + 1 < len(found) else end
            span = doc.char_span(sent.start_char + start, stop, alignment_mode="contract")
            state = _state_in(span, actors) if span is not None else None
            people.append((name, "person", _state_just_before(doc, sent.start_char + start, actors) or state))
        if people:
            return list(dict.fromkeys(people))
    return []


def _is_statement(title: str | None, opening: str) -> bool:
    if title and (_STATEMENT_TITLE.search(title) or _JOINT_TITLE.search(title) or _GROUP_TITLE.search(title)):
        return True
    return bool(re.search(r"\bjoint (?:statement|declaration|communiqu[eé])\b", opening, re.I))


def _turn_claims(doc: Any, name: str, label: str, start: int, end: int, covered: list[tuple[int, int]], cue: str,
                 *, kind: str = "person", question: str | None = None, asked_schema: bool = False) -> list[Claim]:
    """Each sentence of a turn is the speaker's; in a briefing (`question` given), a refusal to
    comment on a subject of the schema is decline_comment."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return []
    out = []
    for sent in span.sents:
        text = sent.text.strip()
        if len(text) < 20 or any(s <= sent.start_char < e for s, e in covered):
            continue
        topics = about(doc, sent.start_char, sent.end_char)
        if question is not None and declines(text, question, bool(topics) or asked_schema):
            stance, evidence = "decline_comment", refusal(text) or ""
        else:
            stance, evidence = classify_stance("say", text)
        out.append(Claim(
            speaker=name, speaker_kind=kind, speaker_text=label, cue=cue, stance=stance,
            stance_evidence=evidence, content=text, start=sent.start_char, end=sent.end_char, target=None,
            about=topics, cited=(), modality=read_modality(text),
        ))
    return out


def _is_person_label(label: str, speakers: Speakers) -> bool:
    full = speakers.full_name(label)
    return full in speakers.people or any(label == p.split()[-1] for p in speakers.people)


