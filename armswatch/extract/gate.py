"""The relevance gate: a cheap first pass that decides which articles need the parser.

Most general news has nothing for armswatch to extract. Before spaCy runs, the gate
looks at the cleaned body:

1. the knowledge-base scan (the very gazetteer the pipeline's KB component runs, over
   the same text): a weapon system or a treaty named passes the article;
2. else the vocabulary of weapons, war, crises and arms control (`gate.toml`): a
   history of a crisis that names no weapon still carries claims and treaty actions,
   so a body whose words score at least the threshold passes too;
3. else a short text (a letter to Congress, a notice, a statement of a paragraph) that
   names two different kinds of weapons in words ("arms transfers ... weapons systems"):
   it is cheap to parse and official texts say much in few words (`[short]`).

Articles that fail are stored with their metadata and the gate's reason, not extracted;
`armswatch reextract --where gate=skipped` extracts them later. The KB scan the gate
made is handed to the pipeline's KB component (`take_scan`), so a passing article is
scanned once.

A long article that passes on a few paragraphs only (a fact sheet with one line on
missiles, a briefing with one question on them) is parsed in windows
(`[windows]` in gate.toml): the paragraphs that hold a weapon or treaty name or a word
of the vocabulary, their neighbours and the lead; a transcript is parsed whole.
The rest of the body is blanked, character for character, so every offset the parser
gives is an offset into the full body (`GateDecision.parse_text`).

    >>> gate = RelevanceGate()
    >>> gate.decide("The city council voted to repave the main road next spring.").passed
    False
    >>> gate.decide("The army moved S-400 launchers to the border on Monday.").passed
    True
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
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
    windows: tuple[tuple[int, int], ...] = ()  # body spans to parse; empty: the whole body

    def parse_text(self, body: str) -> str:
        """What the parser gets: `body` itself, or with everything outside the windows
        blanked (each character a space, line breaks kept), so offsets stay the body's."""
        return masked(body, self.windows) if self.windows else body

    def found_in_windows(self) -> tuple[Found, ...]:
        if not self.windows:
            return self.found
        return tuple(f for f in self.found if any(s <= f.start and f.end <= e for s, e in self.windows))


def masked(body: str, windows: tuple[tuple[int, int], ...]) -> str:
    """`body` with every character outside `windows` a space, except line breaks."""
    parts: list[str] = []
    at = 0
    for start, end in windows:
        parts.append(_blank(body[at:start]))
        parts.append(body[start:end])
        at = end
    parts.append(_blank(body[at:]))
    return "".join(parts)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)


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
    short_chars: int = 0  # a body this long or shorter passes on `short_kinds` weapons words (0: never)
    short_kinds: int = 2
    materiel: frozenset[str] = frozenset()  # support terms (as written) that name weapons

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
        strong_terms = frozenset(t.written for t in counts if t.strong)
        return Score(strong, total, Counter({t.written: n for t, n in counts.items()}), strong_terms)

    def has_term(self, text: str, *, strong_only: bool) -> bool:
        """Whether a term (a strong one, with `strong_only`) stands in `text`."""
        score = self.score(text)
        return (score.strong if strong_only else score.total) > 0

    def passes(self, score: Score) -> bool:
        return score.strong >= self.strong_score or score.total >= self.total_score

    def weapon_kinds(self, score: Score) -> int:
        """How many different weapons words the text has: strong terms and materiel words."""
        return sum(1 for term in score.counts if term in self.materiel or term in score.strong_terms)

    def passes_short(self, score: Score, length: int) -> bool:
        """A short text (`[short]` in gate.toml) that names enough different weapons words."""
        return length <= self.short_chars and self.weapon_kinds(score) >= self.short_kinds

    def rule(self) -> str:
        return f"strong >= {self.strong_score} or total >= {self.total_score}"


