"""Office-holders behind roles and briefing turns: joint statements of "the leaders of A and B",
surnames of a statement's time, anonymous officials and refusals to comment in transcripts
(sentences written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.briefing import declines
from armswatch.extract.claims import Claim, extract_claims
from armswatch.extract.office_holders import canonical, holder_named, leaders_named, offices_named
from armswatch.kb.check import _check_holder
from armswatch.kb.load import load_kb
from armswatch.kb.model import KnowledgeBase, OfficeHolder


def _holder(name: str, state: str, office: str, start: str, end: str | None, leads: bool = False) -> OfficeHolder:
    return OfficeHolder(id=f"h.{name}", name=name, state=state, office=office, start=start, end=end, leads=leads, source="test")


@pytest.fixture()
def small_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    kb.office_holders += [
        _holder("Anna Velkova", "XA", "president", "2010-01-01", "2016-01-01", leads=True),
        _holder("Park Min-jun", "XA", "president", "2016-01-01", None, leads=True),
        _holder("Tomas Reyes", "XA", "foreign_minister", "2012-03-01", None),
    ]
    return kb


def test_the_holder_on_a_date_and_the_latest_without_one(small_kb: KnowledgeBase) -> None:
    assert small_kb.holder_of("XA", "president", "2015-12-31").name == "Anna Velkova"  # type: ignore[union-attr]
    assert small_kb.holder_of("XA", "president", "2016-01-01").name == "Park Min-jun"  # type: ignore[union-attr]
    assert small_kb.holder_of("XA", "president", "2009-05-05") is None
    assert small_kb.holder_of("XA", "president", None).name == "Park Min-jun"  # type: ignore[union-attr]
    assert small_kb.leader_of("XA", "2012-06-01").name == "Anna Velkova"  # type: ignore[union-attr]
    assert small_kb.leader_of("XA", "2012-06-01") != small_kb.holder_of("XA", "foreign_minister", "2012-06-01")


def test_a_surname_names_the_holder_of_its_time(small_kb: KnowledgeBase) -> None:
    assert canonical(small_kb, "Park", "2020-02-02") == "Park Min-jun"  # the family name first, as the holder writes it
    assert canonical(small_kb, "Velkova", "2020-02-02") == "Velkova"  # out of office then: left as written
    assert canonical(small_kb, "Park Min Jun", "2020-02-02") == "Park Min Jun"  # the text's spelling of the same name
    assert canonical(small_kb, "Min-jun Park", "2020-02-02") == "Park Min-jun"  # the other order
    assert holder_named(small_kb, "Lena Park", "2020-02-02") is None  # another person with that family name


def test_the_shipped_table_is_checked() -> None:
    problems = _check_holder({"id": "x", "name": "A B", "state": "FR", "office": "king", "start": "2001"})
    assert problems[0] == "an office holder needs a source" and problems[1].startswith("office 'king' not in")
    assert _check_holder({"state": "FR", "office": "president", "start": "2001-05-01", "end": "1999", "source": "s"}) == [
        "end '1999' is not a date after the start",
    ]
    assert load_kb().office_holders, "office_holders.toml is loaded"


def test_the_leaders_and_the_offices_a_statement_names() -> None:
    kb = load_kb()
    text = "We, the heads of state and government of France and Germany (the two founding members), agreed today on a plan."
    assert leaders_named(text, kb, "2019-06-01") == [("FR", "Emmanuel Macron"), ("DE", "Angela Merkel")]
    assert leaders_named(text, kb, "2023-06-01")[1] == ("DE", "Olaf Scholz")
    assert leaders_named("The leaders met at the lake for two days.", kb, "2019-06-01") == []
    named = offices_named("Joint Declaration of the Prime Minister of Canada and the President of France on", kb, "2019-06-01")
    assert named == [("CA", "Justin Trudeau"), ("FR", "Emmanuel Macron")]


@pytest.fixture(scope="module")
def claims_on(model_extractor: NlpExtractor) -> Any:
    def run(text: str, title: str, published: str) -> list[Claim]:
        return extract_claims(model_extractor.nlp(text), title=title, published=published)

    return run


def test_a_joint_statement_of_leaders_speaks_for_each_leader(claims_on: Any) -> None:
    text = (
        "We, the leaders of Canada and Australia, met in Ottawa to renew our partnership. "
        "We condemn the reckless missile launches that violate the resolutions of the Security Council. "
        "We will expand our joint exercises next year."
    )
    claims = claims_on(text, "Joint Statement of Canada and Australia", "2023-03-01")
    pairs = {(c.speaker, c.stance) for c in claims}
    assert {("Justin Trudeau", "accuse"), ("Anthony Albanese", "accuse")} <= pairs
    assert {("Justin Trudeau", "announce"), ("Anthony Albanese", "announce")} <= pairs
    assert not {c.speaker for c in claims} & {"CA", "AU"}


def test_a_leaders_title_without_names_is_each_states_leader(claims_on: Any) -> None:
    text = "Our two nations stand together. We will deepen our cooperation on missile defense and space."
    claims = claims_on(text, "U.S.-Japan Leaders’ Joint Statement", "2022-05-23")
    assert {c.speaker for c in claims} == {"Joe Biden", "Fumio Kishida"}


BRIEFING = (
    "SENIOR ADMINISTRATION OFFICIAL:  Thanks, everyone. The President will announce a new package of air "
    "defense interceptors for our partner tomorrow.\n\n"
    "MODERATOR:  Thank you. Our next question goes to the wire service.\n\n"
    "Q    Thanks. Has the second Patriot battery arrived, and is the administration failing its allies?\n\n"
    "SENIOR ADMINISTRATION OFFICIAL:  I’m not going to get into delivery timelines for specific systems today.\n\n"
    "Q    And on the budget talks?\n\n"
    "SENIOR ADMINISTRATION OFFICIAL:  I won’t get ahead of the negotiators on the budget, but they are close.\n"
)


def test_an_anonymous_official_speaks_for_the_government(claims_on: Any) -> None:
    claims = claims_on("President Biden travels to the summit this week.\n\n" + BRIEFING, "Background Press Call on the Summit", "2024-06-01")
    briefing = [c for c in claims if c.cue == "(briefing)"]
    assert briefing and {c.speaker for c in briefing} == {"US"}
    assert not any("failing" in c.content or "Thanks. Has" in c.content for c in claims)  # questions are no claims
    assert not any("next question" in c.content for c in claims)  # the moderator's turn is procedural
    declined = [c for c in briefing if c.stance == "decline_comment"]
    assert [c.content[:22] for c in declined] == ["I’m not going to get i"]  # not the budget: no weapon in it


def test_the_president_label_is_the_holder_of_the_day(claims_on: Any) -> None:
    text = (
        "THE PRESIDENT:  Thank you all. We are sending more air defense to our partners because the attacks must stop.\n\n"
        "Q    Mr. President, will you meet the chancellor?\n\n"
        "THE PRESIDENT:  I will meet him next week in the capital, and we will talk about the missiles.\n"
    )
    claims = claims_on(text, "Remarks by President Biden Before Departure", "2023-09-01")
    assert {c.speaker for c in claims if c.cue == "(briefing)"} == {"Joe Biden"}


def test_declining_counts_only_on_the_schemas_subjects() -> None:
    assert declines("I'm not going to comment on the strike reports.", "", False)
    assert declines("I won't get ahead of the Pentagon on that.", "Q Are more launchers coming?", False)
    assert not declines("I won't get ahead of the Senate on the budget.", "Q What about the budget deal?", False)
    assert not declines("We are going to comment on that tomorrow.", "Q About the missiles?", False)
