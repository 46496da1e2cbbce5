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
Mentions and paths are in treaty_mentions.py, which words are actions in treaty_verbs.py,
parties and dates in treaty_parties.py; the cue words in treaty_cues.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase, load_kb
from ..kb.demonyms import state_of_demonym
from ._context import _claim_for
from .claims import Claim
from .treaty_allegations import Allegation, extract_allegations
from .treaty_compliance import doc_voices
from .treaty_mentions import EXTRACTOR, _fits, _treaties_of, cues, treaty_mentions
from .treaty_parties import _action_date, _de_prefix, _noun_parties, _people_states, _Scene, _states_in, _verb_parties
from .treaty_verbs import _implicit_treaty, _real_verb, _shared_object, _verb_action

__all__ = ["Allegation", "TreatyAction", "cues", "extract_allegations", "extract_treaty_actions", "treaty_mentions"]


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
    scene.voice = next(iter(doc_voices(claims, kb)), None)
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
        if _de_prefix(token) is not None:
            action = "withdraw"  # "Russia's de-ratification of the CTBT", split by the tokenizer
        scene.action, scene.date = action, _action_date(token, mentions, scene.published)
        found = _treaties_of(token, mentions) or _implicit_treaty(token, mentions)
        for _mention, treaty in found:
            parties = _noun_parties(token, treaty, scene)
            if parties:
                out.append((treaty, parties, action))
    return out
