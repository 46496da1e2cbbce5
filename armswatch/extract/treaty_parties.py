"""Who did a treaty action and when: the subject, agent or owner of the action word, the
states a title or pronoun stands for, the parties of the knowledge base's event when the
text leaves them to context ("the accord was signed"), and the date of the action's clause."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kb import KnowledgeBase
from ..kb.demonyms import state_of_demonym
from ._context import _state_at
from ._spacy import doc_text, ents_between
from .claims import Claim
from .timex import NormalizedDate, normalize_date
from .treaty_compliance import speaker_state
from .treaty_mentions import _PRONOUNS, cues
from .treaty_verbs import _real_verb


# The most signatories an event may list for the text to stand for all of them ("the accord
# was signed"): a regional settlement, not a multilateral treaty's opening for signature.
_MAX_EVENT_PARTIES = 8
_FIRST_PERSON = frozenset(("we", "our", "us", "i", "my", "me"))


@dataclass
class _Scene:
    """What the reader knows while reading one article's actions."""

    kb: KnowledgeBase
    mentions: dict[int, str]
    people: dict[str, str]
    published: str | None
    claim: Claim | None = None
    context: list[str] = field(default_factory=list)  # states named so far, most recent last
    date: NormalizedDate | None = None  # the date of the action being read
    action: str = ""
    voice: str | None = None  # the state most of the document's claims speak for


def _verb_parties(verb: Any, mention: Any, treaty: str, scene: _Scene) -> list[str]:
    """Who acts: the subject (with its conjuncts), the agent of a passive, the subject of the
    verb a bare infinitive hangs from ("decided to withdraw"), else the treaty's two parties."""
    own: list[Any] = []
    if scene.action == "withdraw":  # "pulled the United States out of the treaty"
        for obj in (ch for ch in verb.children if ch.dep_ == "dobj" and ch != mention):
            parties = [p for t in [obj, *obj.conjuncts] if (p := _state_at(t.doc, t, scene.kb))]
            if parties:
                return parties
    token = verb
    for _ in range(4):
        subjects = [ch for ch in token.children if ch.dep_ in ("nsubj", "agent")]
        subjects = [next(iter(s.children), s) if s.dep_ == "agent" else s for s in subjects]
        subjects = [s for s in subjects if s != mention]
        if subjects:
            if subjects[0].lower_ in ("which", "that", "who") and token.dep_ == "relcl":
                subjects = [token.head]
            own = own or [subjects[0], *subjects[0].conjuncts]
            parties = _states_of(subjects[0], treaty, scene)
            if parties:
                return parties
            if token.dep_ == "advcl":
                break  # "When the president pulled out of the deal, we saw ...": not the main clause's subject
        if token.dep_ in ("xcomp", "conj", "acl", "advcl") and token.head != token and token.head.pos_ in ("VERB", "AUX"):
            token = token.head
        elif (main := _clause_of_time_phrase(token)) is not None:
            token = main  # "Prior to joining the NPT, X possessed ...": the main clause's subject joined
        else:
            break
    if verb.dep_ == "acl" and verb.head != mention and verb.head.pos_ in ("NOUN", "PROPN"):
        # "Russia's decision to withdraw", "the decision by the former president to pull out":
        # the owner of the noun the infinitive completes
        owner = next((ch for ch in verb.head.children if ch.dep_ == "poss"), None) or next(
            (g for ch in verb.head.children if ch.dep_ == "prep" and ch.lower_ == "by" for g in ch.children if g.dep_ == "pobj"), None)
        return _states_of(owner, treaty, scene) if owner is not None else []
    passive = any(ch.dep_ == "nsubjpass" for ch in verb.children) or verb.dep_ in ("acl", "relcl")
    persons = bool(own) and all(s.ent_type_ == "PERSON" for s in own)  # "Eisenhower and Khrushchev signed"
    if own and not persons and not any(_all_sides(s) or s.pos_ == "PRON" for s in own):
        return []  # "the treaty, which more than 100 countries have signed": no party named
    return _both_parties(treaty, scene, mention) if passive or persons else []


def _de_prefix(noun: Any) -> Any | None:
    """The "de" of "de-ratification" when the tokenizer splits it off."""
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].text == "-" and doc[noun.i - 2].lower_ == "de":
        return doc[noun.i - 2]
    return None


