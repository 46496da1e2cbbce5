"""Clean: turn a `SourceDoc` into a body (with offsets back to the source), the
boilerplate that was cut, and metadata."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from ..errors import CleanError
from ..models import Cleaned, Metadata, Removed, SourceDoc
from .dates import find_date, iso_date_prefix
from .frontmatter import AUTHOR_KEYS, DATE_KEYS, OUTLET_KEYS, TITLE_KEYS, URL_KEYS, FrontMatter, read_front_matter
from .headings import split_headings
from .html import extract_html
from .lang import detect_language
from .layout import BODY, Layout, Unit, classify, is_furniture_text, norm
from .markdown import is_rule, looks_like_markdown, strip_markdown
from .offsets import BodyBuilder, Run, cut_runs, span_to_source, to_source
from .text import split_units

__all__ = ["clean_document", "span_to_source", "to_source"]

_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_]?([01]\d)[-_]?([0-3]\d)(?!\d)")


def clean_document(doc: SourceDoc) -> Cleaned:
    """Separate the body of `doc` from its boilerplate and read its metadata.

    Raises `CleanError` when the document has no text at all. A body that the
    furniture rules would empty completely (a one-line statement, a wire flash) is
    kept whole, with a note.
    """
    outlet = url = html_title = html_byline = html_published = None
    front: FrontMatter | None = None
    removed: list[Removed] = []
    if doc.fmt == "html":
        extract = extract_html(doc.text)
        units = extract.units
        html_title, html_byline, outlet = extract.title, extract.byline, extract.outlet
        html_published, url = extract.published, extract.url
    else:
        front = read_front_matter(doc.text)
        start = front.end if front else 0
        if front:
            removed.append(Removed("front_matter", 0, front.end, doc.text[: front.end]))
        units = split_units(doc.text, start)
        if front or _is_markdown(doc, start):
            units, rules = _strip_markdown(units)
            removed.extend(Removed("markup", u.start, u.end, u.text) for u in rules)
    units = split_headings(units)
    known_title = doc.hints.title or html_title or (front.first(TITLE_KEYS) if front else None)
    layout = classify(units, has_title=doc.fmt == "html" or bool(known_title))
    if known_title:
        _drop_repeated_title(units, known_title)
    body, runs, cut = _assemble(units)
    removed.extend(cut)
    note = None
    if not body.strip():
        # A JSON Lines record's text is the article the export says it is; a page capture
        # of nothing but furniture by its own wording ("Menu", "Sign in", "Home | World")
        # is not an article.
        if not any(u.words for u in units):
            raise CleanError("no article body found (no text in the document)")
        if doc.fmt != "jsonl" and not any(u.words and not is_furniture_text(u.text) for u in units):
            raise CleanError("no article body found (everything looked like page furniture)")
        body, runs = _whole(units)
        removed = [r for r in removed if r.kind in ("front_matter", "markup")]
        note = "the furniture rules would have cut everything; the whole text was kept as the body"
    if not body.strip():
        raise CleanError("no article body found (no text in the document)")
    language, confidence = detect_language(body)
    published, published_from = _published(doc, layout, html_published, front)
    metadata = Metadata(
        title=known_title or layout.title,
        outlet=doc.hints.outlet or outlet or (front.first(OUTLET_KEYS, url=False) if front else None) or layout.outlet,
        byline=html_byline or (front.first(AUTHOR_KEYS) if front else None) or layout.byline,
        dateline=layout.dateline,
        published=published,
        published_from=published_from,
        url=doc.hints.url or url or (front.first(URL_KEYS, url=True) if front else None),
        corrections=tuple(layout.corrections),
        language=language,
        language_confidence=confidence,
        note=note,
    )
    return Cleaned(body=body, runs=runs, removed=tuple(removed), metadata=metadata)


def _is_markdown(doc: SourceDoc, start: int) -> bool:
    suffix = doc.location.rsplit(":", 1)[0].lower() if doc.fmt == "jsonl" else doc.location.lower()
    return suffix.endswith((".md", ".markdown")) or looks_like_markdown(doc.text[start:])


def _strip_markdown(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """(units without markup, horizontal rules)."""
    kept: list[Unit] = []
    rules: list[Unit] = []
    for unit in units:
        if is_rule(unit):
            rules.append(unit)
            continue
        stripped = strip_markdown(unit)
        if stripped.text:
            kept.append(stripped)
        else:
            rules.append(unit)
    return kept, rules


def _assemble(units: list[Unit]) -> tuple[str, tuple[Run, ...], list[Removed]]:
    """The body from the units left unlabelled, and what the labels cut."""
    builder = BodyBuilder()
    removed: list[Removed] = []
    for unit in units:
        if unit.kind is BODY:
            if unit.cut:
                head = unit.text[: unit.cut]
                removed.append(Removed("dateline", unit.start, unit.start + len(head), head))
                builder.add(unit.text[unit.cut :], cut_runs(unit.runs, unit.cut))
            else:
                builder.add(unit.text, unit.runs)
        else:
            removed.append(Removed(unit.kind, unit.start, unit.end, unit.text))
    body, runs = builder.build()
    return body, runs, removed


def _whole(units: list[Unit]) -> tuple[str, tuple[Run, ...]]:
    """Every unit as body: what a document the rules would empty keeps."""
    builder = BodyBuilder()
    for unit in units:
        if unit.text.strip():
            builder.add(unit.text, unit.runs)
    return builder.build()


def _drop_repeated_title(units: list[Unit], title: str) -> None:
    """The first body unit when it repeats the known headline (a markdown `#` heading may
    give it shortened)."""
    wanted = norm(title)
    for unit in units:
        if unit.kind is BODY:
            found = norm(unit.text)
            if found == wanted or (unit.heading and found and wanted.startswith(found)):
                unit.kind = "title"
            return


def _published(
    doc: SourceDoc, layout: Layout, html_published: str | None, front: FrontMatter | None
) -> tuple[str | None, str | None]:
    hinted = iso_date_prefix(doc.hints.published)
    if hinted:
        return hinted, "hint"
    if html_published:
        return html_published, "meta"
    front_date = iso_date_prefix(front.first(DATE_KEYS)) if front else None
    if front_date:
        return front_date, "meta"
    if layout.published:
        return layout.published, "text"
    name = unquote(urlparse(doc.source_key).path.rsplit("/", 1)[-1])
    match = _FILENAME_DATE.search(name)
    if match:
        found = find_date("-".join(match.groups()))
        if found:
            return found[0], "filename"
    return None, None
