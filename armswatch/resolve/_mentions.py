"""Toponym mentions and every place their names can stand for.

A mention's candidates come from the gazetteer under the name itself, then, for a name
the gazetteer lacks, under shorter readings ("northern Syria" -> Syria), US counties
("Miami-Dade"), and the places named inside it ("Cavan Institute"). The document adds
its own short forms: initials ("T&T" after "Trinidad and Tobago") and a country's first
word ("Trinidad"). A qualifier written after the name ("Paris, Texas") is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..kb.demonyms import state_of_demonym
from .gazetteer import Candidate, Gazetteer, Place, distance_km, place_key

# Words that modify a place name without changing the place much ("northern Syria").
DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern upper lower greater downtown metro metropolitan "
    "outer inner rural coastal mid far".split()
)
# Generic words after a name ("Oaxaca State", "Birmingham City").
GENERIC_TAILS = frozenset(
    "city state province region district county parish borough oblast governorate prefecture municipality "
    "area metro township village town valley island islands".split()
)
COUNTY_WORDS = ("county", "parish", "borough")
# A feature named after an area lies in the story's own area ("Lake Vermont" in Minnesota).
NATURAL_FEATURES = frozenset(
    "lake lakes river creek mountain mountains mount bay island islands valley hill hills park forest canyon falls "
    "beach point springs pond reservoir swamp bayou trail road street avenue".split()
)
_STOPWORDS = frozenset("of the and de la le du del di da at on in for new old st".split()) | GENERIC_TAILS | DIRECTIONS
# Kinds a qualifier after a comma can be: "Paris, Texas", "Perth (Australia)".
_QUALIFIER_KINDS = frozenset(
    {"country", "state", "province", "oblast", "krai", "republic", "county", "country_part", "region", "territory"}
)
_QUALIFIER = re.compile(r"\s*(?:,|\()\s*((?:[A-Z][\w'’.\-]*\.?)(?:\s+[A-Z][\w'’.\-]*\.?){0,3})")
_LIST_GOES_ON = re.compile(r"\.?,?\s+(?:and|or|&)\s+[A-Z]")


@dataclass
class Mention:
    """One toponym of a document and its candidate places.

    `method` is "name" or, when only a shortened reading matched, "partial".
    `county_names` are US counties of that name as (name, state code); `embedded` the
    places named inside a name the gazetteer lacks; `scores` the last scoring, by place id.
    """

    text: str
    start: int | None
    end: int | None
    key: str
    candidates: list[Candidate]
    method: str = "name"
    county_names: list[tuple[str, str]] = field(default_factory=list)
    embedded: list[Candidate] = field(default_factory=list)
    qualifier: Place | None = None
    acronym: bool = False
    scores: dict[str, float] = field(default_factory=dict)
    sentence_countries: tuple[str, ...] = ()  # the states its own sentence names (see geoparse) ...
    namesake_countries: frozenset[str] = frozenset()  # ... read for its towns in these states,
    fit_floor: dict[str, float] = field(default_factory=dict)  # ... above the worst fit of each state's towns


def lookup_mention(name: str, start: int | None, end: int | None, text: str, gazetteer: Gazetteer) -> Mention:
    """A mention of `name` at text[start:end] with every place the name can stand for."""
    name = re.sub(r"['’]s$", "", name.strip())
    key = place_key(name)
    mention = Mention(name, start, end, key, gazetteer.candidates(name))
    mention.acronym = is_acronym(name)
    mention.county_names = gazetteer.counties(name)
    if end is not None:
        qualifier = _qualifier(text, end, gazetteer)
        if qualifier is not None and (
            any(c.primary and within(c.place, qualifier) for c in mention.candidates)
            or any(qualifier.admin1 == state for _, state in mention.county_names)
        ):
            mention.qualifier = qualifier
    if mention.acronym and all(c.place.kind in ("city", "capital") and not c.place.name.isupper()
                               for c in mention.candidates):
        mention.candidates = []  # "OAS" is no village called Oas
    # "Ind." or "Mo." next to towns is an AP state abbreviation.
    following = text[end:end + 1] if end is not None else ""
    state = gazetteer.abbreviation(name + following if following == "." and not name.endswith(".") else name)
    if state is not None and (name.endswith(".") or following == "." or name.isupper()):
        mention.candidates.append(Candidate(state))
    demonym = state_of_demonym(name) if name[:1].isupper() else None
    country = gazetteer.country(demonym) if demonym else None
    if country is not None and not any(c.place.kind not in ("city", "capital") for c in mention.candidates):
        mention.candidates.append(Candidate(country))
    if mention.candidates or mention.county_names:
        return mention
    words = key.split()
    if len(words) > 1 and words[-1] not in COUNTY_WORDS:
        mention.county_names = gazetteer.counties(key + " county")  # "Miami-Dade"
        if mention.county_names:
            return mention
    for shorter in _shortened(words):
        mention.candidates = gazetteer.candidates(shorter)
        if mention.candidates:
            mention.method = "partial"
            return mention
    mention.embedded = _embedded(name, gazetteer)
    return mention


def add_short_forms(mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """Short forms of the document's longer names: initials ("T&T" after "Trinidad and
    Tobago", else a country's: "SA") and a country's first word ("Trinidad")."""
    long_forms: dict[str, list[Candidate]] = {}
    first_words: dict[str, list[Candidate]] = {}
    for mention in mentions:
        words = [w for w in re.split(r"[\s\-]+", mention.text) if w]
        if len(words) < 2 or not mention.candidates:
            continue
        long_forms.setdefault("".join(w[0] for w in words if w[0].isupper()), mention.candidates)
        countries = [c for c in mention.candidates if c.place.kind == "country"]
        if countries:
            first_words.setdefault(place_key(words[0]), countries)
    for mention in mentions:
        letters = "".join(c for c in mention.text if c.isalpha())
        if mention.acronym and not mention.candidates:
            mention.candidates = list(long_forms.get(letters, ())) or [
                Candidate(place) for place in gazetteer.countries_by_initials(letters)
            ]
        elif len(mention.key.split()) == 1 and mention.key in first_words:
            known = {c.place.id for c in mention.candidates}
            mention.candidates += [c for c in first_words[mention.key] if c.place.id not in known]


