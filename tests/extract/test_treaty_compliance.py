"""Allegations of non-compliance as officials word them ("X must return to compliance with",
"X is far from compliance"), and treaty actions of official letters and statements: the
speaker's own side ("we extended", "the previous administration withdrew"), instruments named
by a descriptive title, signature clauses ("done at ... on ..."), and hedged or partyless
wording that is no action. Sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import extract_claims
from armswatch.extract.treaty_actions import extract_allegations, extract_treaty_actions


@pytest.fixture(scope="module")
def alleged(model_extractor: NlpExtractor) -> Any:
    """(treaty, accused) pairs alleged in a text (with an optional statement title)."""

    def read(text: str, title: str | None = None) -> set[tuple[str, str]]:
        doc = model_extractor.nlp(text)
        return {(a.treaty, a.accused) for a in extract_allegations(doc, extract_claims(doc, title=title))}

    return read


@pytest.fixture(scope="module")
def stated(model_extractor: NlpExtractor) -> Any:
    """(treaty, party, action) of a statement's text, read with its title and date."""

    def read(text: str, title: str | None = None, published: str | None = None) -> set[tuple[str, str, str]]:
        doc = model_extractor.nlp(text)
        claims = extract_claims(doc, title=title, published=published)
        return {(a.treaty, a.party, a.action) for a in extract_treaty_actions(doc, claims, published=published)}

    return read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said Syria must return to full compliance with the Chemical Weapons Convention.", {("cwc", "SY")}),
        ("We call on Russia to come back into compliance with the INF Treaty.", {("inf", "RU")}),
        ("Ministers urged Iran to return to compliance with the JCPOA without delay.", {("jcpoa", "IR")}),
        ("The inspectors reported that Syria is out of compliance with the Chemical Weapons Convention.", {("cwc", "SY")}),
        ("Pyongyang's missile launch violated UN Security Council Resolution 2397.", {("unscr-2397", "KP")}),
    ],
)
def test_a_party_owing_a_return_to_compliance_is_accused(alleged: Any, text: str, expected: set[tuple[str, str]]) -> None:
    assert alleged(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday's launch by the DPRK violates UN Security Council resolutions 1718, 1874 (2009) and 2397.",
         {("unscr-1718", "KP"), ("unscr-1874", "KP"), ("unscr-2397", "KP")}),
        ("Tehran's shipment of drones to Moscow is a violation of UN Security Council Resolution 2231.",
         {("unscr-2231", "IR")}),
        ("We condemn the DPRK's test, which is a clear violation of UNSCR 2397.", {("unscr-2397", "KP")}),
        ("Pyongyang's arms sales abroad violate several UN Security Council resolutions, including Resolution 1874.",
         {("unscr-1874", "KP")}),
    ],
)
def test_numbered_resolutions_and_an_acts_owner(alleged: Any, text: str, expected: set[tuple[str, str]]) -> None:
    assert alleged(text) == expected


def test_a_violation_of_unnumbered_resolutions_is_no_allegation(alleged: Any) -> None:
    assert alleged("The DPRK's launch violated multiple UN Security Council resolutions.") == set()


def test_a_compliance_sentence_without_an_instrument_takes_the_one_named_before(alleged: Any) -> None:
    text = "Tehran accepted the JCPOA limits in 2015. Three years later, Iran is a long way from compliance."
    assert alleged(text) == {("jcpoa", "IR")}
    assert alleged("Three years later, Iran is a long way from compliance.") == set()


def test_the_speakers_own_side_is_not_accused(alleged: Any) -> None:
    text = ("We seek the return of Iran and the United States to full compliance with the JCPOA, "
            "and we will keep working with our partners to that end.")
    assert alleged(text, title="Statement by President Joe Biden on Iran") == {("jcpoa", "IR")}


@pytest.mark.parametrize(
    "text",
    [
        "We remain ready for a mutual return to compliance with the JCPOA.",
        "Moscow insists that it remains in full compliance with New START.",
        "Iran is a long way from the coast.",
    ],
)
def test_no_party_out_of_compliance(alleged: Any, text: str) -> None:
    assert alleged(text) == set()


def test_we_in_a_statement_is_the_issuers_state(stated: Any) -> None:
    text = "We extended New START for five years last month, and we will keep talking with Moscow."
    found = stated(text, title="Statement by President Joe Biden on Arms Control", published="2021-03-01")
    assert ("new-start", "US", "extend") in found
    assert ("new-start", "RU", "extend") not in found


def test_the_previous_administration_is_the_issuers_government(stated: Any) -> None:
    text = ("The previous administration withdrew from the Open Skies Treaty, and we regret that "
            "decision, the President said.")
    assert stated(text, title="Statement by President Joe Biden", published="2021-06-01") >= {("open-skies", "US", "withdraw")}


def test_an_instrument_named_by_a_descriptive_title_and_its_signature_clause(stated: Any) -> None:
    text = ("The Agreement for Cooperation between the United States of America and Japan Concerning "
            "Peaceful Uses of Nuclear Energy, done at Tokyo on November 4, 1987, has served both "
            "countries well.")
    assert stated(text) == {("us-jp-123-agreement", "US", "sign"), ("us-jp-123-agreement", "JP", "sign")}


def test_a_letter_authorizing_the_execution_of_an_agreement_signs_it(stated: Any) -> None:
    text = ("TO THE CONGRESS OF THE UNITED STATES:\n\nI transmit the text of an Agreement between the "
            "Government of the United States of America, the Government of Australia, and the Government "
            "of the United Kingdom for the Exchange of Naval Nuclear Propulsion Information (the "
            "“Agreement”). I have approved the Agreement, authorized its execution, and urge that the "
            "Congress give it favorable consideration.\n\nJOSEPH R. BIDEN JR.")
    found = stated(text, title="Message to the Congress on an Agreement on Naval Nuclear Propulsion",
                   published="2021-12-01")
    assert ("aukus-ennpia", "US", "sign") in found
    assert {a for a in found if a[1] != "US"} == set()


@pytest.mark.parametrize(
    "text",
    [
        "Any U.S. return to the JCPOA would need a review by Congress.",
        "The Outer Space Treaty, which more than one hundred countries have signed, bans nuclear weapons in orbit.",
        "An Agreement to Extend the arrangement between the two agencies was discussed.",
        "The leaders marked the tenth anniversary of the signing of the Abraham Accords.",
    ],
)
def test_hedged_or_partyless_wording_is_no_action(stated: Any, text: str) -> None:
    assert stated(text, published="2022-03-01") == set()


def test_a_split_de_prefix_withdraws_the_ratification(stated: Any) -> None:
    found = stated("Moscow's de-ratification of the CTBT is a step backward for arms control.", published="2030-11-02")
    assert found == {("ctbt", "RU", "withdraw")}
