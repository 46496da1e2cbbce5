from __future__ import annotations

import pytest

from armswatch.kb import load_kb
from armswatch.kb.model import System
from armswatch.kb.scope import treaties_for, treaty_covers


def made_up(**changes: object) -> System:
    base = dict(
        id="xx.test", name="Test", aliases=(), ambiguous_aliases=(), cls="GLCM", profile="cruise",
        basing=("ground",), range_km=(0.0, 2500.0), range_source="test", nuclear=None, status=None,
        developer=None, operators=(), fires=(), variant_of=None, replaced_by=None,
    )
    base.update(changes)
    return System(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "inside"),
    [
        ({}, True),  # the issue's example: a GLCM with 2,500 km
        ({"range_km": (0.0, 400.0)}, False),
        ({"range_km": (0.0, 6000.0)}, False),
        ({"basing": ("sea",)}, False),
        ({"profile": "interceptor"}, False),
        ({"range_km": None}, False),
    ],
)
def test_inf_scope(changes: dict[str, object], inside: bool) -> None:
    inf = load_kb().treaties["inf"]
    assert (treaty_covers(inf, made_up(**changes)) is not None) is inside


def test_a_complex_is_covered_through_what_it_fires() -> None:
    kb = load_kb()
    matches = {m.treaty.id: m for m in treaties_for(kb.systems["ru.iskander-m"], kb)}
    assert "inf" in matches and matches["inf"].via is not None
    assert "inf" not in {m.treaty.id for m in treaties_for(kb.systems["ru.s-400"], kb)}


# ----- obligations: what binds whom, when -----

from armswatch.kb.gazetteer import Gazetteer  # noqa: E402
from armswatch.kb.scope import obligations_for, party_status, transfer_obligations  # noqa: E402


def binding(system_id: str, holder: str, date: str, **kwargs: object) -> set[str]:
    kb = load_kb()
    return {a.treaty.id for a in obligations_for(kb.systems[system_id], holder, date, kb, **kwargs) if a.binding}  # type: ignore[arg-type]


def test_russian_iskander_in_2016_is_bound_by_inf_only() -> None:
    kb = load_kb()
    applied = {a.treaty.id: a for a in obligations_for(kb.systems["ru.iskander-m"], "RU", "2016-11-22", kb)}
    assert {t for t, a in applied.items() if a.binding} == {"inf"}
    assert "binds RU" in applied["inf"].why and "in force since 1988-06-01" in applied["inf"].why
    # The MTCR is in scope (a 500 km missile) but regulates transfers, not deployments.
    assert not applied["mtcr"].binding and "own deployment" in applied["mtcr"].why
    # The JCPOA's missile restraint is Iran's alone.
    assert not applied["jcpoa"].binding and "binds IR only" in applied["jcpoa"].why


def test_iranian_ballistic_missiles_under_the_jcpoa_in_2017() -> None:
    bound = binding("ir.shahab-3", "IR", "2017-03-01")
    assert {"jcpoa", "unscr-2231"} <= bound
    assert "inf" not in bound and "mtcr" not in bound
    # Before the deal the 2010 resolution bound Iran; after Annex B lapsed, 2231 no longer does.
    assert "unscr-1929" in binding("ir.shahab-3", "IR", "2012-05-01")
    assert "unscr-2231" not in binding("ir.shahab-3", "IR", "2024-01-10")


def test_a_us_missile_in_2020_is_no_longer_bound_by_inf() -> None:
    kb = load_kb()
    [inf] = [a for a in obligations_for(kb.systems["us.lrhw"], "US", "2020-06-01", kb) if a.treaty.id == "inf"]
    assert not inf.binding
    assert inf.status.label() == "terminated 2019-08-02"
    assert "inf" in binding("us.pershing-ii", "US", "1990-01-01")


def test_status_per_party_and_date() -> None:
    kb = load_kb()
    assert party_status(kb.treaties["inf"], "RU", "2019-05-01").label() == "suspended by RU 2019-03-04"
    assert party_status(kb.treaties["inf"], "RU", "1987-01-01").state == "not_yet"
    assert party_status(kb.treaties["new-start"], "RU", "2026-03-01").state == "expired"
    assert party_status(kb.treaties["start-ii"], "RU", "2001-01-01").state == "ratified"  # never in force
    assert party_status(kb.treaties["npt"], "KP", "2010-01-01").state == "withdrawn"
    assert party_status(kb.treaties["npt"], "IN", "2010-01-01").state == "not_party"
    assert party_status(kb.treaties["mtcr"], "IN", "2010-01-01").state == "not_yet"  # joined 2016
    assert party_status(kb.treaties["mtcr"], "IN", "2020-01-01").in_force


