"""The HTTP door: armswatch serve."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import sys
from typing import Any

import click

from ..settings import Settings
from ..store.dialect import describe
from ._common import cli, db_option, errors_to_click


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only: reading needs no token, "
                   "writing (reviews, uploads) a bearer token from `armswatch users add`.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Print the response to one GET request (e.g. /api/systems?class=GLCM) and exit, without a server.")
def serve_cmd(db_path: str | None, host: str, port: int, get_path: str | None) -> None:
    """Serve the JSON API (/api/...), its OpenAPI document (/openapi.json) and docs (/docs).

    Example:

        armswatch serve --db armswatch.db --port 8000
    """
    from ..serve import create_app

    db = db_path or Settings.from_env().db
    with errors_to_click():
        app = create_app(db)
    if get_path is not None:
        # A fresh thread has no running event loop, even when the caller (a notebook, a
        # test session driving a browser) has one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            status, text = pool.submit(lambda: asyncio.run(_get(app, get_path))).result()
        click.echo(text)
        sys.exit(0 if status < 400 else 1)
    import uvicorn

    click.echo(f"armswatch: serving {describe(db)} at http://{host}:{port}/docs (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


async def _get(app: Any, path: str) -> tuple[int, str]:
    """One GET request answered in process, as the server would answer it."""
    import httpx

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.get(path)
    return response.status_code, response.text
