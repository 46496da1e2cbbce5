"""Deployments from a parsed article body.

A deployment is a state's forces holding a system at a place, with a status
(shared/eval/SCHEMA.md): `planned` (would/will/plans to), `temporary` (for a
drill or an exercise), `withdrawn` (pulled out, returned to base), else
`in_place`. Only sentences that name a weapon system can yield one, so general
news yields none. The claim that carries the sentence gives who says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..kb import KnowledgeBase, load_kb
from ..kb.demonyms import state_of_demonym
from .claims import Claim
from ._spacy import first_date

EXTRACTOR = "deployments.rules.v1"

DEPLOY_VERBS = frozenset(
    """deploy station base place move position relocate transfer send arrive install field locate
    put keep bring redeploy rotate host""".split()
)
WITHDRAW_VERBS = frozenset("withdraw remove return leave evacuate".split())
_WITHDRAW_PHRASES = re.compile(r"\b(?:pull(?:ed|ing|s)? out|pull(?:ed|ing|s)? back|returned (?:home|to (?:its|their) (?:base|garrison|permanent)))", re.I)
# "training" alone is left out: "a training battalion" is a permanent unit.
_TEMPORARY = re.compile(r"\b(?:drills?|exercises?|manoeuvres|maneuvers|temporar\w*|rotation(?:al)?|for (?:a|the) (?:test|trial))\b", re.I)
# "the exclave", "the island": a place named earlier in the article.
_PLACE_ANAPHORA = re.compile(r"\b(?:in|into|to|at|on) the (?:exclave|enclave|region|territory|island|peninsula|base|site|city|town|area|garrison|range|country)\b", re.I)
_PLANNED = re.compile(r"\b(?:will|would|shall|plans? to|planned|intends? to|is to|are to|going to|is due to|are due to|expected to|could|may)\b", re.I)
_REPORTED = re.compile(r"\b(?:reportedly|allegedly|is said to|are said to)\b", re.I)
_LOCATIVE = frozenset("in at to into near on inside around along across outside".split())
# Formations a count can be read off ("two batteries", "battalions in A and in B").
UNITS = frozenset("battalion battery brigade regiment division squadron".split())
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_OWN_TERRITORY = re.compile(r"\b(?:its|their|our) (?:own )?(?:territory|soil)\b", re.I)
_MODALS = frozenset("will would shall could may might".split())
_PLAN_VERBS = frozenset("plan intend expect aim prepare propose announce agree decide".split())



@dataclass(frozen=True)
class Deployment:
    by: str  # ISO alpha-2
    system: str  # KB id
    where: str  # the place's name, or the state's code when only a country is given
    place_id: str | None  # gn:<geonameid>, a KB site id, or an ISO code
    lat: float | None
    lon: float | None
    status: str
    count: int | None
    unit: str | None
    date: str | None
    date_precision: str | None
    attributed_to: str | None
    cited: tuple[str, ...]
    reported: bool
    start: int  # evidence: the sentence
    end: int
    extractor: str = EXTRACTOR


def extract_deployments(doc: Any, claims: list[Claim], *, published: str | None = None, kb: KnowledgeBase | None = None) -> list[Deployment]:
    """Every deployment the body states, one per (system, place) of a sentence."""
    kb = kb or load_kb()
    found = list(doc._.kb_found)
    places = list(getattr(doc._, "places_found", ()))
    out: list[Deployment] = []
    focus: list[Any] = []  # the systems of the last sentences, for "... and one in B"
    last_place: tuple[str, str, float | None, float | None] | None = None
    for sent in doc.sents:
        systems = [f for f in found if f.kind == "system" and sent.start_char <= f.start < sent.end_char]
        carried = False
        if not systems and focus and _names_units(sent):
            systems, carried = focus, True
        if systems and not carried:
            focus = systems
        claim = _claim_for(claims, sent)
        date = _date(sent, published)
        seen: set[tuple[str, str]] = set()
        for system in systems:
            verb = _sentence_verb(sent) if carried else _governing_verb(doc, system)
            if verb is None:
                continue
            status = _status(verb, sent.text)
            if status is None:
                continue
            by = (
                _state(doc, verb, system if not carried else None, claim, kb)
                or _earlier_holder(out, system.id, kb)
                or _operator(system, kb)
                or _developer_named(doc, system.id, kb)
            )
            if by is None:
                continue
            wheres = _places(doc, sent, verb, found, places, kb, withdrawal=status == "withdrawn", holder=by)
            if not wheres and last_place and _PLACE_ANAPHORA.search(sent.text):
                wheres = [last_place]
            if not wheres and claim and claim.speaker in kb.actors and _OWN_TERRITORY.search(sent.text):
                wheres = [(claim.speaker, claim.speaker, None, None)]  # "on its territory", said by Minsk
            if not wheres:
                wheres = [(by, by, None, None)]
            count, unit = _unit_count(sent, len(wheres))
            for where, place_id, lat, lon in wheres:
                if (system.id, where) in seen:
                    continue
                seen.add((system.id, where))
                if place_id not in kb.actors:
                    last_place = (where, place_id, lat, lon)
                out.append(Deployment(
                    by=by, system=system.id, where=where, place_id=place_id, lat=lat, lon=lon, status=status,
                    count=count, unit=unit, date=date.value if date else None,
                    date_precision=date.precision if date else None,
                    attributed_to=claim.speaker if claim else ("reports" if _REPORTED.search(sent.text) else None),
                    cited=claim.cited if claim else (), reported=bool(_REPORTED.search(sent.text)),
                    start=sent.start_char, end=sent.end_char,
                ))
    return _one_per_key(out)


def _one_per_key(deployments: list[Deployment]) -> list[Deployment]:
    """The same (state, system, place, status) said twice in an article is one record (the first)."""
    seen: set[tuple[str, str, str | None, str]] = set()
    out = []
    for d in deployments:
        key = (d.by, d.system, d.place_id, d.status)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _is_deploy_verb(token: Any) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in ("VERB", "AUX") and (lemma in DEPLOY_VERBS or lemma in WITHDRAW_VERBS)


def _governing_verb(doc: Any, system: Any) -> Any:
    """The deployment verb whose argument the system is: its first verb ancestor, that verb's
    conjuncts ("develop and deploy"), or the clause it complements ("plans to deploy")."""
    span = doc.char_span(system.start, system.end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(6):
        if token.head is token:
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            candidates = [token, *[c for c in token.children if c.dep_ == "conj"]]
            if token.dep_ in ("conj", "xcomp"):
                candidates.append(token.head)
            for candidate in candidates:
                if _is_deploy_verb(candidate):
                    return candidate
            if token.dep_ in ("ccomp", "advcl", "relcl", "ROOT"):
                return None
    return None


def _sentence_verb(sent: Any) -> Any:
    return next((t for t in sent if _is_deploy_verb(t)), None)


def _names_units(sent: Any) -> bool:
    return any(t.lemma_.lower() in UNITS for t in sent) and _sentence_verb(sent) is not None


def _status(verb: Any, text: str) -> str | None:
    lemma = verb.lemma_.lower()
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "has not deployed": no deployment stated
    if lemma in WITHDRAW_VERBS or _WITHDRAW_PHRASES.search(text):
        if lemma == "return" and not re.search(r"\b(?:home|base|garrison|barracks)\b", text, re.I):
            return None
        return "withdrawn"
    if _TEMPORARY.search(text):
        return "temporary"
    if _is_planned(verb):
        return "planned"
    return "in_place"


def _is_planned(verb: Any) -> bool:
    """A modal or a verb of planning on the verb or up its clause chain ("would begin ... bringing")."""
    token = verb
    for _ in range(4):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS for c in token.children):
            return True
        if token is not verb and token.lemma_.lower() in _PLAN_VERBS:
            return True
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and token.head.lemma_.lower() in _PLAN_VERBS:
            return True
        if token.dep_ in ("advcl", "xcomp", "conj", "acl") and token.head is not token:
            token = token.head
        else:
            break
    return bool(_PLANNED.match(" ".join(t.lower_ for t in verb.lefts if t.dep_ in ("aux", "auxpass"))))


def _claim_for(claims: list[Claim], sent: Any) -> Claim | None:
    inside = [c for c in claims if c.start < sent.end_char and sent.start_char < c.end]
    return inside[0] if inside else None


def _state(doc: Any, verb: Any, system: Any, claim: Claim | None, kb: KnowledgeBase) -> str | None:
    """Who holds the system: the verb's subject ("Russia would deploy"), a possessor of the
    system ("Russia's four battalions"), else the state that is speaking."""
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent"):
                subject = child if child.dep_ != "agent" else next(iter(child.children), child)
                if subject.lower_ in ("that", "which", "who") and token.dep_ == "relcl":
                    subject = token.head  # "a Russian brigade that was sent"
                state = _state_at(doc, subject, kb) or _pronoun_state(subject, claim, kb)
                if state:
                    return state
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            # "accused Moscow of developing and fielding": the object of the verb above does it
            for child in token.head.head.children:
                if child.dep_ == "dobj":
                    state = _state_at(doc, child, kb)
                    if state:
                        return state
        if token.dep_ in ("xcomp", "conj", "pcomp") and token.head is not token:
            token = token.head
        else:
            break
    if system is not None:
        span = doc.char_span(system.start, system.end, alignment_mode="expand")
        if span is not None:
            for ancestor in [span.root, *span.root.ancestors][:3]:
                for child in ancestor.children:
                    if child.dep_ == "poss":
                        state = _state_at(doc, child, kb)
                        if state:
                            return state
    return None  # the speaker's state is not the holder ("Lithuania said the brigade had left")


def _pronoun_state(subject: Any, claim: Claim | None, kb: KnowledgeBase) -> str | None:
    if subject.lower_ in ("it", "they", "we") and claim and claim.speaker in kb.actors:
        return claim.speaker
    return None


def _earlier_holder(out: list[Deployment], system_id: str, kb: KnowledgeBase) -> str | None:
    """The holder of this system (or its parent or variants) earlier in the article."""
    family = {system_id}
    entry = kb.systems.get(system_id)
    if entry and entry.variant_of:
        family.add(entry.variant_of)
    for d in reversed(out):
        related = kb.systems.get(d.system)
        if d.system in family or (related and related.variant_of in family):
            return d.by
    return None


def _developer_named(doc: Any, system_id: str, kb: KnowledgeBase) -> str | None:
    """The developing state (the id's prefix), when the article names that state at all."""
    state = system_id.split(".", 1)[0].upper()
    named = {f.id for f in doc._.kb_found if f.kind == "actor"}
    return state if state in kb.actors and state in named else None


def _operator(system: Any, kb: KnowledgeBase) -> str | None:
    entry = kb.systems.get(system.id)
    return entry.operators[0] if entry and len(entry.operators) == 1 else None


def _state_at(doc: Any, token: Any, kb: KnowledgeBase) -> str | None:
    for found in doc._.kb_found:
        if found.kind == "actor" and found.start <= token.idx < found.end:
            state = kb.state_of(found.id)
            if state:
                return state
    for child in [token, *token.children]:
        state = state_of_demonym(child.text)
        if state and child.dep_ in ("amod", "compound", "poss", "nsubj", "nsubjpass"):
            return state
    return None


def _places(
    doc: Any, sent: Any, verb: Any, found: list[Any], places: list[Any], kb: KnowledgeBase, *,
    withdrawal: bool = False, holder: str | None = None,
) -> list[tuple[str, str, float | None, float | None]]:
    """Places after a locative preposition in the sentence: sites, GeoNames places, states.
    For a withdrawal, "from X" names the place too ("withdrew the missiles from Pskov")."""
    out: list[tuple[str, str, float | None, float | None]] = []
    candidates = [(f, "site") for f in found if f.kind == "site"] + [(p, "place") for p in places]
    candidates += [(f, "actor") for f in found if f.kind == "actor"]
    for item, kind in sorted(candidates, key=lambda c: c[0].start):
        if not sent.start_char <= item.start < sent.end_char:
            continue
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is None or not _after_locative(span, extra=("from",) if withdrawal else ()):
            continue
        if kind == "site":
            site = kb.sites[item.id]
            entry = (site.name, site.id, site.lat, site.lon)
        elif kind == "place":
            from ..kb.places import namesake_in, place_by_id

            # Of namesake towns, the holder's own is meant unless the text says otherwise.
            place = namesake_in(item.id, holder) if holder else place_by_id(item.id)
            place_id = place.id if place else item.id
            entry = (item.text, place_id, place.lat if place else None, place.lon if place else None)
        else:
            actor = kb.actors.get(item.id)
            if actor is None or actor.actor_kind != "state":
                continue
            entry = (actor.id, actor.id, None, None)
        if all(e[1] != entry[1] for e in out):
            out.append(entry)
    finer = [e for e in out if e[1] not in kb.actors]
    return finer or out[:1]


def _after_locative(span: Any, extra: tuple[str, ...] = ()) -> bool:
    """"in Kaliningrad", "to the island of Paramushir", "at the Kapustin Yar range", "close to Moscow" is not."""
    head = span.root
    chain = [head, *head.ancestors][:4]
    for token in chain:
        if token.dep_ == "pobj" and (token.head.lower_ in _LOCATIVE or token.head.lower_ in extra):
            preposition = token.head
            if preposition.lower_ == "to" and preposition.head.lower_ in ("close", "next", "near", "adjacent"):
                return False
            return True
        if token.dep_ not in ("compound", "pobj", "prep", "appos", "conj", "nmod", "amod"):
            break
    return False


def _date(sent: Any, published: str | None) -> Any:
    return first_date(sent.doc, sent.start_char, sent.end_char, published)


def _unit_count(sent: Any, places: int) -> tuple[int | None, str | None]:
    """Formations per place: "two batteries" at one place; "battalions in A and in B" or
    "a battalion at A and one in B" is one per place."""
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma not in UNITS:
            continue
        numbers = [c for c in token.children if c.dep_ == "nummod" and _number(c.text) is not None]  # not "9M729"
        if numbers and places == 1:
            value = _number(numbers[0].text)
            if value:
                return value, lemma
        if places > 1 and not numbers and (token.tag_ == "NNS" or any(c.lower_ in ("a", "an", "one") for c in token.children)):
            return 1, lemma
        if places == 1 and any(c.lower_ in ("a", "an", "one") for c in token.children):
            return 1, lemma
    return None, None


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)
