"""Split plain text (a page capture, a wire story, an official statement) into units.

A unit is a line; hard-wrapped prose (lines broken mid-sentence at a fixed width)
is joined back into one paragraph, keeping its source span whole.
"""

from __future__ import annotations

import re

from .layout import Unit

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]…]\s*$")
# A line that starts a block of its own in markdown or plain text: never the tail of the
# line before it.
_BLOCK_START = re.compile(r"^(?:#{1,6}\s|>|[-*+•]\s|\d{1,3}[.)]\s|[-*_](?:\s*[-*_]){2,}\s*$)")
_FIRST_WORD = re.compile(r"\S+")
# Hard wrapping shows as lines of similar, fairly long widths; captures of web pages
# put one paragraph on a line instead.
WRAP_MIN_CHARS = 50
WRAP_MAX_CHARS = 100
# A text is hard-wrapped when at least this share of its lines that run on into another
# line have a wrapping width, and there are at least WRAP_MIN_LINES of them.
WRAP_SHARE = 0.6
WRAP_MIN_LINES = 3
WRAP_WIDTH_QUANTILE = 0.9


def split_units(text: str, start: int = 0) -> list[Unit]:
    """Units of `text[start:]` with their exact source spans (offsets into `text`)."""
    lines = _lines(text, start)
    width = _wrap_width(lines)
    units: list[Unit] = []
    current: tuple[int, int] | None = None
    for begin, end in lines:
        if begin == end:
            if current:
                units.append(_unit(text, *current))
            current = None
            continue
        if current and _continues(text[current[0] : current[1]], text[begin:end], width):
            current = (current[0], end)
            continue
        if current:
            units.append(_unit(text, *current))
        current = (begin, end)
    if current:
        units.append(_unit(text, *current))
    return units


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line's visible content; (p, p) marks a blank line."""
    lines: list[tuple[int, int]] = []
    position = start
    for match in _LINE.finditer(text, start):
        raw = match.group(0)
        if not raw:
            break
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        if stripped:
            begin = position + (len(content) - len(content.lstrip()))
            lines.append((begin, begin + len(stripped)))
        else:
            lines.append((position, position))  # blank line marker
        position += len(raw)
    return lines


def _wrap_width(lines: list[tuple[int, int]]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when it is not wrapped."""
    running = [
        end - begin
        for (begin, end), (next_begin, next_end) in zip(lines, lines[1:])
        if begin != end and next_begin != next_end
    ]
    wide = [n for n in running if WRAP_MIN_CHARS <= n <= WRAP_MAX_CHARS]
    if len(wide) < WRAP_MIN_LINES or len(wide) < WRAP_SHARE * len(running):
        return None
    wide.sort()  # a high quantile, not the maximum: a long URL or a table row is no guide
    return wide[min(len(wide) - 1, int(WRAP_WIDTH_QUANTILE * len(wide)))]


def _continues(previous: str, line: str, width: int | None) -> bool:
    last_line = previous.rsplit("\n", 1)[-1]
    if _BLOCK_START.match(line) or last_line.startswith("#"):
        return False
    if WRAP_MIN_CHARS <= len(last_line) <= WRAP_MAX_CHARS and not _ENDS_SENTENCE.search(last_line):
        if line[:1].islower() or line[:1].isdigit():
            return True
    if width is None or len(last_line) < WRAP_MIN_CHARS:
        return False
    # The wrapper broke the line here only if the next word would not have fitted on it.
    first = _FIRST_WORD.match(line)
    return first is not None and len(last_line) + 1 + len(first.group(0)) > width


def _unit(text: str, start: int, end: int) -> Unit:
    return Unit(text=text[start:end], runs=[(0, start, end - start)], start=start, end=end)
