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
