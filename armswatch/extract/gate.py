"""The relevance gate: a cheap first pass that decides which articles need the parser.

Most general news has nothing for armswatch to extract. Before spaCy runs, the gate
looks at the cleaned body:

1. the knowledge-base scan (the very gazetteer the pipeline's KB component runs, over
   the same text): a weapon system or a treaty named passes the article;
2. else the vocabulary of weapons, war, crises and arms control (`gate.toml`): a
   history of a crisis that names no weapon still carries claims and treaty actions,
   so a body whose words score at least the threshold passes too.

Articles that fail are stored with their metadata and the gate's reason, not extracted;
`armswatch reextract --where gate=skipped` extracts them later. The KB scan the gate
made is handed to the pipeline's KB component (`take_scan`), so a passing article is
scanned once.

    >>> gate = RelevanceGate()
    >>> gate.decide("The city council voted to repave the main road next spring.").passed
    False
    >>> gate.decide("The army moved S-400 launchers to the border on Monday.").passed
    True
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..kb import KnowledgeBase, load_kb
from ..kb.gazetteer import Found, Gazetteer, gazetteer_for

GATE = "gate.v1"  # the gate's versioned name, stored with each decision
VOCABULARY_FILE = Path(__file__).with_name("gate.toml")
_PASSING_KINDS = ("system", "treaty")


@dataclass(frozen=True)
class GateDecision:
    passed: bool
    reason: str
    found: tuple[Found, ...] = ()  # the knowledge-base scan of the body (every kind)


_WORD = re.compile(r"[^\W\d_]+")
_STEM_KEY = 4  # an open-ended term ("missile*") is looked up by its first letters


@dataclass(frozen=True)
class _Term:
    written: str  # as in the TOML
    words: tuple[str, ...]  # lowercase words; the last one is a stem when `open_end`
    open_end: bool
    weight: int
    strong: bool

    def matches(self, tokens: list[str], i: int) -> bool:
        n = len(self.words)
        if i + n > len(tokens):
            return False
        for k, word in enumerate(self.words):
            token = tokens[i + k]
            last_open = self.open_end and k == n - 1
            if not (token.startswith(word) if last_open else token == word):
                return False
        return True


@dataclass(frozen=True)
class Vocabulary:
    """The compiled word list: terms indexed by their first word (or its first letters)."""

    exact: dict[str, tuple[_Term, ...]]  # first word -> terms, longest first
    stems: dict[str, tuple[_Term, ...]]  # first letters of an open-ended first word -> terms
    strong_score: int
    total_score: int
    max_per_term: int

    def score(self, text: str) -> Score:
        """What the text's words score (each occurrence counted once, the longest term
        winning: "cruise missiles" is not also "missiles")."""
        tokens = _WORD.findall(text.lower())
        counts: Counter[_Term] = Counter()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            candidates = self.exact.get(token, ()) + self.stems.get(token[:_STEM_KEY], ())
            best = max((t for t in candidates if t.matches(tokens, i)), key=lambda t: len(t.words), default=None)
            if best is None:
                i += 1
                continue
            counts[best] += 1
            i += len(best.words)
        strong = sum(t.weight * min(n, self.max_per_term) for t, n in counts.items() if t.strong)
        total = sum(t.weight * min(n, self.max_per_term) for t, n in counts.items())
        return Score(strong, total, Counter({t.written: n for t, n in counts.items()}))

    def passes(self, score: Score) -> bool:
        return score.strong >= self.strong_score or score.total >= self.total_score

    def rule(self) -> str:
        return f"strong >= {self.strong_score} or total >= {self.total_score}"


@dataclass(frozen=True)
class Score:
    strong: int  # what the strong terms score
    total: int  # what all terms score
    counts: Counter[str]  # term as written -> occurrences

    def words(self, limit: int = 6) -> str:
        return ", ".join(f"{term.rstrip('*')} x{n}" for term, n in self.counts.most_common(limit))


@lru_cache(maxsize=2)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    exact: dict[str, list[_Term]] = {}
    stems: dict[str, list[_Term]] = {}
    seen: set[str] = set()
    for level, terms in data["terms"].items():
        weight = int(data["weights"][level])
        for written in terms:
            if written.lower() in seen:
                continue
            seen.add(written.lower())
            open_end = written.endswith("*")
            words = tuple(_WORD.findall(written.lower()))
            if not words:
                raise ValueError(f"{path.name}: the term {written!r} has no word")
            term = _Term(written, words, open_end, weight, level == "strong")
            if open_end and len(words) == 1:
                if len(words[0]) < _STEM_KEY:
                    raise ValueError(f"{path.name}: an open-ended term needs {_STEM_KEY} letters ({written!r})")
                stems.setdefault(words[0][:_STEM_KEY], []).append(term)
            else:
                exact.setdefault(words[0], []).append(term)
    return Vocabulary(
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in stems.items()},
        int(data["strong_score"]),
        int(data["total_score"]),
        int(data["max_per_term"]),
    )


class RelevanceGate:
    """Decide, per article, whether the full pipeline should run on it."""

    def __init__(self, kb: KnowledgeBase | None = None, vocabulary: Vocabulary | None = None) -> None:
        self.gazetteer: Gazetteer = gazetteer_for(kb or load_kb())
        self.vocabulary = vocabulary or load_vocabulary()

    def decide(self, body: str, title: str | None = None, language: str | None = None) -> GateDecision:
        """Pass or skip one article. A body in another language than English (which the
        pipeline was told to parse anyway) passes: the gate's vocabulary is English."""
        if language not in (None, "en"):
            return GateDecision(True, f"language {language!r}: the gate reads English only")
        found = tuple(self.gazetteer.find(body))
        named = [f for f in found if f.kind in _PASSING_KINDS]
        if named:
            return GateDecision(True, "names " + _names(named), found)
        text = f"{title}\n\n{body}" if title else body
        score = self.vocabulary.score(text)
        figures = f"strong {score.strong}, total {score.total}"
        if self.vocabulary.passes(score):
            return GateDecision(True, f"vocabulary {figures} ({score.words()})", found)
        words = f": {score.words()}" if score.counts else ""
        return GateDecision(
            False,
            f"no weapon system or treaty named; vocabulary {figures}, below the rule "
            f"({self.vocabulary.rule()}){words}",
            found,
        )


def _names(found: list[Found], limit: int = 5) -> str:
    seen: dict[str, str] = {}
    for item in found:
        seen.setdefault(item.id, f"{' '.join(item.text.split())} ({item.kind})")
    shown = list(seen.values())
    return ", ".join(shown[:limit]) + (f" and {len(shown) - limit} more" if len(shown) > limit else "")


# --- the scan handed to the pipeline's KB component ---------------------------------

_SCANS: dict[str, tuple[Gazetteer, tuple[Found, ...]]] = {}
_MAX_SCANS = 1024


def remember_scan(text: str, decision: GateDecision, gate: RelevanceGate) -> None:
    """Keep the KB scan of a passing body until the pipeline's KB component takes it."""
    if len(_SCANS) >= _MAX_SCANS:
        _SCANS.clear()
    _SCANS[text] = (gate.gazetteer, decision.found)


def take_scan(text: str, gazetteer: Gazetteer) -> tuple[Found, ...] | None:
    """The scan the gate made of exactly this text with this gazetteer, once; else None."""
    kept = _SCANS.pop(text, None)
    if kept is None or kept[0] is not gazetteer:
        return None
    return kept[1]


def forget_scans() -> None:
    _SCANS.clear()
