"""The longest name wins: a state or city written inside a longer name of something else
(a region, a sea, an outlet) is not that state or city. Sentences written for these tests."""

from __future__ import annotations

import pytest

from armswatch.kb.gazetteer import find_names
from armswatch.kb.places import place_gazetteer


def actors(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.id) for f in find_names(text) if f.kind == "actor"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unionists in Northern Ireland met the envoy.", [("Northern Ireland", "GB")]),  # part of the UK
        ("Unionists in Ireland met the envoy.", [("Ireland", "IE")]),
        ("The Prime Minister of the United Kingdom and Northern Ireland arrived.",
         [("the United Kingdom", "GB"), ("Northern Ireland", "GB")]),
        ("A frigate crossed the Gulf of Finland at dawn.", []),
        ("The ministers of Ireland and Finland spoke.", [("Ireland", "IE"), ("Finland", "FI")]),
        ("Drills near northern Syria resumed.", [("Syria", "SY")]),  # a lower-case direction is no name
    ],
)
def test_a_region_name_hides_the_state_inside_it(text: str, expected: list[tuple[str, str]]) -> None:
    assert actors(text) == expected


def test_a_news_agency_named_after_its_country_is_an_outlet() -> None:
    assert actors("The Qatar News Agency quoted a spokesman in Qatar.") == [("Qatar", "QA")]
    assert [f.start for f in find_names("The Qatar News Agency quoted a spokesman in Qatar.")] == [44]
    assert actors("Oman press agency staff and Oman officials met.") == [("Oman", "OM")]


def test_a_city_inside_a_sea_or_gulf_name_is_not_the_city() -> None:
    gazetteer = place_gazetteer()
    assert [f.text for f in gazetteer.find("Pirates struck in the Gulf of Aden again.")] == []
    assert [f.text for f in gazetteer.find("The ship docked at Aden on Monday.")] == ["Aden"]
