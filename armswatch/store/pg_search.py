"""Full-text search on PostgreSQL, with the query semantics and result shape of the FTS5 search.

The same query language as `match_expression`: every word must occur, in the title or the
body; a word ending in `*` matches as a prefix; a word that folds into several (`S-400`)
must occur as that phrase; operators and quotes are plain text. Words are folded by the
database's `armswatch_fold` (pg_migrations.m007), as the stored text was.

What differs from FTS5, honestly:
- the score is minus `ts_rank` (lower is still better, ties broken by row), not bm25, so
  the order of hits of similar relevance can differ between the back ends;
- the snippet is cut here, in Python, from the body: the window of `SNIPPET_TOKENS` words
  holding the most distinct query words (the earliest on a tie), `…` where it does not
  reach the body's start or end. FTS5 scores windows a little differently, so the window
  can start a few words elsewhere; the highlighted ranges are exact offsets in the snippet;
- a phrase can match across the end of the title and the start of the body.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .sqlite import Store

# (article_id, title, published, outlet, score, snippet, highlights, (score, row)): a SearchHit's fields
Hit = tuple[str, "str | None", "str | None", "str | None", float, str, tuple[tuple[int, int], ...], tuple[float, int]]

_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits, as FTS5's unicode61 tokenizer cuts them


def search_postgres(
    store: Store, text: str, *, after: tuple[float, int] | None, limit: int, snippet_tokens: int,
) -> list[Hit]:
    """The fields of each hit of a page, best first (queries.search_articles makes them SearchHits)."""
    terms = _terms(store, text)
    if not terms:
        return []
    query = " & ".join(_tsquery_term(words, prefix) for words, prefix in terms)
    sql = (
        "WITH q AS (SELECT to_tsquery('simple', ?) AS q) "
        "SELECT s.rowid, (-ts_rank(s.words, q.q))::float8 AS score, s.article_id, a.title, a.published, a.outlet, s.body "
        "FROM article_search s JOIN articles a ON a.id = s.article_id, q WHERE s.words @@ q.q"
    )
    params: list[Any] = [query]
    if after is not None:
        sql += " AND ((-ts_rank(s.words, q.q))::float8, s.rowid) > (?, ?)"
        params.extend(after)
    sql += " ORDER BY score, s.rowid LIMIT ?"
    params.append(limit)
    hits = []
    for row, score, article_id, title, published, outlet, body in store.db.execute(sql, params).fetchall():
        snippet, highlights = snippet_of(body, terms, snippet_tokens)
        hits.append((article_id, title, published, outlet, float(score), snippet, highlights, (float(score), row)))
    return hits


def _terms(store: Store, text: str) -> list[tuple[tuple[str, ...], bool]]:
    """Each typed word as (its folded words, prefix?), folded by the database."""
    typed = []
    for word in text.split():
        prefix = word.endswith("*") and len(word) > 1
        word = word.rstrip("*") if prefix else word
        if word:
            typed.append((word, prefix))
    if not typed:
        return []
    folded = store.db.execute(
        "SELECT armswatch_fold(w) FROM unnest(?::text[]) WITH ORDINALITY AS t (w, i) ORDER BY i", ([w for w, _ in typed],)
    ).fetchall()
    terms = [(tuple(row[0].split()), prefix) for row, (_, prefix) in zip(folded, typed)]
    return [(words, prefix) for words, prefix in terms if words]


def _tsquery_term(words: tuple[str, ...], prefix: bool) -> str:
    quoted = [f"'{w}'" for w in words]  # folded words are letters and digits only
    if prefix:
        quoted[-1] += ":*"
    return "(" + " <-> ".join(quoted) + ")"


def fold(word: str) -> str:
    """A body word as the search folds it (lower case, accents off), for the snippet."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def snippet_of(
    body: str, terms: list[tuple[tuple[str, ...], bool]], size: int,
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The window of `size` body words with the most distinct query terms, and where the
    matched words are in it."""
    words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(body)]
    matches: list[tuple[int, int, int]] = []  # (first word, last word, term)
    for i in range(len(words)):
        for t, (phrase, prefix) in enumerate(terms):
            last = i + len(phrase) - 1
            if last < len(words) and all(
                words[i + k][2] == w or (prefix and k == len(phrase) - 1 and words[i + k][2].startswith(w))
                for k, w in enumerate(phrase)
            ):
                matches.append((i, last, t))
    if not words:
        return "", ()
    best_start, best = 0, (-1, -1)
    latest = max(0, len(words) - size)  # a window never runs past the last word
    for start in sorted({min(latest, max(0, m[0] - 2)) for m in matches} or {0}):
        inside = [m for m in matches if m[0] >= start and m[1] < start + size]
        score = (len({m[2] for m in inside}), len(inside))
        if score > best:
            best_start, best = start, score
    first, last = best_start, min(len(words), best_start + size) - 1
    lead = "…" if first > 0 else ""
    tail = "…" if last < len(words) - 1 else ""
    origin = words[first][0] if lead else 0  # the whole start or end of a body, punctuation and all
    text = lead + body[origin : words[last][1] if tail else len(body)].strip() + tail
    origin += len(body[origin:]) - len(body[origin:].lstrip())
    spans = tuple(
        (len(lead) + words[a][0] - origin, len(lead) + words[b][1] - origin)
        for a, b, _ in matches if a >= first and b <= last
    )
    return text, spans
