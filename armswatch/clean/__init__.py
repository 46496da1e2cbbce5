"""Clean: turn a `SourceDoc` into a body (with offsets back to the source), the
boilerplate that was cut, and metadata."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from ..errors import CleanError
from ..models import Cleaned, Metadata, Removed, SourceDoc
from .dates import find_date, iso_date_prefix
from .html import extract_html
from .lang import detect_language
from .layout import BODY, Layout, Unit, classify
from .offsets import BodyBuilder, cut_runs, span_to_source, to_source
from .text import split_units

__all__ = ["clean_document", "span_to_source", "to_source"]

_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_]?([01]\d)[-_]?([0-3]\d)(?!\d)")


def clean_document(doc: SourceDoc) -> Cleaned:
    """Separate the body of `doc` from its boilerplate and read its metadata.

    Raises `CleanError` when nothing of the document is left as a body.
    """
    outlet = url = html_title = html_byline = html_published = None
    if doc.fmt == "html":
        extract = extract_html(doc.text)
        units = extract.units
        html_title, html_byline, outlet = extract.title, extract.byline, extract.outlet
        html_published, url = extract.published, extract.url
    else:
        units = split_units(doc.text)
    layout = classify(units, has_title=doc.fmt == "html")
    if html_title:
        _drop_repeated_title(units, html_title)
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
    if not body.strip():
        raise CleanError("no article body found (everything looked like page furniture)")
    language, confidence = detect_language(body)
    published, published_from = _published(doc, layout, html_published)
    metadata = Metadata(
        title=doc.hints.title or html_title or layout.title,
        outlet=doc.hints.outlet or outlet or layout.outlet,
        byline=html_byline or layout.byline,
        dateline=layout.dateline,
        published=published,
        published_from=published_from,
        url=doc.hints.url or url,
        corrections=tuple(layout.corrections),
        language=language,
        language_confidence=confidence,
    )
    return Cleaned(body=body, runs=runs, removed=tuple(removed), metadata=metadata)


def _drop_repeated_title(units: list[Unit], title: str) -> None:
    for unit in units:
        if unit.kind is BODY:
            if unit.text.strip() == title.strip():
                unit.kind = "title"
            return


def _published(doc: SourceDoc, layout: Layout, html_published: str | None) -> tuple[str | None, str | None]:
    hinted = iso_date_prefix(doc.hints.published)
    if hinted:
        return hinted, "hint"
    if html_published:
        return html_published, "meta"
    if layout.published:
        return layout.published, "text"
    name = unquote(urlparse(doc.source_key).path.rsplit("/", 1)[-1])
    match = _FILENAME_DATE.search(name)
    if match:
        found = find_date("-".join(match.groups()))
        if found:
            return found[0], "filename"
    return None, None
