"""Section headings: each becomes a unit of its own, so that the body keeps it apart
from the paragraph it heads and no sentence (or name) runs across it.

- a short line ending with a colon ("Background:", "Key points:");
- a line that is only a section word ("Pre-crisis");
- a markdown heading (flagged when the markup is stripped);
- in a document laid out in such sections, a section word glued to the start of its
  paragraph ("Pre-crisis In the summer of …"), which is split off.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from .layout import Unit
from .offsets import Run, cut_runs

_DATA = Path(__file__).with_name("headings.toml")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, ...], int, re.Pattern[str]]:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    sections = tuple(sorted((s.lower() for s in data["sections"]), key=len, reverse=True))
    glued = re.compile(
        r"(?P<head>" + "|".join(re.escape(s) for s in sections) + r")(?P<gap>[ \t]+)(?=[\"“‘'(]?[A-Z0-9])",
        re.I,
    )
    return sections, int(data["max_heading_words"]), glued


def is_heading_line(unit: Unit) -> bool:
    """A line that names a section rather than saying something."""
    sections, max_words, _ = _vocabulary()
    text = unit.text.strip()
    if "\n" in text or not text[:1].isupper():
        return False
    if text.endswith(":") and unit.words <= max_words and ":" not in text[:-1]:
        return True
    return text.rstrip(":.").lower() in sections


def split_headings(units: list[Unit]) -> list[Unit]:
    """Flag heading units; when the document has any, split section words glued to the
    start of a paragraph into a heading unit of their own."""
    for unit in units:
        if not unit.heading and is_heading_line(unit):
            unit.heading = True
    if not any(unit.heading for unit in units):
        return units
    _, _, glued = _vocabulary()
    out: list[Unit] = []
    for unit in units:
        match = glued.match(unit.text) if not unit.heading and unit.text[:1].isupper() else None
        rest_words = len(_WORD.findall(unit.text[match.end() :])) if match else 0
        if match is None or rest_words < 2:
            out.append(unit)
            continue
        k = match.end("head")
        skip = match.end()
        head = Unit(
            text=unit.text[:k], runs=_head_runs(unit.runs, k), start=unit.start, end=unit.start + k, heading=True
        )
        rest_runs = cut_runs(unit.runs, skip)
        rest_start = rest_runs[0][1] if rest_runs else unit.start + skip
        out.append(head)
        out.append(Unit(text=unit.text[skip:], runs=rest_runs, start=rest_start, end=unit.end))
    return out


def _head_runs(runs: list[Run], k: int) -> list[Run]:
    """The runs of a unit's first `k` characters."""
    out = []
    for start, source, length in runs:
        if start >= k:
            break
        out.append((start, source, min(length, k - start)))
    return out
