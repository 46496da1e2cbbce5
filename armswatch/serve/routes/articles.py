"""Articles: the list, one article with every record and its span, and full-text search."""

from __future__ import annotations

from typing import Any

from ...store.queries import ArticleFilters, list_articles, search_articles
from ...views import article_json, article_view
from ..endpoints import ISO_DATE, Context, Endpoint, Param
from ..errors import BadRequest
from ..pagination import Page, page_of


def _list(ctx: Context, args: dict[str, Any]) -> Page:
    system = ctx.kb.resolve(args["system"], "system").id if args["system"] else None
    filters = ArticleFilters(since=args["since"], until=args["until"], outlet=args["outlet"],
                             language=args["language"], system=system, extracted=args["extracted"])
    rows = list_articles(ctx.store, filters, after=args["after"], limit=args["limit"] + 1)
    items, cursor = page_of([(article_json(a), key) for a, key in rows], args["limit"])
    return Page(items, cursor)


def _one(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    return article_view(ctx.store, args["id"])


def _search(ctx: Context, args: dict[str, Any]) -> Page:
    if not any(w.strip("*") for w in args["q"].split()):
        raise BadRequest("'q' must hold at least one word")
    hits = search_articles(ctx.store, args["q"], after=args["after"], limit=args["limit"] + 1)
    rows = [({"article_id": h.article_id, "title": h.title, "published": h.published, "outlet": h.outlet,
              "score": h.score, "snippet": h.snippet, "highlights": [list(s) for s in h.highlights]}, h.key)
            for h in hits]
    items, cursor = page_of(rows, args["limit"])
    return Page(items, cursor, {"q": args["q"]})


ENDPOINTS = (
    Endpoint(
        "/api/articles", "listArticles", "Stored articles in ingest order (metadata, no body)", _list, tag="articles",
        params=(
            Param("since", "Published on or after this date.", pattern=ISO_DATE),
            Param("until", "Published on or before this date (a month or year takes all of it).", pattern=ISO_DATE),
            Param("outlet", "Outlet, as stored (case-insensitive)."),
            Param("language", "Language code, e.g. en."),
            Param("system", "Only articles that mention this weapon system (any alias)."),
            Param("extracted", "Only articles the NLP stage did (true) or did not (false) run on.", "boolean"),
        ),
        cursor=(str, str), returns="ArticlePage",
    ),
    Endpoint(
        "/api/articles/{id}", "getArticle",
        "One article: metadata, body, mentions, sentences, and every extracted record with its span", _one,
        tag="articles", params=(Param("id", "An article id, or a prefix of 6 or more characters.", where="path",
                                      required=True),),
        description="Offsets (`start`, `end`, `span`) index the body in Unicode code points. Text is returned as "
                    "JSON strings, exactly as stored: nothing is rendered as HTML.",
        returns="Article", errors=(400, 404),
    ),
    Endpoint(
        "/api/search", "searchArticles", "Full-text search over titles and bodies, best match first", _search,
        tag="articles",
        params=(Param("q", "Words that must all occur; a word ending in * matches as a prefix.", required=True),),
        description="Each hit has a plain-text `snippet` of the body around the match and `highlights`, the "
                    "[start, end) offsets of the matched words in the snippet.",
        cursor=(float, int), returns="SearchPage",
    ),
)
