from __future__ import annotations

from armswatch.kb.places import load_places, place_gazetteer


def names(text: str) -> list[str]:
    return [f.text for f in place_gazetteer().find(text)]


def test_cities_are_found_with_the_most_populous_first() -> None:
    [found] = place_gazetteer().find("Officials met in Moscow on Monday.")
    moscow = next(p for p in load_places() if p.id == found.id)
    assert moscow.country == "RU" and moscow.population > 10_000_000


def test_sentence_openers_and_people_are_not_places() -> None:
    assert names("Split decisions were taken on Monday.") == []
    assert names("Adam said the talks in Brussels went well.") == ["Brussels"]
    assert names("The envoy met Victoria Nuland in Warsaw.") == ["Warsaw"]
    assert names("Troops arrived in the Kaliningrad Oblast on Friday.") == ["Kaliningrad"]


def test_recognition_and_resolution_share_one_geonames_index() -> None:
    from armswatch.kb.places import load_places
    from armswatch.resolve.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    town = load_places()[0]  # the most populous town the recogniser knows
    resolved = gazetteer.by_geonameid(int(town.id.removeprefix("gn:")))
    assert resolved is not None and resolved.name == town.name
    assert all(p.population >= 5_000 for p in load_places()[-50:])
