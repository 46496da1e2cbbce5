"""Deployments, treaty actions and allegations, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import extract_claims
from armswatch.extract.deployments import extract_deployments
from armswatch.extract.treaty_actions import extract_allegations, extract_treaty_actions


@pytest.fixture(scope="module")
def records_of(model_extractor: NlpExtractor) -> Any:
    def records(text: str, published: str | None = "2025-03-14") -> tuple[list[Any], list[Any], list[Any]]:
        doc = model_extractor.nlp(text)
        claims = extract_claims(doc)
        return (
            extract_deployments(doc, claims, published=published),
            extract_treaty_actions(doc, claims, published=published),
            extract_allegations(doc, claims),
        )

    return records


def keys(deployments: list[Any]) -> set[tuple[str, str, str, str]]:
    return {(d.by, d.system, d.where, d.status) for d in deployments}


def test_planned_in_place_temporary_withdrawn(records_of: Any) -> None:
    text = (
        "Russia would deploy Iskander missiles in Pskov next year, a senator said. "
        "The Russian military has stationed Bastion coastal missiles in Murmansk. "
        "Russia moved S-400 batteries into Belarus for a joint exercise. "
        "The Iskander-M brigade returned to its base in Luga on Friday."
    )
    deployments, _, _ = records_of(text)
    assert keys(deployments) >= {
        ("RU", "ru.iskander", "Pskov", "planned"),
        ("RU", "ru.bastion-p", "Murmansk", "in_place"),
        ("RU", "ru.s-400", "BY", "temporary"),
        ("RU", "ru.iskander-m", "Luga", "withdrawn"),
    }


def test_attribution_and_country_level_place(records_of: Any) -> None:
    text = "The alliance's secretary general, Mara Lindqvist, said Russia continues to deploy 9M729 missiles."
    [deployment], _, _ = records_of(text)
    assert (deployment.by, deployment.where, deployment.attributed_to) == ("RU", "RU", "Mara Lindqvist")


def test_one_formation_per_named_place_and_the_system_in_focus(records_of: Any) -> None:
    text = (
        "The paper reported that 9M729 battalions were stationed in Yelnya and in Kovrov. "
        "A further battalion is stationed in Orenburg, the paper said."
    )
    deployments, _, _ = records_of(text)
    assert {(d.where, d.count, d.unit) for d in deployments} >= {("Kovrov", 1, "battalion"), ("Orenburg", 1, "battalion")}
    assert all(d.system == "ru.9m729" for d in deployments)


def test_no_deployment_without_a_weapon_or_when_negated(records_of: Any) -> None:
    assert records_of("Rescue teams were deployed by boat to the flooded towns.")[0] == []
    assert records_of("Russia has not deployed Iskander missiles in Belarus, the ministry said.")[0] == []


def test_treaty_action_with_normalised_date(records_of: Any) -> None:
    _, actions, _ = records_of("On February 2, Washington announced that it will withdraw from the INF Treaty.", published="2019-02-12")
    assert [(a.treaty, a.party, a.action, a.date) for a in actions] == [("inf", "US", "withdraw", "2019-02-02")]


def test_allegation_merges_everyone_who_alleges_it(records_of: Any) -> None:
    text = "Washington and NATO accused Moscow of violating the INF Treaty by developing the 9M729."
    _, _, allegations = records_of(text)
    assert [(a.treaty, a.accused, set(a.by), a.system) for a in allegations] == [("inf", "RU", {"US", "nato"}, "ru.9m729")]


def test_namesake_towns_prefer_the_holders_country(records_of: Any) -> None:
    deployments, _, _ = records_of("Britain has stationed Sky Sabre launchers in Richmond, the ministry said.")
    [deployment] = [d for d in deployments if d.where == "Richmond"]
    assert deployment.by == "GB" and 49 < deployment.lat < 56  # the British Richmond, not Virginia's
