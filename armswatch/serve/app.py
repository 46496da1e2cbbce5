"""The HTTP door: `create_app(db)` builds the Starlette app over a store.

Every endpoint calls the functions the command line calls (`armswatch.views`, the
store's queries, the knowledge base); nothing is computed twice. The app holds no
globals: tests build one per store and drive it with starlette's TestClient.

    >>> app = create_app("armswatch.db")      # doctest: +SKIP
    >>> TestClient(app).get("/api/systems", params={"class": "GLCM"}).json()["items"][0]["id"]  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import NotInKnowledgeBase
from ..kb import KnowledgeBase, load_kb
from ..settings import Settings
from ..store import Store
from .endpoints import Context, Endpoint
from .errors import EXCEPTION_HANDLERS, BadRequest, NotFound
from .middleware import BodyLimit, SecurityHeaders
from .openapi import build_spec, docs_html
from .pagination import Page
from .pages import page_routes
from .routes import ENDPOINTS
from .routes.writes import add_to_spec, write_routes


class _Stores:
    """One store connection per worker thread: an sqlite3 connection stays in the thread
    that opened it, and keeping it open keeps SQLite's page cache warm between requests."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.local = threading.local()
        self.lock = threading.Lock()
        self.opened: list[Store] = []

    def get(self) -> Store:
        store: Store | None = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store.open(self.path)
            with self.lock:
                self.opened.append(store)
        return store

    def close_all(self) -> None:
        """At shutdown: close the PostgreSQL connections the worker threads opened (an
        sqlite3 connection may only be closed by its own thread, and dies with it)."""
        with self.lock:
            opened, self.opened = self.opened, []
        for store in opened:
            if store.dialect != "sqlite":
                store.close()


def create_app(db: str | Path, *, settings: Settings | None = None, kb: KnowledgeBase | None = None) -> Starlette:
    """The API over the store at `db` (created and migrated when needed): open reads, and
    writes (reviews, uploads) for bearer tokens (`armswatch users add`)."""
    settings = settings or Settings()
    kb = kb or load_kb()
    Store.open(db).close()  # create and migrate once, before any request
    stores = _Stores(db)
    spec = build_spec(ENDPOINTS)
    add_to_spec(spec)
    docs = docs_html(spec)

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec)

    async def docs_page(request: Request) -> Response:
        return HTMLResponse(docs)

    async def home(request: Request) -> Response:
        return RedirectResponse("/docs")

    routes = [_route(e, stores, kb) for e in ENDPOINTS] + write_routes(stores.get, kb, settings) + [
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/docs", docs_page, methods=["GET"]),
        Route("/", home, methods=["GET"]),
        *page_routes(stores.get, kb),  # the web pages (/ledger, /articles/ID, /claims ...), their files and exports
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(BodyLimit, max_bytes=settings.max_file_bytes)]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        stores.close_all()

    app = Starlette(routes=routes, middleware=middleware, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan)
    app.state.spec = spec
    return app


def _route(endpoint: Endpoint, stores: _Stores, kb: KnowledgeBase) -> Route:
    async def handle(request: Request) -> Response:
        args = endpoint.parse(request.query_params.multi_items(), request.path_params)
        return JSONResponse(await run_in_threadpool(_run, endpoint, args, stores, kb))

    # A path parameter takes the rest of the path: some names hold a slash.
    path = endpoint.path
    for param in endpoint.params:
        if param.where == "path":
            path = path.replace("{" + param.name + "}", "{" + param.name + ":path}")
    return Route(path, handle, methods=["GET"], name=endpoint.operation_id)


def _run(endpoint: Endpoint, args: dict[str, Any], stores: _Stores, kb: KnowledgeBase) -> Any:
    """Call the handler in a worker thread with that thread's store."""
    try:
        result = endpoint.handler(Context(stores.get(), kb), args)
    except NotInKnowledgeBase as exc:
        # A name in the path is the thing asked for (404); a name in a filter is a bad filter (400).
        if any(p.where == "path" for p in endpoint.params):
            raise NotFound(str(exc)) from exc
        raise BadRequest(str(exc), code="unknown_name") from exc
    return result.as_dict() if isinstance(result, Page) else result
