"""Treaty actions and treaty allegations from a parsed article body.

A treaty action is a party signing, ratifying, withdrawing from, suspending, returning
to or extending a treaty the knowledge base knows; an allegation is an accusation that
a state breaks one, with everyone who makes it (shared/eval/SCHEMA.md).

Both read the dependency parse around a treaty mention: a KB name ("the ABM Treaty") or
a definite noun that refers back to the treaty named last ("the accord was signed").
- Actions come from verbs ("Russia suspended its participation in New START"), from
  nouns a state owns or a verb makes happen ("gave notice of withdrawal from"), with
  one action per party ("X and Y signed", "signed by X and Y", "the two leaders signed").
  Threats, demands, refusals, questions and conditions are not actions ("urged Russia to
  return to the treaty", "threatened to withdraw").
- An agreement the text leaves unnamed ("X and Y signed an agreement on 15 May 1975") is
  the KB agreement with an event of that action on that day or month and a party the
  sentence names; a group ("the E3") and an unowned "signing of" stand for the event's
  signatories.
- Allegations come from breach predicates ("accused Iran of breaching", "found Iraq in
  material breach of", "in violation of", "had not met its obligations under"), and from
  accusing claims whose content speaks of a violation (treaty_allegations.py, re-exported
  here).
Mentions and paths are in treaty_mentions.py; the cue words in treaty_cues.toml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kb import KnowledgeBase, load_kb
from ..kb.demonyms import state_of_demonym
from ._context import _claim_for, _state_at
from ._spacy import ents_between
from .claims import Claim
from .timex import NormalizedDate, normalize_date
from .treaty_allegations import Allegation, extract_allegations
from .treaty_mentions import _PRONOUNS, EXTRACTOR, _fits, _treaties_of, cues, treaty_mentions

__all__ = ["Allegation", "TreatyAction", "cues", "extract_allegations", "extract_treaty_actions", "treaty_mentions"]


# The most signatories an event may list for the text to stand for all of them ("the accord
# was signed"): a regional settlement, not a multilateral treaty's opening for signature.
_MAX_EVENT_PARTIES = 8


@dataclass(frozen=True)
class TreatyAction:
    treaty: str
    party: str
    action: str
    date: str | None  # ISO at its precision: "2001-12-13", "2001-12" or "2001"
    attributed_to: str | None
    start: int
    end: int
    extractor: str = EXTRACTOR
    date_precision: str | None = None  # day | month | year


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


def extract_treaty_actions(doc: Any, claims: list[Claim], *, published: str | None = None, kb: KnowledgeBase | None = None) -> list[TreatyAction]:
    """"X will withdraw from the INF Treaty", "Russia suspended New START on 21 February
    2023", "gave notice of withdrawal from the ABM Treaty", "the accord was signed by X and Y"."""
    kb = kb or load_kb()
    mentions = treaty_mentions(doc, kb, published)
    people = _people_states(doc, kb)
    mentions.update(_unnamed_mentions(doc, mentions, kb, published, people))
    if not mentions:
        return []
    scene = _Scene(kb, mentions, people, published)
    out: dict[tuple[str, str, str], TreatyAction] = {}
    for sent in doc.sents:
        if any(sent.start <= i < sent.end for i in mentions):
            scene.claim = claim = _claim_for(claims, sent)
            for token in sent:
                for treaty, parties, action in _actions_at(token, scene):
                    date = scene.date
                    for party in parties:
                        record = TreatyAction(
                            treaty, party, action, date.value if date else None, claim.speaker if claim else None,
                            sent.start_char, sent.end_char, date_precision=date.precision if date else None,
                        )
                        key = (treaty, party, action)
                        if key not in out or (out[key].date is None and record.date):
                            out[key] = record
                        scene.context.append(party)
        scene.context.extend(_states_in(doc, sent, kb))
    return list(out.values())


def _unnamed_mentions(
    doc: Any, mentions: dict[int, str], kb: KnowledgeBase, published: str | None, people: dict[str, str],
) -> dict[int, str]:
    """"Iran and the E3 signed an agreement on 15 November 2004": an agreement noun that a
    real action verb acts on (its object or passive subject), matched to the one KB agreement
    with an event of that action on the verb's date (day or month) and a party the sentence
    names."""
    c = cues()["unnamed"]
    nouns, precisions = set(c["nouns"]), set(c["precisions"])
    out: dict[int, str] = {}
    for token in doc:
        if token.i in mentions or token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in nouns:
            continue
        verb = token.head
        if token.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lemma_.lower() in cues()["nouns"]:
            verb = verb.head  # "with the signing of a peace agreement on ..."
            action = cues()["nouns"][verb.lemma_.lower()]
        elif token.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("VERB", "AUX") and _real_verb(verb):
            action = _verb_action(verb)[0]
        else:
            continue
        if action is None:
            continue
        date = _action_date(verb, mentions, published)
        if date is None or date.precision not in precisions:
            continue
        states: set[str] = set()
        sent = token.sent
        for sent in (token.sent, doc[token.sent.start - 1].sent if token.sent.start else None):
            if sent is not None and not states:  # this sentence's states, else the one before
                states = set(_states_in(doc, sent, kb)) | {people[t.text] for t in sent if t.text in people}
                states |= {s for t in sent if t.ent_type_ == "NORP" and (s := state_of_demonym(t.text))}
        fits = {t.id for t in kb.treaties.values() if _fits(token.lemma_.lower(), t) and any(
            e.get("action") == action and str(e.get("date", "")).startswith(date.value) and states & set(e.get("party") or ())
            for e in t.events)}
        if len(fits) == 1:
            out[token.i] = fits.pop()
    return out


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
    preps: tuple[str, ...] = ()
    if action is None and lemma in c["consent"]["verbs"] and any(
            ch.dep_ == "prep" and ch.lower_ in c["consent"]["preps"] for ch in token.children):
        action, preps = "sign", tuple(c["consent"]["preps"])  # "agreed to the accord"
    if action == "withdraw" and lemma == "withdraw" and not particle:
        preps = ("from", "of")  # "withdrew from the treaty", not "withdrew troops in violation of it"
    elif action == "return" and lemma == "return":
        preps = ("to",)
    return action, preps