def _all_sides(token: Any) -> bool:
    """"the two sides", "both leaders", "the parties": every party, not a number of states."""
    both = cues()["both"]
    if token.lemma_.lower() not in both["nouns"]:
        return False
    words = {ch.lower_ for ch in token.children if ch.dep_ in ("det", "nummod", "predet", "amod", "quantmod")}
    numbers = {ch.lower_ for ch in token.subtree if ch.like_num}
    return not numbers - set(both["quantifiers"]) and bool(words & ({"the", "all"} | set(both["quantifiers"])))


def _clause_of_time_phrase(verb: Any) -> Any | None:
    """"After acceding to the treaty, X ...", "Prior to joining the NPT in 1991, X ...": the
    main verb a gerund hangs from through a time preposition ("after", "before", "prior to",
    "since", "upon"), whose subject is the gerund's."""
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG":
        return None
    prep = verb.head
    if prep.dep_ != "prep" or prep.lower_ not in cues()["time_phrase"]["preps"]:
        return None
    top = prep.head
    if prep.lower_ == "to" and top.lower_ in cues()["time_phrase"]["before_to"]:
        top = top.head  # "prior to", "subsequent to"
    elif prep.lower_ == "to":
        return None
    return top if top.pos_ in ("VERB", "AUX") else None


