"""Issuers named in a statement's title: names cut from the words after them, possessive
titles, both sides of a readout, and "office of <state> name" (sentences written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract.claim_patterns import _title_people_at
from armswatch.kb.load import load_kb


BODY = (
    "We condemn the missile strike on the port city in the strongest terms. "
    "The attack violated the ceasefire that both sides signed last spring."
)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Statement from President Anna Velkova Ahead of the National Day of Remembrance", "Anna Velkova"),
        ("Statement from President Anna Velkova Marking Ten Years Since the Flood", "Anna Velkova"),
        ("Readout of National Security Advisor Tomas Reyes’s Call with His Counterpart", "Tomas Reyes"),
        ("Statement by Spokesperson Lena Ortiz on the Test Launch", "Lena Ortiz"),
    ],
)
def test_a_titles_person_ends_where_the_name_ends(claims_of: Any, title: str, name: str) -> None:
    speakers = {c.speaker for c in claims_of(BODY, title=title)}
    assert speakers == {name}


def test_a_readouts_counterpart_is_a_named_party(claims_of: Any) -> None:
    title = "Readout of National Security Advisor Tomas Reyes’s Meeting with Foreign Minister Ilse Brandt"
    speakers = {c.speaker for c in claims_of(BODY, title=title)}
    assert speakers == {"Tomas Reyes", "Ilse Brandt"}


def test_a_joint_fact_sheets_meeting_partner_is_an_issuer(claims_of: Any) -> None:
    title = "Joint Fact Sheet on President Anna Velkova’s Meeting with President Park Min Ho"
    speakers = {c.speaker for c in claims_of(BODY, title=title)}
    assert speakers == {"Anna Velkova", "Park Min Ho"}


def test_an_office_of_a_state_precedes_the_name() -> None:
    title = (
        "Joint Statement by the President of France Claire Dumont, Chancellor of Germany Peter Falk, and "
        "Prime Minister of the United Kingdom and Northern Ireland Oliver Grant on Nuclear Talks"
    )
    names = [name for name, _ in _title_people_at(title, load_kb())]
    assert names == ["Claire Dumont", "Peter Falk", "Oliver Grant"]


def test_the_states_in_such_a_title_are_not_speakers(claims_of: Any) -> None:
    title = (
        "Joint Statement by the President of France Claire Dumont and "
        "Prime Minister of the United Kingdom and Northern Ireland Oliver Grant"
    )
    speakers = {c.speaker for c in claims_of(BODY, title=title)}
    assert speakers == {"Claire Dumont", "Oliver Grant"}


def test_a_hyphenated_given_name_stays_whole(claims_of: Any) -> None:
    body = "President Kang Ji-woo of the Republic of Korea condemned the missile launch on Tuesday."
    speakers = {c.speaker for c in claims_of(body)}
    assert "Kang Ji-woo" in speakers


JOINT_OPENING = (
    "Today President Anna Velkova of Bulgaria and President Park Min Ho of the Republic of Korea met in Sofia. "
    "Bulgaria condemns the ballistic missile launches that violate the ceasefire. "
    "The Republic of Korea commits to delivering two more air defence batteries."
)


def test_a_joint_statement_named_inside_its_title_speaks_for_the_leaders(claims_of: Any) -> None:
    title = "Leaders’ Joint Statement in Celebration of the Anniversary of the Partnership"
    found = {(c.speaker, c.stance) for c in claims_of(JOINT_OPENING, title=title)}
    assert ("Anna Velkova", "accuse") in found and ("Park Min Ho", "announce") in found
    assert not {s for s, _ in found} & {"BG", "KR"}


def test_a_joint_statement_may_name_its_leaders_after_the_preamble(claims_of: Any) -> None:
    body = (
        "For three decades our two nations have stood together. "
        "President Anna Velkova is honored to welcome President Park Min Ho of the Republic of Korea to Sofia. "
        "The Republic of Korea commits to delivering two more air defence batteries."
    )
    found = {(c.speaker, c.stance) for c in claims_of(body, title="Bulgaria-ROK Leaders’ Joint Statement")}
    assert ("Park Min Ho", "announce") in found
    assert "KR" not in {s for s, _ in found}


def test_a_fact_sheet_of_the_seat_of_government_is_that_states_alone(claims_of: Any) -> None:
    body = (
        "Today the United States announced a new package of air defence interceptors for Ukraine. "
        "The new interceptors will protect the cities of Ukraine from missile attacks."
    )
    title = "FACT SHEET: The White House Announces New Support for Air Defence Cooperation between U.S. and Ukraine"
    speakers = {c.speaker for c in claims_of(body, title=title)}
    assert speakers == {"US"}