def _actions_at(token: Any, scene: _Scene) -> list[tuple[str, list[str], str]]:
    """(treaty, parties, action) for the action word `token`, if it is one and is real."""
    nouns = cues()["nouns"]
    mentions = scene.mentions
    out: list[tuple[str, list[str], str]] = []
    if token.pos_ in ("VERB", "AUX"):
        action, preps = _verb_action(token)
        if action is None or not _real_verb(token):
            return []
        scene.action, scene.date = action, _action_date(token, mentions, scene.published)
        found = _treaties_of(token, mentions, preps=preps) or _shared_object(token, mentions)
        if token.lemma_.lower() in cues()["unnamed"]["verbs"]:  # "reached an accord", not "reached agreement on X"
            found = [(m, t) for m, t in found if m.head == token and m.dep_ == "dobj"
                     and m.lemma_.lower() in cues()["unnamed"]["nouns"]
                     and any(d.lower_ in ("a", "an") for d in m.children if d.dep_ == "det")]
        for mention, treaty in found:
            parties = _verb_parties(token, mention, treaty, scene)
            if parties:
                out.append((treaty, parties, action))
    elif token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in nouns and token.i not in mentions:
        action = nouns[token.lemma_.lower()]
        scene.action, scene.date = action, _action_date(token, mentions, scene.published)
        found = _treaties_of(token, mentions) or _implicit_treaty(token, mentions)
        for _mention, treaty in found:
            parties = _noun_parties(token, treaty, scene)
            if parties:
                out.append((treaty, parties, action))
    return out


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
        else:
            break
    if verb.dep_ == "acl" and verb.head != mention and verb.head.pos_ in ("NOUN", "PROPN"):
        # "Russia's decision to withdraw": the owner of the noun the infinitive completes
        owner = next((ch for ch in verb.head.children if ch.dep_ == "poss"), None)
        return _states_of(owner, treaty, scene) if owner is not None else []
    passive = any(ch.dep_ == "nsubjpass" for ch in verb.children) or verb.dep_ in ("acl", "relcl")
    persons = bool(own) and all(s.ent_type_ == "PERSON" for s in own)  # "Eisenhower and Khrushchev signed"
    return _both_parties(treaty, scene, mention) if passive or persons else []


def _noun_parties(noun: Any, treaty: str, scene: _Scene) -> list[str]:
    """A nominal action's party: its owner ("Russia's suspension", "the US withdrawal",
    "its withdrawal"), or the subject of a verb that makes it happen ("gave notice of")."""
    c = cues()
    unreal, realising = set(c["unreal"]["heads"]), set(c["realising"]["verbs"])
    head = noun
    owners: list[Any] = []
    for _ in range(4):
        owners += [ch for ch in head.children if ch.dep_ in ("poss", "amod", "compound", "nmod") and ch.i < head.i]
        owners += [g for ch in head.children if ch.dep_ == "prep" and ch.lower_ == "by" for g in ch.children if g.dep_ == "pobj"]
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.lemma_.lower() in ("notice", "notification", "instrument", "letter", "process", "date"):
            head = head.head.head
            continue
        break
    if head.lemma_.lower() in unreal or (head.dep_ == "pobj" and head.head.head.lemma_.lower() in unreal):
        return []
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
        if subject is not None:
            parties = _states_of(subject, treaty, scene)
            if parties:
                return parties
    for owner in pronouns:
        parties = _states_of(owner, treaty, scene)
        if parties:
            return parties
    unowned = cues()["unowned"]
    if not owners and noun.lemma_.lower() in unowned["nouns"] and not (
            head.dep_ == "pobj" and head.head.lower_ in unowned["time_preps"]):
        return _both_parties(treaty, scene, None)  # "with the signing of the accord on ...": its signatories
    return []


def _states_of(subject: Any, treaty: str, scene: _Scene) -> list[str]:
    """The states a subject names, one per conjunct: "Russia", "Moscow", "the Soviet
    leader", "Reagan and Gorbachev" (through the article's titles), "it", "the two sides"."""
    doc, kb, people, claim, context = subject.doc, scene.kb, scene.people, scene.claim, scene.context
    out: list[str] = []
    for part in [subject, *subject.conjuncts]:
        state = _state_at(doc, part, kb) or people.get(part.text) or _state_in_title(doc, part, kb)
        if state is None and part.lower_ in _PRONOUNS:
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
    for ent in ents_between(doc, 0, len(doc.text)):
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
        # the tagger missed the date ("on 3 March 2011" with "March" taken for a place)
        for token in chain:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("on", "in", "during"):
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if obj is not None and obj.i not in mentions:
                        resolved = normalize_date(sent.doc[obj.left_edge.i:obj.right_edge.i + 1].text, published)
                        if resolved:
                            return resolved
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
