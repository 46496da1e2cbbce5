"""Toponym resolution: which place each place name of a document stands for.

Every candidate place gets a score from evidence of decreasing weight:
1. the name itself: a place's own name beats an alternate spelling or former name, and
   a qualifier right after it ("Paris, Texas", "Alexandria, La.") all but decides;
2. the countries the document names elsewhere (states through the KB actors and their
   metonyms, national adjectives, the countries of its other places) and the US states
   and provinces of its other places;
3. proximity to the document's other places;
4. population, log-scaled;
5. feature kind: a country's name is the country, a sea's the sea, and a capital or a
   city of a million beats a region of the same name ("Washington", "New York").

`resolve_toponyms` resolves the toponyms of one document together. A first pass scores
each name with the text's evidence and the spatial coherence of all names' likelier
readings; later passes add the places chosen so far (a name never supporting itself).
A US county ("Rapides Parish") is placed at the document's towns in its state. A name
the gazetteer lacks ("Royal Street") goes to a place named inside it, else to the town
named near it in the text, else to the document's focus, with `method` saying which,
so that a caller can drop such guesses.

>>> [r.place.country for r in resolve_toponyms([("Paris", 0, 5)], "Paris, Texas, voted on Tuesday")]  # doctest: +SKIP
['US']
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterable

from ._context import AREA_KINDS, NO_CONTEXT_KINDS, POINT_KINDS, Evidence, GeoContext
from ._mentions import (
    COUNTY_WORDS, NATURAL_FEATURES, Mention, Resolved, add_short_forms, contains, county_states, lookup_mention,
    share_qualifiers, within,
)
from .gazetteer import REGIONS_FILE, Candidate, Gazetteer, Place, distance_km, load_gazetteer, place_key

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

RESOLVER = "resolve.geoparse.v1"

# Weights, in score points; one point is worth about two decades of population.
POPULATION_WEIGHT = 0.45  # per decade of population
CAPITAL_BONUS = 1.2
METROPOLIS_BONUS = 1.0  # a city of a million is known well beyond its country
BIG_CITY = 1_000_000
# A country's name is the country unless a town of that name has the whole story
# around it (its state, its neighbours: "Palestine" in an East Texas paper).
KIND_PRIOR = {"country": 8.5, "continent": 7.0, "ocean": 7.0, "sea": 7.0, "union": 7.0,
              "state": 6.0, "site": 4.5, "landmark": 4.5, "county": 4.0}
REGION_PRIOR = 4.3  # other regions.toml kinds within one state: province, oblast, island ...
SUPRANATIONAL_PRIOR = 7.0  # ... and across states: "Middle East", "Sahel", "Strait of Hormuz"
# An alternate name (a translation, a former name) counts less for a small town, whose
# alternates are often someone else's name, than for a city known under several.
ALTERNATE_PENALTY = ((1_000_000, 0.2), (100_000, 0.5), (0, 1.2))
NAME_TAKEN_PENALTY = 1.0  # ... and less still when it is the own name of a town twice as big
NAMESAKE_PENALTY = 3.5  # a region sharing its name with a capital or a million-city
ACRONYM_PENALTY = 3.0  # "EU" is not the town of Eu
COUNTRY_PRESENT = 1.0  # the candidate's country is named in the document ...
COUNTRY_SHARE = 1.5  # ... plus this times its share of the country evidence (1 for the main one)
ADMIN1_BONUS = 1.8  # the candidate's US state / province holds the document's other places
NEAR_BONUS = 2.5  # within 10 km of another place of the document, less with the log of the distance
NEAR_HORIZON_KM = 3000.0  # proximity counts nothing beyond this
QUALIFIER_BONUS = 6.0
PARTIAL_PENALTY = 0.5  # "northern Syria" read as Syria
COUNTY_COOCCURRENCE = 1.0  # per other county name of the document in the same state (at most 2)
COHERENCE_BONUS = 2.5  # first pass: the other names' likelier readings lie around this one
COHERENCE_LATER = 0.5  # share of it kept in the later passes
COHERENCE_READINGS = 12  # likeliest readings per name taken into account
ANCHOR_MARGIN = 1.0  # a first-pass choice this far ahead of the next informs the second pass
LATER_PASSES = 3
STRAY_POPULATION = 10_000  # see _stray
FOCUS_RADIUS_KM = 100.0  # places this close to a town support it as the story's focus
NEARBY_CHARS = 300  # an unknown name goes to the town named this close to it in the text ...
NEARBY_FOCUS_KM = 300.0  # ... when that town lies this close to the story's focus
EMBEDDED_NEAR_KM = 150.0  # a town named inside an unknown name counts this close to the story ...
EMBEDDED_TOWN = 100_000  # ... or when this big and in a country the story names
SENTENCE_COUNTRY_BONUS = 1.5  # times how well a town fits the states its own sentence names
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
with REGIONS_FILE.open("rb") as _handle:  # its `proximity` words
    _PROXIMITY = re.compile(r"\b(?:" + "|".join(tomllib.load(_handle)["proximity"].split()) + r")\b", re.IGNORECASE)


def resolve_toponym(name: str, *, context: GeoContext, gazetteer: Gazetteer | None = None) -> Resolved | None:
    """The place `name` most likely stands for, given what the document says.

    Returns None when no gazetteer entry matches the name or a shortened form of it.

    >>> resolve_toponym("Kaliningrad", context=GeoContext(countries={"RU": 2})).place.lat  # doctest: +SKIP
    54.70649
    """
    gazetteer = gazetteer or load_gazetteer()
    return _choose(lookup_mention(name, None, None, "", gazetteer), _Scoring(context), gazetteer)


def resolve_toponyms(
    names_with_offsets: Iterable[tuple[str, int, int]], text: str, *, gazetteer: Gazetteer | None = None
) -> list[Resolved | None]:
    """Resolve every toponym of one document at once, each in the light of the others.

    `names_with_offsets` holds (name, start, end) with character offsets into `text`,
    the document, which also gives qualifiers and the countries it names. Returns one
    result per toponym, in order; None only when neither the gazetteer nor the
    document has anything to go on.
    """
    gazetteer = gazetteer or load_gazetteer()
    mentions = [lookup_mention(name, start, end, text, gazetteer) for name, start, end in names_with_offsets]
    add_short_forms(mentions, gazetteer)
    share_qualifiers(mentions)
    base = GeoContext.from_text(text, gazetteer, skip=[(m.start or 0, m.end or 0) for m in mentions])
    _add_sentence_countries(mentions, text, gazetteer)
    counties = county_states(mentions)
    first = _Scoring(base, counties=counties, coherence=_coherence(mentions))
    picks = [_choose(m, first, gazetteer) for m in mentions]
    support = [p if p and _margin(m, p) >= ANCHOR_MARGIN else None for m, p in zip(mentions, picks)]
    later = {key: {pid: v * COHERENCE_LATER for pid, v in c.items()} for key, c in first.coherence.items()}
    scorings = {m.key: first for m in mentions}
    for _ in range(LATER_PASSES):
        evidence = Evidence.collect(mentions, support)
        scorings = {m.key: _Scoring(base.merged(evidence.without(m.key)), evidence, counties, later) for m in mentions}
        picks = _one_sense(mentions, [_choose(m, scorings[m.key], gazetteer) for m in mentions])
        support = picks
    picks = [None if p is not None and _stray(p, scorings[m.key]) else p for m, p in zip(mentions, picks)]
    return _fill_unknown(mentions, picks, scorings)


def _one_sense(mentions: list[Mention], picks: list[Resolved | None]) -> list[Resolved | None]:
    """One sense per document: the mentions of a name go to the place their scores favour
    together, so that the one sentence that places a name ("Kaliningrad, between Poland and
    Lithuania") settles its other mentions."""
    # every mention of a name scores alike but for its own sentence's evidence: a name's
    # total is the mentions' mean score with each sentence's evidence added in full
    sums: dict[str, Counter[str]] = {}
    count: Counter[str] = Counter()
    for mention in mentions:
        if not mention.scores:
            continue
        count[mention.key] += 1
        total = sums.setdefault(mention.key, Counter())
        places = {c.place.id: c.place for c in mention.candidates}
        for pid, score in mention.scores.items():
            own = _sentence_bonus(places[pid], mention) if pid in places else 0.0
            total[pid] += score - own
            total[f"+{pid}"] += own
    totals = {key: Counter({pid: v / count[key] + total[f"+{pid}"] for pid, v in total.items()
                            if not pid.startswith("+")}) for key, total in sums.items()}
    out = list(picks)
    for i, (mention, pick) in enumerate(zip(mentions, picks)):
        total = totals.get(mention.key)
        if pick is None or not total or pick.method == "qualified":
            continue
        best = max(total, key=lambda pid: total[pid])
        if best != pick.place.id:
            chosen = next((c for c in mention.candidates if c.place.id == best), None)
            if chosen is not None:
                out[i] = Resolved(mention.text, chosen.place, round(mention.scores[best], 3), pick.method,
                                  mention.start, mention.end)
    return out


class _Scoring:
    """Everything a candidate's score depends on beyond its mention."""

    def __init__(
        self, context: GeoContext, evidence: Evidence | None = None, counties: dict[str, Counter[str]] | None = None,
        coherence: dict[str, dict[str, float]] | None = None,
    ) -> None:
        self.context = context
        self.evidence = evidence
        self.counties = counties or {}
        self.coherence = coherence or {}
        self.top_country = max(context.countries.values(), default=0.0)


def _prior(candidate: Candidate, mention: Mention) -> float:
    place = candidate.place
    if place.kind in ("city", "capital"):
        score = POPULATION_WEIGHT * math.log10(place.population + 1)
        if place.kind == "capital" and candidate.primary:
            score += CAPITAL_BONUS
        if place.population >= BIG_CITY:
            score += METROPOLIS_BONUS
        if not candidate.primary:
            score -= next(p for size, p in ALTERNATE_PENALTY if place.population >= size)
            if any(c.primary and c.place.kind in ("city", "capital") and c.place.population >= 2 * place.population
                   for c in mention.candidates):
                score -= NAME_TAKEN_PENALTY  # "Kaliningrad" is Kaliningrad, not Korolev's former name
        if mention.acronym and not place.name.isupper():
            score -= ACRONYM_PENALTY
        return score
    score = KIND_PRIOR.get(place.kind, REGION_PRIOR if place.country else SUPRANATIONAL_PRIOR)
    if place.kind not in ("country", "continent") and any(
        c.place.country == place.country and c.place.kind in ("city", "capital")
        and (c.place.population >= BIG_CITY or (c.place.kind == "capital" and c.primary))
        for c in mention.candidates
    ):
        score -= NAMESAKE_PENALTY
    return score


def _score(candidate: Candidate, mention: Mention, scoring: _Scoring) -> float:
    place = candidate.place
    context = scoring.context
    score = _prior(candidate, mention)
    weight = context.countries.get(place.country, 0.0)
    if weight > 0 and place.kind not in NO_CONTEXT_KINDS:
        score += COUNTRY_PRESENT * min(1.0, weight) + COUNTRY_SHARE * weight / scoring.top_country
    if place.admin1 and place.kind != "country":
        score += ADMIN1_BONUS * min(1.0, context.admin1.get((place.country, place.admin1), 0.0))
    if place.kind == "county" and mention.key in scoring.counties:
        score += COUNTY_COOCCURRENCE * min(2, scoring.counties[mention.key].get(place.admin1, 0))
    if context.points and (place.kind in POINT_KINDS or place.kind in AREA_KINDS):
        score += NEAR_BONUS * max(w * _closeness(distance_km(place.lat, place.lon, lat, lon))
                                  for lat, lon, w in context.points)
    if mention.qualifier is not None:
        score += QUALIFIER_BONUS if within(place, mention.qualifier) else -QUALIFIER_BONUS
    coherence = scoring.coherence.get(mention.key)
    if coherence:
        score += COHERENCE_BONUS * coherence.get(place.id, 0.0)
    return score + _sentence_bonus(place, mention)


def _sentence_bonus(place: Place, mention: Mention) -> float:
    if mention.sentence_countries and place.kind in POINT_KINDS and place.country in mention.namesake_countries:
        fit = _sentence_fit(place, mention.sentence_countries) - mention.fit_floor.get(place.country, 0.0)
        return SENTENCE_COUNTRY_BONUS * fit
    return 0.0


def _sentence_fit(place: Place, countries: tuple[str, ...]) -> float:
    """How well a town fits the states its sentence names: the mean, over those states, of
    its closeness to their nearest town (1 inside one). "Kaliningrad ..., between Poland and
    Lithuania" is the exclave, not the Moscow suburb of that former name."""
    from .gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    total = 0.0
    for country in countries:
        if country == place.country:
            total += 1.0  # "in X, near the border with Y": X's own towns all fit X
            continue
        km = gazetteer.km_to_country(place.lat, place.lon, country)
        total += _closeness(km) if km is not None else 0.0
    return total / len(countries)


def _add_sentence_countries(mentions: list[Mention], text: str, gazetteer: Gazetteer) -> None:
    """The states the sentence of a name shared by towns of one state names besides it (by
    name, metonym, national adjective, or a division of theirs), kept on the mention: they
    choose among namesakes of one state only, as the story's other places choose between states."""
    bounds: list[tuple[int, int]] = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    cache: dict[tuple[int, int, int, int], tuple[str, ...]] = {}
    for mention in mentions:
        if mention.start is None or mention.end is None:
            continue
        towns = Counter(c.place.country for c in {c.place.id: c for c in mention.candidates
                                                   if c.place.kind in POINT_KINDS}.values())
        shared = frozenset(country for country, n in towns.items() if n > 1)
        if not shared:
            continue
        mention.namesake_countries = shared
        start, end = next(((a, b) for a, b in bounds if a <= mention.start < b), (0, len(text)))
        key = (start, end, mention.start, mention.end)
        if key not in cache:
            cue = _PROXIMITY.search(text, mention.end, end)
            context = GeoContext.from_text(text[cue.start():end], gazetteer) if cue else GeoContext()
            cache[key] = tuple(sorted(context.countries))
        mention.sentence_countries = cache[key]
        if mention.sentence_countries:  # only what tells the namesakes apart counts
            for country in shared:
                mention.fit_floor[country] = min(
                    _sentence_fit(c.place, mention.sentence_countries) for c in mention.candidates
                    if c.place.kind in POINT_KINDS and c.place.country == country)


def _closeness(km: float) -> float:
    """1 within 10 km, falling with the log of the distance to 0 at NEAR_HORIZON_KM."""
    return max(0.0, 1.0 - math.log10(max(km, 10.0) / 10.0) / math.log10(NEAR_HORIZON_KM / 10.0))


def _coherence(mentions: list[Mention]) -> dict[str, dict[str, float]]:
    """For each name's candidates, how close the other names' likelier readings lie
    (the mean over the other names of the best closeness): before anything is settled,
    "Kent", "Becker" and "Alexandria" together point to the Kent near the others."""
    readings: dict[str, list[Place]] = {}
    for mention in mentions:
        if mention.key not in readings:
            ranked = sorted(mention.candidates, key=lambda c: -_prior(c, mention))
            readings[mention.key] = [c.place for c in ranked[:COHERENCE_READINGS]
                                     if c.place.kind in POINT_KINDS or c.place.kind in AREA_KINDS]
    out: dict[str, dict[str, float]] = {}
    for key, places in readings.items():
        others = [p for k, p in readings.items() if k != key and p]
        if others:
            out[key] = {
                place.id: sum(max(_closeness(distance_km(place.lat, place.lon, o.lat, o.lon)) for o in other)
                              for other in others) / len(others)
                for place in places
            }
    return out


def _county_candidates(mention: Mention, gazetteer: Gazetteer, scoring: _Scoring) -> list[Candidate]:
    out = []
    for name, state_code in mention.county_names:
        state = gazetteer.us_state(state_code)
        if state is None:
            continue
        # Where in the state: the document's own towns there, else a town of the
        # county's name in that state (Orange County, CA holds Orange), else the state.
        point = scoring.evidence.division_point("US", state_code) if scoring.evidence else None
        lat, lon = point or _namesake_town(name, state_code, gazetteer) or (state.lat, state.lon)
        slug = place_key(name).replace(" ", "-")
        out.append(Candidate(Place(id=f"us-county:{state_code}:{slug}", name=f"{name}, {state.name}", kind="county",
                                   country="US", lat=lat, lon=lon, admin1=state_code)))
    return out


def _namesake_town(county: str, state: str, gazetteer: Gazetteer) -> tuple[float, float] | None:
    words = county.split()
    base = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in COUNTY_WORDS else county
    towns = [c.place for c in gazetteer.candidates(base)
             if c.primary and c.place.country == "US" and c.place.admin1 == state and c.place.kind == "city"]
    if not towns:
        return None
    town = max(towns, key=lambda p: p.population)
    return town.lat, town.lon


def _choose(mention: Mention, scoring: _Scoring, gazetteer: Gazetteer) -> Resolved | None:
    candidates = mention.candidates + _county_candidates(mention, gazetteer, scoring)
    if not candidates:
        return None
    mention.scores = {}
    best: tuple[float, Candidate] | None = None
    for candidate in candidates:
        score = _score(candidate, mention, scoring) - (PARTIAL_PENALTY if mention.method == "partial" else 0.0)
        mention.scores[candidate.place.id] = max(score, mention.scores.get(candidate.place.id, -math.inf))
        if best is None or score > best[0]:
            best = (score, candidate)
    if best is None:
        return None
    score, candidate = best
    method = mention.method
    if candidate.place.id.startswith("us-county:"):
        method = "county"
    elif mention.qualifier is not None and within(candidate.place, mention.qualifier):
        method = "qualified"
    return Resolved(mention.text, candidate.place, round(score, 3), method, mention.start, mention.end)


def _margin(mention: Mention, pick: Resolved) -> float:
    others = [s for pid, s in mention.scores.items() if pid != pick.place.id]
    return pick.score - max(others) if others else math.inf


def _stray(pick: Resolved, scoring: _Scoring) -> bool:
    """A village in a country the story never mentions, while it mentions others, is a
    chance namesake ("Glenrock", Wyoming, in a story from New South Wales): better the
    story's own places than that."""
    place = pick.place
    countries = scoring.context.countries
    return (
        pick.method == "name" and place.kind == "city" and place.population < STRAY_POPULATION
        and place.country not in countries and max(countries.values(), default=0.0) >= 1.0
    )


def _fill_unknown(mentions: list[Mention], picks: list[Resolved | None], scorings: dict[str, _Scoring]) -> list[Resolved | None]:
    """Resolve the names the gazetteer lacks: to a place named inside the name, else to
    the town named near it in the text, else to the document's focus."""
    if all(picks):
        return picks
    focus = _focus(picks)
    out = list(picks)
    for i, mention in enumerate(mentions):
        if out[i] is not None:
            continue
        scoring = scorings.get(mention.key) or _Scoring(GeoContext())
        inside = max(((_score(c, mention, scoring), c.place) for c in mention.embedded), default=None,
                     key=lambda pair: pair[0])
        if inside is not None and _accept_embedded(mention, inside[1], scoring.context, focus):
            out[i] = Resolved(mention.text, inside[1], round(inside[0], 3), "partial", mention.start, mention.end)
            continue
        home = _nearby_town(mention, mentions, picks, focus) or focus
        if home is not None:
            out[i] = Resolved(mention.text, home, 0.0, "focus", mention.start, mention.end)
    return out


def _accept_embedded(mention: Mention, place: Place, context: GeoContext, focus: Place | None) -> bool:
    """A town named inside an unknown name counts when it lies among the story's places
    or is a big town of a country the story names ("Robinson College Cambridge"); a
    country or region counts unless the story's focus lies in it ("Bank of Japan" in a
    London story is Japan, "University of California" in a Florida story California,
    but "Lake Vermont" in a Minnesota story is a lake there)."""
    if place.kind in POINT_KINDS:
        near = any(distance_km(place.lat, place.lon, lat, lon) <= EMBEDDED_NEAR_KM for lat, lon, _ in context.points)
        return near or (place.population >= EMBEDDED_TOWN and place.country in context.countries)
    if any(word.lower() in NATURAL_FEATURES for word in mention.text.split()):
        return False
    return not contains(place, focus)


def _nearby_town(mention: Mention, mentions: list[Mention], picks: list[Resolved | None], focus: Place | None) -> Place | None:
    """The town named closest to the mention in the text, within NEARBY_CHARS, if it
    lies near the focus ("Altnagelvin Hospital in Derry")."""
    if mention.start is None:
        return None
    best: tuple[int, Place] | None = None
    for other, pick in zip(mentions, picks):
        if pick is None or other.start is None or pick.place.kind not in POINT_KINDS:
            continue
        gap = abs(other.start - mention.start)
        if gap <= NEARBY_CHARS and (best is None or gap < best[0]):
            best = (gap, pick.place)
    if best is None:
        return None
    town = best[1]
    if focus is not None and distance_km(town.lat, town.lon, focus.lat, focus.lon) > NEARBY_FOCUS_KM:
        return None
    return town


def _focus(picks: list[Resolved | None]) -> Place | None:
    """The document's focus: the town its other places gather around (each place within
    FOCUS_RADIUS_KM, each region holding it and each mention of it counts), else its
    most-named region, else its most-named country."""
    chosen = [p.place for p in picks if p is not None and p.method != "focus"]
    towns = {p.id: p for p in chosen if p.kind in POINT_KINDS}
    if towns:
        def support(town: Place) -> tuple[float, int]:
            total = 0.0
            for place in chosen:
                if place.id == town.id:
                    total += 1.0
                elif place.kind in POINT_KINDS:
                    total += distance_km(town.lat, town.lon, place.lat, place.lon) <= FOCUS_RADIUS_KM
                elif place.kind in AREA_KINDS or place.kind == "country":
                    total += 0.5 * contains(place, town)
            return total, town.population

        return max(towns.values(), key=support)
    for kinds in (AREA_KINDS, frozenset({"country"})):
        counts = Counter(p.id for p in chosen if p.kind in kinds)
        if counts:
            top = counts.most_common(1)[0][0]
            return next(p for p in chosen if p.id == top)
    return None
