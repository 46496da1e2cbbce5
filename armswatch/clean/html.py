"""HTML pages: trafilatura finds the body; we map it back to the HTML source.

trafilatura returns clean paragraphs but no offsets. We render the page's text
ourselves with a per-character map to the source (entities included), find each
trafilatura paragraph in that rendering, and so keep every body character
traceable to the bytes of the page.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .dates import iso_date_prefix
from .layout import Unit
from .offsets import runs_from_char_map

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "title"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote",
    "table", "tr", "td", "th", "main", "pre", "hr", "dd", "dt", "form",
}
_SPACE = re.compile(r"\s+")
_CONTROLS = frozenset(chr(c) for c in [*range(0, 9), *range(14, 28), 127])


class _Renderer(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.chars: list[str] = []
        self.where: list[int | None] = []
        self._skip = 0
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\n", source)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCK:
            self._emit("\n", None)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self._emit("\n", None)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        start = self._offset()
        for i, char in enumerate(data):
            self._emit(char, start + i)

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, ref: str) -> None:
        if self._skip:
            return
        start = self._offset()
        for char in html_lib.unescape(ref):
            self._emit(char, start)

    def _emit(self, char: str, where: int | None) -> None:
        self.chars.append(char)
        self.where.append(where)


@dataclass(frozen=True)
class Rendering:
    """The page's visible text, whitespace collapsed, with each character's source offset."""

    text: str
    where: list[int | None]


def render(source: str) -> Rendering:
    """Visible text with whitespace collapsed: a block boundary becomes one newline,
    any other run of white space one space (mapped to where that run starts)."""
    renderer = _Renderer(source)
    renderer.feed(source)
    renderer.close()
    chars: list[str] = []
    where: list[int | None] = []
    pending: tuple[str, int | None] | None = None
    for char, offset in zip(renderer.chars, renderer.where):
        if char in _CONTROLS:
            continue  # invisible, and trafilatura drops them too
        if offset is None and char == "\n":
            pending = ("\n", None)
        elif char.isspace():
            if pending is None:
                pending = (" ", offset)
        else:
            if pending is not None and chars:
                chars.append(pending[0])
                where.append(pending[1])
            pending = None
            chars.append(char)
            where.append(offset)
    return Rendering("".join(chars), where)


@dataclass(frozen=True)
class HtmlExtract:
    units: list[Unit]
    title: str | None
    byline: str | None
    outlet: str | None
    published: str | None
    url: str | None
    unmapped: int  # paragraphs trafilatura returned that could not be found in the page


def extract_html(source: str) -> HtmlExtract:
    """Body paragraphs of an HTML page, as units mapped to `source`, plus its metadata."""
    import trafilatura  # here, not at import: a run of JSON Lines or text captures never needs it

    document = trafilatura.bare_extraction(
        source,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
    )
    rendering = render(source)
    if document is None:
        # trafilatura gives up on some broken pages: fall back to the page's own blocks
        return HtmlExtract(_block_units(rendering), None, None, None, None, None, 0)
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    units: list[Unit] = []
    unmapped = 0
    cursor = 0
    for paragraph in (data.get("text") or "").split("\n"):
        paragraph = _SPACE.sub(" ", paragraph).strip()
        if not paragraph:
            continue
        found = rendering.text.find(paragraph, cursor)
        if found < 0:
            found = rendering.text.find(paragraph)
        if found < 0:
            unmapped += 1
            continue
        cursor = found + len(paragraph)
        char_map = rendering.where[found:cursor]
        runs = runs_from_char_map(char_map)
        sources = [w for w in char_map if w is not None]
        units.append(Unit(text=paragraph, runs=runs, start=min(sources), end=max(sources) + 1))
    if not units and unmapped:
        units = _block_units(rendering)  # none of trafilatura's text could be found in the page
    return HtmlExtract(
        units=units,
        title=_clean(data.get("title")),
        byline=_clean(data.get("author")),
        outlet=_clean(data.get("sitename")),
        published=iso_date_prefix(_clean(data.get("date"))),
        url=_clean(data.get("url")),
        unmapped=unmapped,
    )


def _block_units(rendering: Rendering) -> list[Unit]:
    units = []
    position = 0
    for block in rendering.text.split("\n"):
        start, position = position, position + len(block) + 1
        text = block.strip()
        if not text:
            continue
        offset = start + block.index(text)
        char_map = rendering.where[offset : offset + len(text)]
        sources = [w for w in char_map if w is not None]
        units.append(Unit(text=text, runs=runs_from_char_map(char_map), start=min(sources), end=max(sources) + 1))
    return units


def _clean(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
