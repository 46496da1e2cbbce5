"""Extracted records across articles: claims, the deployments ledger, timelines."""

from __future__ import annotations

from typing import Any

from ...extract.stance import STANCES
from ...ledger import STATUS_ORDER
from ...views import assertion_key, claims_view, deployments_page, timeline, timeline_key
from ..endpoints import ISO_DATE, Context, Endpoint, Param
from ..pagination import Page, encode_cursor, paginate


def _claims(ctx: Context, args: dict[str, Any]) -> Page:
    rows = claims_view(ctx.store, ctx.kb, speaker=args["speaker"], stance=args["stance"], about=args["about"],
                       article_id=args["article"])
    return paginate(rows, lambda c: (c["published"] or "", c["article_id"], c["start"], c["id"]),
                    after=args["after"], limit=args["limit"])


def _deployments(ctx: Context, args: dict[str, Any]) -> Page:
    items, more = deployments_page(ctx.store, ctx.kb, after=args["after"], limit=args["limit"], system=args["system"],
                                   by=args["by"], near=args["near"], km=args["km"], status=args["status"],
                                   since=args["since"])  # as paginate(deployments_view(...), assertion_key) would
    return Page([a.as_dict() for a in items], encode_cursor(assertion_key(items[-1])) if more and items else None)


def _timeline(ctx: Context, args: dict[str, Any]) -> Page:
    events = timeline(ctx.store, ctx.kb, args["name"])
    page = paginate(events, timeline_key, after=args["after"], limit=args["limit"])
    return Page(page.items, page.next, {"name": args["name"]})


ENDPOINTS = (
    Endpoint(
        "/api/claims", "listClaims", "Attributed statements: speaker, stance, target, cited sources, evidence spans",
        _claims,
        params=(
            Param("speaker", "Resolved speaker (name, ISO code, 'nato') or words of it."),
            Param("stance", "The claim's stance.", enum=STANCES),
            Param("about", "A system or treaty the claim is about (any alias)."),
            Param("article", "Only the claims of this article (full id)."),
        ),
        cursor=(str, str, int, int), returns="Page",
    ),
    Endpoint(
        "/api/deployments", "listDeployments",
        "The deployments ledger: one assertion per state, system and place, merged across sources, newest first",
        _deployments,
        params=(
            Param("system", "A weapon system (any alias)."),
            Param("by", "Holding state: ISO code or any name."),
            Param("near", "A site or place name; with km."),
            Param("km", "Radius around near, in km.", "number", minimum=0, maximum=20_100, default=100.0),
            Param("status", "Latest reported status.", enum=STATUS_ORDER),
            Param("since", "Last reported on or after this date.", pattern=ISO_DATE),
        ),
        cursor=(str, str, str, str), returns="Page",
    ),
    Endpoint(
        "/api/timeline/{name}", "getTimeline", "Deployment reports and claims about a system or a place, oldest first",
        _timeline,
        params=(Param("name", "A weapon system (any alias) or words of a place name.", where="path", required=True),),
        cursor=(str, str, int), returns="Page", errors=(400, 404),
    ),
)
