"""Deployments in the wording of official statements and briefings: conditions and
questions, deliveries taken, aid packages whose receiver is named a sentence on, and
systems sent to the state that an aid passage is about. Sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import extract_claims
from armswatch.extract.deployments import extract_deployments


@pytest.fixture(scope="module")
def deployed(model_extractor: NlpExtractor) -> Any:
    def run(text: str) -> set[tuple[str, str, str, str]]:
        doc = model_extractor.nlp(text)
        found = extract_deployments(doc, extract_claims(doc), published="2024-05-02")
        return {(d.by, d.system, d.where, d.status) for d in found}

    return run


@pytest.mark.parametrize("text", [
    "Should Moscow move Iskander missiles into Belarus, the alliance would respond.",
    "The alliance will respond if Moscow moves Iskander missiles into Belarus.",
    "Unless Moscow withdraws its Iskander missiles from Belarus, talks will not resume.",
    "Q Is the Pentagon going to send ATACMS to Ukraine this month?",
    "Has Moscow stationed Iskander missiles in Belarus?",
])
def test_conditions_and_questions_state_no_holding(deployed: Any, text: str) -> None:
    assert deployed(text) == set()


def test_the_same_holding_stated_plainly_is_kept(deployed: Any) -> None:
    assert ("RU", "ru.iskander", "BY", "in_place") in deployed(
        "Moscow moved Iskander missiles into Belarus, and the alliance responded.")
    assert ("RU", "ru.iskander", "BY", "planned") in deployed("Moscow will move Iskander missiles into Belarus.")


def test_taking_delivery_is_holding(deployed: Any) -> None:
    assert ("OM", "us.f-16", "OM", "in_place") in deployed(
        "Oman took delivery of the first of twelve F-16 fighter jets in 2021.")


def test_a_package_takes_the_receiver_named_a_sentence_on(deployed: Any) -> None:
    text = (
        "The minister said the President approved a new security assistance package, which included "
        "HIMARS ammunition and additional Javelin systems.\n\n"
        "The United States will keep surging assistance to Ukraine."
    )
    assert deployed(text) >= {("UA", "us.himars", "UA", "planned"), ("UA", "us.javelin", "UA", "planned")}


def test_a_package_with_no_receiver_anywhere_is_no_holding(deployed: Any) -> None:
    text = ("The minister said the President approved a new security assistance package, which included "
            "HIMARS ammunition and additional Javelin systems.")
    assert deployed(text) == set()


def test_a_receiver_far_ahead_is_not_taken(deployed: Any) -> None:
    text = (
        "The minister said the President approved a new security assistance package, which included "
        "additional Javelin systems. The talks lasted two hours. The leaders discussed trade. "
        "They also spoke about energy prices.\n\nThe United States will keep surging assistance to Ukraine."
    )
    assert not {d for d in deployed(text) if d[1] == "us.javelin"}


def test_sent_to_the_state_an_aid_passage_is_about_is_a_transfer(deployed: Any) -> None:
    text = "Spain is supplying an additional Patriot battery to Ukraine. The Netherlands has also sent NASAMS to Ukraine."
    found = deployed(text)
    assert ("UA", "no.nasams", "UA", "in_place") in found
    assert not {d for d in found if d[0] == "NL"}


def test_sent_elsewhere_stays_the_senders_deployment(deployed: Any) -> None:
    assert ("US", "us.patriot", "SA", "in_place") in deployed(
        "The United States sent Patriot batteries to Saudi Arabia after the attacks.")


def test_surging_systems_to_a_region(deployed: Any) -> None:
    found = deployed("The Pentagon is surging THAAD batteries and Patriot battalions to the Middle East.")
    assert {(d[0], d[1], d[2]) for d in found} >= {("US", "us.thaad", "Middle East"), ("US", "us.patriot", "Middle East")}


def test_a_handover_to_a_state(deployed: Any) -> None:
    assert {(d[0], d[1], d[2]) for d in deployed("The handover of these F-16s to Ukraine began in the spring.")} \
        == {("UA", "us.f-16", "UA")}


def test_a_gerund_transfer_is_as_done_as_the_verb_it_serves(deployed: Any) -> None:
    assert ("UA", "us.himars", "UA", "in_place") in deployed("Since 2022 we have helped Ukraine by providing HIMARS launchers.")
    assert ("UA", "us.himars", "UA", "planned") in deployed("We will help Ukraine by providing HIMARS launchers.")