def _noun_parties(noun: Any, treaty: str, scene: _Scene) -> list[str]:
    """A nominal action's party: its owner ("Russia's suspension", "the US withdrawal",
    "its withdrawal"), or the subject of a verb that makes it happen ("gave notice of")."""
    c = cues()
    unreal, realising = set(c["unreal"]["heads"]), set(c["realising"]["verbs"])
    head = noun
    owners: list[Any] = []
    prefix = _de_prefix(noun)
    if prefix is not None:  # "Russia's de-ratification": the parse hangs the owner on "de"
        owners += [ch for ch in prefix.children if ch.dep_ == "poss"]
    for _ in range(4):
        owners += [ch for ch in head.children if ch.dep_ in ("poss", "amod", "compound", "nmod") and ch.i < head.i]
        owners += [g for ch in head.children if ch.dep_ == "prep" and ch.lower_ == "by" for g in ch.children if g.dep_ == "pobj"]
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.lemma_.lower() in ("notice", "notification", "instrument", "letter", "process", "date"):
            head = head.head.head
            continue
        break
    if head.lemma_.lower() in unreal or (head.dep_ == "pobj" and head.head.head.lemma_.lower() in unreal):
        return []
    hedges = set(c["unreal"]["noun_hedges"])
    if any(ch.dep_ in ("det", "amod") and ch.lower_ in hedges for ch in noun.children):
        return []  # "any U.S. return to the deal", "a possible extension": not an act
    governor = head.head if head.dep_ in ("dobj", "nsubjpass", "attr") else None
    revoke = c["revoke"]
    if governor is not None and governor.lemma_.lower() in revoke["verbs"] and noun.lemma_.lower() in revoke["objects"]:
        return []  # "withdraw its ratification of": the verb's action, not the noun's
    if governor is not None and (governor.lemma_.lower() in unreal or not _real_verb(governor)):
        return []
    named = [o for o in owners if o.lower_ not in _PRONOUNS]
    pronouns = [o for o in owners if o.lower_ in _PRONOUNS]
    for owner in named:
        parties = _states_of(owner, treaty, scene)
        if parties:
            return parties
    if governor is not None and governor.lemma_.lower() in realising:
        subject = next((ch for ch in governor.children if ch.dep_ == "nsubj"), None)
        if subject is None and governor.dep_ == "conj":  # "I have approved the Agreement, authorized its execution"
            subject = next((ch for ch in governor.head.children if ch.dep_ == "nsubj"), None)
        if subject is not None:
            parties = _states_of(subject, treaty, scene)
            if parties:
                return parties
    for owner in pronouns:
        parties = _states_of(owner, treaty, scene)
        if parties:
            return parties
    unowned = cues()["unowned"]
    stated = [o for o in owners if o.dep_ == "poss" or o.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")]
    if not stated and noun.lemma_.lower() in unowned["nouns"] and not (
            head.dep_ == "pobj" and head.head.lower_ in unowned["time_preps"]) and not (
            head.dep_ == "pobj" and head.head.head.lemma_.lower() in unowned["commemorating"]):
        return _both_parties(treaty, scene, None)  # "with the signing of the accord on ...": its signatories
    return []


def _states_of(subject: Any, treaty: str, scene: _Scene) -> list[str]:
    """The states a subject names, one per conjunct: "Russia", "Moscow", "the Soviet
    leader", "Reagan and Gorbachev" (through the article's titles), "it", "the two sides"."""
    doc, kb, people, claim, context = subject.doc, scene.kb, scene.people, scene.claim, scene.context
    out: list[str] = []
    for part in [subject, *subject.conjuncts]:
        state = _state_at(doc, part, kb) or people.get(part.text) or _state_in_title(doc, part, kb)
        if state is None and (part.lower_ in _FIRST_PERSON or _own_side(part)):
            state = _voice(scene)  # "we extended New START", "the previous administration pulled out"
        elif state is None and part.lower_ in _PRONOUNS:
            if claim is not None and claim.speaker in kb.actors and kb.state_of(claim.speaker):
                state = kb.state_of(claim.speaker)
            elif context:
                state = context[-1]
        if state is None and part.lemma_.lower() in cues()["both"]["nouns"] and any(
                ch.lower_ in cues()["both"]["quantifiers"] for ch in part.children):
            pair = _both_parties(treaty, scene, None) or list(dict.fromkeys(reversed(scene.context)))[:2]
            out.extend(p for p in pair if p not in out)
            continue
        if state is None and _names_group(doc, part, kb):
            # "Iran and the E3 signed": the group stands for the parties of the KB's event
            out.extend(p for p in _both_parties(treaty, scene, None) if p not in out)
            continue
        if state and state not in out:
            out.append(state)
    return out


def _own_side(token: Any) -> bool:
    """"the previous administration", "our government", "the Trump administration": the
    speaker's own government, named by its office rather than by its state."""
    c = cues()["own_side"]
    lemma = token.lemma_.lower()
    if token.pos_ not in ("NOUN", "PROPN") or lemma not in c["nouns"]:
        return False
    if any(ch.dep_ == "prep" and ch.lower_ == "of" for ch in token.children):
        return False  # "the government of Iran"
    modifiers = [ch for ch in token.children if ch.dep_ in ("amod", "compound", "poss", "det", "nmod")]
    if lemma in c["any_modifier"]:
        return bool(modifiers)
    return any(ch.lower_ in c["modifiers"] for ch in modifiers)


def _voice(scene: _Scene) -> str | None:
    """The state the sentence speaks for: its claim's speaker's, else the document's."""
    if scene.claim is not None:
        state = speaker_state(scene.claim, scene.kb)
        if state:
            return state
    return scene.voice


def _names_group(doc: Any, token: Any, kb: KnowledgeBase) -> bool:
    """The token names a KB alliance or organisation of states ("the E3", "the Quartet")."""
    kinds = set(cues()["unnamed"]["group_kinds"])
    return any(f.kind == "actor" and f.start <= token.idx < f.end and kb.actors[f.id].actor_kind in kinds
               for f in doc._.kb_found if f.id in kb.actors)


def _state_in_title(doc: Any, token: Any, kb: KnowledgeBase) -> str | None:
    """"U.S. President Ronald Reagan", "Soviet leader Mikhail Gorbachev": a state in the
    words before a person's name."""
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "poss"):
            state = _state_at(doc, child, kb) or state_of_demonym(child.text) or _state_in_title(doc, child, kb)
            if state:
                return state
    return None


def _people_states(doc: Any, kb: KnowledgeBase) -> dict[str, str]:
    """Each person's state as the article titles them, keyed by full name and by surname."""
    out: dict[str, str] = {}
    for ent in ents_between(doc, 0, len(doc_text(doc))):
        if ent.label_ != "PERSON":
            continue
        state = _state_in_title(doc, ent.root, kb)
        if state is None and ent.start > 0:
            before = doc[max(0, ent.start - 3):ent.start]
            state = next((s for t in before if (s := _state_at(doc, t, kb) or state_of_demonym(t.text))), None)
        if state:
            out.setdefault(ent.text, state)
            out.setdefault(ent[-1].text, state)
    return out