@dataclass(frozen=True)
class Score:
    strong: int  # what the strong terms score
    total: int  # what all terms score
    counts: Counter[str]  # term as written -> occurrences
    strong_terms: frozenset[str] = frozenset()  # the strong terms among them

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
    short = data.get("short", {})
    materiel = frozenset(short.get("materiel", ()))
    unknown = sorted(materiel - set(data["terms"].get("support", ())))
    if unknown:
        raise ValueError(f"{path.name}: [short] materiel words must be support terms: {', '.join(unknown)}")
    return Vocabulary(
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in stems.items()},
        int(data["strong_score"]),
        int(data["total_score"]),
        int(data["max_per_term"]),
        int(short.get("max_chars", 0)),
        int(short.get("kinds", 2)),
        materiel,
    )


@dataclass(frozen=True)
class WindowRule:
    """When and how an article is parsed in windows (`[windows]` in gate.toml)."""

    neighbours: int  # paragraphs kept on each side of a paragraph that holds a hit
    min_paragraphs: int  # shorter articles are parsed whole
    max_share: float  # windows keeping more of the body than this: parse it whole
    turn_label: re.Pattern[str]  # a paragraph that opens a transcript's turn ("Q", "MS. SMITH:")
    strong_only: bool  # a paragraph is a hit by a name or a strong term (else: any term)
    transcript_head: int = -1  # characters of a transcript's opening always kept; -1: transcripts whole

    def windows(self, body: str, hit: Callable[[int, int], bool]) -> tuple[tuple[int, int], ...]:
        """The spans of `body` to parse, or () for the whole body. `hit(start, end)` says
        whether the paragraph at [start, end) holds a name or a term of the vocabulary."""
        paragraphs = paragraph_spans(body)
        if len(paragraphs) < self.min_paragraphs:
            return ()
        opens = [i for i, (start, _) in enumerate(paragraphs) if self.turn_label.match(body, start)]
        transcript = len(opens) >= 2
        if transcript and self.transcript_head < 0:
            return ()
        keep = {0}  # the lead says who, where and when
        if transcript:  # the opening, where the briefer is introduced
            keep.update(i for i, (start, _) in enumerate(paragraphs) if start < self.transcript_head)
        for i, (start, end) in enumerate(paragraphs):
            if not hit(start, end):
                continue
            keep.update(range(max(0, i - self.neighbours), min(len(paragraphs), i + self.neighbours + 1)))
            if transcript:
                keep.update(_turn_and_question(opens, i))
        if len(keep) == len(paragraphs):
            return ()
        spans: list[tuple[int, int]] = []
        for i in sorted(keep):
            start, end = paragraphs[i]
            if spans and i - 1 in keep:
                spans[-1] = (spans[-1][0], end)  # with the blank line between: one window
            else:
                spans.append((start, end))
        if sum(e - s for s, e in spans) > self.max_share * len(body):
            return ()
        return tuple(spans)


def _turn_and_question(opens: list[int], i: int) -> range:
    """Paragraphs from the start of the turn before the one paragraph `i` is in (the
    question a reply answers) to `i`: the label that says who speaks, and what was asked."""
    at = bisect_left(opens, i + 1) - 1  # the turn `i` is in: the last label at or before it
    if at < 0:
        return range(0)
    return range(opens[max(0, at - 1)], i + 1)


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph of `body` (units the cleaner joined with a blank line)."""
    spans = []
    at = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        if match.start() > at:
            spans.append((at, match.start()))
        at = match.end()
    if at < len(body):
        spans.append((at, len(body)))
    return spans


@lru_cache(maxsize=2)
def load_window_rule(path: Path = VOCABULARY_FILE) -> WindowRule | None:
    """The rule of gate.toml's `[windows]`, or None when it is not enabled."""
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)["windows"]
    if not data.get("enabled", False):
        return None
    return WindowRule(
        int(data["neighbours"]), int(data["min_paragraphs"]), float(data["max_share"]),
        re.compile(data["turn_label"]), data["hit_terms"] == "strong", int(data.get("transcript_head", -1)),
    )


