"""The offline toponym resolver, on sentences written for these tests."""

from __future__ import annotations

import tomllib

import pytest

import armswatch.resolve as resolve
from armswatch.kb import load_kb
from armswatch.resolve import GeoContext, load_gazetteer, place_key, resolve_toponym, resolve_toponyms
from armswatch.resolve.gazetteer import REGIONS_FILE, distance_km


def resolved(text: str, *names: str) -> dict[str, resolve.Resolved]:
    """Resolve the first occurrence of each name in `text`; results by name."""
    spans = []
    for name in names:
        start = text.index(name)
        spans.append((name, start, start + len(name)))
    results = resolve_toponyms(spans, text)
    assert all(results), results
    return {r.text: r for r in results if r is not None}


def near(result: resolve.Resolved, lat: float, lon: float, km: float = 10.0) -> bool:
    return distance_km(result.lat, result.lon, lat, lon) <= km


def test_every_exported_name_exists() -> None:
    for name in resolve.__all__:
        assert hasattr(resolve, name), name


def test_the_gazetteer_is_built_once() -> None:
    assert load_gazetteer() is load_gazetteer()


@pytest.mark.parametrize(
    ("name", "key"),
    [("St. Louis", "st louis"), ("Saint-Louis", "st louis"), ("Gdańsk", "gdansk"), ("the Baltic", "baltic"),
     ("Mount Vernon", "mt vernon"), ("N.Y.", "ny")],
)
def test_names_are_compared_folded(name: str, key: str) -> None:
    assert place_key(name) == key


def test_a_small_town_close_to_the_capital_named_with_it() -> None:
    found = resolved("Witnesses saw a convoy of launchers near Shuya, close to Moscow, on Tuesday night.",
                     "Shuya", "Moscow")
    shuya = found["Shuya"]
    assert shuya.country == "RU" and near(shuya, 56.85, 41.39)  # Shuya, Ivanovo oblast
    assert found["Moscow"].place.kind == "capital"


def test_kaliningrad_in_a_baltic_story_is_the_exclave_city() -> None:
    found = resolved("Two frigates in the Baltic Sea shadowed a corvette as it sailed from Baltiysk to Kaliningrad.",
                     "Baltic Sea", "Baltiysk", "Kaliningrad")
    assert near(found["Kaliningrad"], 54.71, 20.51)
    assert found["Baltic Sea"].place.id == "region.baltic-sea"


def test_kaliningrad_alone_is_the_city_not_a_former_name() -> None:
    result = resolve_toponym("Kaliningrad", context=GeoContext())
    assert result is not None and near(result, 54.71, 20.51)


def test_paris_in_a_texas_story_is_paris_texas() -> None:
    found = resolved("A storm knocked out power in Paris on Sunday. The Lamar County sheriff said crews from "
                     "Dallas and other parts of Texas were on their way.", "Paris", "Lamar County", "Dallas", "Texas")
    paris = found["Paris"]
    assert (paris.country, paris.place.admin1) == ("US", "TX")
    county = found["Lamar County"]
    assert county.method == "county" and county.place.admin1 == "TX"


def test_paris_in_a_european_story_is_the_capital() -> None:
    found = resolved("Ministers met in Paris and Berlin to discuss the French proposal.", "Paris", "Berlin", "French")
    assert found["Paris"].country == "FR" and found["Paris"].place.kind == "capital"
    assert found["French"].place.kind == "country" and found["French"].country == "FR"


@pytest.mark.parametrize(
    ("text", "admin1"),
    [("The alert was lifted in Paris, Texas, late on Friday.", "TX"),
     ("Police in Paris, Tenn., said the road was closed.", "TN"),
     ("A man was arrested in Alexandria, La., after the fire.", "LA")],
)
def test_a_qualifier_after_the_name_decides(text: str, admin1: str) -> None:
    name = "Paris" if "Paris" in text else "Alexandria"
    result = resolved(text, name)[name]
    assert result.method == "qualified" and result.place.admin1 == admin1


def test_a_list_is_not_a_qualifier() -> None:
    text = "After stops in Washington, New York and Boston, the delegation flew home."
    found = resolved(text, "Washington", "New York", "Boston")
    assert found["Washington"].place.kind == "capital" and found["Washington"].method == "name"


def test_seas_come_from_regions_toml() -> None:
    result = resolve_toponym("Black Sea", context=GeoContext())
    assert result is not None
    assert result.place.id == "region.black-sea" and result.place.kind == "sea"


def test_a_kb_site_is_found_with_its_coordinates() -> None:
    found = resolved("Russia test-fired a new interceptor at Kapustin Yar, the defence ministry said.",
                     "Russia", "Kapustin Yar")
    site = found["Kapustin Yar"]
    assert site.place.id == "site.kapustin-yar" and site.place.kind == "site" and site.country == "RU"
    assert near(site, 48.58, 45.75, km=5)


