"""Attributed statements ("claims") from a parsed article body.

Patterns, from the dependency parse:
- a speech-act verb with its subject: "X said (that) ...", "X accused Y of ...", "X told Y ...",
  "“...,” said X", "X said: “...”", and in narrative: "X warned Y that ...", "X proposed ...",
  "X agreed to ...", "X called for ...", "X rejected the accusation" (lexicon in claim_cues.toml);
- "X issued an ultimatum / a statement that ...", "X's appeal to Y", "X's response was a statement
  declaring ...": the noun says the stance (a document with nothing said about it is no claim);
- "according to X, ...";
- "X, citing Z, reported ...": X is the speaker, Z the cited source;
- direct quotes with no verb of their own, interview and briefing turns, and the voice of a
  statement issued in its signatories' names (claim_patterns.py).

A speech verb used as an action ("called up the reserves", "denied the ships passage"), a refusal
("rejected the proposal") or a hypothesis inside someone else's words is no claim (claim_senses.py).
Speakers are resolved within the article (speakers.py). The same (speaker, stance, content)
said twice (a caption, a pull quote) is one claim with two evidence spans.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import AUX, NOUN, VERB

from ..kb import KnowledgeBase, load_kb
from ._spacy import doc_text
from ..kb.gazetteer import find_names
from .claim_base import EXTRACTOR, Claim, about, quote_in, quote_spans
from .claim_scorer import Candidate, Context, active_scorer, candidates_for, load_scorer
from .claim_senses import ACTION_SENSE, SPEECH_VERBS, acts, hypothetical_inside_speech, refused, states_a_fact, warns_of_others
from .claim_patterns import (
    for_issuers, in_turns, interview_turns, statement_claims, statement_issuers, transcript_turns, unattributed_quotes,
    voice_quotes,
)
from .office_holders import people_family_last
from .speakers import SPEAKER_NOUNS, SPOKES, Speakers, actor_tokens, owners_of, subject_of
from .stance import VERB_STANCE, classify_stance, cue_set, cues, read_modality

__all__ = ["EXTRACTOR", "SPEAKER_NOUNS", "SPEECH_VERBS", "Claim", "claim_candidates", "extract_claims", "read_claims", "link_denials", "merge_repeats"]

_BELIEF = cue_set("verbs", "belief")
_PERSON_ONLY = cue_set("verbs", "person_only")
_NEEDS_CONTENT = cue_set("needs_content", "lemmas")
_OBJECT_IS_CONTENT = cue_set("needs_content", "object_is_content")
_DECLINE_OBJECTS = cue_set("needs_content", "decline_objects")
_ISSUE_VERBS = cue_set("issue", "verbs")
_ISSUE_NOUNS: dict[str, str] = cues()["issue"]["nouns"]
_WITH_VERBS = cue_set("issue", "with_verbs")
_RELATIVE_WORDS = frozenset("which who whom whose".split())
_RESPONSE_NOUNS = cue_set("issue", "response_nouns")
_COMMAND_VERBS = cue_set("action_sense", "commands")
_NOUN_CONTENT_DEPS = ("acl", "relcl", "ccomp", "appos")
_NOUN_CONTENT_PREPS = ("on", "about", "regarding", "concerning", "over", "against", "for", "that")
_CONTENT_DEPS = ("dobj", "prep", "dative", "xcomp", "oprd", "ccomp", "attr")


def extract_claims(doc: Any, kb: KnowledgeBase | None = None, *, title: str | None = None,
                   published: str | None = None, method: str | None = None) -> list[Claim]:
    """Every attributed statement in `doc` (a parsed spaCy Doc whose `._.kb_found` is set).
    `title` (the article's headline, when known) says whether the body is a statement issued
    in someone's name ("Joint Statement by ...") and by whom; `published` (ISO date) says who
    held an office the text names by role. `method`: "rules" keeps every claim the rules read,
    "scorer" keeps those claim_scorer.py scores at its threshold; None does what
    claim_scorer.json says (the rules alone when the file is absent or disabled)."""
    return read_claims(doc, kb, title=title, published=published, method=method)[1]


def read_claims(doc: Any, kb: KnowledgeBase | None = None, *, title: str | None = None,
                published: str | None = None, method: str | None = None) -> tuple[list[Claim], list[Claim]]:
    """(every claim the rules read, the claims to store): the other extractors read the first
    (a denial or a decision the scorer does not store still says what the text states), the
    store keeps the second, the claims the scorer keeps (`method` as in `extract_claims`)."""
    scorer = None if method == "rules" else load_scorer() if method == "scorer" else active_scorer()
    if scorer is None:
        claims = link_denials(merge_repeats(_rule_claims(doc, kb, title=title, published=published)[0]))
        return claims, claims
    candidates = claim_candidates(doc, kb, title=title, published=published)
    return (link_denials(merge_repeats([c.claim for c in candidates])),
            link_denials(merge_repeats(scorer.keep(candidates))))


def claim_candidates(doc: Any, kb: KnowledgeBase | None = None, *, title: str | None = None,
                     published: str | None = None) -> list[Candidate]:
    """Every claim the rules read, before repeats merge, with its evidence for claim_scorer.py."""
    kb = kb or load_kb()
    claims, origins, context, actors = _rule_claims(doc, kb, title=title, published=published)
    return candidates_for(doc, claims, origins, context, actors, kb)


def _rule_claims(doc: Any, kb: KnowledgeBase | None, *, title: str | None, published: str | None,
                 ) -> tuple[list[Claim], dict[tuple[int, int, str], str], Context, dict[int, str]]:
    """The rules' claims, the cue kind of those a cue word read, the document's context and
    its actor tokens."""
    kb = kb or load_kb()
    actors = actor_tokens(doc, kb)
    speakers = Speakers(kb, date=published)
    speakers.learn(doc, actors)
    quotes = quote_spans(doc_text(doc))
    questions, answers = transcript_turns(doc, speakers, title)
    issuers = [] if answers else statement_issuers(doc, speakers, actors, title)
    voice = voice_quotes(doc, quotes, issuers)  # a statement issued as its issuers' quotation
    blocking = [q for q in quotes if q not in voice]
    claims: list[Claim] = []
    origins: dict[tuple[int, int, str], str] = {}
    covered: list[tuple[int, int]] = []
    strings, size = doc.vocab.strings, len(doc)
    according, to = strings["according"], strings["to"]
    lemmas: dict[int, str] = {}  # lemma hash -> lower-cased lemma
    # The words are read as integers and a Token is built only for a cue word: most words are none.
    for i, (lemma_id, pos, lower) in enumerate(doc.to_array([LEMMA, POS, LOWER]).tolist() if size else []):
        lemma = lemmas.get(lemma_id)
        if lemma is None:
            lemma = lemmas[lemma_id] = strings[lemma_id].lower()
        if lemma in SPEECH_VERBS and pos in (VERB, AUX):
            cue = "speech"
        elif (lemma in _ISSUE_VERBS or lemma in _WITH_VERBS) and pos == VERB:
            cue = "issue"
        elif lemma in _ISSUE_NOUNS and pos == NOUN:
            cue = "noun"
        elif lower == according and i + 1 < size and doc[i + 1].lower == to:
            cue = "according"
        else:
            continue
        token = doc[i]
        found: list[Claim] = []
        if any(start <= token.idx < end for start, end in blocking) or in_turns(token.idx, questions):
            continue  # speech inside a quote is part of what the quoted speaker says; questions are not claims
        if cue == "speech":
            found = _from_verb(doc, token, speakers, actors, blocking)
            if not found and lemma in _WITH_VERBS:
                found = _from_issue(doc, token, speakers, actors)
        elif cue == "issue":
            found = _from_issue(doc, token, speakers, actors)
        elif cue == "noun":
            found = _from_response(doc, token, speakers, actors) or _from_possessive(doc, token, speakers, actors)
        else:
            claim = _from_according(doc, token, speakers, actors)
            found = [claim] if claim else []
        for claim in found:
            claims.append(claim)
            origins[(claim.start, claim.end, claim.cue)] = cue
            covered.append((claim.start, claim.end))
            speakers.last_claim = (claim.speaker, claim.speaker_kind, max(claim.end, token.idx))
    claims.extend(unattributed_quotes(doc, quotes, covered, claims))
    claims.extend(interview_turns(doc, speakers, covered, skip=answers))
    claims = for_issuers(claims, issuers)
    claims.extend(statement_claims(doc, speakers, actors, issuers, covered, answers, questions))
    claims = people_family_last(claims, kb, published)  # "Kishida Fumio", "Joseph R. Biden Jr.": the family name last
    genre = "briefing" if answers else "statement" if issuers else "news" if published else "narrative"
    context = Context(genre=genre, title=title or "", issuers=tuple(dict.fromkeys([*(s for s, _, _ in issuers), *(t[2] for t in answers)])),
                      title_actors=tuple(kb.state_of(f.id) or f.id for f in find_names(title or "", kb) if f.kind == "actor"))
    return claims, origins, context, actors


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


def _from_verb(doc: Any, verb: Any, speakers: Speakers, actors: dict[int, str], quotes: list[tuple[int, int]]) -> list[Claim]:
    """One claim per subject: "Washington and NATO accused Moscow" is two speakers; "British and
    American officials argued" too. A passive speech verb speaks through its agent ("was rejected
    by X"), never through its subject ("Russia was accused of ...")."""
    subject = _speaker_token(doc, verb, actors)
    if subject is None:
        return []
    lemma = verb.lemma_.lower()
    if lemma in ("reject", "dismiss", "rebuff") and refused(doc, verb):
        return []  # "X rejected the proposal": a refusal, not a denial
    if hypothetical_inside_speech(verb):
        return []  # "analysts say Tehran would welcome ...", "shot back that Russia was merely responding": the outer speaker's words
    if lemma in ACTION_SENSE and acts(verb, actors):
        return []  # "to defend the allies against attack": an action, not a defence of one's conduct
    claims = []
    for sub in _conjoined(subject):
        claim = _claim_for(doc, verb, sub, speakers, actors, quotes)
        if claim is None:
            continue
        owners = owners_of(sub, actors) if sub.lemma_.lower() in SPOKES and claim.speaker_kind == "actor" else []
        if len(owners) > 1:
            claims.extend(Claim(**{**claim.__dict__, "speaker": owner}) for owner in owners)
        else:
            claims.append(claim)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in SPEECH_VERBS:
        # "X denied it, calling the report false": one statement, unless the participle adds a stance
        head_stance = VERB_STANCE.get(verb.head.lemma_.lower(), "assert")
        claims = [c for c in claims if c.stance != head_stance]
    return claims + _also_accuses(claims, doc, verb, actors)


def _speaker_token(doc: Any, verb: Any, actors: dict[int, str]) -> Any:
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if agents:
        return agents[0]
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    subject = subject_of(verb)
    if subject is not None and subject.dep_ == "nsubjpass" and verb.dep_ == "conj" and (
        verb.tag_ == "VBN" or any(c.dep_ == "auxpass" and c.tag_ == "VB" for c in verb.head.children)
    ):
        return None  # "the city be demilitarized and declared a free zone": the patient does not speak
    if subject is None and verb.dep_ == "ROOT" and verb.i > 0:
        before = doc[verb.i - 1]  # "On 27 March South Africa announced ...": the date swallowed the subject
        if before.dep_ == "pobj" and (before.i in actors or before.ent_type_ == "PERSON"):
            return before
    return subject


def _conjoined(token: Any) -> list[Any]:
    """"China, France, and Russia": the token and every conjunct, however deep the chain."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" or (child.dep_ == "appos" and child.ent_type_ and child.ent_type_ == token.ent_type_):
            out.extend(_conjoined(child))  # "Germany, Italy, and Spain" is often parsed with an apposition
    return out


def _also_accuses(claims: list[Claim], doc: Any, verb: Any, actors: dict[int, str]) -> list[Claim]:
    """"Kenya requested a session on South Africa's act of aggression": a demand that also accuses."""
    out = []
    for claim in claims:
        if claim.stance in ("demand", "announce") and VERB_STANCE.get(verb.lemma_.lower()) == claim.stance:
            stance, evidence = classify_stance("say", claim.content)
            if stance == "accuse":
                target = next((actors[t.i] for t in verb.subtree if t.i in actors and actors[t.i] != claim.speaker), None)
                out.append(Claim(**{**claim.__dict__, "stance": "accuse", "stance_evidence": evidence, "target": target}))
    return out


def _claim_for(doc: Any, verb: Any, subject: Any, speakers: Speakers, actors: dict[int, str], quotes: list[tuple[int, int]]) -> Claim | None:
    resolved = speakers.resolve(doc, subject, actors)
    if resolved is None:
        return None
    speaker, kind, words = resolved
    lemma = verb.lemma_.lower()
    if lemma in _PERSON_ONLY and kind != "person":
        return None
    if lemma in _BELIEF and (kind != "actor" or not any(c.dep_ == "ccomp" for c in verb.children)):
        return None  # "analysts believe ...": a belief is a statement only for a state or a body, with a clause
    sent = verb.sent
    content_tokens = _content_tokens(verb, subject)
    if not content_tokens and subject.dep_ == "pobj" and subject.head.dep_ == "agent":
        content_tokens = sorted((t for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree), key=lambda t: t.i)
    quote = quote_in(sent, quotes) if not content_tokens else None
    if content_tokens:
        start, end = content_tokens[0].idx, content_tokens[-1].idx + len(content_tokens[-1])
        around = next(((s, e) for s, e in quotes if s <= start < e), None)
        if around:
            start, end = around  # the clause is part of a quote: the statement is the whole quote
    elif quote:
        start, end = quote
    elif lemma in _NEEDS_CONTENT:
        return None  # "the move is merely defending", "shot back" with nothing said
    else:
        start, end = sent.start_char, sent.end_char
    content = doc_text(doc)[start:end]
    cue_phrase = " ".join(
        t.text for t in sorted([verb, *verb.children], key=lambda t: t.i)
        if t is verb or t.dep_ in ("prt", "xcomp") or (t.dep_ == "prep" and t.i > verb.i and t.lower_ in ("on", "for", "of", "to", "upon"))
    )
    if lemma in ("decline", "refuse"):
        xcomp = [c for c in verb.children if c.dep_ == "xcomp"]
        if not xcomp or xcomp[0].lemma_.lower() not in _DECLINE_OBJECTS:
            return None
    that_clause = any(c.dep_ == "ccomp" for c in verb.children) and not any(
        c.dep_ in ("xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ == "to") for c in verb.children
    )
    about_other = any(
        c.dep_ == "prep" and c.lower_ in ("of", "about", "against")
        for c in [*verb.children, *(g for o in verb.children if o.dep_ in ("dobj", "dative") for g in o.children)]
    ) or (lemma in ("warn", "caution") and warns_of_others(verb, speaker, actors))
    quoted = content_tokens and (start, end) != (content_tokens[0].idx, content_tokens[-1].idx + len(content_tokens[-1]))
    own_words = _own_words(doc, content_tokens) if content_tokens and not quoted else content
    stance_lemma = "say" if VERB_STANCE.get(lemma) == "demand" and states_a_fact(verb) else lemma
    stance, evidence = classify_stance(stance_lemma, own_words, cue_phrase=cue_phrase, that_clause=that_clause, about_other=about_other)
    if lemma in _COMMAND_VERBS and stance == "demand" and not any(
        c.dep_ in ("dobj", "dative") and c.i in actors and actors[c.i] != speaker for c in verb.children
    ):
        stance = "announce"  # "ordered the mining of the ports", "ordered its navy to ...": its own side's decision
    return Claim(
        speaker=speaker, speaker_kind=kind, speaker_text=words, cue=cue_phrase, stance=stance,
        stance_evidence=evidence, content=content, start=start, end=end,
        target=_target(verb, actors, speaker), about=about(doc, sent.start_char, sent.end_char),
        cited=tuple(_cited(verb)), modality=read_modality(content),
    )


def _from_issue(doc: Any, verb: Any, speakers: Speakers, actors: dict[int, str]) -> list[Claim]:
    """"X issued an ultimatum", "the Council adopted a resolution demanding ...", "X responded
    with an appeal to Y": the noun's stance."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _ISSUE_NOUNS]
    if verb.lemma_.lower() in _WITH_VERBS:
        objects = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                   for o in c.children if o.dep_ == "pobj" and o.lemma_.lower() in _ISSUE_NOUNS]
    subject = _speaker_token(doc, verb, actors)
    if not objects or subject is None:
        return []
    noun = objects[0]
    out = []
    for sub in _conjoined(subject):
        claim = _noun_claim(doc, verb, noun, sub, speakers, actors)
        if claim:
            out.append(claim)
    return out


