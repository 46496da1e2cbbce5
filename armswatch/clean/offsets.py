"""Map body offsets back to the source text.

A body is built from pieces of the source. Each piece is a run
(body_start, source_start, length) in which consecutive body characters are
consecutive source characters. Separators the cleaner inserts between pieces
(blank lines) belong to no run.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

Run = tuple[int, int, int]


@dataclass
class BodyBuilder:
    """Append pieces of source text to a body, recording where each came from."""

    parts: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    size: int = 0

    def add(self, text: str, runs: Sequence[Run]) -> None:
        """Add a piece; `runs` are relative to the piece (piece_start, source_start, length)."""
        if self.parts:
            self._append("\n\n")
        base = self.size
        self.runs.extend((base + start, source, length) for start, source, length in runs)
        self._append(text)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def build(self) -> tuple[str, tuple[Run, ...]]:
        return "".join(self.parts), tuple(self.runs)


def cut_runs(runs: Sequence[Run], k: int) -> list[Run]:
    """The runs of a piece whose first `k` characters are dropped."""
    out = []
    for start, source, length in runs:
        if start + length <= k:
            continue
        skip = max(0, k - start)
        out.append((max(0, start - k), source + skip, length - skip))
    return out


def runs_from_char_map(char_map: Sequence[int | None]) -> list[Run]:
    """Compress a per-character map (None = inserted, maps nowhere) into runs: a run goes on
    while each character maps to the one after its predecessor's source."""
    runs: list[Run] = []
    for key, group in groupby(range(len(char_map)), lambda i: None if char_map[i] is None else char_map[i] - i):
        if key is None:
            continue
        members = list(group)
        runs.append((members[0], members[0] + key, len(members)))
    return runs


def to_source(runs: Sequence[Run], offset: int) -> int | None:
    """The source offset of body character `offset`, or None for an inserted separator."""
    i = bisect_right(runs, (offset, float("inf"), 0)) - 1
    if i < 0:
        return None
    body_start, source_start, length = runs[i]
    if offset < body_start + length:
        return source_start + (offset - body_start)
    return None


def span_to_source(runs: Sequence[Run], start: int, end: int) -> tuple[int, int] | None:
    """Map a body span [start, end) to the source span that holds it."""
    first = to_source(runs, start)
    last = to_source(runs, end - 1) if end > start else first
    if first is None or last is None:
        return None
    return first, last + 1
