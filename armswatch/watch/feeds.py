"""Feeds and sitemaps: what links a watched URL lists, read safely.

Readable listings: RSS 2.0 (and RSS 1.0/RDF), Atom 1.0, sitemaps (`urlset`, with the
news extension's title and date) and sitemap indexes (`sitemapindex`). Anything else a
watched URL returns is an article page.

XML is parsed with the standard library's expat, refusing any document type declaration
or entity declaration: a feed never needs one, and refusing them closes the entity
expansion attacks ("billion laughs", external entities) without a new dependency.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlparse

from ..errors import InputError

ListingKind = Literal["rss", "rdf", "atom", "urlset", "sitemapindex"]

ATOM = "http://www.w3.org/2005/Atom"
_RSS1 = "http://purl.org/rss/1.0/"
_DC = "http://purl.org/dc/elements/1.1/"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
_ROOTS: dict[str, ListingKind] = {"rss": "rss", "RDF": "rdf", "feed": "atom", "urlset": "urlset", "sitemapindex": "sitemapindex"}
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml|<!--|<(?:rss|feed|urlset|sitemapindex|rdf:RDF)\b)")
_XML_TYPES = ("xml", "rss", "atom", "rdf")


@dataclass(frozen=True)
class Entry:
    """One article a listing links to."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) as the publisher stamped it
    mark: str | None = None  # the listing's own change stamp (updated, lastmod): a new value means refetch


@dataclass(frozen=True)
class Listing:
    kind: ListingKind
    entries: tuple[Entry, ...]
    sitemaps: tuple[str, ...] = ()  # a sitemap index's child sitemaps


class _Refused(Exception):
    pass


def looks_like_listing(data: bytes, content_type: str | None) -> bool:
    """Whether a response is XML to read as a feed or sitemap (else it is a page)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if "html" in kind:
        return False
    return bool(_XML_START.match(data[:512])) or any(word in kind for word in _XML_TYPES)


def parse_xml(data: bytes) -> ET.Element:
    """Parse XML bytes into an element tree; raise `InputError` for bad XML and for any
    DTD or entity declaration (entity expansion and external entities are never tried)."""
    builder = ET.TreeBuilder()
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise _Refused

    def name(raw: str) -> str:
        return "{" + raw if "}" in raw else raw

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = lambda tag, attrs: builder.start(name(tag), {name(k): v for k, v in attrs.items()})
    parser.EndElementHandler = lambda tag: builder.end(name(tag))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
        return builder.close()
    except _Refused:
        raise InputError("XML with a document type or entity declaration refused (feeds never need one)") from None
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)}, line {exc.lineno})") from None
    except AssertionError:  # TreeBuilder: unbalanced document (cannot happen after expat accepted it)
        raise InputError("not well-formed XML") from None


def parse_listing(data: bytes, base_url: str) -> Listing:
    """The entries of a feed or sitemap. Relative links are resolved against `base_url`;
    links that are not http(s) are dropped; each URL is listed once."""
    root = parse_xml(data)
    kind = _ROOTS.get(_local(root.tag))
    if kind is None:
        raise InputError(f"XML, but not a feed or sitemap (root element <{_local(root.tag)}>)")
    if kind == "sitemapindex":
        children = (_text(s, _SITEMAP, "loc") for s in _children(root, "sitemap"))
        return Listing(kind, (), tuple(_unique(_link(base_url, c) for c in children)))
    if kind == "atom":
        entries = [_atom_entry(e, base_url) for e in root.iter(f"{{{ATOM}}}entry")]
    elif kind == "urlset":
        entries = [_sitemap_entry(u, base_url) for u in _children(root, "url")]
    else:
        entries = [_rss_entry(i, base_url) for i in root.iter() if _local(i.tag) == "item"]
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry is not None and entry.url not in seen:
            seen.add(entry.url)
            kept.append(entry)
    return Listing(kind, tuple(kept))


def _rss_entry(item: ET.Element, base: str) -> Entry | None:
    ns = _RSS1 if item.tag.startswith(f"{{{_RSS1}}}") else ""
    link = _text(item, ns, "link")
    guid = item.find("guid")
    if not link and guid is not None and guid.get("isPermaLink", "true").lower() != "false":
        link = (guid.text or "").strip()
    url = _link(base, link)
    if url is None:
        return None
    stamp = _text(item, ns, "pubDate") or _text(item, _DC, "date")
    return Entry(url, _text(item, ns, "title"), iso_date(stamp), None)


def _atom_entry(entry: ET.Element, base: str) -> Entry | None:
    links = entry.findall(f"{{{ATOM}}}link")
    chosen = next((l for l in links if l.get("rel", "alternate") == "alternate" and l.get("href")), None)
    url = _link(base, chosen.get("href") if chosen is not None else None)
    if url is None:
        return None
    published = _text(entry, ATOM, "published")
    updated = _text(entry, ATOM, "updated")
    return Entry(url, _text(entry, ATOM, "title"), iso_date(published or updated), updated)


def _sitemap_entry(node: ET.Element, base: str) -> Entry | None:
    url = _link(base, _text(node, _SITEMAP, "loc") or _text(node, "", "loc"))
    if url is None:
        return None
    news = node.find(f"{{{_NEWS}}}news")
    title = _text(news, _NEWS, "title") if news is not None else None
    published = _text(news, _NEWS, "publication_date") if news is not None else None
    lastmod = _text(node, _SITEMAP, "lastmod") or _text(node, "", "lastmod")
    return Entry(url, title, iso_date(published or lastmod), lastmod)


def iso_date(stamp: str | None) -> str | None:
    """The date of an RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) time stamp, as
    YYYY-MM-DD in the publisher's own time zone; None when it is neither."""
    if not stamp:
        return None
    stamp = stamp.strip()
    try:
        return parsedate_to_datetime(stamp).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        match = re.match(r"(\d{4})-(\d\d)-(\d\d)", stamp)
        return "-".join(match.groups()) if match else None


def _children(root: ET.Element, local: str) -> list[ET.Element]:
    return [child for child in root if _local(child.tag) == local]


def _text(node: ET.Element | None, ns: str, local: str) -> str | None:
    if node is None:
        return None
    found = node.find(f"{{{ns}}}{local}" if ns else local)
    if found is None:
        return None
    text = " ".join("".join(found.itertext()).split())
    return text or None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _link(base: str, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    url, _ = urldefrag(urljoin(base, href.strip()))
    return url if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc else None


def _unique(urls: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for url in urls:
        if url and url not in out:
            out.append(url)
    return out
