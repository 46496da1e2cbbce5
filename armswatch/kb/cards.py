"""What the `systems` and `kb` commands show: listings and cards as plain data."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .model import Entry, KnowledgeBase, System
from .scope import treaties_for


def search_systems(
    kb: KnowledgeBase,
    *,
    text: str | None = None,
    cls: str | None = None,
    operator: str | None = None,
    min_range_km: float | None = None,
) -> list[System]:
    """Systems matching every filter given; `text` matches any name, case-insensitively."""
    needle = text.casefold() if text else None
    out = []
    for system in kb.systems.values():
        if needle and not any(needle in name.casefold() for name in system.names()):
            continue
        if cls and system.cls.casefold() != cls.casefold():
            continue
        if operator and operator.upper() not in system.operators:
            continue
        if min_range_km is not None and (system.range_km is None or system.range_km[1] < min_range_km):
            continue
        out.append(system)
    return sorted(out, key=lambda s: s.id)


def system_row(system: System) -> dict[str, Any]:
    return {
        "id": system.id, "name": system.name, "class": system.cls, "basing": list(system.basing),
        "range_km": list(system.range_km) if system.range_km else None, "operators": list(system.operators),
    }


def system_card(system: System, kb: KnowledgeBase) -> dict[str, Any]:
    """Everything the KB knows of one system, with the treaties whose scope covers it."""
    card = asdict(system)
    card["kind"] = "system"
    card["class"] = card.pop("cls")
    card["fires"] = [{"id": i, "name": kb.systems[i].name} for i in system.fires if i in kb.systems]
    fired_by = [s for s in kb.systems.values() if system.id in s.fires]
    card["fired_by"] = [{"id": s.id, "name": s.name} for s in fired_by]
    card["variants"] = [{"id": s.id, "name": s.name} for s in kb.systems.values() if s.variant_of == system.id]
    card["treaties"] = [
        {"id": m.treaty.id, "name": m.treaty.name, "why": m.reason, "via": m.via, "parties": list(m.treaty.parties)}
        for m in treaties_for(system, kb)
    ]
    return card


def entry_summary(entry: Entry) -> dict[str, str]:
    return {"kind": entry.kind, "id": entry.id, "name": entry.name}
