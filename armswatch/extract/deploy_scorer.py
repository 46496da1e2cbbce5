"""Deployments as scored candidates: features of one (holder, system, place) reading of a
sentence, and a small logistic regression over them.

`deployments.deployment_candidates` proposes every reading a sentence supports (the
holder and place the rules pick, every other state and place the sentence names, the
holder's own country), each with the cue that produced it, or none. `Evidence` describes
one candidate with generic features of the parse (cue class, status, whether the holder
is the subject, whether the place hangs on a locative preposition the cue governs, token
distances, the kind of place, quotes, the genre of the document); `vector` turns it into
numbers, and `Scorer` gives the probability that the candidate is a deployment the
article states. The weights are trained by scripts/train_deploy_scorer.py on annotated
text (the develop half of the dev set) and kept in deploy_scorer.json beside this module.
No feature names a place, a person, an outlet or a phrase.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .logistic import probabilities

WEIGHTS_FILE = Path(__file__).with_name("deploy_scorer.json")

CUES = ("deploy", "host", "withdraw", "transfer", "receive", "fire", "none")
PLACE_KINDS = ("country", "site", "town", "region")
FEATURES: tuple[str, ...] = (
    "rule",  # the rules produce this very reading
    *(f"cue_{c}" for c in CUES),
    "nominal",  # "the deployment of"
    "planned", "temporary", "withdrawn", "negated",
    "anaphor",  # "the batteries"
    "many_systems",  # more than two systems in the sentence
    "in_quote",
    "undated",  # no publication date: a history or narrative
    "reported",  # "reportedly", "is said to"
    "holder_rule", "holder_subject", "holder_on_system", "holder_recipient", "holder_operator",
    "holder_in_sentence", "holder_distance",
    "place_rule", *(f"place_{k}" for k in PLACE_KINDS), "place_fallback",
    "place_locative", "place_from", "place_governed", "place_distance", "place_is_holder",
    "place_before_system",
    "place_foreign_country",  # another state's country, not on a preposition of the cue
    "holder_bare",  # a state the sentence merely names (not subject, owner, receiver)
    "place_other_system",
)


@dataclass(frozen=True)
class Evidence:
    """What the parse says about one candidate (holder, system, place)."""

    cue: str  # a frame kind of deploy_cues.toml, or "none"
    nominal: bool = False
    status: str | None = None  # the frame's status; None when no frame or denied
    negated: bool = False  # the frame is there but negated or denied
    anaphor: bool = False
    systems_in_sentence: int = 1
    in_quote: bool = False
    undated: bool = False
    reported: bool = False
    rule: bool = False
    holder_rule: bool = False
    holder_subject: bool = False
    holder_on_system: bool = False
    holder_recipient: bool = False
    holder_operator: bool = False
    holder_in_sentence: bool = False
    holder_distance: int | None = None  # tokens between the system and the holder's name
    place_rule: bool = False
    place_kind: str = "country"  # country | site | town | region
    place_fallback: bool = False  # no place given: the holder's country stands in
    place_prep: str | None = None  # "locative", "from" or None: the preposition the place hangs on
    place_governed: bool = False  # that preposition hangs on the cue or the system's phrase
    place_distance: int | None = None
    place_is_holder: bool = False
    place_before_system: bool = False
    place_other_system: bool = False  # another system is named between this one and the place


def _distance(tokens: int | None) -> float:
    """0 next to the system, towards 1 far away (or not in the sentence)."""
    return 1.0 if tokens is None else min(abs(tokens), 30) / 30.0


def _foreign_country(e: Evidence) -> bool:
    return e.place_kind == "country" and not e.place_is_holder and not e.place_governed


def _target(e: Evidence) -> bool:
    """ "fired ... at bases in X": a firing's place is where it was launched from, not its
    target; "delivered ... from A to B": a source is no place of the holding (only of a
    withdrawal: "removed from X")."""
    return (e.cue == "fire" and e.place_prep == "locative") or (
        e.place_prep == "from" and e.cue != "fire" and e.status != "withdrawn")


def vector(e: Evidence) -> np.ndarray:
    values: dict[str, float] = {
        "rule": float(e.rule),
        f"cue_{e.cue if e.cue in CUES else 'none'}": 1.0,
        "nominal": float(e.nominal),
        "planned": float(e.status == "planned"),
        "temporary": float(e.status == "temporary"),
        "withdrawn": float(e.status == "withdrawn"),
        "negated": float(e.negated),
        "anaphor": float(e.anaphor),
        "many_systems": float(e.systems_in_sentence > 2),
        "in_quote": float(e.in_quote),
        "undated": float(e.undated),
        "reported": float(e.reported),
        "holder_rule": float(e.holder_rule),
        "holder_subject": float(e.holder_subject),
        "holder_on_system": float(e.holder_on_system),
        "holder_recipient": float(e.holder_recipient),
        "holder_operator": float(e.holder_operator),
        "holder_in_sentence": float(e.holder_in_sentence),
        "holder_distance": _distance(e.holder_distance),
        "place_rule": float(e.place_rule),
        f"place_{e.place_kind if e.place_kind in PLACE_KINDS else 'region'}": 1.0,
        "place_fallback": float(e.place_fallback),
        "place_locative": float(e.place_prep == "locative"),
        "place_from": float(e.place_prep == "from"),
        "place_governed": float(e.place_governed),
        "place_distance": _distance(e.place_distance),
        "place_is_holder": float(e.place_is_holder),
        "place_before_system": float(e.place_before_system),
        "place_foreign_country": float(_foreign_country(e)),
        "place_other_system": float(e.place_other_system),
        "holder_bare": float(not (e.holder_rule or e.holder_subject or e.holder_on_system or e.holder_recipient)),
    }
    return np.array([values.get(name, 0.0) for name in FEATURES], dtype=np.float64)


@dataclass(frozen=True)
class Candidate:
    """One reading: the record it would be, where in the text, and its evidence."""

    record: Any  # a deployments.Deployment
    mention: tuple[int, int]  # (sentence number, token index of the system)
    evidence: Evidence

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.record.by, self.record.system, self.record.place_id or self.record.where)


# ----- the model -----


@dataclass(frozen=True)
class Scorer:
    weights: np.ndarray  # one per FEATURES name, then the bias
    threshold: float
    enabled: bool  # whether the pipeline uses the scorer (else the rules alone)

    def score(self, candidates: Sequence[Candidate]) -> np.ndarray:
        if not candidates:
            return np.zeros(0)
        return probabilities(self.weights, np.vstack([vector(c.evidence) for c in candidates]))

    def to_json(self, extra: dict[str, Any] | None = None) -> str:
        data: dict[str, Any] = {
            "enabled": self.enabled,
            "threshold": round(float(self.threshold), 4),
            "weights": {name: round(float(w), 6) for name, w in zip((*FEATURES, "bias"), self.weights)},
        }
        data.update(extra or {})
        return json.dumps(data, indent=1, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Scorer:
        data = json.loads(text)
        table = data["weights"]
        weights = np.array([float(table.get(name, 0.0)) for name in (*FEATURES, "bias")])
        return cls(weights, float(data["threshold"]), bool(data.get("enabled", False)))


@lru_cache(maxsize=1)
def load_scorer(path: str | None = None) -> Scorer:
    """The trained scorer beside this module (or at `path`)."""
    return Scorer.from_json(Path(path or WEIGHTS_FILE).read_text(encoding="utf-8"))


def select(candidates: Sequence[Candidate], probs: Iterable[float], threshold: float) -> list[Candidate]:
    """The candidates at or above the threshold, in text order, read as the schema reads a
    deployment: a negated or denied cue states none, a place after another system's name is
    that one's (unless the rules share it), another state's country is a place only on a
    preposition of the cue ("in Italy", not "Germany delivered"), a firing's target is no
    place, one holder per system mention (the one of its likeliest reading), and the
    finest place given, so a country stands in only when no finer place is kept for the
    same holder and system in the article."""
    scored = [(float(p), i) for i, p in enumerate(probs)]
    holder_of: dict[tuple[int, int], tuple[float, str]] = {}
    for p, i in scored:
        mention, by = candidates[i].mention, candidates[i].record.by
        if mention not in holder_of or p > holder_of[mention][0]:
            holder_of[mention] = (p, by)
    kept = [i for p, i in scored if p >= threshold and holder_of[candidates[i].mention][1] == candidates[i].record.by
            and not candidates[i].evidence.negated  # "has not deployed", "denied moving": no holding stated
            and (candidates[i].evidence.place_rule or not (candidates[i].evidence.place_other_system
                                                            or _foreign_country(candidates[i].evidence)
                                                            or _target(candidates[i].evidence)))]
    # the holder's own country stands in only when the reading names no place of its own
    named = {(candidates[i].mention, candidates[i].record.by) for i in kept if not candidates[i].evidence.place_fallback}
    kept = [i for i in kept if not candidates[i].evidence.place_fallback
            or (candidates[i].mention, candidates[i].record.by) not in named]
    finer = {(candidates[i].record.by, candidates[i].record.system) for i in kept
             if candidates[i].evidence.place_kind != "country"}
    kept = [i for i in kept if candidates[i].evidence.place_kind != "country"
            or (candidates[i].record.by, candidates[i].record.system) not in finer]
    # a status comes from a cue: a reading without one adds no status of its own to a key a cue gives
    cued = {candidates[i].key for i in kept if candidates[i].evidence.cue != "none"}
    return [candidates[i] for i in kept if candidates[i].evidence.cue != "none" or candidates[i].key not in cued]
