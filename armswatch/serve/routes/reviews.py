"""Reviews, read side: every review in the order it reached the store (open, like all reads)."""

from __future__ import annotations

from typing import Any

from ...store.reviews import KINDS, list_reviews
from ..endpoints import Context, Endpoint, Param
from ..pagination import Page, page_of


def _reviews(ctx: Context, args: dict[str, Any]) -> Page:
    after = args["after"][0] if args["after"] else None
    found = list_reviews(ctx.store, kind=args["kind"], article_id=args["article"], reviewer=args["reviewer"],
                         after=after, limit=args["limit"] + 1)
    items, cursor = page_of([(r, (r["seq"],)) for r in found], args["limit"])
    return Page(items, cursor)


ENDPOINTS = (
    Endpoint(
        "/api/reviews", "listReviews",
        "Reviews of extracted records (confirm, reject, correct), oldest first: who, when, before, after, comment",
        _reviews, tag="reviews",
        params=(
            Param("kind", "Only reviews of this kind of record.", enum=KINDS),
            Param("article", "Only reviews made on this article (full id)."),
            Param("reviewer", "Only this reviewer's reviews."),
        ),
        description="Append-only: a later review of the same record is in force; earlier ones stay. POST here "
                    "(with a token) to add one.",
        cursor=(int,), returns="Page",
    ),
)
