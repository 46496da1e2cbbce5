"""Precision of system recognition on general official text: names of weapons that are also
acronyms, companies, clubs, ranks, hull numbers and words. Every sentence is invented for
these tests; each rule is shown both rejecting the other reading and keeping the weapon."""

from __future__ import annotations

import pytest

from armswatch.kb import System, load_kb
from armswatch.kb.gazetteer import Gazetteer, find_names
from armswatch.kb.names import acronym_definitions, defined_as_other


def systems(text: str) -> list[tuple[str, str]]:
    return [(f.id, f.text) for f in find_names(text) if f.kind == "system"]


def ids(text: str) -> set[str]:
    return {f.id for f in find_names(text) if f.kind == "system"}


def _system(id: str, name: str, *aliases: str) -> System:
    return System(
        id=id, name=name, aliases=aliases, ambiguous_aliases=(), cls="ASCM", profile="cruise",
        basing=("sea",), range_km=None, range_source=None, nuclear=None, status=None, developer=None,
        operators=(), fires=(), variant_of=None, replaced_by=None,
    )


TOY = Gazetteer([_system("xx.qrm", "Quick Reef Missile", "QRM")])


def test_acronym_definitions_read_initials() -> None:
    found = acronym_definitions("The board adopted a Quarterly Review Memo (QRM) and the Rules of the House (RH).")
    assert found["QRM"] == ["Quarterly Review Memo"]
    assert found["RH"] == ["Rules House"]  # lowercase linking words give no letters
    assert acronym_definitions("The plan (QRM) was adopted.") == {}  # no words before that spell it


def test_an_acronym_the_text_defines_as_something_else_is_no_weapon() -> None:
    text = "The governor signed a Quarterly Review Memo (QRM) today. The QRM directs agencies to report."
    assert [f.id for f in TOY.find(text)] == []
    weapon = "The navy fired a Quick Reef Missile (QRM) at the target. The QRM flew low."
    assert [f.text for f in TOY.find(weapon)] == ["Quick Reef Missile", "QRM", "QRM"]
    undefined = "Sailors loaded the QRM onto the frigate."
    assert [f.id for f in TOY.find(undefined)] == ["xx.qrm"]


def test_a_writers_slip_in_the_definition_keeps_the_entry() -> None:
    names = ["Quick Reef Missile", "QRM"]
    assert not defined_as_other("QRM", {"QRM": ["Quick Reef Munition"]}, names)
    assert defined_as_other("QRM", {"QRM": ["Quality Records Manager"]}, names)


def test_memorandum_acronym_in_shipped_kb() -> None:
    assert systems("Today the President signed a National Security Memorandum (NSM) on ports.") == []
    assert systems("This NSM directs agencies to protect their networks.") == []  # needs weapons words now
    assert ids("Poland bought NSM coastal missile batteries for its navy.") == {"no.nsm"}


def test_capitalised_cue_inside_a_company_name_is_no_context() -> None:
    assert systems("Before joining Harbor Systems in 2010, Kaplan ran a bakery.") == []
    assert systems("The Voting Machine System Guidelines were updated this spring.") == []
    assert ids("Turkey unveiled the Kaplan rocket system at the show.") == {"tr.trg-300"}


def test_capitalised_cue_that_continues_the_name_counts() -> None:
    assert ids("Congress approved “Javelin” Anti-Tank Guided Missiles for the army.") == {"us.javelin"}
    assert ids("Officials said the Sentinel Missile was over budget.") == {"us.sentinel"}
    # ... but not when a title follows the cue ("... Brigade Act").
    assert systems("The Senate passed the Beagle Brigade Act of last year.") == []


def test_a_rank_written_with_a_weapons_word_is_a_person() -> None:
    assert systems("He served as a Weapons Sergeant in the company for six years.") == []
    assert ids("The Sergeant missile was retired long ago.") == {"us.sergeant"}


def test_a_possessive_before_a_one_word_name() -> None:
    assert systems("She was the chief executive of Dana’s Club, a grocery chain.") == []
    assert ids("Russia’s Club missiles were fired from a frigate.") == {"ru.klub"}
    assert ids("The Alliance will buy Acme’s Stinger missiles for the army.") == {"us.stinger"}


def test_an_apostrophe_s_is_no_part_of_a_designation() -> None:
    # "Club-S" is a name in the KB; "Club’s" is a possessive.
    assert systems("The Chess Club’s members launched a fundraiser for missile safety.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As 4 degrees were conferred, the cadets cheered.", set()),
        ("In 2 weeks the fleet sailed.", set()),
        ("The bombers carried the AS 4 missile.", {"ru.kh-22"}),
        ("Su 27 jets flew over the strait.", {"ru.su-27"}),
    ],
)
def test_a_spaced_word_and_number_is_no_designation(text: str, expected: set[str]) -> None:
    assert ids(text) == expected


def test_a_hull_number_is_no_missile() -> None:
    assert systems("He commanded the attack submarine USS Example (SSN 22) for two years.") == []
    assert ids("The frigate carried SS-N-22 anti-ship missiles.") == {"ru.p-270"}


def test_a_hard_line_wrap_inside_a_name_is_a_space() -> None:
    text = "We invest in programmes such as the Global Fund for Flood\nRelief (GFFR), to strengthen health systems."
    assert systems(text) == []
    # A line that ends a sentence does not join the next one.
    assert "us.patriot" in ids("Germany sent another battery of Patriot\nmissiles to the front.")


def test_another_capitalised_word_before_the_name() -> None:
    assert systems("The annual Grand Sentinel drill, and a recently launched programme, drew crowds.") == []
    assert ids("An Army Patriot missile battery shot down the drone.") == {"us.patriot"}


def test_statement_names_of_aircraft_and_programmes() -> None:
    kb = load_kb()
    assert kb.systems["us.ea-18g"].cls == "ATTACK"
    assert ids("Two Navy EA-18G Growler jets were lost in the exercise.") == {"us.ea-18g"}
    assert ids("The SA-21 Growler battery moved north.") == {"ru.s-400"}  # the nickname stays with S-400
    assert ids("Ukraine will produce FrankenSAM air defense systems with US help.") == {"ua.frankensam"}
    assert kb.systems["ua.frankensam"].cls == "SAM"
