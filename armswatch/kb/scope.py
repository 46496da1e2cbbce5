"""Test a weapon system against treaties' machine-readable scopes.

A scope block matches when every key it sets matches the system; a treaty covers
a system when any of its blocks matches. A complex (a launcher or system that
fires other entries) is covered when something it fires is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import KnowledgeBase, System, Treaty


@dataclass(frozen=True)
class ScopeMatch:
    treaty: Treaty
    reason: str  # why, in words a reader checks against the treaty text
    via: str | None = None  # the fired missile that brought a complex into scope


def block_matches(block: dict[str, Any], system: System) -> str | None:
    """The reason `system` falls under one scope block, or None."""
    reasons = []
    if "basing" in block:
        shared = set(block["basing"]) & set(system.basing)
        if not shared:
            return None
        reasons.append(f"{'/'.join(sorted(shared))}-launched")
    if "profile" in block:
        if system.profile not in block["profile"]:
            return None
        reasons.append(system.profile)
    if "class" in block:
        if system.cls not in block["class"]:
            return None
        reasons.append(system.cls)
    if "nuclear" in block:
        if system.nuclear is not block["nuclear"]:
            return None
        reasons.append("nuclear-capable" if system.nuclear else "conventional")
    if "range_km" in block:
        low, high = block["range_km"]
        if system.range_km is None or not low <= system.range_km[1] <= high:
            return None
        reasons.append(f"range {system.range_km[1]:,.0f} km within {low:,.0f}–{high:,.0f} km")
    return ", ".join(reasons) or "listed"


def treaty_covers(treaty: Treaty, system: System) -> str | None:
    for block in treaty.scope:
        reason = block_matches(block, system)
        if reason:
            return reason
    return None


def treaties_for(system: System, kb: KnowledgeBase) -> list[ScopeMatch]:
    """Every treaty whose scope covers `system` (directly, or through what it fires).

    >>> kb = load_kb()                                           # doctest: +SKIP
    >>> [m.treaty.id for m in treaties_for(kb.systems["ru.9m729"], kb)]   # doctest: +SKIP
    ['inf', 'mtcr']
    """
    out = []
    for treaty in kb.treaties.values():
        reason = treaty_covers(treaty, system)
        if reason:
            out.append(ScopeMatch(treaty, reason))
            continue
        for fired_id in system.fires:
            fired = kb.systems.get(fired_id)
            reason = treaty_covers(treaty, fired) if fired else None
            if reason and fired:
                out.append(ScopeMatch(treaty, reason, via=fired.name))
                break
    return out
