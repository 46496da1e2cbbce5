from __future__ import annotations

from pathlib import Path

from armswatch.kb import load_kb
from armswatch.kb.check import check_kb


def test_shipped_data_passes_check_and_is_large_enough() -> None:
    assert check_kb() == []
    kb = load_kb()
    assert len(kb.systems) >= 300
    assert all(s.range_source for s in kb.systems.values() if s.range_km)


def test_check_finds_each_kind_of_problem(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        """
[[system]]
id = "xx.one"
name = "Alpha-1"
aliases = ["Shared"]
class = "GLCM"
profile = "cruise"
basing = ["ground"]
range_km = [900, 300]

[[system]]
id = "xx.one"
name = "Beta-2"
aliases = ["Shared"]
class = "Rayguns"
profile = "complex"
basing = ["orbit"]
variant_of = "xx.missing"

[[site]]
id = "site.nowhere"
name = "Nowhere"
lat = 123.0
lon = 10.0
""",
        encoding="utf-8",
    )
    problems = "\n".join(check_kb(tmp_path))
    for expected in [
        "id already used", "range_km [900, 300] is not sane", "range_km has no range_source",
        "class 'Rayguns'", "basing ['orbit']", "a complex must list what it fires",
        "unknown id 'xx.missing'", "name 'shared' is claimed by", "lat/lon",
    ]:
        assert expected in problems, expected


def test_check_validates_treaty_obligations_and_names(tmp_path: Path) -> None:
    (tmp_path / "treaties.toml").write_text(
        """
[[treaty]]
id = "made-up-pact"
name = "Made-Up Pact"
aliases = ["the Agreement", "Treaty"]
kind = "pact"
binding = "moral"
parties = ["XX", "usa"]

[[treaty.scope]]
class = ["GLCM"]

[[treaty.event]]
date = "1999-01-01"
action = "annul"
party = []

[[treaty]]
id = "made-up-regime"
name = "Made-Up Regime"
kind = "regime"
source = "invented for this test"

[[treaty.scope]]
class = ["SRBM"]

[[treaty.obligation]]
kind = "moratorium"
to = ["XX"]
bound = "XX"

[[treaty]]
id = "made-up-resolution"
name = "Made-Up Resolution"
kind = "resolution"
source = "invented for this test"
""",
        encoding="utf-8",
    )
    problems = "\n".join(check_kb(tmp_path))
    for expected in [
        "'made-up-pact': a treaty needs a source", "kind 'pact'", "binding 'moral'",
        "name 'the Agreement' is only generic words", "name 'Treaty' is only generic words",
        "party code 'usa' is not an ISO code", "'made-up-pact': a treaty with a scope must say what it obliges",
        "event action 'annul'", "obligation kind 'moratorium'", "only an export_control obligation takes `to`",
        "obligation 'bound' must be a list", "a resolution needs its number",
    ]:
        assert expected in problems, expected
    assert "made-up-regime': a treaty with a scope" not in problems


def test_every_treaty_with_a_scope_says_what_it_obliges() -> None:
    kb = load_kb()
    assert len(kb.treaties) >= 80
    for treaty in kb.treaties.values():
        assert treaty.source, treaty.id
        if treaty.scope:
            assert treaty.obligations, treaty.id