def _both_parties(treaty: str, scene: _Scene, mention: Any) -> list[str]:
    """The parties when the text leaves them to context ("the accord was signed", "the two
    leaders signed"): the states joined by "between" after the treaty, else the parties of
    the knowledge base's event for this action (at this date, when the text gives one),
    else both parties of a two-party treaty."""
    kb = scene.kb
    if mention is not None:
        for prep in mention.rights:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                if objs:
                    states = [s for t in [objs[0], *objs[0].conjuncts] if (s := _state_at(t.doc, t, kb))]
                    if len(states) >= 2:
                        return states
    entry = kb.treaties.get(treaty)
    if entry is None:
        return []
    for event in entry.events:
        parties = list(event.get("party") or ())
        when = str(event.get("date") or "")
        if event.get("action") != scene.action or not 1 <= len(parties) <= _MAX_EVENT_PARTIES:
            continue
        if scene.date is None or when.startswith(scene.date.value) or scene.date.value.startswith(when):
            return parties
    return list(entry.parties) if len(entry.parties) == 2 else []


def _states_in(doc: Any, sent: Any, kb: KnowledgeBase) -> list[str]:
    out = []
    for found in doc._.kb_found:
        if found.kind == "actor" and sent.start_char <= found.start < sent.end_char:
            state = kb.state_of(found.id)
            if state:
                out.append(state)
    return out


def _action_date(word: Any, mentions: dict[int, str], published: str | None) -> NormalizedDate | None:
    """The date of the clause that states the action: a DATE below the action word (not
    inside another clause or a treaty's name), else one on a verb it hangs from."""
    sent = word.sent
    chain = [word, *[a for a in word.ancestors if a.pos_ in ("VERB", "AUX")]][:4]
    best: tuple[int, NormalizedDate] | None = None
    for ent in ents_between(sent.doc, sent.start_char, sent.end_char):
        if ent.label_ != "DATE" or any(ent.start <= i < ent.end for i in mentions):
            continue
        rank = _attachment(ent.root, chain, mentions)
        if rank is None:
            continue
        resolved = normalize_date(ent.text, published)
        if resolved and (best is None or rank < best[0]):
            best = (rank, resolved)
    if best is None:
        # "Today Kazakhstan deposited ...": a bare relative day on the action's clause
        for token in chain:
            for child in token.children:
                if child.dep_ in ("npadvmod", "advmod") and child.lower_ in cues()["time_phrase"]["relative_days"]:
                    resolved = normalize_date(child.text, published)
                    if resolved:
                        return resolved
        # the tagger missed the date ("on 3 March 2011" with "March" taken for a place)
        for token in chain:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("on", "in", "during"):
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if obj is not None and obj.i not in mentions:
                        resolved = normalize_date(sent.doc[obj.left_edge.i:obj.right_edge.i + 1].text, published)
                        if resolved:
                            return resolved
        # "X announces the termination of ...": a statement's present tense is its own day
        verb = chain[0] if chain[0].pos_ == "VERB" else (chain[1] if len(chain) > 1 else None)
        if verb is not None and verb is not chain[0] and verb.lemma_.lower() not in cues()["realising"]["verbs"]:
            verb = None  # "the extension of the treaty exemplifies ...": not the act's own verb
        if published and verb is not None and verb.tag_ in ("VBZ", "VBP"):
            return normalize_date("today", published)
    return best[1] if best else None


def _attachment(token: Any, chain: list[Any], mentions: dict[int, str]) -> int | None:
    """How far up the action's clause chain the date hangs (0 = on the action word); None
    for a date in another clause or in a treaty's description ("the 1987 INF Treaty")."""
    treaty_words = set(cues()["anaphora"]["nouns"])
    while token.head != token:
        below, token = token, token.head
        if token in chain:
            return chain.index(token)
        if (below.dep_ == "prep" and below.lower_ in ("on", "in") and token.dep_ in ("dobj", "nsubjpass")
                and token.head in chain):
            return chain.index(token.head)  # "signed an agreement on 15 May": the parse hangs the date on the object
        if token.pos_ in ("VERB", "AUX") or token.i in mentions or token.lemma_.lower() in treaty_words:
            return None
    return None
