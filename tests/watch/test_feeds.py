"""Feeds and sitemaps: what a listing links to, and XML that is refused."""

from __future__ import annotations

import pytest

from armswatch.errors import InputError
from armswatch.watch.feeds import iso_date, looks_like_listing, parse_listing, parse_xml

BASE = "http://127.0.0.1:9/news/feed.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk</title>
 <item><title>Battery moved north</title><link>/news/battery-moved</link>
  <pubDate>Tue, 04 Mar 2025 21:30:00 -0500</pubDate></item>
 <item><title>Talks resume</title><guid>http://127.0.0.1:9/news/talks#top</guid></item>
 <item><title>No link here</title><guid isPermaLink="false">tag:desk,2025:7</guid></item>
 <item><title>Mail me</title><link>mailto:desk@example.org</link></item>
 <item><title>Battery moved north (again)</title><link>/news/battery-moved</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Statements</title><id>urn:x</id>
 <updated>2025-05-02T10:00:00Z</updated>
 <entry><title>Statement on the launch</title><id>urn:1</id>
  <link rel="alternate" type="text/html" href="http://127.0.0.1:9/statements/1"/>
  <link rel="enclosure" href="http://127.0.0.1:9/statements/1.pdf"/>
  <published>2025-05-01T23:10:00+09:00</published><updated>2025-05-02T08:00:00Z</updated></entry>
 <entry><title>Readout</title><id>urn:2</id><link href="readout"/><updated>2025-04-30T12:00:00Z</updated></entry>
</feed>"""

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>http://127.0.0.1:9/a/1</loc><lastmod>2025-02-01</lastmod>
  <news:news><news:title>Drill in the strait</news:title>
   <news:publication_date>2025-01-31T18:00:00+00:00</news:publication_date></news:news></url>
 <url><loc>http://127.0.0.1:9/a/2</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>http://127.0.0.1:9/sitemap-1.xml</loc></sitemap>
 <sitemap><loc>/sitemap-2.xml</loc></sitemap>
</sitemapindex>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title><link>http://127.0.0.1:9/x</link></item></channel></rss>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&secret;</title><link>http://127.0.0.1:9/x</link></item></channel></rss>"""


def test_rss_items_with_relative_links_guids_and_dates() -> None:
    listing = parse_listing(RSS, BASE)
    assert listing.kind == "rss"
    assert [e.url for e in listing.entries] == [
        "http://127.0.0.1:9/news/battery-moved",  # relative link resolved, listed once
        "http://127.0.0.1:9/news/talks",  # a permalink guid stands in for the link; fragment dropped
    ]
    first = listing.entries[0]
    assert (first.title, first.published) == ("Battery moved north", "2025-03-04")  # the publisher's own day


def test_atom_entries_take_the_alternate_link_and_the_updated_stamp() -> None:
    listing = parse_listing(ATOM, "http://127.0.0.1:9/statements/feed")
    assert listing.kind == "atom"
    [one, two] = listing.entries
    assert (one.url, one.published, one.mark) == ("http://127.0.0.1:9/statements/1", "2025-05-01", "2025-05-02T08:00:00Z")
    assert (two.url, two.title, two.published) == ("http://127.0.0.1:9/statements/readout", "Readout", "2025-04-30")


def test_sitemaps_and_sitemap_indexes() -> None:
    urlset = parse_listing(URLSET, "http://127.0.0.1:9/sitemap.xml")
    assert urlset.kind == "urlset"
    assert [(e.url, e.title, e.published, e.mark) for e in urlset.entries] == [
        ("http://127.0.0.1:9/a/1", "Drill in the strait", "2025-01-31", "2025-02-01"),
        ("http://127.0.0.1:9/a/2", None, None, None),
    ]
    index = parse_listing(INDEX, "http://127.0.0.1:9/sitemap.xml")
    assert index.kind == "sitemapindex" and index.entries == ()
    assert index.sitemaps == ("http://127.0.0.1:9/sitemap-1.xml", "http://127.0.0.1:9/sitemap-2.xml")


def test_rss_1_rdf() -> None:
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <item rdf:about="http://127.0.0.1:9/r/1"><title>Test window announced</title>
      <link>http://127.0.0.1:9/r/1</link><dc:date>2024-11-20T09:00:00Z</dc:date></item></rdf:RDF>"""
    [entry] = parse_listing(rdf, BASE).entries
    assert (entry.url, entry.title, entry.published) == ("http://127.0.0.1:9/r/1", "Test window announced", "2024-11-20")


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused_before_any_expansion(data: bytes) -> None:
    with pytest.raises(InputError, match="document type or entity declaration refused"):
        parse_xml(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<rss><channel><item><link>http://x/</link></channel></rss>", "not well-formed XML"),
        (RSS[: len(RSS) // 2], "not well-formed XML"),  # truncated
        (b"<?xml version='1.0'?><html><body>hi</body></html>", "not a feed or sitemap"),
    ],
)
def test_bad_xml_gives_a_one_line_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        parse_listing(data, BASE)
    assert "\n" not in str(caught.value)


def test_what_is_read_as_a_listing() -> None:
    assert looks_like_listing(RSS, "application/rss+xml")
    assert looks_like_listing(ATOM, None)
    assert looks_like_listing(b"\xef\xbb\xbf  <urlset>", "application/octet-stream")
    assert not looks_like_listing(b"<!doctype html><html></html>", "text/html")
    assert not looks_like_listing(b"<?xml version='1.0'?><html/>", "text/html; charset=utf-8")
    assert not looks_like_listing(b"Plain words about a treaty.", "text/plain")


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Mon, 06 Jan 2025 23:15:00 GMT", "2025-01-06"),
        ("2025-01-06T23:15:00-08:00", "2025-01-06"),
        ("2025-01-06", "2025-01-06"),
        ("2025-01-06T23:15:00.123456Z", "2025-01-06"),
        ("sometime last week", None),
        (None, None),
    ],
)
def test_iso_date(stamp: str | None, expected: str | None) -> None:
    assert iso_date(stamp) == expected
