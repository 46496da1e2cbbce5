"""The lexicons of the PLOVER event coder, read once from `plover_lexicons.toml`.

The file holds plain-text tables, one paragraph per label, "#" starting a comment:

- `verbs`: "TYPE[/mode]: entries". "a+b+c" is verb a with lemmas b, c among its
  particles, prepositions and objects (a phrase); the first entry of a lemma wins.
- `nouns`: nouns that carry the event after a light verb ("held talks"), an ending verb
  ("ended the strike") or an occurrence verb ("fighting erupted").
- `compounds`: "TYPE[/mode]: noun+modifier" — a noun whose modifier changes the event
  ("phone call", "hunger strike").
- `words`: word sets the rules use, "name: words  # why".

The PLOVER types and the type-level rules (which types become AGREE or THREATEN when
future, which become REJECT when refused) are part of the coder, not of the lexicon.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON_FILE = Path(__file__).with_name("plover_lexicons.toml")

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})  # future: AGREE
FORCEFUL = frozenset({"ASSAULT", "SANCTION", "COERCE", "MOBILIZE", "PROTEST"})  # future: THREATEN
THREAT_MODE = {"ASSAULT": "violence", "SANCTION": "relations", "COERCE": "restrict", "MOBILIZE": "violence",
               "PROTEST": "relations"}
REFUSAL_MODE = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
                "CONCEDE": "yield", "RETREAT": "yield"}


@dataclass(frozen=True)
class Entry:
    """What a lexicon entry codes: a type, its mode, and the other lemmas a phrase needs."""

    event_type: str
    mode: str | None
    extras: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicons:
    verbs: dict[str, Entry]
    phrases: dict[str, list[Entry]]
    nouns: dict[str, Entry]
    compounds: dict[str, list[tuple[str, Entry]]]  # noun lemma → (modifier, entry)
    words: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def lexicon_texts() -> dict[str, Any]:
    """The raw tables of the lexicon file."""
    with LEXICON_FILE.open("rb") as handle:
        return tomllib.load(handle)


def parse_paragraphs(text: str) -> list[tuple[str, list[str]]]:
    """(label, entries) for each "label: entries" paragraph; "#" starts a comment."""
    out: list[tuple[str, list[str]]] = []
    for line in text.strip().splitlines():
        line = line.split("  #")[0]
        if line.startswith(" "):
            out[-1][1].extend(line.split())
        else:
            label, rest = line.split(":", 1)
            out.append((label, rest.split()))
    return out


def _entry(label: str, extras: tuple[str, ...] = ()) -> Entry:
    kind, _, mode = label.partition("/")
    return Entry(kind, mode or None, extras)


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """The verb, phrase, noun, compound and word-set tables, parsed once."""
    texts = lexicon_texts()
    verbs: dict[str, Entry] = {}
    phrases: dict[str, list[Entry]] = {}
    nouns: dict[str, Entry] = {}
    compounds: dict[str, list[tuple[str, Entry]]] = {}
    for label, items in parse_paragraphs(texts["verbs"]):
        for item in items:
            lemma, *extras = item.split("+")
            if extras:
                phrases.setdefault(lemma, []).append(_entry(label, tuple(extras)))
            else:
                verbs.setdefault(lemma, _entry(label))
    for entries in phrases.values():
        entries.sort(key=lambda e: -len(e.extras))
    for label, items in parse_paragraphs(texts["nouns"]):
        for item in items:
            nouns.setdefault(item, _entry(label))
    for label, items in parse_paragraphs(texts["compounds"]):
        for item in items:
            noun, modifier = item.split("+")
            compounds.setdefault(noun, []).append((modifier, _entry(label)))
    words = {label: frozenset(items) for label, items in parse_paragraphs(texts["words"])}
    return Lexicons(verbs, phrases, nouns, compounds, words)


def words(name: str) -> frozenset[str]:
    """A word set of the `words` table."""
    return lexicons().words[name]
