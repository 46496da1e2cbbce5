"""What a document says about where it is: `GeoContext`, read from its text and from
the places already chosen for its toponyms (`Evidence`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..kb import Actor, KnowledgeBase, alias_key, load_kb
from ..kb.demonyms import state_of_demonym
from .gazetteer import DIVISION_KINDS, Gazetteer, load_gazetteer, place_key

if TYPE_CHECKING:
    from ._mentions import Mention, Resolved

# Places with a point of their own, whose neighbours are likely the story's places.
POINT_KINDS = frozenset({"city", "capital", "site", "landmark", "county"})
# Areas whose centre says roughly where the story is.
AREA_KINDS = frozenset(DIVISION_KINDS | {"region", "island", "peninsula"})
# Places too wide to say where a story is.
NO_CONTEXT_KINDS = frozenset({"continent", "ocean", "sea", "union"})
_CAPITALISED = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w'’.\-]*)*")
_LONGEST_PHRASE = 4  # words


@dataclass(frozen=True)
class GeoContext:
    """What a document says about where it is: country weights (ISO alpha-2), weights
    of first-level divisions ((country, admin1) pairs), and weighted points
    (lat, lon, weight) of its resolved places."""

    countries: Mapping[str, float] = field(default_factory=dict)
    admin1: Mapping[tuple[str, str], float] = field(default_factory=dict)
    points: tuple[tuple[float, float, float], ...] = ()

    @classmethod
    def from_text(
        cls, text: str, gazetteer: Gazetteer | None = None, *, skip: Sequence[tuple[int, int]] = ()
    ) -> GeoContext:
        """The countries and first-level divisions a text names: states with their
        names, aliases and metonyms ("the Kremlin"), national adjectives ("Iranian"),
        US states and provinces ("Texas", "Ontario"). Each phrase counts once, shared
        among the states it may stand for; spans in `skip` (the toponyms being
        resolved, which speak for themselves) are not read.

        >>> GeoContext.from_text("Officials in the Kremlin said").countries  # doctest: +SKIP
        {'RU': 1.0}
        """
        gazetteer = gazetteer or load_gazetteer()
        kb = load_kb()
        seen: set[tuple[str, str, str]] = set()
        for match in _CAPITALISED.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in skip):
                continue
            words = match.group().split()
            i = 0
            while i < len(words):
                for j in range(min(len(words), i + _LONGEST_PHRASE), i, -1):
                    phrase = " ".join(words[i:j]).rstrip(".,'’")
                    found = text_evidence(phrase, kb, gazetteer)
                    if found:
                        seen.update((place_key(phrase), country, division) for country, division in found)
                        i = j
                        break
                else:
                    i += 1
        share = Counter(phrase for phrase, _, _ in seen)
        countries: dict[str, float] = defaultdict(float)
        admin1: dict[tuple[str, str], float] = defaultdict(float)
        for phrase, country, division in seen:
            countries[country] += 1.0 / share[phrase]
            if division:
                admin1[(country, division)] += 1.0 / share[phrase]
        return cls(countries=dict(countries), admin1=dict(admin1))

    def merged(self, other: GeoContext) -> GeoContext:
        """Both contexts' evidence added up."""
        countries = dict(self.countries)
        for country, weight in other.countries.items():
            countries[country] = countries.get(country, 0.0) + weight
        admin1 = dict(self.admin1)
        for division, weight in other.admin1.items():
            admin1[division] = admin1.get(division, 0.0) + weight
        return GeoContext(countries, admin1, self.points + other.points)


def text_evidence(phrase: str, kb: KnowledgeBase, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(country, admin1) pairs a capitalised phrase of the text vouches for: states by
    name, alias or metonym, national adjectives, and divisions whose name is not also a
    big city's ("Washington" is left out)."""
    bare = phrase[4:] if phrase.lower().startswith("the ") else phrase
    if len(bare) < 2 or (len(bare) <= 3 and not bare.isupper()):
        return []  # "It", "St": words, not the ISO codes they spell
    key = alias_key(bare)
    found = {
        (entry.id, "") for entry, _ in kb.candidates(bare, "actor")
        if isinstance(entry, Actor) and entry.actor_kind == "state"
        and any(alias_key(n) == key and (not n.replace(".", "").isupper() or bare.replace(".", "").isupper())
                for n in entry.names())
    }
    state = state_of_demonym(bare)
    if state:
        found.add((state, ""))
    if not gazetteer.names_big_city(bare):
        found.update((c.place.country, c.place.admin1) for c in gazetteer.non_cities(bare)
                     if (c.place.kind == "country" or c.place.kind in DIVISION_KINDS) and c.place.country)
    return sorted(found)


class Evidence:
    """What each toponym (by key) contributes as context once places are chosen, so
    that a name never supports its own reading. A name counts once however often it is
    repeated: "US" twenty times is one country named, not twenty towns there."""

    def __init__(self) -> None:
        self.by_key: dict[str, GeoContext] = {}
        self.total = GeoContext()
        self._in_division: dict[tuple[str, str], Counter[tuple[float, float]]] = defaultdict(Counter)

    @classmethod
    def collect(cls, mentions: Sequence[Mention], picks: Sequence[Resolved | None]) -> Evidence:
        evidence = cls()
        parts: dict[str, list[GeoContext]] = defaultdict(list)
        for mention, pick in zip(mentions, picks):
            if pick is None or pick.place.kind in NO_CONTEXT_KINDS or pick.method == "focus":
                continue
            place = pick.place
            point_weight = 1.0 if place.kind in POINT_KINDS else 0.5 if place.kind in AREA_KINDS else 0.0
            division = {(place.country, place.admin1): 0.5 if place.kind in POINT_KINDS else 1.0} if place.admin1 else {}
            points = ((place.lat, place.lon, point_weight),) if point_weight else ()
            parts[mention.key].append(GeoContext({place.country: 1.0} if place.country else {}, division, points))
            if place.admin1 and place.kind in POINT_KINDS and place.kind != "county":
                evidence._in_division[(place.country, place.admin1)][(place.lat, place.lon)] += 1
        for key, contexts in parts.items():
            merged = GeoContext()
            for context in contexts:
                merged = merged.merged(context)
            scale = 1.0 / len(contexts)
            merged = GeoContext({c: w * scale for c, w in merged.countries.items()},
                                {d: w * scale for d, w in merged.admin1.items()}, merged.points)
            evidence.by_key[key] = merged
            evidence.total = evidence.total.merged(merged)
        return evidence

    def without(self, key: str) -> GeoContext:
        """All the evidence except what the toponyms of this key contribute."""
        own = self.by_key.get(key)
        if own is None:
            return self.total
        countries = {c: w - own.countries.get(c, 0.0) for c, w in self.total.countries.items()}
        admin1 = {d: w - own.admin1.get(d, 0.0) for d, w in self.total.admin1.items()}
        own_points = set(own.points)
        return GeoContext(
            {c: w for c, w in countries.items() if w > 1e-9},
            {d: w for d, w in admin1.items() if w > 1e-9},
            tuple(p for p in self.total.points if p not in own_points),
        )

    def division_point(self, country: str, admin1: str) -> tuple[float, float] | None:
        """The most-named town of the document in a first-level division."""
        points = self._in_division.get((country, admin1))
        return points.most_common(1)[0][0] if points else None