def _from_response(doc: Any, noun: Any, speakers: Speakers, actors: dict[int, str]) -> list[Claim]:
    """"Its response was a statement declaring ...", "Syria's reaction was a protest to the
    Council": a history's way of reporting a statement; the owner of the response speaks."""
    copula = noun.head
    if noun.dep_ != "attr" or copula.lemma_.lower() != "be" or any(c.dep_ == "prep" and c.lower_ == "by" for c in noun.children):
        return []  # "... was a public demand by the prime minister": the agent speaks (_from_possessive)
    subject = next((c for c in copula.children if c.dep_ == "nsubj" and c.lemma_.lower() in _RESPONSE_NOUNS), None)
    if subject is None:
        return []
    owners = [c for c in subject.children if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.i in actors)]
    out = []
    for owner in owners[:1]:
        for sub in _conjoined(owner):
            claim = _noun_claim(doc, noun, noun, sub, speakers, actors)
            if claim and claim.speaker_kind != "unresolved":
                out.append(claim)
    return out


def _from_possessive(doc: Any, noun: Any, speakers: Speakers, actors: dict[int, str]) -> list[Claim]:
    """"Kenya's request for a session", "EU and IAEA calls for ...", "an appeal by X to Y": the
    owner or the agent of a speech noun speaks."""
    if _ISSUE_NOUNS[noun.lemma_.lower()] == "assert" and noun.lemma_.lower() != "assurance":
        return []
    if noun.head.dep_ != "prep" and noun.dep_ in ("dobj", "pobj") and (
        noun.head.lemma_.lower() in _ISSUE_VERBS or noun.head.lemma_.lower() in _WITH_VERBS
    ):
        return []  # "X issued a warning": read from the verb
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("dobj", "pobj") and any(
        c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in governor.children
    ):
        return []  # "would never accept an American ultimatum": no such statement is reported
    owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
    owners += [_person_in(o) for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for o in c.children if o.dep_ == "pobj"]
    modified = noun.head if noun.dep_ == "conj" and noun.head.lemma_.lower() in _ISSUE_NOUNS else noun
    if noun.tag_ != "NN" or noun.lemma_.lower() != "threat":  # "the Libyan threat" is a danger, not a statement
        owners += [c for c in modified.children if c.dep_ in ("amod", "compound", "nmod") and c.i in actors]
    out = []
    for owner in owners[:1] if owners and owners[0].dep_ == "pobj" else owners:
        for sub in _conjoined(owner):
            claim = _noun_claim(doc, noun, noun, sub, speakers, actors)
            if claim and claim.speaker_kind != "unresolved":
                out.append(claim)
    return out


