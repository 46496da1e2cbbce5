"""Deployment places: region phrases, borders, lists of systems and places, metonyms,
namesakes, on sentences written for these tests (rules only, so that the trained
scorer's choices do not blur what the place layer gives)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import extract_claims
from armswatch.extract.deploy_places import DocPlaces
from armswatch.extract.deployments import extract_deployments
from armswatch.geo import haversine_km
from armswatch.kb import load_kb


@pytest.fixture(scope="module")
def deployed(model_extractor: NlpExtractor) -> Any:
    def run(text: str) -> list[Any]:
        doc = model_extractor.nlp(text)
        return extract_deployments(doc, extract_claims(doc), published="2025-05-02", method="rules")

    return run


@pytest.fixture(scope="module")
def spans_of(model_extractor: NlpExtractor) -> Any:
    def run(text: str) -> list[tuple[str, str]]:
        doc = model_extractor.nlp(text)
        places = DocPlaces(doc, load_kb())
        return [(text[s[0]:s[1]], s[2]) for s in places.spans()]

    return run


def places(deployments: list[Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for d in deployments:
        out.setdefault(d.system, set()).add(d.where)
    return out


def only(deployments: list[Any], system: str) -> Any:
    [found] = [d for d in deployments if d.system == system]
    return found


@pytest.mark.parametrize(("text", "region_id"), [
    ("Russia has moved Iskander launchers into the Voronezh region, the governor said.", "region.voronezh-oblast"),
    ("Moscow stationed Pantsir batteries in Bryansk oblast in the spring.", "region.bryansk-oblast"),
    ("Russia deployed Iskander missiles in the province of Pskov.", "region.pskov-oblast"),
    ("Iran has positioned Khordad-15 batteries in Khuzestan province.", "region.khuzestan"),
])
def test_division_with_its_word_resolves_to_the_region(deployed: Any, text: str, region_id: str) -> None:
    [deployment] = deployed(text)
    assert deployment.place_id == region_id
    assert deployment.lat is not None and not deployment.where.lower().startswith("the ")


def test_division_missing_from_the_regions_resolves_to_its_centre_town(deployed: Any) -> None:
    [deployment] = deployed("Syria moved Scud missiles into Hama governorate last week.")
    assert deployment.where == "Hama governorate"
    assert deployment.place_id.startswith("gn:")  # the town of that name, not a region entry
    assert haversine_km(deployment.lat, deployment.lon, 35.13, 36.75) < 30


@pytest.mark.parametrize(("text", "region_id"), [
    ("China has deployed DF-21 missiles near the Taiwan Strait.", "region.taiwan-strait"),
    ("Iran deployed Noor missiles along the Strait of Hormuz.", "region.strait-of-hormuz"),
    ("Russia sent Bastion missiles to the shores of the Sea of Azov.", "region.sea-of-azov"),
    ("China deployed HQ-9 batteries on an island in the South China Sea.", "region.south-china-sea"),
])
def test_seas_and_straits_are_not_the_country_in_their_name(deployed: Any, text: str, region_id: str) -> None:
    deployments = deployed(text)
    assert {d.place_id for d in deployments} == {region_id}


def test_border_with_the_holders_side_first(deployed: Any) -> None:
    deployment = only(deployed("Iran deployed Khordad-15 batteries near its border with Iraq."), "ir.khordad-15")
    assert (deployment.by, deployment.where) == ("IR", "Iran-Iraq border")
    assert deployment.lat is not None and 28 < deployment.lat < 38 and 42 < deployment.lon < 49


@pytest.mark.parametrize("text", [
    "Russia deployed S-400 batteries along the border between Belarus and Poland.",
    "Russia deployed S-400 batteries near the Belarusian-Polish border.",
    "Russia deployed S-400 batteries close to the Belarus-Poland frontier.",
])
def test_border_between_two_named_states(deployed: Any, text: str) -> None:
    deployment = only(deployed(text), "ru.s-400")
    assert deployment.place_id == "border:BY-PL"
    assert haversine_km(deployment.lat, deployment.lon, 52.0, 23.6) < 250


def test_the_border_refers_back_and_a_one_sided_border_takes_the_holder(model_extractor: NlpExtractor) -> None:
    text = ("Armenian troops dug in near Azerbaijan's western border. "
            "Armenia deployed Iskander missiles near the border on Monday.")
    doc = model_extractor.nlp(text)
    places = DocPlaces(doc, load_kb())
    borders = [s for s in places.spans() if s[2] == "border"]
    assert [places.where(s, "AM") for s in borders][-1].name == "Armenia-Azerbaijan border"
    assert places.where(borders[0], None) is None  # one side only, and no holder to complete it


def test_a_border_with_no_state_and_none_before_is_no_place(deployed: Any) -> None:
    [deployment] = deployed("Russia deployed Iskander missiles near the border.")
    assert deployment.where == "RU"


def test_three_systems_share_the_place_after_the_last(deployed: Any) -> None:
    deployments = deployed("Russia moved Iskander-M launchers, S-400 batteries and Kh-101 missiles to Belgorod.")
    assert places(deployments) == {"ru.iskander-m": {"Belgorod"}, "ru.s-400": {"Belgorod"}, "ru.kh-101": {"Belgorod"}}


def test_the_place_after_a_name_list_hung_on_its_last_noun(deployed: Any) -> None:
    deployments = deployed("Moscow has stationed Iskander, S-400 and Bastion systems in Crimea and Belarus.")
    assert places(deployments) == {s: {"Crimea", "BY"} for s in ("ru.iskander", "ru.s-400", "ru.bastion-p")}


def test_a_country_after_a_town_says_where_it_is(deployed: Any) -> None:
    assert places(deployed("Russia deployed Iskander missiles in Pskov, Russia.")) == {"ru.iskander": {"Pskov"}}


def test_states_around_a_place_are_not_places_of_the_deployment(deployed: Any) -> None:
    deployments = deployed("Russia has stationed Bastion missiles in Pskov, between Estonia and Latvia.")
    assert places(deployments) == {"ru.bastion-p": {"Pskov"}}


def test_a_month_is_no_place(deployed: Any) -> None:
    [deployment] = deployed("The deployment of US Patriot batteries in Romania was completed in March.")
    assert (deployment.by, deployment.where) == ("US", "RO")


def test_a_name_tagged_apart_from_its_noun_keeps_the_phrase_on_the_noun(deployed: Any) -> None:
    deployments = deployed("China deployed HQ-9 batteries on an island in the South China Sea.")
    assert {d.where for d in deployments} == {"South China Sea"}


def test_firing_at_targets_abroad_is_holding_at_home(deployed: Any) -> None:
    [deployment] = deployed("Iran fired Fateh-110 missiles at bases in Iraq on Tuesday.")
    assert (deployment.by, deployment.where) == ("IR", "IR")


def test_a_metonym_speaking_is_no_place_but_a_capital_after_in_is(spans_of: Any) -> None:
    spans = spans_of("The Kremlin said Iskander missiles would stay in Moscow, and Washington objected.")
    names = [name for name, _ in spans]
    assert "Moscow" in names
    assert "The Kremlin" not in names and "Kremlin" not in names and "Washington" not in names


def test_an_exclave_in_a_story_from_its_capital(deployed: Any) -> None:
    text = ("Officials in Moscow said the drills were routine. "
            "Russia has stationed Iskander missiles in Kaliningrad, wedged between Poland and Lithuania. "
            "Later, Russia moved Bastion missiles to Kaliningrad as well.")
    deployments = deployed(text)
    assert {d.system for d in deployments} >= {"ru.iskander", "ru.bastion-p"}
    for d in deployments:
        assert d.where == "Kaliningrad"
        assert haversine_km(d.lat, d.lon, 54.71, 20.51) < 20  # the exclave, not the Moscow suburb


def test_a_one_sided_border_pairs_with_a_neighbour_named_in_the_sentence(deployed: Any) -> None:
    deployment = only(deployed("The US deployed Turkey-based Patriot batteries near the Syrian border."), "us.patriot")
    assert (deployment.by, deployment.where) == ("US", "Turkey-Syria border")  # the US borders no Syria


def test_an_alliance_holds_through_the_state_operating_its_systems(deployed: Any) -> None:
    [deployment] = deployed("NATO deployed Patriot batteries, operated by German troops, in southern Turkey.")
    assert deployment.by == "DE"
    assert deployed("NATO deployed Patriot batteries in Turkey in 2013.") == []  # no state: no holder


def test_a_place_before_based_is_where_the_system_is(deployed: Any) -> None:
    deployment = only(deployed("Washington stationed Italy-based Jupiter missiles there in 1961."), "us.jupiter")
    assert (deployment.by, deployment.where) == ("US", "IT")
