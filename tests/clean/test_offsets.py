"""Every body character maps back to the same character of the source text."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from armswatch.clean import clean_document, span_to_source, to_source
from armswatch.clean.offsets import BodyBuilder, runs_from_char_map
from armswatch.ingest import read_path
from armswatch.models import SourceDoc

from .test_layout import CAPTURE, clean

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*"))

HTML = """<!DOCTYPE html><html><head><title>T</title>
<meta property="og:title" content="Arrow 3 interceptors ordered">
<meta property="article:published_time" content="2024-11-05T08:00:00Z">
<meta property="og:site_name" content="Test Defence Review"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Arrow 3 interceptors ordered</h1>
<p>Germany&#8217;s defence ministry said on Tuesday that the Arrow&nbsp;3 system would protect
 its territory from 2025, after parliament approved the &amp; purchase of interceptors and radars.</p>
<p>The system is designed to destroy <b>ballistic missiles</b> above the atmosphere, the ministry said,
 and will be operated by the air force from three sites in the north, centre and south of the country.</p>
<p>Officials said the first batteries had been delivered ahead of schedule and that crews were training.</p>
</article><aside><h3>Related</h3><ul><li><a href="/x">Other story</a></li></ul></aside>
<footer>&copy; 2024 Test Defence Review</footer></body></html>"""


def same_char(source: str, where: int, char: str) -> bool:
    """The source character, or the HTML entity starting there, reads as `char`."""
    found = source[where]
    if found == "&" and ";" in source[where : where + 12]:
        found = html.unescape(source[where : source.index(";", where) + 1])
    return found == char or (char == " " and found.isspace())


def check_round_trip(body: str, runs: tuple[tuple[int, int, int], ...], source: str) -> int:
    mapped = 0
    for i, char in enumerate(body):
        where = to_source(runs, i)
        if where is None:
            continue
        assert same_char(source, where, char), (i, char, source[where : where + 8])
        mapped += 1
    return mapped


def test_text_capture_round_trips() -> None:
    cleaned = clean(CAPTURE)
    mapped = check_round_trip(cleaned.body, cleaned.runs, CAPTURE)
    separators = cleaned.body.count("\n\n") * 2
    assert mapped == len(cleaned.body) - separators


def test_span_to_source() -> None:
    cleaned = clean(CAPTURE)
    start = cleaned.body.index("two batteries of Bal")
    end = start + len("two batteries of Bal")
    src = span_to_source(cleaned.runs, start, end)
    assert src is not None and CAPTURE[src[0] : src[1]] == "two batteries of Bal"


def test_html_body_round_trips_through_entities() -> None:
    doc = SourceDoc("file:///p.html", "p.html", "html", HTML.encode(), HTML, "utf-8", "h")
    cleaned = clean_document(doc)
    assert "Germany’s defence ministry" in cleaned.body and "Arrow 3" in cleaned.body
    assert "Home" not in cleaned.body and "Other story" not in cleaned.body
    assert cleaned.metadata.published == "2024-11-05"
    assert cleaned.metadata.outlet == "Test Defence Review"
    mapped = check_round_trip(cleaned.body, cleaned.runs, HTML)
    assert mapped >= len(cleaned.body) - cleaned.body.count("\n\n") * 2
    apostrophe = cleaned.body.index("’")
    where = to_source(cleaned.runs, apostrophe)
    assert where is not None and HTML[where : where + 7] == "&#8217;"


def test_malformed_html_does_not_crash() -> None:
    broken = (
        "<html><body><div><p>Russia said the S-300 battery was moved to the border region near the lake"
        "<p>Officials in the capital declined to say how long the launchers would stay there &amp; why"
        "<div><b>Satellite images showed at least six vehicles at the site on Monday, analysts said"
    )
    doc = SourceDoc("file:///b.html", "b.html", "html", broken.encode(), broken, "utf-8", "b")
    cleaned = clean_document(doc)
    assert "S-300 battery" in cleaned.body and "launchers would stay" in cleaned.body
    check_round_trip(cleaned.body, cleaned.runs, broken)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_shipped_sample_round_trips(path: Path) -> None:
    for doc in read_path(path, max_file_bytes=8_000_000):
        assert isinstance(doc, SourceDoc), doc
        cleaned = clean_document(doc)
        assert cleaned.body.strip()
        check_round_trip(cleaned.body, cleaned.runs, doc.text)


def test_runs_helpers() -> None:
    assert runs_from_char_map([5, 6, None, 9, 10]) == [(0, 5, 2), (3, 9, 2)]
    # an entity's replacement characters all map to its first source character: runs of one
    assert runs_from_char_map([3, 3, 3, 4, 5, 8, None, None, 9]) == [(0, 3, 1), (1, 3, 1), (2, 3, 3), (5, 8, 1), (8, 9, 1)]
    assert runs_from_char_map([]) == [] and runs_from_char_map([None]) == []
    builder = BodyBuilder()
    builder.add("ab", [(0, 10, 2)])
    builder.add("cd", [(0, 20, 2)])
    body, runs = builder.build()
    assert body == "ab\n\ncd" and runs == ((0, 10, 2), (4, 20, 2))
    assert [to_source(runs, i) for i in range(6)] == [10, 11, None, None, 20, 21]
