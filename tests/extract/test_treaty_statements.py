"""Treaty actions as official statements word them: "today", the present tense of an
announcement, accession in a time phrase, extensions and terminations. Sentences written
for these tests."""

from __future__ import annotations

from typing import Any

import pytest


def test_today_dates_the_action_from_the_statement(acts: Any) -> None:
    text = "Today Kazakhstan deposited its instrument of ratification of the Comprehensive Nuclear-Test-Ban Treaty."
    assert acts(text, "2030-03-04") == {("ctbt", "KZ", "ratify", "2030-03-04")}


def test_a_statements_present_tense_is_its_day(acts: Any) -> None:
    text = "After talks with Washington, Seoul announces the termination of its U.S.-ROK Missile Guidelines."
    assert acts(text, "2030-05-06") == {
        ("us-rok-missile-guidelines", "KR", "withdraw", "2030-05-06")}


def test_a_gerund_after_a_time_preposition_acts_for_the_main_subject(acts: Any) -> None:
    text = "Prior to joining the Non-Proliferation Treaty in March 1992, China had tested many warheads."
    assert acts(text) == {("npt", "CN", "ratify", "1992-03")}
    text = "After acceding to the NPT in 1985, North Korea built a reactor."
    assert acts(text) == {("npt", "KP", "ratify", "1985")}


def test_a_time_phrase_without_a_gerund_is_no_action(acts: Any) -> None:
    assert acts("Before the Non-Proliferation Treaty, five states had nuclear arms.") == set()


def test_suspending_the_operation_of_obligations_suspends_the_treaty(acts: Any) -> None:
    text = "The United States will suspend the operation of its CFE Treaty obligations, effective next month."
    assert {a[:3] for a in acts(text, "2030-01-10")} == {("cfe", "US", "suspend")}


def test_an_unowned_extension_is_the_parties_extension(acts: Any) -> None:
    text = "The recent extension of New START keeps inspections going."
    assert {a[:3] for a in acts(text)} == {("new-start", "US", "extend"), ("new-start", "RU", "extend")}


@pytest.mark.parametrize(
    "text",
    [
        "Moscow proposed the extension of New START by five years.",
        "Negotiators discussed a possible extension of New START.",
        "We call on Russia to renew its ratification of the CTBT.",
        "Seoul may announce the termination of the U.S.-ROK Missile Guidelines next year.",
    ],
)
def test_proposals_and_possibilities_are_no_actions(acts: Any, text: str) -> None:
    assert acts(text, "2030-01-10") == set()
