"""Score toponym resolution on public gold sets, given the gold toponym spans.

Two layouts are read (see shared/eval/external/README.md):
- GeoWebNews (`articles/article` with `text` and `toponyms/toponym` holding
  `extractedName`, `type`, `nonLocational`, `start`, `end`, `geonamesID`, `latitude`,
  `longitude`). Toponyms marked nonLocational, of types that are not places on a map
  (Demonym, Non_Toponym, Homonym, Language and the *_Expression types), or without
  gold coordinates are left out.
- LGL / TR-News (`articles/article` with `text` and `toponyms/toponym` holding `start`,
  `end`, `phrase` and a `gaztag` with the gold geonameid, `lat`, `lon` and `country`).
  Toponyms without a `gaztag` are left out.

Only the spans and the article text go to the resolver; the gold ids, coordinates and
countries are used for scoring alone. A toponym is right by id when the resolved
GeoNames id equals the gold one, by country when the ISO codes match, and by distance
when the resolved point lies within 161 km (100 miles) of the gold point. A toponym the
resolver leaves unresolved counts as wrong on all three.

GeoWebNews gives no gold country; it is taken from the gold GeoNames id when the
gazetteer holds it, else from the populated place nearest to the gold point.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import GoldFormatError
from ..resolve.gazetteer import Gazetteer, distance_km, load_gazetteer
from ..resolve.geoparse import Resolved, resolve_toponyms

ACCURACY_KM = 161.0  # 100 miles, the usual "accuracy@161km" of geoparsing papers
# GeoWebNews toponym types that do not name a place on a map.
NON_MAP_TYPES = frozenset({"Demonym", "Non_Toponym", "Homonym", "Language", "Literal_Expression", "Non_Lit_Expression"})


@dataclass(frozen=True)
class GoldToponym:
    """A gold toponym span with its gold place (geonameid None when the set gives only
    coordinates; country "" when unknown)."""

    start: int
    end: int
    text: str
    geonameid: int | None
    lat: float
    lon: float
    country: str


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_geo_gold(path: str | Path, gazetteer: Gazetteer | None = None) -> list[GoldDocument]:
    """Read a GeoWebNews or LGL/TR-News file into documents with their scorable toponyms.

    Raises `GoldFormatError` when the file is not XML or has no `article` elements.
    """
    gazetteer = gazetteer or load_gazetteer()
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise GoldFormatError(f"{path}: cannot read gold toponyms: {exc}") from exc
    articles = root.findall(".//article")
    if not articles:
        raise GoldFormatError(f"{path}: no <article> elements (expected the GeoWebNews or LGL layout)")
    documents = []
    for number, article in enumerate(articles):
        text = article.findtext("text") or ""
        doc_id = article.get("docid") or article.get("file") or str(number)
        toponyms = []
        for element in article.findall("toponyms/toponym"):
            toponym = _read_lgl(element, text, gazetteer) if element.find("start") is not None and (
                element.find("gaztag") is not None or element.find("phrase") is not None
            ) else _read_gwn(element, text, gazetteer)
            if toponym is not None:
                toponyms.append(toponym)
        documents.append(GoldDocument(doc_id, text, tuple(toponyms)))
    return documents


def evaluate_geo(path: str | Path) -> dict[str, float | int]:
    """Resolve every scorable gold toponym of `path` and score the choices.

    Returns {"n", "exact", "country", "acc_161km"}: the number of toponyms scored and
    the shares right by GeoNames id, by country, and within 161 km, to 3 decimals.

    Example:
        >>> evaluate_geo("../shared/eval/external/lgl/lgl-layout-example.xml")  # doctest: +SKIP
        {'n': 3, 'exact': 1.0, 'country': 1.0, 'acc_161km': 1.0}
    """
    gazetteer = load_gazetteer()
    n = exact = country = near = 0
    for document in read_geo_gold(path, gazetteer):
        if not document.toponyms:
            continue
        spans = [(t.text, t.start, t.end) for t in document.toponyms]
        for gold, resolved in zip(document.toponyms, resolve_toponyms(spans, document.text, gazetteer=gazetteer)):
            n += 1
            hits = score_toponym(gold, resolved)
            exact += hits[0]
            country += hits[1]
            near += hits[2]
    share = (lambda k: round(k / n, 3)) if n else (lambda k: 0.0)
    return {"n": n, "exact": share(exact), "country": share(country), "acc_161km": share(near)}


def score_toponym(gold: GoldToponym, resolved: Resolved | None) -> tuple[bool, bool, bool]:
    """(same GeoNames id, same country, within 161 km) for one toponym."""
    if resolved is None:
        return False, False, False
    place = resolved.place
    same_id = gold.geonameid is not None and place.geonameid == gold.geonameid
    same_country = place.country == gold.country
    within = distance_km(place.lat, place.lon, gold.lat, gold.lon) <= ACCURACY_KM
    return same_id, same_country, within


def _read_gwn(element: ET.Element, text: str, gazetteer: Gazetteer) -> GoldToponym | None:
    if (element.findtext("nonLocational") or "").strip() == "Yes":
        return None
    if (element.findtext("type") or "").strip() in NON_MAP_TYPES:
        return None
    lat, lon = _float(element.findtext("latitude")), _float(element.findtext("longitude"))
    start, end = _int(element.findtext("start")), _int(element.findtext("end"))
    if lat is None or lon is None or start is None or end is None:
        return None
    geonameid = _int(element.findtext("geonamesID"))
    country = ""
    place = gazetteer.by_geonameid(geonameid) if geonameid else None
    if place is None or not place.country and place.kind != "continent":
        nearest = gazetteer.nearest_city(lat, lon)
        country = nearest.country if nearest else ""
    else:
        country = place.country
    name = element.findtext("extractedName") or text[start:end]
    if text[start:end] != name:
        start, end = _realign(text, name, start)
    return GoldToponym(start, end, name, geonameid, lat, lon, country)


def _read_lgl(element: ET.Element, text: str, gazetteer: Gazetteer) -> GoldToponym | None:
    gaztag = element.find("gaztag")
    start, end = _int(element.findtext("start")), _int(element.findtext("end"))
    if gaztag is None or start is None or end is None:
        return None
    lat, lon = _float(gaztag.findtext("lat")), _float(gaztag.findtext("lon"))
    if lat is None or lon is None:
        return None
    country = ""
    country_element = gaztag.find("country")
    if country_element is not None:
        place = gazetteer.by_geonameid(_int(country_element.get("geonameid")) or 0)
        if place is not None and place.kind == "country":
            country = place.country
        else:
            named = [c.place for c in gazetteer.non_cities(country_element.text or "") if c.place.kind == "country"]
            country = named[0].country if named else ""
    name = element.findtext("phrase") or text[start:end]
    if text[start:end] != name:
        start, end = _realign(text, name, start)
    return GoldToponym(start, end, name, _int(gaztag.get("geonameid")), lat, lon, country)


def _realign(text: str, phrase: str, start: int) -> tuple[int, int]:
    """Offsets of the occurrence of `phrase` nearest to `start`: some TR-News and
    GeoWebNews offsets are shifted against the text they come with (a few are negative),
    while the phrase is exact."""
    found = [m.start() for m in re.finditer(re.escape(phrase), text)]
    if not found:
        return start, start + len(phrase)
    nearest = min(found, key=lambda i: abs(i - start))
    return nearest, nearest + len(phrase)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None
