"""A loopback HTTP server for the watch tests: routes set per test, every request logged.

Nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from armswatch.watch import Fetcher, FetchPolicy


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # for redirects
    fail_first: int = 0  # answer 500 to this many requests first
    drip: float = 0.0  # seconds between bytes (a slow server)
    declared_length: int | None = None  # a Content-Length other than the body's (truncation)
    chunked: bool = False  # no Content-Length at all
    gzip: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    served: int = 0


class Site:
    """The server's routes and its request log."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []  # (path, request headers)
        self.base = ""

    def route(self, path: str, body: str | bytes = b"", **kwargs: object) -> Route:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **kwargs)  # type: ignore[arg-type]
        return self.routes[path]

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            site.log.append((self.path, dict(self.headers.items())))
            route = site.routes.get(self.path)
            if route is None:
                self._send(404, b"not found", "text/plain")
                return
            route.served += 1
            if route.served <= route.fail_first:
                self._send(500, b"server error", "text/plain")
                return
            if route.location:
                self.send_response(route.status)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            ):
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = gzip.compress(route.body) if route.gzip else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if route.gzip:
                self.send_header("Content-Encoding", "gzip")
            for key, value in route.headers.items():
                self.send_header(key, value)
            if route.chunked:
                self.send_header("Connection", "close")
            else:
                self.send_header("Content-Length", str(route.declared_length or len(body)))
            self.end_headers()
            try:
                if route.drip:
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(route.drip)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            if route.chunked or route.declared_length:
                self.close_connection = True

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def quick_policy(**changes: object) -> FetchPolicy:
    """A policy for tests: no host interval, short waits, no proxies from the environment."""
    values: dict[str, object] = {"host_interval": 0.0, "backoff": 0.01, "retries": 2, "timeout": 2.0,
                                 "deadline": 5.0, "trust_env": False}
    values.update(changes)
    return FetchPolicy(**values)  # type: ignore[arg-type]


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(quick_policy())


def rss(base: str, *items: tuple[str, str, str]) -> str:
    """An RSS 2.0 feed of (path, title, RFC 822 date) items."""
    body = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><pubDate>{date}</pubDate></item>"
        for path, title, date in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>{body}</channel></rss>'


def page(title: str, *paragraphs: str) -> str:
    """A small HTML article page."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"{body}</article></body></html>")