def _person_in(token: Any) -> Any:
    """"Secretary of State Kissinger": the named person inside an agent phrase, else the phrase."""
    return next((t for t in token.subtree if t.ent_type_ == "PERSON"), token)


def _noun_claim(doc: Any, cue: Any, noun: Any, subject: Any, speakers: Speakers, actors: dict[int, str]) -> Claim | None:
    resolved = speakers.resolve(doc, subject, actors)
    if resolved is None:
        return None
    speaker, kind, words = resolved
    tokens = sorted(noun.subtree, key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    content = doc_text(doc)[start:end]
    stance = _ISSUE_NOUNS[noun.lemma_.lower()]
    evidence = noun.text
    if stance == "assert":
        if not any(c.dep_ in _NOUN_CONTENT_DEPS or (c.dep_ == "prep" and c.lower_ in _NOUN_CONTENT_PREPS)
                   or (c.dep_ == "amod" and any(True for _ in c.children)) for c in noun.children):
            return None  # "sent replies", "passed Resolution 1205": a document with nothing said about it
        stance, evidence = classify_stance("say", content)
    sent = cue.sent
    return Claim(
        speaker=speaker, speaker_kind=kind, speaker_text=words, cue=f"{cue.text} {noun.text}" if cue is not noun else noun.text,
        stance=stance, stance_evidence=evidence, content=content, start=start, end=end,
        target=_target(noun, actors, speaker) or _target(cue, actors, speaker),
        about=about(doc, sent.start_char, sent.end_char), cited=(), modality=read_modality(content),
    )


def _from_according(doc: Any, token: Any, speakers: Speakers, actors: dict[int, str]) -> Claim | None:
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
        target=None, about=about(doc, sent.start_char, sent.end_char), cited=(),
        modality=read_modality(content),
    )


