"""Matching rules and micro-averaged precision/recall/F1, as shared/eval/SCHEMA.md defines them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..geo import haversine_km
from ..kb import KnowledgeBase

FIELDS = ("systems", "deployments", "deployments_status", "counts", "claims", "treaty_actions", "allegations")
# Two places match when their coordinates are this close (SCHEMA.md).
PLACE_MATCH_KM = 100.0


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: FieldScore) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
        }


@dataclass
class Matched:
    score: FieldScore
    missed: list[Any]  # gold items with no prediction
    false: list[Any]  # predictions with no gold item


def match_items(gold: list[Any], predicted: list[Any], same: Callable[[Any, Any], bool]) -> Matched:
    """One-to-one greedy matching in gold order."""
    free = list(range(len(predicted)))
    missed = []
    tp = 0
    for g in gold:
        hit = next((i for i in free if same(g, predicted[i])), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
            tp += 1
    false = [predicted[i] for i in free]
    return Matched(FieldScore(tp, len(false), len(missed)), missed, false)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def singular(unit: str | None) -> str:
    unit = fold(unit or "")
    if unit.endswith("ies"):
        return unit[:-3] + "y"
    if unit.endswith("es") and unit[:-2].endswith(("ss", "sh", "ch", "x")):
        return unit[:-2]
    return unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit


class Matcher:
    """The field comparisons, resolving names through the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def system(self, name: Any) -> str | None:
        return self.kb.resolve_id(name, "system") if isinstance(name, str) and name else None

    def treaty(self, name: Any) -> str | None:
        return self.kb.resolve_id(name, "treaty") if isinstance(name, str) and name else None

    def actor(self, name: Any) -> str | None:
        if not isinstance(name, str) or not name:
            return None
        return self.kb.resolve_id(name, "actor")

    def speaker(self, name: Any) -> str | None:
        """An actor id for states and bodies; "person:<family name>" for people."""
        if not isinstance(name, str) or not name.strip():
            return None
        actor = self.actor(name)
        if actor:
            return actor
        words = fold(name).split()
        return f"person:{words[-1]}" if words else None

    def place(self, item: dict[str, Any]) -> str | None:
        where = item.get("where")
        if not isinstance(where, str) or not where:
            return None
        return self.kb.resolve_id(where, "actor") or self.kb.resolve_id(where, "site") or fold(where)

    def same_place(self, g: dict[str, Any], p: dict[str, Any]) -> bool:
        a, b = self.place(g), self.place(p)
        if a is not None and a == b:
            return True
        coords = [g.get("lat"), g.get("lon"), p.get("lat"), p.get("lon")]
        if all(isinstance(c, (int, float)) for c in coords):
            return haversine_km(*coords) <= PLACE_MATCH_KM  # type: ignore[arg-type]
        return False

    def same_system(self, g: Any, p: Any) -> bool:
        a = self.system(g)
        return a is not None and a == self.system(p)

    def same_deployment(self, g: dict[str, Any], p: dict[str, Any]) -> bool:
        return (
            self.actor(g.get("by")) is not None
            and self.actor(g.get("by")) == self.actor(p.get("by"))
            and self.same_system(g.get("system"), p.get("system"))
            and self.same_place(g, p)
        )

    def same_deployment_status(self, g: dict[str, Any], p: dict[str, Any]) -> bool:
        return self.same_deployment(g, p) and g.get("status") == p.get("status")

    def same_count(self, g: dict[str, Any], p: dict[str, Any]) -> bool:
        return (
            self.same_system(g.get("system"), p.get("system"))
            and singular(g.get("unit")) == singular(p.get("unit"))
            and _number(g.get("count")) == _number(p.get("count"))
        )

    def same_claim(self, g: dict[str, Any], p: dict[str, Any]) -> bool:
        speaker = self.speaker(g.get("speaker"))
        return speaker is not None and speaker == self.speaker(p.get("speaker")) and g.get("stance") == p.get("stance")

    def dated_treaty(self, name: Any, date: Any) -> str | None:
        """A treaty name several agreements share ("Paris Agreement": 1973, 2004, 2015) stands
        for the one with an event in the item's year; otherwise as `treaty`."""
        if isinstance(name, str) and name and isinstance(date, str) and len(date) >= 4:
            found = [e for e, _ in self.kb.candidates(name, "treaty")]
            dated = [e.id for e in found if any(str(ev.get("date", ""))[:4] == date[:4] for ev in getattr(e, "events", ()))]
            if len(found) > 1 and len(dated) == 1:
                return dated[0]
        return self.treaty(name)

    def same_treaty_action(self, g: dict[str, Any], p: dict[str, Any]) -> bool:
        treaty = self.dated_treaty(g.get("treaty"), g.get("date"))
        party = self.actor(g.get("party"))
        return (
            treaty is not None and treaty == self.treaty(p.get("treaty"))
            and party is not None and party == self.actor(p.get("party"))
            and g.get("action") == p.get("action")
        )

    def same_allegation(self, g: dict[str, Any], p: dict[str, Any]) -> bool:
        treaty = self.treaty(g.get("treaty"))
        accused = self.actor(g.get("accused"))
        if treaty is None or treaty != self.treaty(p.get("treaty")) or accused is None or accused != self.actor(p.get("accused")):
            return False
        return g.get("system") is None or self.same_system(g.get("system"), p.get("system"))

    def dedupe_claims(self, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The same speaker with the same stance counts once per article."""
        seen: set[tuple[str | None, Any]] = set()
        out = []
        for claim in claims:
            key = (self.speaker(claim.get("speaker")), claim.get("stance"))
            if key not in seen:
                seen.add(key)
                out.append(claim)
        return out

    def rule(self, name: str) -> Callable[[Any, Any], bool]:
        return {
            "systems": self.same_system,
            "deployments": self.same_deployment,
            "deployments_status": self.same_deployment_status,
            "counts": self.same_count,
            "claims": self.same_claim,
            "treaty_actions": self.same_treaty_action,
            "allegations": self.same_allegation,
        }[name]


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
