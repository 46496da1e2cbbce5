"""Markdown markup out of the body, every kept character still mapped to the source.

Statements that scrapers store as markdown carry heading `#`s, `**bold**`, `*em*`,
`[text](url)` links, list bullets, `>` quotes, horizontal rules, backslash escapes,
inline HTML tags (`26<sup>th</sup>`) and entities. Each pass below drops the markup
characters of a unit and keeps the rest with their source offsets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .layout import Unit
from .offsets import Run, runs_from_char_map

# One pass: a pattern, and for each match the text to keep (None: keep group 1's
# characters where they are; a string: an entity's characters, mapped to its "&").
_Keep = Callable[[re.Match[str]], str | None]

_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LINE_MARKERS = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+|^[ \t]{0,3}(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)", re.M)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^)\s]+)(?:[ \t]+\"[^\"\n]*\")?\)|\[([^\]\n]+)\]\[[^\]\n]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.S)
_CODE = re.compile(r"`+([^`]+?)`+")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!'\"<>|~])")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_SIGNALS = (
    re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S", re.M),
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    re.compile(r"\*\*\S[^*\n]*\*\*"),
)


@dataclass
class _Piece:
    text: str
    where: list[int | None]  # unit offsets of each character


def looks_like_markdown(text: str) -> bool:
    """A markdown heading, link or bold run anywhere in the text."""
    return any(signal.search(text) for signal in _SIGNALS)


def is_rule(unit: Unit) -> bool:
    """A horizontal rule (`---`, `* * *`): layout, not text."""
    return bool(_RULE.match(unit.text))


def strip_markdown(unit: Unit) -> Unit:
    """The unit without its markdown markup; `heading` set for a `#` heading."""
    heading = bool(_HEADING.match(unit.text))
    piece = _Piece(unit.text, list(range(len(unit.text))))
    piece = _apply(piece, _HEADING, lambda m: None, group=2)
    piece = _apply(piece, _LINE_MARKERS, lambda m: "")
    piece = _apply(piece, _IMAGE, lambda m: "")
    piece = _apply(piece, _LINK, lambda m: None, group=0)
    piece = _apply(piece, _AUTOLINK, lambda m: None, group=1)
    piece = _apply(piece, _TAG, lambda m: "")
    piece = _apply(piece, _CODE, lambda m: None, group=1)
    piece = _apply(piece, _STRONG, lambda m: None, group=2)
    piece = _apply(piece, _EM, lambda m: None, group=0)
    piece = _apply(piece, _ESCAPED, lambda m: None, group=1)
    piece = _apply(piece, _ENTITY, lambda m: html.unescape(m.group(0)))
    text, where = _trim(piece)
    char_source = _char_sources(unit.runs, len(unit.text))
    source = [char_source[i] if i is not None else None for i in where]
    kept = [s for s in source if s is not None]
    if not kept:
        return Unit(text="", runs=[], start=unit.start, end=unit.start, kind=unit.kind, heading=heading)
    return Unit(
        text=text, runs=runs_from_char_map(source), start=min(kept), end=max(kept) + 1, kind=unit.kind, heading=heading
    )


def _apply(piece: _Piece, pattern: re.Pattern[str], keep: _Keep, *, group: int | None = None) -> _Piece:
    """Rewrite every match: keep one group's characters (group=0: the first group that
    matched), or put `keep(match)`'s text in the match's place."""
    if pattern.search(piece.text) is None:
        return piece  # nothing to rewrite (most units of a statement carry no markup)
    chars: list[str] = []
    where: list[int | None] = []
    position = 0
    for match in pattern.finditer(piece.text):
        chars.extend(piece.text[position : match.start()])
        where.extend(piece.where[position : match.start()])
        if group is not None:
            index = group or next((g for g in range(1, (pattern.groups or 0) + 1) if match.group(g) is not None), 0)
            start, end = match.span(index) if index else match.span()
            if start >= 0:
                chars.extend(piece.text[start:end])
                where.extend(piece.where[start:end])
        else:
            replacement = keep(match) or ""
            anchor = piece.where[match.start()] if replacement else None
            chars.extend(replacement)
            where.extend([anchor] * len(replacement))
        position = match.end()
    chars.extend(piece.text[position:])
    where.extend(piece.where[position:])
    return _Piece("".join(chars), where)


def _char_sources(runs: Sequence[Run], size: int) -> list[int | None]:
    """The source offset of each of a unit's `size` characters (None: inserted), as
    `to_source` gives them one by one."""
    sources: list[int | None] = [None] * size
    for start, source, length in runs:
        end = min(start + length, size)
        if end > start >= 0:
            sources[start:end] = range(source, source + end - start)
    return sources


def _trim(piece: _Piece) -> tuple[str, list[int | None]]:
    text = piece.text
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    return text[left:right], piece.where[left:right]