def _own_words(doc: Any, tokens: list[Any]) -> str:
    """The content without relative clauses and clauses that have a speaker of their own
    ("..., which guaranteed that Iraq would face the severest consequences", "while Y maintained
    that ..."): what decides the stance is what the speaker says, not what the text adds."""
    inside = {t.i for t in tokens}
    drop: set[int] = set()
    for token in tokens:
        if token.i in drop or token.head.i not in inside or token.head is token:
            continue
        relative = token.dep_ == "relcl" and any(t.lower_ in _RELATIVE_WORDS for t in token.subtree if t.i < token.i)
        if relative or (token.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
                                     and any(c.dep_ == "mark" and c.lower_ in ("while", "whereas", "although", "though") for c in token.children)):
            drop.update(t.i for t in token.subtree)
    return "".join(t.text_with_ws for t in tokens if t.i not in drop).strip()


def _content_tokens(verb: Any, subject: Any) -> list[Any]:
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i != subject.i:
            return list(child.subtree)
    if verb.lemma_.lower() in _OBJECT_IS_CONTENT:
        tokens = [t for c in verb.children if c.dep_ in _CONTENT_DEPS for t in c.subtree]
        return sorted(tokens, key=lambda t: t.i)
    return []


def _cited(verb: Any) -> list[str]:
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
        if child.dep_ == "prep" and child.lower_ in ("against", "on", "with", "to", "upon"):
            for obj in child.children:
                if obj.i in actors and actors[obj.i] != speaker:
                    return actors[obj.i]
    return None
