"""Read the TOML data files into a `KnowledgeBase`."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import KnowledgeBaseError
from .model import Actor, KnowledgeBase, OfficeHolder, Site, System, Treaty

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=4)
def load_kb(data_dir: Path = DATA_DIR) -> KnowledgeBase:
    """Load every data file under `data_dir` (cached per folder)."""
    kb = KnowledgeBase()
    for path in sorted(data_dir.rglob("*.toml")):
        data = _read(path)
        for raw in data.get("system", []):
            kb.add(_system(raw, path))
        for raw in data.get("treaty", []):
            kb.add(_treaty(raw, path))
        for raw in data.get("actor", []):
            kb.add(_actor(raw, path))
        for raw in data.get("site", []):
            kb.add(_site(raw, path))
        kb.office_holders.extend(_office_holder(raw, path) for raw in data.get("office_holder", []))
    return kb


def read_entries(data_dir: Path = DATA_DIR) -> list[tuple[Path, str, dict[str, Any]]]:
    """Every raw entry as (file, kind, fields), for the checker."""
    out = []
    for path in sorted(data_dir.rglob("*.toml")):
        data = _read(path)
        for kind in ("system", "treaty", "actor", "site", "office_holder"):
            out.extend((path, kind, raw) for raw in data.get(kind, []))
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeBaseError(f"{path.name}: invalid TOML: {exc}") from exc


def _need(raw: dict[str, Any], key: str, path: Path) -> Any:
    if key not in raw:
        raise KnowledgeBaseError(f"{path.name}: entry {raw.get('id', '?')!r} has no {key!r}")
    return raw[key]


def _common(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    return {
        "id": str(_need(raw, "id", path)),
        "name": str(_need(raw, "name", path)),
        "aliases": tuple(raw.get("aliases", ())),
        "ambiguous_aliases": tuple(raw.get("ambiguous_aliases", ())),
    }


def _system(raw: dict[str, Any], path: Path) -> System:
    rng = raw.get("range_km")
    return System(
        **_common(raw, path),
        cls=str(_need(raw, "class", path)),
        profile=str(_need(raw, "profile", path)),
        basing=tuple(_need(raw, "basing", path)),
        range_km=(float(rng[0] or 0), float(rng[1])) if rng else None,
        range_source=raw.get("range_source"),
        nuclear=raw.get("nuclear"),
        status=raw.get("status"),
        developer=raw.get("developer"),
        operators=tuple(raw.get("operators", ())),
        fires=tuple(raw.get("fires", ())),
        variant_of=raw.get("variant_of") or None,
        replaced_by=raw.get("replaced_by") or None,
    )


def resolution_aliases(raw: dict[str, Any]) -> list[str]:
    """The names writers give a UN Security Council resolution, from its `number`:
    "Resolution 1718", "UNSCR 1718", "UN Security Council Resolution 1718" and so on."""
    number = raw.get("number")
    if raw.get("kind") != "resolution" or not isinstance(number, int):
        return []
    forms = ("Resolution {n}", "UNSCR {n}", "UNSC Resolution {n}", "UN Resolution {n}", "U.N. Resolution {n}",
             "Security Council Resolution {n}", "UN Security Council Resolution {n}",
             "U.N. Security Council Resolution {n}", "United Nations Security Council Resolution {n}")
    return [f.format(n=number) for f in forms]


def treaty_names(raw: dict[str, Any]) -> list[str]:
    """Name and aliases as written, plus the generated forms of a resolution's number."""
    written = [raw.get("name", ""), *raw.get("aliases", [])]
    return written + [a for a in resolution_aliases(raw) if a not in written]


def _treaty(raw: dict[str, Any], path: Path) -> Treaty:
    common = _common(raw, path)
    common["aliases"] = tuple(treaty_names(raw)[1:])
    number = raw.get("number")
    return Treaty(
        **common,
        kind_of=str(raw.get("kind", "treaty")),
        parties=tuple(raw.get("parties", ())),
        scope=tuple(raw.get("scope", ())),
        events=tuple(raw.get("event", ())),
        source=raw.get("source"),
        obligations=tuple(raw.get("obligation", ())),
        binding=str(raw.get("binding", "legal")),
        non_parties=tuple(raw.get("non_parties", ())),
        number=number if isinstance(number, int) else None,
    )


def _actor(raw: dict[str, Any], path: Path) -> Actor:
    return Actor(**_common(raw, path), actor_kind=str(raw.get("kind", "state")), parent=raw.get("parent") or None)


def _office_holder(raw: dict[str, Any], path: Path) -> OfficeHolder:
    return OfficeHolder(
        id=str(_need(raw, "id", path)), name=str(_need(raw, "name", path)), state=str(_need(raw, "state", path)),
        office=str(_need(raw, "office", path)), start=str(_need(raw, "start", path)), end=raw.get("end") or None,
        leads=bool(raw.get("leads", False)), source=str(raw.get("source", "")),
    )


def _site(raw: dict[str, Any], path: Path) -> Site:
    return Site(
        **_common(raw, path),
        site_kind=str(raw.get("kind", "base")),
        country=raw.get("country"),
        lat=float(_need(raw, "lat", path)),
        lon=float(_need(raw, "lon", path)),
        source=raw.get("source"),
    )
