"""YAML front matter, as static-site scrapers store official statements:

    ---
    title: "A statement on …"
    date: '2024-05-02'
    source_url: https://…
    ---
    The markdown body …

Only flat `key: value` pairs are read (plain, 'single' or "double" quoted scalars,
folded over several lines, and `|`/`>` blocks); lists and nested maps are passed
over. The values become the article's metadata; the block itself is not body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = re.compile(r"\A(?:\ufeff)?[ \t]*---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_KEY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*)|[ \t]*)$")
# The longest front matter we read: a page that opens with a rule is not front matter.
MAX_FRONT_MATTER_CHARS = 20_000
_ESCAPES = {
    "0": "\ufffd", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)

TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "published_time", "publish_date", "pubdate", "date", "created", "modified_time")
URL_KEYS = ("url", "source_url", "canonical_url", "permalink", "link", "source")
OUTLET_KEYS = ("outlet", "publisher", "site_name", "source")
AUTHOR_KEYS = ("author", "byline")


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, str]
    end: int  # offset of the first character after the closing line

    def first(self, keys: tuple[str, ...], *, url: bool | None = None) -> str | None:
        """The first non-empty value among `keys`; `url` True/False keeps only values
        that are / are not web addresses."""
        for key in keys:
            value = self.values.get(key, "").strip()
            if not value:
                continue
            if url is not None and value.startswith(("http://", "https://")) != url:
                continue
            return value
        return None


def read_front_matter(text: str) -> FrontMatter | None:
    """The front matter at the start of `text`, or None when it has none."""
    opening = _OPEN.match(text)
    if not opening:
        return None
    closing = _CLOSE.search(text, opening.end(), opening.end() + MAX_FRONT_MATTER_CHARS)
    if not closing:
        return None
    block = text[opening.end() : closing.start()]
    values = _pairs(block.splitlines())
    if not values and block.strip():
        return None  # a horizontal rule, then prose: not front matter
    end = closing.end()
    newline = re.match(r"\r?\n", text[end:])
    return FrontMatter(values, end + (newline.end() if newline else 0))


def _pairs(lines: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    key: str | None = None
    chunk: list[str] = []
    for line in lines:
        match = _KEY.match(line)
        if match and not line[:1].isspace():
            if key is not None:
                values[key] = _scalar(chunk)
            key, chunk = match.group(1).lower(), [match.group(2) or ""]
        elif key is not None:
            chunk.append(line)
        elif line.strip() and not line.lstrip().startswith("#"):
            return {}  # text before any key: not YAML
    if key is not None:
        values[key] = _scalar(chunk)
    return values


def _scalar(chunk: list[str]) -> str:
    first = chunk[0].strip()
    rest = chunk[1:]
    if first in ("|", "|-", "|+", ">", ">-", ">+"):
        lines = [line.strip() for line in rest]
        return ("\n" if first.startswith("|") else " ").join(lines).strip()
    if first.startswith('"'):
        return _double_quoted([first[1:], *rest])
    if first.startswith("'"):
        joined = _fold([first[1:], *rest])
        return joined[: joined.rfind("'")] if "'" in joined else joined
    if rest and all(line.lstrip().startswith("- ") or not line.strip() for line in rest):
        return first  # a list under the key: not a scalar we read
    return _fold([first, *rest]).strip()


def _fold(lines: list[str]) -> str:
    """YAML line folding: line breaks become spaces, continuation indents go."""
    return " ".join(line.strip() for line in lines if line.strip())


def _double_quoted(lines: list[str]) -> str:
    out = ""
    for i, line in enumerate(lines):
        piece = line if i == 0 else line.lstrip()
        if i < len(lines) - 1:
            piece = piece.rstrip(" \t")
            trailing = len(piece) - len(piece.rstrip("\\"))
            if trailing % 2 == 1:  # an escaped line break joins without a space
                out += piece[:-1]
                continue
            out += piece + (" " if piece else "\n")
        else:
            out += piece
    end = _closing_quote(out)
    return _unescape(out[:end] if end >= 0 else out)


def _closing_quote(text: str) -> int:
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i
        i += 1
    return -1


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "xuU" and len(code) > 1:
            value = int(code[1:], 16)
            # a lone surrogate or an out-of-range code is not text we can keep
            return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(replace, text)
