"""Weapon-system breadth: aircraft, armed and one-way attack drones, Cold War and tactical
systems in the knowledge base, and how their names are recognised (issue 9 part 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.evaluation.recognition import evaluate_recognition
from armswatch.kb import load_kb
from armswatch.kb.check import check_kb
from armswatch.kb.gazetteer import find_names
from armswatch.kb.load import read_entries
from armswatch.kb.scope import treaties_for

CASES = Path(__file__).resolve().parent.parent / "data" / "systems_breadth_cases.jsonl"
AIRCRAFT_CLASSES = {"BOMBER", "FIGHTER", "ATTACK", "UCAV"}


def _systems(text: str) -> set[str]:
    return {f.id for f in find_names(text) if f.kind == "system"}


def test_breadth_recognition_cases_hold() -> None:
    result = evaluate_recognition(CASES)
    assert result.cases >= 40
    assert result.score.precision >= 0.95, result.errors
    assert result.score.recall >= 0.95, result.errors


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("F16", "us.f-16"),
        ("F-16s", "us.f-16"),
        ("Fighting Falcon", "us.f-16"),
        ("F/A-18", "us.f-18"),
        ("Super Hornet", "us.f-18"),
        ("B-52 Stratofortress", "us.b-52"),
        ("B-52H", "us.b-52"),
        ("MIG-23", "ru.mig-23"),
        ("MiG-23 Flogger", "ru.mig-23"),
        ("Tu-22 Blinder", "ru.tu-22"),
        ("Tu-95MS", "ru.tu-95"),
        ("Bear", "ru.tu-95"),
        ("Backfire", "ru.tu-22m"),
        ("Blackjack", "ru.tu-160"),
        ("Fencer", "ru.su-24"),
        ("Flanker", "ru.su-27"),
        ("Foxbat", "ru.mig-25"),
        ("Fulcrum", "ru.mig-29"),
        ("Frogfoot", "ru.su-25"),
        ("Reaper", "us.mq-9"),
        ("Predator", "us.mq-1"),
        ("Geran-2", "ir.shahed-136"),
        ("Katyusha", "ru.bm-21"),
        ("SAMP-T", "eu.samp-t"),
        ("Flakpanzer Gepard", "de.gepard"),
        ("SS-22", "ru.temp-s"),
        ("Pershing I", "us.pershing-ia"),
        ("Titan", "us.titan-ii"),
        ("Titan I", "us.titan-i"),
        ("Scud-D", "ru.scud-d"),
        ("FROG-7", "ru.luna-m"),
        ("Silkworm", "cn.hy-2"),
        ("AS-5 Kelt", "ru.ksr-2"),
        ("Kipper", "ru.k-10s"),
        ("Jupiter", "us.jupiter"),
        ("Honest John", "us.honest-john"),
    ],
)
def test_names_writers_use_resolve(name: str, expected: str) -> None:
    assert load_kb().resolve_id(name, "system") == expected


@pytest.mark.parametrize(
    "name",
    """Bear Backfire Blackjack Fencer Flanker Fulcrum Reaper Predator Jupiter Thor Atlas Titan Matador
    Mace Hawk Lance Harpoon Styx Kitchen Kangaroo Typhoon Tornado Jaguar Harrier Milan Javelin Lancet
    Switchblade Katyusha Shahed Bayraktar Sergeant A-10 A-4 B-1 B-2 B-1B F-4 CH-4 AT-4 AS-5 F-7 J-6""".split(),
)
def test_word_like_names_need_weapons_context(name: str) -> None:
    claims = load_kb().candidates(name, "system")
    assert claims, name
    assert all(ambiguous for _, ambiguous in claims), name


@pytest.mark.parametrize(
    ("bare", "full", "expected"),
    [("Corporal", "MGM-5 Corporal", "us.corporal"), ("Redstone", "Redstone missile", "us.redstone")],
)
def test_ranks_and_places_have_no_bare_alias(bare: str, full: str, expected: str) -> None:
    # "Lance Corporal", "Redstone Arsenal": the bare word is almost never the missile in
    # news, which is found by a fuller name instead.
    kb = load_kb()
    assert kb.resolve_id(bare, "system") is None
    assert kb.resolve_id(full, "system") == expected


@pytest.mark.parametrize("family", ["MiG", "Mirage", "Sukhoi", "Tupolev", "Mikoyan"])
def test_family_names_without_a_model_are_not_systems(family: str) -> None:
    assert load_kb().resolve_id(family, "system") is None


def test_aircraft_and_drones_are_classed_and_sourced() -> None:
    raw = {r["id"]: r for _, kind, r in read_entries() if kind == "system"}
    kb = load_kb()
    aircraft = [s for s in kb.systems.values() if s.profile == "aircraft"]
    loitering = [s for s in kb.systems.values() if s.profile == "loitering"]
    assert len(aircraft) >= 70 and len(loitering) >= 6
    for system in aircraft:
        assert system.cls in AIRCRAFT_CLASSES, system.id
        assert system.basing == ("air",), system.id
        assert system.range_km is None and raw[system.id].get("source"), system.id
    for system in loitering:
        assert system.cls == "OWA", system.id
        assert system.range_km or raw[system.id].get("source"), system.id
    assert {s.cls for s in aircraft} == AIRCRAFT_CLASSES


def test_nuclear_delivery_aircraft_are_marked() -> None:
    systems = load_kb().systems
    for nuclear in ("us.b-52", "us.b-2", "ru.tu-95", "ru.tu-160", "ru.tu-22m", "us.f-35", "eu.tornado", "fr.rafale", "cn.h-6"):
        assert systems[nuclear].nuclear is True, nuclear
    assert systems["us.b-1b"].nuclear is False  # converted to conventional-only under New START


def test_air_to_air_and_anti_tank_missiles_have_their_own_classes() -> None:
    systems = load_kb().systems
    for aam in ("us.amraam", "us.aim-9x", "eu.meteor", "de.iris-t", "il.python-5", "ru.r-77"):
        assert systems[aam].cls == "AAM", aam
    assert systems["us.amraam-er"].cls == "SAM"  # the ground-launched NASAMS round stays a SAM
    for atgm in ("us.javelin", "us.tow", "eu.milan", "ru.kornet"):
        assert systems[atgm].cls == "ATGM", atgm


def test_platforms_fall_in_no_missile_scope() -> None:
    kb = load_kb()
    for system_id in ("ir.shahed-136", "us.b-52", "ru.tu-95", "us.mq-9"):
        covered = {m.treaty.id for m in treaties_for(kb.systems[system_id], kb)}
        assert "inf" not in covered, system_id
    # A historic ground-launched cruise missile of INF range is still in the INF scope.
    assert "inf" in {m.treaty.id for m in treaties_for(kb.systems["us.mace"], kb)}


def test_jupiter_counts_as_a_missile_but_not_as_the_planet() -> None:
    assert _systems("The Jupiter missiles in Italy were removed in 1963.") == {"us.jupiter"}
    assert _systems("Through the telescope we could see the planet Jupiter.") == set()
    assert _systems("Titan, the moon, has a thick atmosphere.") == set()
    assert _systems("He was promoted to sergeant after the tour.") == set()
    assert _systems("Two Bear bombers flew near the coast.") == {"ru.tu-95"}
    assert _systems("The Bear was seen near the village at dawn.") == set()


def test_check_accepts_new_classes_and_wants_a_source_for_aircraft(tmp_path: Path) -> None:
    (tmp_path / "air.toml").write_text(
        """
[[system]]
id = "xx.fighter-1"
name = "Test Fighter One"
class = "FIGHTER"
profile = "aircraft"
basing = ["air"]
source = "a public reference"

[[system]]
id = "xx.bomber-2"
name = "Test Bomber Two"
class = "BOMBER"
profile = "aircraft"
basing = ["air"]

[[system]]
id = "xx.drone-3"
name = "Test Drone Three"
class = "OWA"
profile = "loitering"
basing = ["ground"]
range_km = [0, 100]
range_source = "a public reference"
""",
        encoding="utf-8",
    )
    problems = check_kb(tmp_path)
    assert [p for p in problems if "xx.fighter-1" in p or "xx.drone-3" in p] == []
    assert any("xx.bomber-2" in p and "needs a source" in p for p in problems)
