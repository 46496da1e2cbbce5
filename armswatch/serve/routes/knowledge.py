"""The knowledge base: weapon systems and treaties, with what the store holds about them."""

from __future__ import annotations

from typing import Any

from ...kb.cards import search_systems, system_row
from ...views import system_view, treaty_rows, treaty_view
from ..endpoints import Context, Endpoint, Param
from ..pagination import Page, paginate


def _systems(ctx: Context, args: dict[str, Any]) -> Page:
    found = search_systems(ctx.kb, text=args["search"], cls=args["class"], operator=args["operator"],
                           min_range_km=args["min_range_km"])
    return paginate([system_row(s) for s in found], lambda r: (r["id"],), after=args["after"], limit=args["limit"])


def _system(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    return system_view(ctx.store, ctx.kb, args["name"])


def _treaties(ctx: Context, args: dict[str, Any]) -> Page:
    rows = treaty_rows(ctx.kb, text=args["search"], kind=args["kind"])
    return paginate(rows, lambda r: (r["id"],), after=args["after"], limit=args["limit"])


def _treaty(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    return treaty_view(ctx.store, ctx.kb, args["name"])


_NAME = Param("name", "Any name or alias.", where="path", required=True)

ENDPOINTS = (
    Endpoint(
        "/api/systems", "listSystems", "Weapon systems in the knowledge base, by id", _systems, tag="knowledge base",
        params=(
            Param("search", "Any name or alias containing this text."),
            Param("class", "Class, e.g. GLCM, SRBM, SAM."),
            Param("operator", "ISO code of a state that fields it, e.g. RU."),
            Param("min_range_km", "Maximum range at least this many km.", "number", minimum=0),
        ),
        cursor=(str,), returns="Page",
    ),
    Endpoint(
        "/api/systems/{name}", "getSystem",
        "A system's card: aliases, class, range and its source, treaties, stored articles that mention it", _system,
        tag="knowledge base", params=(_NAME,), returns="object", errors=(400, 404),
    ),
    Endpoint(
        "/api/treaties", "listTreaties", "Treaties in the knowledge base, by id", _treaties, tag="knowledge base",
        params=(
            Param("search", "Any name or alias containing this text."),
            Param("kind", "Kind of instrument, e.g. treaty, resolution."),
        ),
        cursor=(str,), returns="Page",
    ),
    Endpoint(
        "/api/treaties/{name}", "getTreaty",
        "A treaty's scope, parties, obligations and dated events, with the treaty actions and allegations stored",
        _treaty, tag="knowledge base", params=(_NAME,), returns="object", errors=(400, 404),
    ),
)
