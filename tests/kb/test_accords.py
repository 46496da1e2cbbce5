"""The agreements that end crises (treaties_accords.toml): breadth, form and shared names."""

from __future__ import annotations

import re
import tomllib

import pytest

from armswatch.kb import load_kb
from armswatch.kb.load import DATA_DIR

ACCORDS = DATA_DIR / "treaties_accords.toml"


def _entries() -> list[dict]:
    with ACCORDS.open("rb") as handle:
        return tomllib.load(handle)["treaty"]


def test_breadth_across_regions_and_decades() -> None:
    entries = _entries()
    assert len(entries) >= 80
    years = {int(str(e["date"])[:4]) // 10 * 10 for t in entries for e in t.get("event", []) if e["action"] == "sign"}
    assert {1940, 1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020} <= years
    parties = {p for t in entries for p in t["parties"]}
    assert {"AO", "EG", "IL", "IN", "PK", "KP", "KR", "IR", "AR", "UA", "ET"} <= parties


def test_every_entry_is_sourced_dated_and_its_parties_are_known_states() -> None:
    kb = load_kb()
    for raw in _entries():
        assert raw.get("source"), raw["id"]
        signs = [e for e in raw.get("event", []) if e["action"] == "sign"]
        assert signs, f"{raw['id']} has no signing"
        for event in signs:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["date"]), raw["id"]
            for party in event["party"]:
                assert kb.actors[party].actor_kind == "state", (raw["id"], party)


@pytest.mark.parametrize("name, treaty_id", [
    ("Camp David Accords", "camp-david-accords"),
    ("Egyptian-Israeli Peace Treaty", "egypt-israel-peace-treaty"),
    ("Oslo II", "oslo-ii"),
    ("Wye River Memorandum", "wye-river-memorandum"),
    ("Taif Accord", "taif-agreement"),
    ("Dayton Peace Accords", "dayton-agreement"),
    ("Lomé Peace Agreement", "lome-peace-agreement"),
    ("Bicesse Accords", "bicesse-accords"),
    ("Lusaka Protocol", "lusaka-protocol-1994"),
    ("Minsk II", "minsk-ii"),
    ("Trilateral Statement of 1994", "trilateral-statement-1994"),
    ("Quadripartite Agreement on Berlin", "berlin-quadripartite-1971"),
    ("Austrian State Treaty", "austrian-state-treaty"),
    ("Sinai I", "sinai-i"),
    ("JPOA", "joint-plan-of-action-2013"),
])
def test_common_names_resolve(name: str, treaty_id: str) -> None:
    assert load_kb().resolve_id(name, "treaty") == treaty_id


@pytest.mark.parametrize("name", ["Paris Agreement", "Geneva Accords", "Algiers Agreement", "Lusaka Accord", "Washington Declaration"])
def test_names_several_agreements_share_are_marked_in_each(name: str) -> None:
    claimants = load_kb().candidates(name, "treaty")
    assert len(claimants) >= 2
    assert all(ambiguous for _, ambiguous in claimants)
