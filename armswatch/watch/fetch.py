"""HTTP fetching for `armswatch watch`, with the manners a crawler owes a site.

- a clear User-Agent, and robots.txt honoured (`urllib.robotparser`, with Crawl-delay);
- a minimum interval between two requests to one host;
- conditional GET (If-None-Match, If-Modified-Since), so an unchanged page costs a 304;
- retries with exponential backoff on 5xx, 429, time-outs, dropped and truncated responses;
- a size cap (a larger response is refused with its reason), a per-read time-out and a
  deadline for the whole response (a server that drips bytes is cut off), and redirects
  followed up to a limit, each hop checked against robots.txt.

Standard library only (urllib). Every refusal is a `FetchError` (an `InputError`) with a one-line reason.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlparse
from urllib.robotparser import RobotFileParser

from .. import __version__
from ..errors import InputError

USER_AGENT = f"armswatch/{__version__} (arms-control news monitor; honours robots.txt)"
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds for a connection or for any one read
    deadline: float = 60.0  # seconds for a whole response
    max_bytes: int = 8_000_000  # larger responses are refused (the ingest's own file limit)
    max_redirects: int = 5
    retries: int = 3  # further attempts after the first, on transient failures
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_backoff: float = 60.0
    host_interval: float = 1.0  # minimum seconds between two requests to one host
    robots: bool = True
    robots_ttl: float = 3600.0  # seconds a host's robots.txt is trusted
    trust_env: bool = True  # use the http_proxy/https_proxy variables


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int  # 200, or 304 when the validators matched
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(InputError):
    """A URL that could not be fetched; `transient` when trying again later may work
    (time-outs, server errors, a shutdown mid-wait), not when it was refused."""

    def __init__(self, reason: str, *, transient: bool = False, stopped: bool = False) -> None:
        super().__init__(reason)
        self.transient = transient or stopped
        self.stopped = stopped  # given up because a shutdown was asked for


class _Transient(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the fetcher, which checks and counts each hop."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class _Robots:
    parser: RobotFileParser
    expires: float
    unreachable: bool = False  # robots.txt could not be read (server error, no connection)


class Fetcher:
    """Fetch URLs politely. `sleep(seconds)` waits and returns True when the wait was cut
    short by a shutdown (pass `threading.Event().wait`); the fetch then gives up."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        sleep: Callable[[float], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._sleep = sleep or _plain_sleep
        self._clock = clock
        self._last: dict[str, float] = {}  # host -> when its last request started
        self._robots: dict[str, _Robots] = {}
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if not self.policy.trust_env:
            handlers.append(urllib.request.ProxyHandler({}))
        self._opener = urllib.request.build_opener(*handlers)
        self.requests = 0  # requests sent, robots.txt included

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when validators are given; raise `InputError` with the
        reason when it is refused or keeps failing."""
        _check_scheme(url)
        headers = {"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, headers, max_bytes=self.policy.max_bytes, check_robots=self.policy.robots)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets this agent fetch it."""
        if not self.policy.robots:
            return True
        return self._robots_for(url).parser.can_fetch(self.policy.user_agent, url)

    # --- internals ------------------------------------------------------------------

    def _with_retries(self, url: str, headers: dict[str, str], *, max_bytes: int, check_robots: bool) -> Fetched:
        last: _Transient | None = None
        for attempt in range(self.policy.retries + 1):
            if attempt:
                wait = min(self.policy.max_backoff, self.policy.backoff * 2 ** (attempt - 1))
                if last is not None and last.retry_after is not None:
                    wait = min(self.policy.max_backoff, max(wait, last.retry_after))
                if self._sleep(wait):
                    raise FetchError(f"{last}; shutdown requested before the next attempt", stopped=True)
            try:
                return self._follow(url, headers, max_bytes=max_bytes, check_robots=check_robots)
            except _Transient as exc:
                last = exc
        attempts = self.policy.retries + 1
        raise FetchError(f"{last} ({attempts} attempt{'s' if attempts > 1 else ''})", transient=True)

    def _follow(self, url: str, headers: dict[str, str], *, max_bytes: int, check_robots: bool) -> Fetched:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            if check_robots:
                robots = self._robots_for(current)
                if robots.unreachable:
                    raise FetchError(f"robots.txt of {urlparse(current).netloc} unreachable; trying later", transient=True)
                if not robots.parser.can_fetch(self.policy.user_agent, current):
                    raise FetchError(f"disallowed by robots.txt: {current}")
            status, info, body = self._once(current, headers, max_bytes)
            if status in _REDIRECTS:
                location = info.get("Location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location")
                current = urljoin(current, location.strip())
                _check_scheme(current)
                continue
            return Fetched(
                url=url, final_url=current, status=status, body=body, content_type=info.get("Content-Type"),
                etag=info.get("ETag"), last_modified=info.get("Last-Modified"),
            )
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> tuple[int, Message, bytes]:
        """One request: (status, headers, body). 200 bodies only; other statuses give b""."""
        self._wait_turn(urlparse(url).netloc.lower())
        self.requests += 1
        started = self._clock()
        try:
            response = self._opener.open(urllib.request.Request(url, headers=headers), timeout=self.policy.timeout)
        except urllib.error.HTTPError as err:
            err.close()
            return self._status_only(err.code, err.headers, err.reason)
        except urllib.error.URLError as err:
            raise _Transient(f"cannot connect: {_reason(err.reason)}") from None
        except (TimeoutError, OSError, http.client.HTTPException) as err:
            raise _Transient(f"request failed: {_reason(err)}") from None
        with response:
            status = response.status
            if status != 200:
                return self._status_only(status, response.headers, response.reason)
            body = self._read_body(response, started, max_bytes)
            return status, response.headers, _decoded(body, response.headers, url, max_bytes)

    def _status_only(self, status: int, info: Message, reason: str | None) -> tuple[int, Message, bytes]:
        if status in _REDIRECTS or status == 304:
            return status, info, b""
        if status >= 500 or status in (408, 429):
            raise _Transient(f"HTTP {status} {reason or ''}".rstrip(), _retry_after(info.get("Retry-After")))
        raise FetchError(f"HTTP {status} {reason or ''}".rstrip())

    def _read_body(self, response: http.client.HTTPResponse, started: float, max_bytes: int) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.strip().isdigit() and int(declared) > max_bytes:
            raise FetchError(f"response too large ({int(declared):,} bytes > limit {max_bytes:,})")
        chunks: list[bytes] = []
        total = 0
        try:
            while True:
                if self._clock() - started > self.policy.deadline:
                    raise _Transient(f"too slow (no complete response within {self.policy.deadline:g} s)")
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise FetchError(f"response too large (over the limit of {max_bytes:,} bytes)")
                chunks.append(chunk)
        except (TimeoutError, OSError) as err:
            raise _Transient(f"read failed: {_reason(err)}") from None
        except http.client.IncompleteRead as err:
            raise _Transient(f"response truncated ({len(err.partial):,} bytes, then the connection closed)") from None
        except http.client.HTTPException as err:
            raise _Transient(f"read failed: {_reason(err)}") from None
        if response.length:  # http.client counts down what Content-Length promised
            raise _Transient(f"response truncated ({total:,} of {total + response.length:,} bytes)")
        return b"".join(chunks)

    def _wait_turn(self, host: str) -> None:
        interval = self.policy.host_interval
        robots = self._robots.get(host)
        if robots is not None:
            delay = robots.parser.crawl_delay(self.policy.user_agent)
            interval = max(interval, float(delay or 0))
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0 and self._sleep(wait):
                raise FetchError("shutdown requested while waiting for the host's turn", stopped=True)
        self._last[host] = self._clock()

    def _robots_for(self, url: str) -> _Robots:
        parts = urlparse(url)
        host = parts.netloc.lower()
        known = self._robots.get(host)
        if known is not None and known.expires > self._clock():
            return known
        parser = RobotFileParser()
        ttl = self.policy.robots_ttl
        unreachable = False
        headers = {"User-Agent": self.policy.user_agent}
        try:
            fetched = self._with_retries(
                f"{parts.scheme}://{parts.netloc}/robots.txt", headers, max_bytes=_ROBOTS_MAX_BYTES, check_robots=False
            )
            parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        except FetchError as exc:
            if exc.stopped:
                raise
            if not exc.transient:  # RFC 9309: a missing or refused robots.txt allows everything
                parser.allow_all = True
            else:  # unreachable or a server error: assume everything is disallowed, ask again soon
                parser.disallow_all = True
                unreachable = True
                ttl = min(ttl, 300.0)
            parser.modified()
        found = _Robots(parser, self._clock() + ttl, unreachable)
        self._robots[host] = found
        return found


def _check_scheme(url: str) -> None:
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"not an http(s) URL: {url[:200]}")


def _decoded(body: bytes, info: Message, url: str, max_bytes: int) -> bytes:
    """The body without gzip transfer coding (or a .gz sitemap), within the size cap."""
    encoding = (info.get("Content-Encoding") or "").lower()
    gz_file = body[:2] == b"\x1f\x8b" and (url.lower().endswith(".gz") or "gzip" in (info.get("Content-Type") or ""))
    if "gzip" not in encoding and not gz_file:
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(f"bad gzip data ({exc})") from None
    if len(data) > max_bytes or inflater.unconsumed_tail:
        raise FetchError(f"response too large once decompressed (over the limit of {max_bytes:,} bytes)")
    return data


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _reason(err: object) -> str:
    text = " ".join(str(err).split())[:160]
    return text or type(err).__name__


def _plain_sleep(seconds: float) -> bool:
    time.sleep(max(0.0, seconds))
    return False
