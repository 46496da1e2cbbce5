"""Separate an article's body from what surrounds it in a page capture.

The input is a list of `Unit`s (a line or paragraph each, with its source offsets),
whatever format they came from. Each rule labels units with a boilerplate kind;
units left unlabelled are the body. The rules look at layout and wording that
news sites share (menus before the headline, a caption printed twice, "Related
content" lists, credit lines, a correction note, a self-promotion paragraph at
the end), never at a particular outlet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .dates import find_date
from .offsets import Run

BODY = None

# A paragraph is prose when it reads as running text: this many words and a
# sentence end, or so many words that it cannot be a headline or a menu.
PROSE_MIN_WORDS = 12
PROSE_LONG_WORDS = 40
# Captions and teasers are short; a body paragraph repeated by the page is not.
CAPTION_MAX_WORDS = 60
# A caption that repeats a body sentence shares nearly all its words with it.
CAPTION_REPEAT_CONTAINMENT = 0.85
CAPTION_REPEAT_MIN_WORDS = 8
CAPTION_REPEAT_MAX_WORDS = 40

_CHROME = {
    "accessibility links", "skip to main content", "skip to content", "skip to navigation",
    "skip to main navigation", "jump to content", "breaking news", "menu", "main menu",
    "search", "sign in", "log in", "login", "register", "subscribe", "home", "live tv",
    "live", "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "facebook", "twitter", "x", "email", "e-mail", "copy link", "print",
    "whatsapp", "linkedin", "telegram", "reddit", "comments", "advertisement", "ad",
    "close", "more", "show more", "load more", "next", "previous", "most read",
    "most viewed", "most popular", "trending", "listen", "listen to this article",
    "watch", "newsletter", "newsletters", "cookie settings", "accept cookies",
    "accept all cookies", "manage cookies", "toggle navigation", "back to top",
    "top of page", "print this page", "font size", "open menu", "close menu",
    "follow us", "topics", "tags", "sections",
}
_IMAGE_PLACEHOLDERS = {
    "image", "16x9 image", "article image", "photo", "video", "enlarge image",
    "enlarge this image", "image caption", "media caption", "hide caption",
    "toggle caption", "photo gallery", "gallery", "view gallery", "play video",
    "watch video", "embed", "image source", "getty images",
}
_RELATED_HEADINGS = {
    "related content", "related", "related stories", "related articles", "related news",
    "related coverage", "more on this story", "more on this topic", "more from",
    "read more", "read next", "you may also like", "you might also like",
    "recommended", "recommended for you", "more stories", "see also", "top stories",
    "latest news", "latest", "more news", "explore more", "also read", "more like this",
    "most popular", "most read", "more in this section", "further reading",
}
_BULLETS = " \t•·▪●◦*-–—>|"
_INLINE_TEASER = re.compile(
    r"^(?:read more|read also|also read|related|see also|watch|listen|more|read next|"
    r"recommended|explainer)\s*[:|>»]\s*\S",
    re.I,
)
_PHOTO_CREDIT = re.compile(
    r"(?:\b(?:photograph|photo|picture|image|illustration|credit|photo credit|footage|video)s?\s*:\s*\S"
    r"|\((?:file )?(?:photo|image|picture)\)"
    r"|\b(?:photo|image|picture) (?:by|courtesy of)\s+[A-Z]"
    r"|/(?:AP|AFP|Reuters|Getty Images|EPA|Handout|Shutterstock|Alamy|Pool)\)?\s*$)",
    re.I,
)
_CORRECTION = re.compile(
    r"^(?:this (?:article|story|report|piece|page) (?:was|has been) (?:amended|corrected|updated|clarified)"
    r"|corrections?\s*(?:and clarifications?)?\s*[:.]"
    r"|clarification\s*:"
    r"|editor['’]s note\s*:"
    r"|an earlier version of this (?:article|story|report)"
    r"|update\s*\d*\s*:.*\b(?:corrected|correction)\b)",
    re.I,
)
_CREDITS = re.compile(
    r"^(?:additional reporting by|reporting by|writing by|editing by|edited by|compiled by|"
    r"with reporting (?:from|by)|contributing:|contributors?:|research by)\b",
    re.I,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b", re.I)
_BYLINE = re.compile(r"^[Bb][Yy]\s+(?P<name>[A-Z][^,|]{2,60}?)(?:\s*[,|].*)?$")
_PUBLISHED = re.compile(
    r"^(?:published|updated|last (?:updated|modified)(?: on)?|first published(?: on)?|posted|"
    r"date)\s*:?\s", re.I
)
_PERSON = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al|bin|da|di|le))*"
_AUTHOR_IN_PLACE = re.compile(
    r"^(?P<name>" + _PERSON + r"(?:\s*(?:,|and|&)\s*" + _PERSON + r")*)"
    r"\s+in\s+(?P<place>[A-Z][\w'’.-]+(?:[ -][A-Z][\w'’.-]+){0,2})\.?$"
)
_PROMO = re.compile(
    r"\b(?:subscribe|newsletter|sign up|download (?:our|the) app|support (?:us|our|independent)|"
    r"donate|become a member|follow us|our journalis(?:m|ts)|(?:our|free|independent|uncensored) "
    r"(?:news|press|reporting)|we provide|our readers|inbox|podcast)\b",
    re.I,
)
# A letter's or message's signature at its foot: "Sincerely," then the signer's name, in
# capitals ("JANE Q. DOE JR.") or, after such a close, as written ("Jane Q. Doe"), perhaps followed
# by the place and date of signing ("THE EXECUTIVE MANSION,\n May 2, 2024."). The name stays in the
# body: it says who the letter's "I" is.
_CLOSE = re.compile(
    r"^(?:(?:very |most )?(?:sincerely|respectfully|cordially|faithfully|truly)(?: yours)?|"
    r"yours(?: very)? (?:sincerely|truly|faithfully|respectfully)|(?:with )?(?:best|warm|kind)(?:est)? (?:regards|wishes))\s*,?$",
    re.I,
)
_CAPS_NAME = re.compile(
    r"^[A-Z][A-Z'’-]*\.?(?:\s+[A-Z][A-Z'’-]*\.?){1,5}(?:,?\s+(?:JR|SR|II|III|IV)\.?)?$"
)
_WRITTEN_NAME = re.compile(
    r"^[A-Z][\w'’-]*\.?(?:\s+[A-Z][\w'’-]*\.?){1,4}(?:,?\s+(?:Jr|Sr|JR|SR|II|III|IV)\.?)?$"
)
_SIGNING_PLACE = re.compile(r"^[A-Z][A-Z .'’&-]{2,40},")
_FIRST_PERSON_PLURAL = re.compile(r"\b(?:we|our|us)\b", re.I)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]|‘[^’]*’(?!\w)")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*\s*$|[:;]\s*$|[\"”]\s*$")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")
# Wire and statement datelines that open a body: "SEOUL, March 3 (Agency) —", "NEW DELHI:".
_WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s*(?P<where2>[A-Z][a-zA-Z.]+(?: [A-Z][a-zA-Z.]+)?))?"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))?"
    r"\s*(?:\((?P<agency>[^()]{2,40})\))?\s*(?:[—–:]|-{1,2})\s+(?=\S)"
)


@dataclass
class Unit:
    """A line or paragraph of the input, with where it came from."""

    text: str
    runs: list[Run]  # relative to the unit: (unit_offset, source_start, length)
    start: int  # source span, for reporting what was cut
    end: int
    kind: str | None = BODY
    cut: int = 0  # leading characters that are not body (a wire dateline)
    heading: bool = False  # a section heading (markdown `#`, "Background:"): its own sentence
    words: int = field(init=False)

    def __post_init__(self) -> None:
        self.words = len(_WORD.findall(self.text))


@dataclass
class Layout:
    """What the layout rules found besides the body units."""

    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    published: str | None = None
    corrections: list[str] = field(default_factory=list)


def plain(text: str) -> str:
    """Lowercased, bullet- and punctuation-trimmed form used for vocabulary matches."""
    return re.sub(r"\s+", " ", text.strip(_BULLETS + ".:")).strip().lower()


def norm(text: str) -> str:
    """Whitespace-, case- and edge-punctuation-insensitive form used to compare units."""
    return " ".join(_WORD.findall(text.lower()))


def is_prose(unit: Unit) -> bool:
    if unit.words >= PROSE_LONG_WORDS:
        return True
    return unit.words >= PROSE_MIN_WORDS and bool(_TERMINAL.search(unit.text))


def classify(units: Sequence[Unit], *, has_title: bool = False) -> Layout:
    """Label every unit in place (unit.kind) and return what the labels say.

    `has_title`: the format already gave the headline (HTML metadata), so the text
    rules do not look for one.
    """
    layout = Layout(title="" if has_title else None)
    for rule in RULES:
        rule(list(units), layout)
    layout.title = layout.title or None
    return layout


def _unlabelled(units: Sequence[Unit]) -> list[int]:
    return [i for i, unit in enumerate(units) if unit.kind is BODY]


def mark_patterns(units: list[Unit], layout: Layout) -> None:
    """Label units by their own wording: chrome, captions, credits, corrections."""
    for unit in units:
        text = unit.text.strip()
        key = plain(text)
        if key in _CHROME or _is_menu(text) or key.startswith("breaking news:"):
            unit.kind = "chrome"
        elif key in _IMAGE_PLACEHOLDERS:
            unit.kind = "caption"
        elif _CORRECTION.match(text.lstrip(_BULLETS)):
            unit.kind = "correction"
            layout.corrections.append(text.lstrip(_BULLETS))
        elif _CREDITS.match(text.lstrip(_BULLETS)):
            unit.kind = "credits"
        elif _COPYRIGHT.search(text) and unit.words <= 25:
            unit.kind = "footer"
        elif _INLINE_TEASER.match(text.lstrip(_BULLETS)) and unit.words <= 30:
            unit.kind = "teaser"
        elif _PHOTO_CREDIT.search(text) and unit.words <= CAPTION_MAX_WORDS:
            unit.kind = "caption"
        elif (match := _BYLINE.match(text)) and unit.words <= 12:
            unit.kind = "byline"
            layout.byline = layout.byline or match.group("name").strip()
        elif _is_date_line(text, unit.words):
            unit.kind = "date"


def is_furniture_text(text: str) -> bool:
    """Text that is page furniture whatever its place: a menu, a chrome or placeholder
    word, a related-content heading."""
    key = plain(text)
    return key in _CHROME or key in _IMAGE_PLACEHOLDERS or key in _RELATED_HEADINGS or _is_menu(text.strip())


def _is_menu(text: str) -> bool:
    items = [part.strip() for part in re.split(r"\s[|•·/»]\s|\s{3,}|\t", text) if part.strip()]
    return len(items) >= 3 and all(len(item.split()) <= 3 for item in items)


def _is_date_line(text: str, words: int) -> bool:
    if words > 12:
        return False
    if _PUBLISHED.match(text):
        return True
    found = find_date(text)
    return bool(found) and (found[2] - found[1]) >= 0.5 * len(text.strip())


def read_published(units: list[Unit], layout: Layout) -> None:
    """The page's own date line or byline date (teasers' dates were relabelled by now)."""
    for unit in units:
        if unit.kind in ("date", "byline"):
            found = find_date(unit.text)
            if found:
                layout.published = found[0]
                return


def mark_caption_pairs(units: list[Unit], layout: Layout) -> None:
    """A caption printed twice in a row (often the second copy with its credit)."""
    for first, second in zip(units, units[1:]):
        if first.words > CAPTION_MAX_WORDS or second.words > CAPTION_MAX_WORDS or first.words < 3:
            continue
        if first.heading or second.heading:
            continue
        a, b = norm(first.text), norm(second.text)
        if not a or not b:
            continue  # a line of punctuation ("###", "* * *") repeats nothing
        if a == b or b.startswith(a) or a.startswith(b):
            first.kind = second.kind = "caption"


def mark_related_zones(units: list[Unit], layout: Layout) -> None:
    """A "Related content" heading and the teaser list under it, up to running prose."""
    in_zone = False
    for unit in units:
        if plain(unit.text) in _RELATED_HEADINGS:
            unit.kind = "teaser"
            in_zone = True
            continue
        if in_zone:
            if _is_promo(unit.text):
                unit.kind = "promo"
            elif unit.words >= PROSE_LONG_WORDS and is_prose(unit):
                in_zone = False
            elif unit.kind is BODY or unit.kind in ("byline", "date", "caption", "chrome"):
                unit.kind = "teaser"


def mark_header(units: list[Unit], layout: Layout) -> None:
    """Before the first paragraph of prose: the headline, perhaps a standfirst, and chrome."""
    free = [i for i in _unlabelled(units) if not units[i].heading]  # section headings stay in the body
    first_prose = next((i for i in free if is_prose(units[i])), None)
    if layout.title is not None:
        # The headline is known already (HTML): only section kickers remain to cut.
        for i in free:
            if first_prose is not None and i < first_prose and units[i].words <= 4:
                units[i].kind = "chrome"
        return
    if first_prose is None:
        # A headline over a short text ("Headline" / one line): not a sentence of its own.
        if len(free) >= 2 and units[free[0]].words <= 25 and not _SENTENCE_END.search(units[free[0]].text):
            _set_title(units[free[0]], layout)
        return
    before = [i for i in free if i < first_prose]
    if not before:
        return
    headline = before[-1]
    if len(before) >= 2 and units[before[-2]].words >= 5 and units[before[-1]].words >= 5:
        headline = before[-2]  # headline, then a standfirst that stays in the body
    _set_title(units[headline], layout)
    for i in before:
        if i < headline:
            units[i].kind = "chrome"


def _set_title(unit: Unit, layout: Layout) -> None:
    unit.kind = "title"
    layout.title = unit.text.strip()


def mark_repeats(units: list[Unit], layout: Layout) -> None:
    """A body paragraph the page prints again later (a second copy, a pull quote)."""
    seen: set[str] = set()
    for unit in units:
        if unit.kind is not BODY:
            continue
        key = norm(unit.text)
        if key in seen and unit.words >= CAPTION_REPEAT_MIN_WORDS:
            unit.kind = "repeat"
        seen.add(key)


def mark_caption_repeats(units: list[Unit], layout: Layout) -> None:
    """A short single sentence that repeats, nearly word for word, a sentence of the body."""
    body = [u for u in units if u.kind is BODY]
    bags = [set(_WORD.findall(u.text.lower())) for u in body]
    for unit, bag in zip(body, bags):
        if not CAPTION_REPEAT_MIN_WORDS <= unit.words <= CAPTION_REPEAT_MAX_WORDS:
            continue
        if unit.text.count(". ") > 0 or '"' in unit.text or "“" in unit.text:
            continue  # more than one sentence, or a quote: not a caption
        for other, other_bag in zip(body, bags):
            if other is unit or other.words <= unit.words:
                continue
            if len(bag & other_bag) / len(bag) >= CAPTION_REPEAT_CONTAINMENT:
                unit.kind = "caption"
                break


def mark_tail(units: list[Unit], layout: Layout) -> None:
    """After the last paragraph of the story: author lines, outlet footers, promotion. A
    letter's signature stays."""
    signature = _signature(units)
    for unit in reversed(units):
        if unit.kind is not BODY or unit is signature:
            continue
        text = unit.text.strip()
        match = _AUTHOR_IN_PLACE.match(text)
        if match and unit.words <= 10:
            unit.kind = "byline"
            layout.byline = layout.byline or match.group("name")
            layout.dateline = layout.dateline or match.group("place")
        elif _is_promo(text):
            unit.kind = "promo"
        elif not is_prose(unit) and unit.words <= 8 and not _is_sentence(text):
            unit.kind = "footer"
        else:
            break


