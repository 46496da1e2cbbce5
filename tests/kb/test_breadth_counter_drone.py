"""More knowledge-base breadth (issue 9 item 2): counter-drone and air defence of the 2020s,
present-day fighter programmes, more Cold War systems, Houthi and
militants' rockets. Every sentence here is invented for the test."""

from __future__ import annotations

import pytest

from armswatch.kb import load_kb
from armswatch.kb.gazetteer import find_names


def _systems(text: str) -> set[str]:
    return {f.id for f in find_names(text) if f.kind == "system"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("FS-LIDS", "us.fs-lids"),
        ("M-LIDS", "us.m-lids"),
        ("IADWS", "us.iadws"),
        ("Coyote Block 2", "us.coyote"),
        ("Roadrunner-M", "us.roadrunner"),
        ("APKWS", "us.apkws"),
        ("GLSDB", "us.glsdb"),
        ("Barracuda-500M", "us.barracuda-500"),
        ("F-47", "us.f-47"),
        ("F-21", "us.f-21"),
        ("Fath-360", "ir.fath-360"),
        ("Burkan-2H", "ye.burkan-2h"),
        ("Samad-3", "ye.samad-3"),
        ("SSC-2b Samlet", "ru.sopka"),
        ("FKR-1", "ru.fkr-1"),
        ("SS-8 Sasin", "ru.r-9"),
        ("LIM-49A", "us.spartan"),
        ("CSS-2", "cn.df-3"),
        ("AIM-9M", "us.aim-9x"),
        ("Sea Sparrow", "us.sea-sparrow"),
        ("Handley Page Victor", "gb.victor"),
        ("KF-21 Boramae", "kr.kf-21"),
        ("Tejas Mk1A", "in.tejas"),
        ("Aspide 2000", "it.aspide"),
        ("H-20 stealth bomber", "cn.h-20"),
        ("AGM-179", "us.jagm"),
        ("MADIS", "us.madis"),
        ("YFQ-44A Fury", "us.yfq-44a"),
        ("J-36", "cn.j-36"),
    ],
)
def test_new_names_resolve(name: str, expected: str) -> None:
    assert load_kb().resolve_id(name, "system") == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The emirate will buy FS-LIDS batteries to knock down small drones over its bases.", "us.fs-lids"),
        ("Army crews fired Coyote interceptors at the incoming drones.", "us.coyote"),
        ("The kit, called VAMPIRE, fires laser-guided rockets at drones from a pickup truck.", "us.vampire"),
        ("The ministry says Tehran shipped Fath-360 close-range ballistic missiles to Moscow.", "ir.fath-360"),
        ("The rebels claimed a Toufan missile launch toward the port city.", "ye.toufan"),
        ("In 1962 Soviet crews set up FKR-1 cruise missile launchers near the coast.", "ru.fkr-1"),
        ("The Safeguard ABM system was switched off a few months after it opened.", "us.safeguard"),
        ("Riyadh bought CSS-2 missiles in secret in the late 1980s.", "cn.df-3"),
        ("The air force will field the F-47 fighter in the 2030s.", "us.f-47"),
        ("Ukraine received GLSDB rounds for its HIMARS launchers.", "us.glsdb"),
    ],
)
def test_genre_sentences_name_the_new_systems(sentence: str, expected: str) -> None:
    assert expected in _systems(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Apache Software Foundation released a security patch on Tuesday.",
        # Attack helicopters are not in the KB: SCHEMA.md names fighters, bombers and attack aircraft.
        "Apache helicopters struck the convoy at dawn.",
        "Moscow said its Ka-52 helicopters destroyed three tanks.",
        "Ranchers reported that a coyote had killed two sheep near the barn.",
        "Coyotes smuggled the migrants across the river at night.",
        "Victor said the talks would resume in Geneva next week.",
        "The Spartan team won the regional final on Saturday.",
        "Sprint customers lost service for several hours.",
        "The cabinet discussed IAEA Safeguards at length.",
        "The camp stood on Bikini Atoll before the nuclear tests.",
        "Chiang Ching-kuo led Taiwan through the lifting of martial law.",
        "The Valiant Shield exercise brought carriers and aircraft together near Guam.",
        "The Orion spacecraft splashed down in the Pacific after its lunar flyby.",
        "The factory shipped blue steel beams to the shipyard.",
        "Visitors crowded the Boramae Medical Center after the storm.",
        "Hamas called its attack Operation Al-Aqsa Toufan as rockets fell on southern towns.",
        "Relief crews were deployed to the flooded towns within hours.",
        "Safeguard measures on imported steel were announced with new missile export rules.",
        "The EU naval operation \u201cAspides\u201d escorts merchant ships past drones and missiles.",
        "No family should fear harmful pollutants in H20 again, the union said.",
    ],
)
def test_word_like_names_stay_quiet_in_other_senses(sentence: str) -> None:
    assert _systems(sentence) == set(), sentence


def test_new_entries_follow_the_schema_of_weapons() -> None:
    kb = load_kb()
    new = ["us.fs-lids", "us.coyote", "ru.sopka", "cn.df-3", "ye.toufan", "de.skyranger"]
    classes = {system_id: kb.systems[system_id].cls for system_id in new}
    assert classes["us.fs-lids"] == "SAM" and classes["us.coyote"] == "SAM" and classes["de.skyranger"] == "SAM"
    assert classes["ru.sopka"] == "coastal" and classes["cn.df-3"] == "MRBM" and classes["ye.toufan"] == "MRBM"
    assert kb.systems["us.fs-lids"].fires == ("us.coyote",)
    assert kb.systems["de.skyranger"].profile == "gun"


def test_unarmed_aircraft_and_bombs_stay_out() -> None:
    kb = load_kb()
    for name in ("P-8I", "C-130J", "E-7A Wedgetail", "MQ-4C Triton", "Mi-17", "GBU-39", "CH-47F"):
        assert kb.resolve_id(name, "system") is None, name
