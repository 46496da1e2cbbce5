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