def _signature(units: Sequence[Unit]) -> Unit | None:
    """The signer's name line at the foot of a letter: after a complimentary close, or in
    capitals before the place and date of signing."""
    last = [u for u in units if u.text.strip() and u.kind in (BODY, "date")]
    for back in range(1, min(4, len(last)) + 1):
        unit = last[-back]
        text = " ".join(unit.text.split())
        after = last[len(last) - back + 1:]
        if not all(u.kind == "date" or (_SIGNING_PLACE.match(u.text.strip()) and u.words <= 10) for u in after):
            return None
        if unit.kind is not BODY or unit.words > 7:
            continue
        closed = back < len(last) and bool(_CLOSE.match(" ".join(last[-back - 1].text.split())))
        if _CAPS_NAME.match(text) and not text.startswith("THE ") and (closed or after):
            return unit
        if closed and _WRITTEN_NAME.match(text):
            return unit
    return None


def _is_sentence(text: str) -> bool:
    """A short closing line that is still a sentence of the story ("He declined to comment.")."""
    words = text.split()
    return (
        len(words) >= 3
        and bool(_SENTENCE_END.search(text))
        and (text[:1].isupper() or text[:1] in "\"“‘'")
        and sum(1 for w in words[1:] if w[:1].islower()) >= 2
    )


def _is_promo(text: str) -> bool:
    outside_quotes = _QUOTED.sub(" ", text)
    return bool(_PROMO.search(outside_quotes)) and bool(_FIRST_PERSON_PLURAL.search(outside_quotes))


def read_wire_dateline(units: list[Unit], layout: Layout) -> None:
    """"SEOUL, March 3 (Agency) — ..." at the start of the body gives place and outlet."""
    first = next((u for u in units if u.kind is BODY and is_prose(u)), None)
    if first is None:
        return
    match = _WIRE_DATELINE.match(first.text)
    if not match:
        return
    place = match.group("place")
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return
    layout.dateline = layout.dateline or place.title()
    if match.group("agency"):
        layout.outlet = layout.outlet or match.group("agency").strip()
    first.cut = match.end()  # the dateline is metadata, not the story


RULES: tuple[Callable[[list[Unit], Layout], None], ...] = (
    mark_patterns,
    mark_caption_pairs,
    mark_related_zones,
    mark_header,
    mark_repeats,
    mark_caption_repeats,
    mark_tail,
    read_wire_dateline,
    read_published,
)
