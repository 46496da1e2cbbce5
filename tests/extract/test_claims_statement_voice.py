"""Statements in their issuers' voice: a statement issued as one quotation still reports what
others said; names written family name first or with a suffix; "NSC" before a name in a title;
"asked for" as a request; "you" is never a speaker (sentences written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract.claim_patterns import _title_people
from armswatch.extract.office_holders import family_name_last
from armswatch.kb.model import KnowledgeBase, OfficeHolder

from .conftest import pairs


@pytest.fixture()
def small_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.office_holders += [
        OfficeHolder(id="h.1", name="Daniel Okafor", state="XA", office="president", start="2015-01-01", end=None,
                     leads=True, source="test"),
        OfficeHolder(id="h.2", name="Park Min-jun", state="XB", office="president", start="2015-01-01", end=None,
                     leads=True, source="test"),
    ]
    return kb


@pytest.mark.parametrize(
    ("written", "filed"),
    [
        ("Okafor Daniel", "Daniel Okafor"),  # a holder written family name first
        ("Daniel K. Okafor Jr.", "Daniel K. Okafor"),  # a holder with a suffix: the suffix goes
        ("Daniel Okafor", "Daniel Okafor"),
        ("Park Min-jun", "Park Min-jun"),  # the table writes this one family name first: kept
        ("Park Min Jun", "Park Min Jun"),  # the same name spelt otherwise: kept as written
        ("Samuel Brooks Jr.", "Samuel Brooks"),  # not a holder: only the suffix goes
        ("Samuel Brooks", "Samuel Brooks"),
    ],
)
def test_a_person_is_filed_with_the_family_name_last(small_kb: KnowledgeBase, written: str, filed: str) -> None:
    assert family_name_last(small_kb, written, "2020-06-01") == filed


def test_nsc_before_a_name_is_a_title_and_a_second_title_is_no_part_of_the_name() -> None:
    assert _title_people("Statement from Secretary Reyes and NSC Okafor on Call with the Chancellor") == ["Reyes", "Okafor"]
    assert _title_people("Statement by NSC Spokesperson Lena Ortiz on the Missile Test") == ["Lena Ortiz"]


def test_a_statement_issued_as_one_quotation_reports_what_others_said(claims_of: Any) -> None:
    title = "Statement from Spokesperson Lena Ortiz on the Call Between the Two Presidents"
    body = (
        "“Today, President Emmanuel Macron and President Andrzej Duda held a long phone call. "
        "President Duda asked for additional air defense systems to protect Polish cities. "
        "President Macron promised to look for launchers that could be delivered within weeks. "
        "The two leaders agreed to meet again next month.”"
    )
    found = pairs(claims_of(body, title=title))
    assert ("Andrzej Duda", "demand") in found
    assert ("Emmanuel Macron", "announce") in found
    assert any(speaker == "Lena Ortiz" for speaker, _ in found)  # the issuer keeps the statement's voice


def test_a_quote_inside_a_news_story_still_keeps_its_reported_speech(claims_of: Any) -> None:
    text = (
        "“The minister told us the launchers would stay,” said Maria Keller, a lawmaker. "
        "The defence ministry did not comment."
    )
    speakers = {c.speaker for c in claims_of(text)}
    assert "Maria Keller" in speakers
    assert not any("minister" in s.lower() and s != "Maria Keller" for s in speakers)  # speech inside a quote is hers


def test_asked_for_is_a_request(claims_of: Any) -> None:
    found = pairs(claims_of("Chile asked for additional air defense systems to protect its northern cities."))
    assert ("CL", "demand") in found


def test_you_is_never_a_speaker(claims_of: Any) -> None:
    text = "You asked for the figures on the interceptors last week. You said the shipment had arrived early."
    assert not [c for c in claims_of(text) if c.speaker.lower() == "you"]


def test_a_statement_of_several_officials_of_one_rank_is_each_ones(claims_of: Any) -> None:
    title = "Trilateral Foreign Ministers Statement on the Ballistic Missile Test"
    body = (
        "Japan, Australia and the United States condemn the ballistic missile launch carried out this morning. "
        "Foreign Minister Penny Wong of Australia, Foreign Minister Yoko Kamikawa of Japan, and Secretary of State "
        "Antony Blinken met today in Canberra and discussed the launch. "
        "The ministers stated their intent to deepen trilateral cooperation on missile defense."
    )
    speakers = {c.speaker for c in claims_of(body, title=title)}
    assert {"Penny Wong", "Yoko Kamikawa", "Antony Blinken"} <= speakers


def test_the_state_written_before_a_title_is_that_persons(model_extractor: Any) -> None:
    from armswatch.extract.claim_patterns import statement_issuers
    from armswatch.extract.speakers import Speakers, actor_tokens
    from armswatch.kb.load import load_kb

    kb = load_kb()
    doc = model_extractor.nlp(
        "The three governments condemn the launch. Cabinet Secretary Hana Mori, ROK National Security Advisor "
        "Kim Jae-won, and U.S. National Security Advisor Paul Grant met today in Seoul."
    )
    actors = actor_tokens(doc, kb)
    speakers = Speakers(kb, date=None)
    speakers.learn(doc, actors)
    issuers = statement_issuers(doc, speakers, actors, "Trilateral National Security Advisors Statement on the Launch")
    states = {name: state for name, _, state in issuers}
    assert states.get("Kim Jae-won") == "KR" and states.get("Paul Grant") == "US"
    assert states.get("Hana Mori") is None  # the comma ends the phrase: no state of the next person's


def test_a_body_in_a_leaders_title_speaks_as_itself(claims_of: Any) -> None:
    title = "ASEAN-Canada Leaders’ Statement on Arms Control Cooperation"
    body = (
        "We reaffirm our commitment to the Treaty on the Non-Proliferation of Nuclear Weapons. "
        "We will strengthen our cooperation on export controls for missile technology."
    )
    speakers = {c.speaker for c in claims_of(body, title=title)}
    assert "asean" in speakers