def test_a_transfer_the_mtcr_covers() -> None:
    kb = load_kb()
    iskander = kb.systems["ru.iskander-m"]  # fires a 500 km missile: Category I range
    from_partner = {a.treaty.id: a for a in transfer_obligations("RU", "AM", iskander, "2020-01-01", kb)}
    assert from_partner["mtcr"].binding and "RU → AM" in from_partner["mtcr"].why
    from_outsider = {a.treaty.id: a for a in transfer_obligations("KP", "SY", iskander, "2020-01-01", kb)}
    assert not from_outsider["mtcr"].binding
    assert from_outsider["unscr-1718"].binding  # every state must stop arms leaving North Korea
    short = made_up(profile="ballistic", range_km=(0.0, 120.0))
    assert "mtcr" not in {a.treaty.id for a in transfer_obligations("US", "PL", short, "2020-01-01", kb)}


def test_a_ban_limited_to_a_territory() -> None:
    missile = "ru.r-12"
    assert "cuba-understanding-1962" in binding(missile, "SU", "1970-01-01", place_country="CU")
    assert "cuba-understanding-1962" not in binding(missile, "SU", "1970-01-01", place_country="SU")
    assert "cuba-understanding-1962" not in binding(missile, "US", "1970-01-01", place_country="CU")


@pytest.mark.parametrize(
    ("name", "treaty"),
    [
        ("the Non-Proliferation Treaty", "npt"), ("Resolution 1718", "unscr-1718"), ("UNSCR 1737", "unscr-1737"),
        ("the 1994 Agreed Framework", "agreed-framework"), ("UN Security Council Resolution 2231", "unscr-2231"),
        ("Partial Test Ban Treaty", "ptbt"), ("Chemical Weapons Convention", "cwc"), ("April Understanding", "april-understanding-1996"),
        ("Panmunjom Declaration", "panmunjom-declaration"), ("Comprehensive Military Agreement", "inter-korean-military-agreement"),
    ],
)
def test_names_writers_use(name: str, treaty: str) -> None:
    assert load_kb().resolve_id(name, "treaty") == treaty


def test_generic_words_do_not_resolve_alone() -> None:
    kb = load_kb()
    for word in ("the Treaty", "the Agreement", "agreement", "Declaration", "the Joint Statement", "the resolution"):
        assert kb.resolve_id(word, "treaty") is None, word
    gazetteer = Gazetteer(kb.treaties.values())
    text = "Under the agreement, signed last year, the treaty and a joint declaration limit launchers."
    assert [f.id for f in gazetteer.find(text)] == []
    found = gazetteer.find("It breaches Security Council resolution 1874, diplomats said.")
    assert [(f.id, f.text) for f in found] == [("unscr-1874", "Security Council resolution 1874")]


def test_an_obligation_narrowed_to_ballistic_missiles() -> None:
    cruise = made_up(profile="cruise", range_km=(0.0, 1500.0))
    ballistic = made_up(profile="ballistic", range_km=(0.0, 1500.0))
    kb = load_kb()

    def bound(system: System) -> set[str]:
        return {a.treaty.id for a in obligations_for(system, "KP", "2018-01-01", kb) if a.binding}

    assert "unscr-1718" in bound(ballistic)
    assert "unscr-1718" not in bound(cruise)  # the embargo covers it, the ban on KP's own missiles does not
    assert "unscr-1718" in {a.treaty.id for a in transfer_obligations("IR", "KP", cruise, "2018-01-01", kb) if a.binding}


def test_a_name_three_agreements_share_goes_by_the_article() -> None:
    kb = load_kb()
    assert kb.resolve_id("Paris Agreement", "treaty") == "paris-agreement-2015"  # the common sense
    gazetteer = Gazetteer(kb.treaties.values())
    plain = gazetteer.find("Officials said the country would rejoin the Paris Agreement next month.")
    assert [f.id for f in plain] == ["paris-agreement-2015"]
    iran = gazetteer.find("Under the 2004 Paris Agreement enrichment stopped. Later the Paris Agreement collapsed.")
    assert [f.id for f in iran] == ["paris-agreement-2004", "paris-agreement-2004"]