def share_qualifiers(mentions: list[Mention]) -> None:
    """One sense per discourse: "Paris, Ill." settles every "Paris" of the article."""
    qualifiers = {m.key: m.qualifier for m in mentions if m.qualifier is not None}
    for mention in mentions:
        mention.qualifier = qualifiers.get(mention.key)


def county_states(mentions: list[Mention]) -> dict[str, Counter[str]]:
    """For each name, the states holding a county of each other county name of the
    document: "Henry County" and "Walker County" together point to the states with both."""
    by_key = {m.key: {state for _, state in m.county_names} for m in mentions if m.county_names}
    return {key: Counter(s for other, states in by_key.items() if other != key for s in states) for key in by_key}


def is_acronym(name: str) -> bool:
    """"EU", "U.S.", "T&T": written in capitals, so not a town's name."""
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 5 and all(c.isupper() for c in letters)


def within(place: Place, area: Place) -> bool:
    """Whether `place` lies in `area` (a country, a US state, a province ...)."""
    if place.id == area.id or place.country != area.country:
        return False
    if area.kind == "country":
        return True
    if area.admin1:
        return place.admin1 == area.admin1
    return distance_km(place.lat, place.lon, area.lat, area.lon) < 500


def contains(area: Place, place: Place | None) -> bool:
    """Whether an area holds a place, the stricter test used for a story's focus."""
    if place is None or area.country != place.country or not area.country:
        return False
    if area.kind == "country":
        return True
    if area.admin1:
        return area.admin1 == place.admin1
    return distance_km(area.lat, area.lon, place.lat, place.lon) < 300


def _shortened(words: list[str]) -> list[str]:
    """Shorter readings of an unknown name: "northern syria" -> "syria", "oaxaca state" -> "oaxaca"."""
    out = []
    head, tail = list(words), list(words)
    while len(head) > 1 and head[0] in DIRECTIONS:
        head = head[1:]
        out.append(" ".join(head))
    while len(tail) > 1 and tail[-1] in GENERIC_TAILS:
        tail = tail[:-1]
        out.append(" ".join(tail))
    return out


def _embedded(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Places named, by their own names, inside an unknown name ("Cavan Institute",
    "University of California"), the longest phrases first."""
    words = name.split()
    out: list[Candidate] = []
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            phrase = words[i:i + size]
            if not phrase[0][:1].isupper() or all(w.lower() in _STOPWORDS for w in phrase):
                continue
            out.extend(c for c in gazetteer.candidates(" ".join(phrase)) if c.primary)
        if out:
            return out
    return out


def _qualifier(text: str, end: int, gazetteer: Gazetteer) -> Place | None:
    """The country, US state or province written right after a toponym: "Paris, Texas",
    "Alexandria, La.", "Perth (Australia)"; not the next item of a list ("stops in
    Washington, New York and Boston")."""
    match = _QUALIFIER.match(text, end)
    if not match:
        return None
    words = match.group(1).split()
    for j in range(len(words), 0, -1):
        phrase = " ".join(words[:j])
        rest = text[match.start(1) + len(phrase):match.start(1) + len(phrase) + 40]
        if _LIST_GOES_ON.match(rest):
            continue
        place = gazetteer.abbreviation(phrase) or gazetteer.abbreviation(phrase.rstrip(","))
        if place:
            return place
        for candidate in gazetteer.non_cities(phrase.rstrip(".,")):
            if candidate.place.kind in _QUALIFIER_KINDS:
                return candidate.place
    return None


@dataclass(frozen=True)
class Resolved:
    """A toponym and the place chosen for it.

    `method`: "name" (the gazetteer's reading of the name), "qualified" (decided by a
    following ", State"), "partial" (a modifier or generic word dropped, "northern
    Syria", or a place named inside the name, "Bank of Japan"), "county" (a US county
    placed at the document's towns in its state), "focus" (a name the gazetteer lacks,
    placed at the town named near it or at the document's focus).
    """

    text: str
    place: Place
    score: float
    method: str = "name"
    start: int | None = None
    end: int | None = None

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def lon(self) -> float:
        return self.place.lon

    @property
    def country(self) -> str:
        return self.place.country

    @property
    def geonameid(self) -> int | None:
        return self.place.geonameid