class RelevanceGate:
    """Decide, per article, whether the full pipeline should run on it, and on which parts."""

    def __init__(
        self,
        kb: KnowledgeBase | None = None,
        vocabulary: Vocabulary | None = None,
        windows: WindowRule | None | bool = True,
    ) -> None:
        """`windows`: the rule for parsing long articles in windows (True: gate.toml's;
        False or None: always the whole body)."""
        self.gazetteer: Gazetteer = gazetteer_for(kb or load_kb())
        self.vocabulary = vocabulary or load_vocabulary()
        self.window_rule = load_window_rule() if windows is True else (windows or None)

    def decide(self, body: str, title: str | None = None, language: str | None = None) -> GateDecision:
        """Pass or skip one article. A body in another language than English (which the
        pipeline was told to parse anyway) passes: the gate's vocabulary is English."""
        if language not in (None, "en"):
            return GateDecision(True, f"language {language!r}: the gate reads English only")
        found = tuple(self.gazetteer.find(body))
        named = [f for f in found if f.kind in _PASSING_KINDS]
        if named:
            return self._windowed(GateDecision(True, "names " + _names(named), found), body, named)
        text = f"{title}\n\n{body}" if title else body
        score = self.vocabulary.score(text)
        figures = f"strong {score.strong}, total {score.total}"
        if self.vocabulary.passes(score):
            decision = GateDecision(True, f"vocabulary {figures} ({score.words()})", found)
            # Passed on its strong words: those paragraphs are the windows. On support words
            # alone (a crisis told in the words of war), the whole body is parsed.
            return self._windowed(decision, body, []) if score.strong >= self.vocabulary.strong_score else decision
        if self.vocabulary.passes_short(score, len(body)):
            kinds = self.vocabulary.weapon_kinds(score)
            return GateDecision(True, f"short text ({len(body):,} characters) with {kinds} kinds of weapons words ({score.words()})", found)
        words = f": {score.words()}" if score.counts else ""
        return GateDecision(
            False,
            f"no weapon system or treaty named; vocabulary {figures}, below the rule "
            f"({self.vocabulary.rule()}){words}",
            found,
        )


    def _windowed(self, decision: GateDecision, body: str, named: list[Found]) -> GateDecision:
        rule = self.window_rule
        if rule is None:
            return decision
        starts = sorted(f.start for f in named)

        def hit(start: int, end: int) -> bool:
            at = bisect_left(starts, start)
            return (at < len(starts) and starts[at] < end) or self.vocabulary.has_term(body[start:end], strong_only=rule.strong_only)

        windows = rule.windows(body, hit)
        if not windows:
            return decision
        kept = sum(e - s for s, e in windows)
        reason = f"{decision.reason}; parsed in {len(windows)} windows ({kept / len(body):.0%} of the body)"
        return replace(decision, reason=reason, windows=windows)


def _names(found: list[Found], limit: int = 5) -> str:
    seen: dict[str, str] = {}
    for item in found:
        seen.setdefault(item.id, f"{' '.join(item.text.split())} ({item.kind})")
    shown = list(seen.values())
    return ", ".join(shown[:limit]) + (f" and {len(shown) - limit} more" if len(shown) > limit else "")


# --- the scan handed to the pipeline's KB component ---------------------------------

_SCANS: dict[str, tuple[Gazetteer, tuple[Found, ...]]] = {}
_MAX_SCANS = 1024


def remember_scan(body: str, decision: GateDecision, gate: RelevanceGate) -> None:
    """Keep the KB scan of a passing body until the pipeline's KB component takes it: under
    the text the parser gets (`decision.parse_text(body)`), with the names in its windows."""
    remember_found(decision.parse_text(body), gate.gazetteer, decision.found_in_windows())


def remember_found(text: str, gazetteer: Gazetteer, found: tuple[Found, ...]) -> None:
    """Keep `found`, a scan of `text` by `gazetteer`, until the KB component takes it (a
    long body parsed in chunks hands each chunk its share of the whole body's scan)."""
    if len(_SCANS) >= _MAX_SCANS:
        _SCANS.clear()
    _SCANS[text] = (gazetteer, found)


def take_scan(text: str, gazetteer: Gazetteer) -> tuple[Found, ...] | None:
    """The scan the gate made of exactly this text with this gazetteer, once; else None."""
    kept = _SCANS.pop(text, None)
    if kept is None or kept[0] is not gazetteer:
        return None
    return kept[1]


def forget_scans() -> None:
    _SCANS.clear()
