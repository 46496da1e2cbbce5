"""Acronyms the knowledge base writes in capitals match only in capitals; actors added for
Cold War narratives and non-state speakers resolve. Sentences are invented."""

from __future__ import annotations

import pytest

from armswatch.kb.demonyms import state_of_demonym
from armswatch.kb.gazetteer import find_names
from armswatch.kb.names import TOKEN, capital_words, capitals_fit


def ids(text: str) -> list[str]:
    return [f.id for f in find_names(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Her daughter joined the Head Start programme last autumn.",
        "It was sort of a surprise to everyone in the room.",
        "Sort of, the minister replied.",
        "Take those figures with a pinch of salt.",
        "The two sides will start talks in the spring.",
        "Start talks now, the editorial urged.",
        "The inf value is returned when the division overflows.",
        "The Inf treaty, she wrote, in lowercase notes.",
        "Salt 2 kilograms of fish before drying.",
    ],
)
def test_lowercase_or_titlecase_words_are_not_acronym_treaties(text: str) -> None:
    assert not [i for i in ids(text) if i in {"new-start", "start-i", "sort", "salt-i", "salt-ii", "inf", "npt"}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Both capitals said New START would lapse without a successor.", "new-start"),
        ("The New Start limits expire next winter.", "new-start"),  # listed in the KB
        ("Every state outside the NPT was urged to join.", "npt"),
        ("The NPT's review conference ended without a text.", "npt"),
        ("SALT II was signed but never ratified by the Senate.", "salt-ii"),
        ("Talks on SALT 2 dragged on for years.", "salt-ii"),
        ("Washington left the INF Treaty after years of complaints.", "inf"),
        ("The CTBT has not entered into force.", "ctbt"),
    ],
)
def test_acronyms_in_capitals_still_resolve(text: str, expected: str) -> None:
    assert expected in ids(text)


def test_capital_words_only_for_names_without_digits() -> None:
    assert capital_words("New START") == frozenset({"start"})
    assert capital_words("INF Treaty") == frozenset({"inf"})
    assert capital_words("SS-20") == frozenset()
    assert capital_words("SALT 2") == frozenset({"salt"})
    assert capital_words("AGM-88 HARM") == frozenset({"harm"})
    assert capital_words("Moscow Treaty") == frozenset()


def test_capitals_fit_plural_and_weapon_titlecase() -> None:
    def fits(text: str, words: set[str], weapon: bool = False) -> bool:
        tokens = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]
        return capitals_fit(frozenset(words), text, tokens, 0, len(tokens) - 1, weapon)

    assert fits("ICBMs", {"icbm"})
    assert not fits("icbms", {"icbm"})
    assert not fits("Start", {"start"})
    assert fits("Himars", {"himars"}, weapon=True)
    assert not fits("Himars", {"himars"}, weapon=False)
    assert not fits("Harm", {"harm"}, weapon=True)  # short acronyms read as words


def test_british_style_weapon_acronyms_still_resolve() -> None:
    found = ids("Kyiv asked for more Himars launchers and another Thaad battery.")
    assert "us.himars" in found and "us.thaad" in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The OAU called for an immediate ceasefire.", "oau"),
        ("A summit of the Organization of African Unity opened on Monday.", "oau"),
        ("The African Union issued a statement.", "african-union"),
        ("UNITA denied the claim.", "unita"),
        ("The FNLA columns withdrew north.", "fnla"),
        ("The MPLA government announced a mobilisation.", "mpla"),
        ("Hezbollah fired rockets across the border.", "hezbollah"),
        ("Hizbullah said it would respond.", "hezbollah"),
        ("Hizballah's arsenal has grown.", "hezbollah"),
        ("Hamas claimed the launches.", "hamas"),
        # former states: former ISO codes (DD, ZR, YU, CS), continued states their successor's
        ("North Vietnam received more air defence batteries.", "VN"),
        ("South Vietnam asked for more interceptors.", "VN"),
        ("East Germany hosted the missiles.", "DD"),
        ("West Germany hosted the missiles.", "DE"),
        ("The German Democratic Republic signed the protocol.", "DD"),
        ("Zaire allowed the flights.", "ZR"),
        ("Kinshasa allowed the flights.", "CD"),
        ("Yugoslavia bought the radars.", "YU"),
        ("Czechoslovakia sold the launchers.", "CS"),
        ("The E3 urged Tehran to return to compliance.", "e3"),
        ("Talks between the EU3 and Iran resumed.", "e3"),
    ],
)
def test_added_actors_resolve(text: str, expected: str) -> None:
    assert expected in ids(text)


def test_both_vietnams_take_the_code_vn_once() -> None:
    # VN was South Vietnam's ISO code before 1977 and is the unified state's, which continues
    # North Vietnam: both give VN, once, and not a second state for the word "Vietnam" inside.
    assert ids("South Vietnam protested.") == ["VN"]
    assert ids("North Vietnam protested.") == ["VN"]


@pytest.mark.parametrize(
    ("word", "code"),
    [("Zairean", "ZR"), ("Zairian", "ZR")],
)
def test_former_state_demonyms(word: str, code: str) -> None:
    assert state_of_demonym(word) == code
