"""The page routes: query strings checked with the API's parameter rules, data from
`data.py`, HTML from the templates beside this file. Errors are HTML pages here, not JSON."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ...errors import ArticleNotFound, NotInKnowledgeBase
from ...extract.stance import STANCES
from ...kb import KnowledgeBase
from ...ledger import STATUS_ORDER
from ...store import Store
from ..endpoints import ISO_DATE, Param
from ..errors import BadRequest
from . import data
from .exports import FORMATS, export

HERE = Path(__file__).parent
# Files served from node_modules, by URL folder: only these folders, nothing else of node_modules.
VENDOR = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "topojson": "topojson-client/dist",
    "world-atlas": "world-atlas",
}

_LEDGER_PARAMS = (
    Param("system", "A weapon system (any alias)."),
    Param("by", "Holding state."),
    Param("status", "Latest status.", enum=STATUS_ORDER),
    Param("since", "Last reported on or after.", pattern=ISO_DATE),
    Param("until", "First reported on or before.", pattern=ISO_DATE),
    Param("sort", "Column.", enum=tuple(c for c, _ in data.LEDGER_COLUMNS)),
    Param("dir", "Order.", enum=("asc", "desc")),
)
_CLAIM_PARAMS = (
    Param("speaker", "Speaker."), Param("stance", "Stance.", enum=STANCES), Param("about", "System or treaty."),
    Param("article", "Article id."), Param("page", "Page.", "integer", minimum=0, maximum=100_000),
)


class _Vendor(StaticFiles):
    """Files of one npm package; a 404 (not a 500) while `npm ci` has not been run."""

    async def check_config(self) -> None:
        if self.directory is None or not Path(self.directory).is_dir():
            raise HTTPException(404)
        await super().check_config()


def vendor_dir() -> Path:
    """Where the npm packages are: $ARMSWATCH_NODE_MODULES, else node_modules in the checkout."""
    return Path(os.environ.get("ARMSWATCH_NODE_MODULES") or HERE.parents[2] / "node_modules")


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["statuses"] = STATUS_ORDER
    env.globals["stances"] = STANCES
    return env


def _args(request: Request, params: tuple[Param, ...]) -> dict[str, Any]:
    """The known parameters of the query string; empty fields (an unfilled form box) count as absent."""
    known = {p.name: p for p in params}
    out: dict[str, Any] = {}
    for name, raw in request.query_params.multi_items():
        if name in known and raw.strip() and name not in out:
            out[name] = known[name].parse(raw.strip())
    return out


def page_routes(get_store: Callable[[], Store], kb: KnowledgeBase) -> list[BaseRoute]:
    """The page routes, the exports, and the static and vendor files."""
    env = _env()

    def html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**context), status_code=status)

    async def call(request: Request, template: str, build: Callable[[Store], dict[str, Any]],
                   unknown_name: int = 404) -> Response:
        """`unknown_name`: the status when a name resolves to nothing (404 in a path, 400 in a filter)."""
        try:
            context = await run_in_threadpool(lambda: build(get_store()))
        except BadRequest as exc:
            return html("error.html", 400, title="Bad request", message=exc.message)
        except ArticleNotFound as exc:
            return html("error.html", 404, title="Not found", message=str(exc))
        except NotInKnowledgeBase as exc:
            title = "Not found" if unknown_name == 404 else "Bad request"
            return html("error.html", unknown_name, title=title, message=str(exc))
        return html(template, request_path=request.url.path, **context)

    def ledger_query(request: Request) -> data.LedgerQuery:
        args = _args(request, _LEDGER_PARAMS)
        return data.LedgerQuery(**{k: args.get(k) for k in data.LEDGER_FILTERS},
                                sort=args.get("sort", "last"), desc=args.get("dir", "desc") == "desc")

    def ledger_context(q: data.LedgerQuery, store: Store) -> dict[str, Any]:
        rows = data.ledger(store, kb, q)
        return {"q": q, "rows": data.ledger_rows(rows[: data.TABLE_ROWS], kb), "total": len(rows),
                "columns": data.LEDGER_COLUMNS,
                "located": sum(1 for a in rows if a.lat is not None), "vendor": (vendor_dir() / VENDOR["leaflet"]).is_dir()}

    async def ledger_page(request: Request) -> Response:
        try:
            q = ledger_query(request)
        except BadRequest as exc:
            return html("error.html", 400, title="Bad request", message=exc.message)
        return await call(request, "ledger.html", partial(ledger_context, q), unknown_name=400)

    async def ledger_file(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in FORMATS:
            return html("error.html", 404, title="Not found", message=f"no export as .{fmt}; try csv, jsonl, geojson")
        try:
            q = ledger_query(request)
            text = await run_in_threadpool(lambda: export(data.ledger(get_store(), kb, q), fmt))
        except (BadRequest, NotInKnowledgeBase) as exc:
            return html("error.html", 400, title="Bad request", message=getattr(exc, "message", str(exc)))
        disposition = f'attachment; filename="armswatch-ledger.{fmt}"'
        return Response(text, media_type=FORMATS[fmt], headers={"Content-Disposition": disposition})

    async def ledger_points(request: Request) -> Response:
        try:
            q = ledger_query(request)
            return JSONResponse(await run_in_threadpool(lambda: data.points(data.ledger(get_store(), kb, q), kb)))
        except (BadRequest, NotInKnowledgeBase) as exc:
            return JSONResponse({"error": {"code": "bad_request", "message": getattr(exc, "message", str(exc))}}, 400)

    async def article(request: Request) -> Response:
        return await call(request, "article.html", lambda s: data.article_page(s, request.path_params["id"]))

    async def claims(request: Request) -> Response:
        try:
            args = _args(request, _CLAIM_PARAMS)
        except BadRequest as exc:
            return html("error.html", 400, title="Bad request", message=exc.message)
        page = int(args.pop("page", 0))
        return await call(request, "claims.html", lambda s: {**data.claims_page(s, kb, args, page), "args": args},
                          unknown_name=400)

    async def timeline(request: Request) -> Response:
        return await call(request, "timeline.html", lambda s: data.timeline_page(s, kb, request.path_params["name"]))

    async def system(request: Request) -> Response:
        return await call(request, "system.html", lambda s: data.system_page(s, kb, request.path_params["name"]))

    vendor = vendor_dir()
    return [
        Route("/ledger", ledger_page, methods=["GET"], name="ledger"),
        Route("/ledger.{fmt}", ledger_file, methods=["GET"], name="ledger_export"),
        Route("/ledger/points.geojson", ledger_points, methods=["GET"], name="ledger_points"),
        Route("/articles/{id}", article, methods=["GET"], name="article"),
        Route("/claims", claims, methods=["GET"], name="claims"),
        Route("/timeline/{name:path}", timeline, methods=["GET"], name="timeline"),
        Route("/systems/{name:path}", system, methods=["GET"], name="system"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        *(Mount(f"/vendor/{url}", _Vendor(directory=vendor / folder, check_dir=False), name=f"vendor-{url}")
          for url, folder in VENDOR.items()),
    ]
