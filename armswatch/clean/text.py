"""Split plain text (a page capture, a wire story, an official statement) into units.

A unit is a line; hard-wrapped prose (lines broken mid-sentence at a fixed width)
is joined back into one paragraph, keeping its source span whole.
"""

from __future__ import annotations

import re

from .layout import Unit

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]…]\s*$")
# Hard wrapping shows as lines of similar, fairly long widths; captures of web pages
# put one paragraph on a line instead.
WRAP_MIN_CHARS = 50
WRAP_MAX_CHARS = 100


def split_units(text: str) -> list[Unit]:
    """Units of `text` with their exact source spans."""
    lines: list[tuple[int, int]] = []
    position = 0
    for match in _LINE.finditer(text):
        raw = match.group(0)
        if not raw:
            break
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        if stripped:
            start = position + (len(content) - len(content.lstrip()))
            lines.append((start, start + len(stripped)))
        else:
            lines.append((position, position))  # blank line marker
        position += len(raw)
    units: list[Unit] = []
    current: tuple[int, int] | None = None
    for start, end in lines:
        if start == end:
            if current:
                units.append(_unit(text, *current))
            current = None
            continue
        if current and _continues(text[current[0] : current[1]], text[start:end]):
            current = (current[0], end)
            continue
        if current:
            units.append(_unit(text, *current))
        current = (start, end)
    if current:
        units.append(_unit(text, *current))
    return units


def _continues(previous: str, line: str) -> bool:
    last_line = previous.rsplit("\n", 1)[-1]
    if not WRAP_MIN_CHARS <= len(last_line) <= WRAP_MAX_CHARS or _ENDS_SENTENCE.search(last_line):
        return False
    return line[:1].islower() or line[:1].isdigit()


def _unit(text: str, start: int, end: int) -> Unit:
    return Unit(text=text[start:end], runs=[(0, start, end - start)], start=start, end=end)
