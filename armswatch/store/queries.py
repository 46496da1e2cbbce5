"""Read-only queries for listing and searching articles, one page at a time.

Pages are keyset pages: a page starts strictly after the sort key of the last row
of the previous page, so rows added meanwhile never shift a page, and no row is
seen twice or skipped while paging through a store that does not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .pg_search import search_postgres
from .sqlite import _ARTICLE_COLUMNS, Store, _article
from ..models import Article

# Snippet markers: control characters never reach a stored body or title (ingest replaces
# them one for one with U+FFFD), so they cannot be confused with the text itself.
_OPEN, _CLOSE = "\x02", "\x03"
SNIPPET_TOKENS = 24  # words around the best match, as search pages commonly show


@dataclass(frozen=True)
class ArticleFilters:
    """What `list_articles` keeps: every filter given must hold."""

    since: str | None = None  # published on or after (ISO date or prefix)
    until: str | None = None  # published on or before
    outlet: str | None = None  # exact, case-insensitive
    language: str | None = None
    system: str | None = None  # KB id of a system the article mentions
    extracted: bool | None = None


def list_articles(
    store: Store, filters: ArticleFilters | None = None, *, after: tuple[str, str] | None = None, limit: int = 50,
) -> list[tuple[Article, tuple[str, str]]]:
    """Up to `limit` articles in ingest order (ingested_at, id), each with its sort key.

    `after` is the sort key of the last article already seen.
    """
    filters = filters or ArticleFilters()
    sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE 1=1"
    params: list[Any] = []
    if filters.since:
        sql += " AND a.published >= ?"
        params.append(filters.since)
    if filters.until:
        sql += " AND a.published <= ? || '~'"  # "2024-06" takes in every day of June
        params.append(filters.until)
    if filters.outlet:
        sql += " AND a.outlet = ? COLLATE NOCASE"
        params.append(filters.outlet)
    if filters.language:
        sql += " AND a.language = ?"
        params.append(filters.language)
    if filters.extracted is not None:
        sql += " AND a.extracted = ?"
        params.append(int(filters.extracted))
    if filters.system:
        sql += " AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.kind = 'system' AND m.label = ?)"
        params.append(filters.system)
    if after is not None:
        sql += " AND (a.ingested_at, a.id) > (?, ?)"
        params.extend(after)
    sql += " ORDER BY a.ingested_at, a.id LIMIT ?"
    params.append(limit)
    out = []
    for row in store.db.execute(sql, params):
        article = _article(row)
        out.append((article, (article.ingested_at, article.id)))
    return out


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str | None
    published: str | None
    outlet: str | None
    score: float  # bm25 (PostgreSQL: minus ts_rank): lower is a better match
    snippet: str  # plain text around the best match
    highlights: tuple[tuple[int, int], ...]  # [start, end) of each matched term in `snippet`
    key: tuple[float, int]  # the keyset sort key (score, index row)


def match_expression(text: str) -> str:
    """An FTS5 query from what a person typed: every word must occur; a word ending in `*`
    matches as a prefix; FTS5 operators and quotes are taken as plain text.

    >>> match_expression("iskander brigade* OR")
    '"iskander" "brigade"* "OR"'
    """
    terms = []
    for word in text.split():
        prefix = word.endswith("*") and len(word) > 1
        word = word.rstrip("*") if prefix else word
        if word:
            terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(terms)


def search_articles(store: Store, text: str, *, after: tuple[float, int] | None = None, limit: int = 50) -> list[SearchHit]:
    """Articles whose title or body holds every word of `text`, best match first, with a
    snippet of the body around the match and where the matched words are in it."""
    if store.dialect == "postgres":
        return [SearchHit(*hit) for hit in search_postgres(store, text, after=after, limit=limit, snippet_tokens=SNIPPET_TOKENS)]
    expression = match_expression(text)
    if not expression:
        return []
    # The page first (bm25 only), then snippets for its rows alone: a snippet costs far more
    # than a score, and a common word matches most of the store.
    sql = "SELECT rowid, bm25(article_search) AS score FROM article_search WHERE article_search MATCH ?"
    params: list[Any] = [expression]
    if after is not None:
        sql += " AND (bm25(article_search), rowid) > (?, ?)"
        params.extend(after)
    sql += " ORDER BY score, rowid LIMIT ?"
    params.append(limit)
    page = store.db.execute(sql, params).fetchall()
    if not page:
        return []
    marks = ",".join("?" * len(page))
    rows = {
        row[0]: row[1:]
        for row in store.db.execute(
            "SELECT s.rowid, s.article_id, a.title, a.published, a.outlet,"
            f" snippet(article_search, 2, char(2), char(3), '…', {SNIPPET_TOKENS})"
            f" FROM article_search s JOIN articles a ON a.id = s.article_id"
            f" WHERE article_search MATCH ? AND s.rowid IN ({marks})",
            [expression, *(r[0] for r in page)],
        )
    }
    hits = []
    for row, score in page:
        article_id, title, published, outlet, marked = rows[row]
        snippet, highlights = _unmark(marked)
        hits.append(SearchHit(article_id, title, published, outlet, score, snippet, highlights, (score, row)))
    return hits


_MARK = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.S)


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Take the markers out of a snippet; return the plain text and the marked ranges."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    position, length = 0, 0
    for match in _MARK.finditer(marked):
        out.append(marked[position : match.start()])
        length += match.start() - position
        spans.append((length, length + len(match.group(1))))
        out.append(match.group(1))
        length += len(match.group(1))
        position = match.end()
    out.append(marked[position:])
    return "".join(out), tuple(spans)
