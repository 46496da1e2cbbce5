"""Counts bound to systems and units, on sentences written for these tests (real English pipeline)."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.quantities import EXTRACTOR, Count, counts_as_gold, extract_counts


@pytest.fixture(scope="module")
def counts_of(model_extractor: NlpExtractor) -> Any:
    def run(text: str) -> list[Count]:
        counts = extract_counts(model_extractor.nlp(text))
        for count in counts:  # every count points at its evidence in the text
            assert 0 <= count.start < count.end <= len(text)
        return counts

    return run


def triples(counts: list[Count]) -> list[tuple[str | None, int | None, str]]:
    return [(c.system, c.value, c.unit) for c in counts]


def pairs(counts: list[Count]) -> set[tuple[int | None, str]]:
    return {(c.value, c.unit) for c in counts}


# Numbers as digits and as words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The ministry said 64 missiles had been delivered.", 64, "missile"),
        ("The plant has built 1,500 missiles since the programme began.", 1500, "missile"),
        ("Sixteen launchers were seen at the depot.", 16, "launcher"),
        ("The army received twenty-four TELs last year.", 24, "TEL"),
        ("A dozen interceptors were fired during the drill.", 12, "interceptor"),
        ("Two dozen warheads were moved to the depot.", 24, "warhead"),
        ("The navy ordered two hundred and fifty missiles.", 250, "missile"),
    ],
)
def test_number_forms(counts_of: Any, text: str, value: int, unit: str) -> None:
    [count] = counts_of(text)
    assert (count.value, count.unit, count.qualifier) == (value, unit, "exact")
    assert count.extractor == EXTRACTOR and not count.derived


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of missiles were fired at the city.",
        "Dozens of launchers were spotted near the border.",
        "The third squadron moved to the coast in the spring.",
        "The 52nd brigade took part in the exercise.",
    ],
)
def test_vague_amounts_and_ordinals_are_not_counts(counts_of: Any, text: str) -> None:
    assert counts_of(text) == []


# Binding a number to its unit and the unit to a system --------------------------------------


def test_system_named_in_the_noun_phrase(counts_of: Any) -> None:
    counts = counts_of("Russia moved four Iskander-M brigades and six S-400 battalions to the west.")
    assert triples(counts) == [("ru.iskander-m", 4, "brigade"), ("ru.s-400", 6, "battalion")]


def test_system_named_in_an_of_phrase(counts_of: Any) -> None:
    [count] = counts_of("The army now fields three battalions of Kalibr missiles on the coast.")
    assert (count.system, count.value, count.unit) == ("ru.kalibr", 3, "battalion")


def test_n_of_the_launchers(counts_of: Any) -> None:
    text = "A Bastion-P battery arrived at the port last week. Satellite images show that four of the launchers have since left."
    [count] = counts_of(text)
    assert (count.system, count.value, count.unit) == ("ru.bastion-p", 4, "launcher")
    assert text[count.start : count.end] == "four of the launchers"


def test_such_missiles_take_the_system_in_focus(counts_of: Any) -> None:
    text = "The regiment received 24 9M729 missiles. A Kalibr launch was reported, and 12 such missiles were moved north."
    counts = counts_of(text)
    assert triples(counts) == [("ru.9m729", 24, "missile"), ("ru.9m729", 12, "missile")]


def test_nearest_system_in_the_sentence(counts_of: Any) -> None:
    [count] = counts_of("Near the Tochka depot analysts counted nine launchers, far from any Kalibr site.")
    assert count.system == "ru.tochka"


def test_system_from_the_two_sentences_before_and_no_further(counts_of: Any) -> None:
    near = counts_of("The Hwasong-18 was shown at a parade. Analysts counted nine launchers.")
    far = counts_of("The Hwasong-18 was shown at a parade. It rained. The crowd cheered. Analysts counted nine launchers.")
    assert triples(near) == [("kp.hwasong-18", 9, "launcher")]
    assert triples(far) == [(None, 9, "launcher")]


def test_a_name_the_kb_does_not_know_takes_no_system(counts_of: Any) -> None:
    [count] = counts_of("A Kalibr strike was reported overnight. Air defences later downed 93 Zorkavel drones.")
    assert (count.system, count.value, count.unit) == (None, 93, "drone")


def test_a_unit_noun_inside_a_system_name_is_the_unit(counts_of: Any) -> None:
    [count] = counts_of("Air defences downed 93 Shahed drones overnight.")
    assert (count.system, count.value, count.unit) == ("ir.shahed-136", 93, "drone")


def test_a_bare_system_name_is_counted_by_its_kind(counts_of: Any) -> None:
    counts = counts_of("Russia has delivered two dozen S-400s and 64 9M729s.")
    assert triples(counts) == [("ru.s-400", 24, "system"), ("ru.9m729", 64, "missile")]


# The arithmetic a reader does -----------------------------------------------------------------


def test_each_of_three_brigades_with_launchers_each_carrying_missiles(counts_of: Any) -> None:
    text = "Each of the three Iskander-M brigades has twelve launchers, each carrying two missiles."
    counts = counts_of(text)
    assert triples(counts) == [("ru.iskander-m", 3, "brigade"), ("ru.iskander-m", 36, "launcher"), ("ru.iskander-m", 72, "missile")]
    assert [c.derived for c in counts] == [False, True, True]
    assert counts[1].derivation == "3 brigade × 12 launcher/brigade = 36 launcher"
    assert counts[2].derivation == "36 launcher × 2 missile/launcher = 72 missile"


def test_per_unit_figures_are_not_reported_as_totals(counts_of: Any) -> None:
    counts = counts_of("Each of the three Iskander-M brigades has twelve launchers, each carrying two missiles.")
    assert (12, "launcher") not in pairs(counts) and (2, "missile") not in pairs(counts)


def test_batteries_of_eight_launchers_each(counts_of: Any) -> None:
    counts = counts_of("The Bastion-P division fielded two batteries of eight launchers each.")
    assert pairs(counts) == {(2, "battery"), (16, "launcher")}
    assert next(c for c in counts if c.unit == "launcher").derivation == "2 battery × 8 launcher/battery = 16 launcher"


def test_regiments_each_with_batteries(counts_of: Any) -> None:
    counts = counts_of("The S-400 force has three regiments, each with two batteries.")
    assert pairs(counts) == {(3, "regiment"), (6, "battery")}


def test_arithmetic_across_two_sentences(counts_of: Any) -> None:
    text = "The S-400 force has three regiments, each with two batteries. Each battery has four launchers."
    counts = counts_of(text)
    assert pairs(counts) == {(3, "regiment"), (6, "battery"), (24, "launcher")}
    assert all(c.system == "ru.s-400" for c in counts)


def test_launchers_per_battalion(counts_of: Any) -> None:
    counts = counts_of("The Kalibr coastal group has four launchers in each of its three battalions.")
    assert pairs(counts) == {(3, "battalion"), (12, "launcher")}


def test_a_stated_total_equal_to_the_derived_one_is_kept_once(counts_of: Any) -> None:
    text = (
        "Each of the four Bastion-P battalions has three launchers, each of which carries four missiles, "
        "so the fleet holds at least 48 such missiles."
    )
    counts = counts_of(text)
    assert triples(counts) == [("ru.bastion-p", 4, "battalion"), ("ru.bastion-p", 12, "launcher"), ("ru.bastion-p", 48, "missile")]
    missiles = counts[2]
    assert missiles.qualifier == "at least" and not missiles.derived
    assert missiles.derivation == "12 launcher × 4 missile/launcher = 48 missile"
    assert text[missiles.start : missiles.end] == "at least 48 such missiles"


def test_a_stated_total_that_differs_is_kept_beside_the_derived_one(counts_of: Any) -> None:
    text = "Each of the four Bastion-P battalions has three launchers. The ministry put the total at 14 launchers."
    counts = counts_of(text)
    assert {(c.value, c.derived) for c in counts if c.unit == "launcher"} == {(12, True), (14, False)}


def test_a_per_unit_figure_with_nothing_to_multiply_gives_nothing(counts_of: Any) -> None:
    assert counts_of("Each Iskander-M launcher carries two missiles.") == []


# Qualifiers and bounds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "bounds", "qualifier"),
    [
        ("Between 10 and 12 launchers arrived at the base.", None, (10, 12), "between"),
        ("The brigade has 10-12 launchers.", None, (10, 12), "between"),
        ("Two or three batteries were moved east.", None, (2, 3), "between"),
        ("Up to 40 missiles could be stored there.", None, (None, 40), "up to"),
        ("Fewer than 10 interceptors remain.", None, (None, 10), "fewer than"),
        ("At least 64 missiles are in service.", 64, None, "at least"),
        ("More than 50 launchers took part.", 50, None, "more than"),
        ("About 30 interceptors were fired.", 30, None, "about"),
    ],
)
def test_qualifiers_and_bounds(counts_of: Any, text: str, value: int | None, bounds: tuple[int | None, int | None] | None, qualifier: str) -> None:
    [count] = counts_of(text)
    assert (count.value, count.bounds, count.qualifier) == (value, bounds, qualifier)


def test_bounds_multiply_and_are_never_averaged(counts_of: Any) -> None:
    counts = counts_of("Between 10 and 12 battalions were formed, each with four launchers.")
    launchers = next(c for c in counts if c.unit == "launcher")
    assert (launchers.value, launchers.bounds, launchers.qualifier, launchers.derived) == (None, (40, 48), "between", True)
    assert launchers.derivation == "10–12 battalion × 4 launcher/battalion = 40–48 launcher"


def test_a_change_counts_where_it_ends(counts_of: Any) -> None:
    [count] = counts_of("The number of launchers at the base rose from 10 to 14 launchers.")
    assert (count.value, count.qualifier) == (14, "exact")


# What is not a count ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A 2,500-member force guards the Iskander-M base.",
        "The missile can fly 5,500 kilometers with a heavy warhead.",
        "The treaty collapsed in 2019 after the Kalibr dispute.",
        "The statement on the S-400 was issued in 27 languages.",
        "About 2,000 troops and 300 personnel of the S-400 regiment took part.",
        "The resolution on the Hwasong-18 passed with 12 votes as 15 countries abstained.",
        "The Kalibr budget rose 30 percent to $40 million.",
        "The missiles, some of them 20 years old, were fired on 3 March.",
        "North Korea tested the Hwasong-18 and the KN-23 again.",
        "Every one of these missiles can carry a warhead.",
    ],
)
def test_not_counts(counts_of: Any, text: str) -> None:
    assert counts_of(text) == []


# Gold lines ---------------------------------------------------------------------------------


def test_counts_as_gold_keeps_values_only_and_deduplicates(counts_of: Any) -> None:
    text = "Russia has at least 64 9M729 missiles and up to 40 launchers. Officials repeated that 64 9M729 missiles were ready."
    lines = counts_as_gold(counts_of(text), state="RU")
    assert lines == [{"by": "RU", "system": "ru.9m729", "count": 64, "unit": "missile"}]


def test_counts_as_gold_without_state() -> None:
    count = Count("ru.9m729", "battalion", 4, None, "exact", 0, 10)
    assert counts_as_gold([count]) == [{"by": None, "system": "ru.9m729", "count": 4, "unit": "battalion"}]