@pytest.mark.parametrize(
    ("text", "country", "kind"),
    [("Protesters gathered in Tbilisi as Georgia's parliament debated the law.", "GE", "country"),
     ("Traffic was heavy in Atlanta as Georgia lawmakers returned to work.", "US", "state")],
)
def test_georgia_the_country_or_the_state(text: str, country: str, kind: str) -> None:
    names = ("Tbilisi", "Georgia") if "Tbilisi" in text else ("Atlanta", "Georgia")
    georgia = resolved(text, *names)["Georgia"]
    assert (georgia.country, georgia.place.kind) == (country, kind)


def test_a_capital_beats_a_region_of_its_name() -> None:
    found = resolved("The EU and Washington agreed new sanctions, the White House said.", "EU", "Washington",
                     "White House")
    assert found["Washington"].place.kind == "capital" and found["Washington"].place.admin1 == "DC"
    assert found["EU"].place.id == "region.european-union"  # not the French town of Eu


def test_a_country_name_is_the_country() -> None:
    result = resolve_toponym("China", context=GeoContext(countries={"US": 3}))
    assert result is not None and result.place.kind == "country" and result.country == "CN"


def test_the_countries_named_elsewhere_decide() -> None:
    """"Punjab" is a state of India and a province of Pakistan."""
    india = resolve_toponym("Punjab", context=GeoContext.from_text("Officials in New Delhi and Indian police said"))
    pakistan = resolve_toponym("Punjab", context=GeoContext.from_text("Pakistani officials in Islamabad said"))
    assert india is not None and india.country == "IN"
    assert pakistan is not None and pakistan.country == "PK"


def test_the_text_names_states_by_their_metonyms() -> None:
    context = GeoContext.from_text("The Kremlin said Pyongyang had been told.")
    assert set(context.countries) == {"RU", "KP"}


def test_a_name_the_gazetteer_lacks_goes_to_the_town_named_with_it() -> None:
    found = resolved("Staff at Altnagelvin Hospital in Derry said the new ward would open in May.",
                     "Altnagelvin Hospital", "Derry")
    hospital = found["Altnagelvin Hospital"]
    assert hospital.method == "focus" and hospital.place.id == found["Derry"].place.id


def test_a_place_named_inside_an_institution() -> None:
    found = resolved("The Bank of Japan held rates, economists in London said.", "Bank of Japan", "London")
    assert found["Bank of Japan"].method == "partial" and found["Bank of Japan"].country == "JP"


def test_initials_of_a_name_in_the_same_story() -> None:
    found = resolved("Trinidad and Tobago opposed the motion; T&T diplomats said so.", "Trinidad and Tobago", "T&T")
    assert found["T&T"].country == "TT"


def test_unknown_names_and_no_context_give_none() -> None:
    assert resolve_toponyms([("Qwxzv", 0, 5)], "Qwxzv is not a place.") == [None]


def test_regions_file_is_well_formed() -> None:
    with REGIONS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    regions = data["region"]
    ids = [r["id"] for r in regions]
    assert len(ids) == len(set(ids))
    for region in regions:
        assert region["id"].startswith("region."), region
        assert -90 <= region["lat"] <= 90 and -180 <= region["lon"] <= 180, region
        assert region["country"] == "" or len(region["country"]) == 2, region
        assert region["kind"] and isinstance(region["aliases"], list), region
    names = {n for r in regions for n in (r["name"], *r["aliases"])}
    for needed in ("Black Sea", "the Baltic", "Sea of Azov", "East Sea", "Taiwan Strait", "Strait of Hormuz",
                   "Crimea", "Donbas", "North Ossetia", "Kuril Islands", "Kaliningrad region", "Xinjiang", "Okinawa",
                   "Guam", "Kashmir", "Balochistan", "Bavaria", "Texas"):
        assert needed in names, needed
    assert all(len(code) == 2 for code in data["country_centres"])


def test_the_knowledge_base_ignores_the_regions_file() -> None:
    kb = load_kb()
    assert not any(key.startswith("region.") for key in (*kb.sites, *kb.actors))


def test_a_country_capital_and_no_import_cycle() -> None:
    import ast
    from pathlib import Path

    from armswatch.resolve.gazetteer import load_gazetteer

    capital = load_gazetteer().capital("VN")
    assert capital is not None and capital.name == "Hanoi" and capital.kind == "capital"
    assert load_gazetteer().capital("XX") is None
    context = Path(__import__("armswatch.resolve._context", fromlist=["x"]).__file__).read_text()
    imported = {node.module for node in ast.walk(ast.parse(context)) if isinstance(node, ast.ImportFrom)}
    assert "geoparse" not in imported  # geoparse imports _context, never the other way
