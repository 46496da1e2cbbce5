"""The cue words of deployments, read once from deploy_cues.toml beside this module."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CUES_FILE = Path(__file__).with_name("deploy_cues.toml")


@dataclass(frozen=True)
class Cues:
    verbs: dict[str, str]  # lemma (or "lemma_particle") -> frame kind
    nouns: dict[str, str]  # nominalisation -> frame kind
    modals: frozenset[str]
    plan_verbs: frozenset[str]
    denials: frozenset[str]
    conditions: frozenset[str]
    temporary: re.Pattern[str]
    rotation: re.Pattern[str]
    withdraw_phrases: re.Pattern[str]
    planned: re.Pattern[str]
    reported: re.Pattern[str]
    delivered: re.Pattern[str]
    units: frozenset[str]
    anaphors: frozenset[str]
    forces: frozenset[str]
    place_anaphora: re.Pattern[str]
    locative: frozenset[str]
    capital: frozenset[str]
    help_verbs: frozenset[str]
    packages: frozenset[str]
    include_verbs: frozenset[str]
    send_verbs: frozenset[str]


def _words(text: str) -> list[str]:
    return text.split()


def _alternation(items: list[str]) -> str:
    return "|".join(f"(?:{item})" for item in items)


@lru_cache(maxsize=1)
def cues() -> Cues:
    with CUES_FILE.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    verbs: dict[str, str] = {}
    for kind, words in data["verbs"].items():
        for word in _words(words):
            verbs.setdefault(word, kind)
    nouns = {word: kind for kind, words in data["nouns"].items() for word in _words(words)}
    status, words = data["status"], data["words"]
    rotation = [t for t in status["temporary"] if t.startswith("rotation")]
    return Cues(
        verbs=verbs,
        nouns=nouns,
        modals=frozenset(_words(status["modals"])),
        plan_verbs=frozenset(_words(status["plan_verbs"])),
        denials=frozenset(_words(status["denials"])),
        conditions=frozenset(_words(status["conditions"])),
        temporary=re.compile(rf"\b(?:{_alternation(status['temporary'])})\b", re.I),
        rotation=re.compile(rf"\b(?:{_alternation(rotation)})\b", re.I),
        withdraw_phrases=re.compile(rf"\b(?:{_alternation(status['withdraw_phrases'])})", re.I),
        planned=re.compile(rf"\b(?:{_alternation(status['planned'])})\b", re.I),
        reported=re.compile(rf"\b(?:{_alternation(status['reported'])})\b", re.I),
        delivered=re.compile(rf"\b(?:{_alternation(status['delivered'])})\b", re.I),
        units=frozenset(_words(words["units"])),
        anaphors=frozenset(_words(words["anaphors"])),
        forces=frozenset(w.replace("_", " ") for w in _words(words["forces"])),
        place_anaphora=re.compile(
            rf"\b(?:in|into|to|at|on) the (?:{'|'.join(_words(words['place_anaphors']))})\b", re.I
        ),
        locative=frozenset(_words(words["locative"])),
        capital=frozenset(_words(words["capital"])),
        help_verbs=frozenset(_words(words["help_verbs"])),
        packages=frozenset(_words(words["packages"])),
        include_verbs=frozenset(_words(words["include_verbs"])),
        send_verbs=frozenset(_words(words["send_verbs"])),
    )
