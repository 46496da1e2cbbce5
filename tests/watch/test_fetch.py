"""Polite HTTP against the loopback server: validators, retries, limits, redirects, robots."""

from __future__ import annotations

import pytest

from armswatch.watch import Fetcher, FetchError

from .conftest import Site, quick_policy


def test_user_agent_etag_and_304(site: Site, fetcher: Fetcher) -> None:
    site.route("/a", "<html><body><p>Text</p></body></html>", etag='"v1"')
    first = fetcher.fetch(site.url("/a"))
    assert (first.status, first.etag, first.body[:6]) == (200, '"v1"', b"<html>")
    again = fetcher.fetch(site.url("/a"), etag=first.etag)
    assert again.not_modified and again.body == b""
    [(_, asked), (_, conditional)] = [entry for entry in site.log if entry[0] == "/a"]
    assert asked["User-Agent"].startswith("armswatch/") and "If-None-Match" not in asked
    assert conditional["If-None-Match"] == '"v1"'


def test_last_modified_gives_304(site: Site, fetcher: Fetcher) -> None:
    stamp = "Wed, 05 Mar 2025 08:00:00 GMT"
    site.route("/b", "<p>x</p>", last_modified=stamp)
    first = fetcher.fetch(site.url("/b"))
    assert first.last_modified == stamp
    assert fetcher.fetch(site.url("/b"), last_modified=stamp).not_modified


def test_server_errors_are_retried_with_backoff(site: Site) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> bool:
        waits.append(seconds)
        return False

    fetcher = Fetcher(quick_policy(retries=3, backoff=0.5), sleep=sleep)
    site.route("/flaky", "<p>ok</p>", fail_first=2)
    assert fetcher.fetch(site.url("/flaky")).body == b"<p>ok</p>"
    assert site.hits("/flaky") == 3
    assert waits == [0.5, 1.0]  # exponential: 0.5, then twice that

    site.route("/down", "<p>never</p>", fail_first=99)
    with pytest.raises(FetchError, match=r"HTTP 500 .*\(4 attempts\)") as caught:
        fetcher.fetch(site.url("/down"))
    assert caught.value.transient and site.hits("/down") == 4


def test_client_errors_are_not_retried(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        fetcher.fetch(site.url("/missing"))
    assert not caught.value.transient and site.hits("/missing") == 1


def test_a_slow_server_is_cut_off(site: Site) -> None:
    site.route("/slow", b"x" * 200, drip=0.05)
    fetcher = Fetcher(quick_policy(deadline=0.3, retries=0))
    with pytest.raises(FetchError, match="too slow") as caught:
        fetcher.fetch(site.url("/slow"))
    assert caught.value.transient


def test_a_truncated_response_is_not_taken_for_a_whole_one(site: Site) -> None:
    site.route("/cut", b"<p>half a page", declared_length=5000)
    fetcher = Fetcher(quick_policy(retries=1))
    with pytest.raises(FetchError, match="truncated") as caught:
        fetcher.fetch(site.url("/cut"))
    assert caught.value.transient and site.hits("/cut") == 2


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "undeclared"])
def test_oversized_responses_are_refused(site: Site, chunked: bool) -> None:
    site.route("/big", b"y" * 5000, chunked=chunked)
    fetcher = Fetcher(quick_policy(max_bytes=1000))
    with pytest.raises(FetchError, match="response too large") as caught:
        fetcher.fetch(site.url("/big"))
    assert not caught.value.transient and site.hits("/big") == 1


def test_gzip_is_decoded_within_the_cap(site: Site) -> None:
    site.route("/z", b"<p>" + b"z" * 3000 + b"</p>", gzip=True)
    assert Fetcher(quick_policy()).fetch(site.url("/z")).body.startswith(b"<p>zzz")
    with pytest.raises(FetchError, match="too large once decompressed"):
        Fetcher(quick_policy(max_bytes=1000)).fetch(site.url("/z"))  # small on the wire, large inflated


def test_redirects_are_followed_up_to_a_limit(site: Site, fetcher: Fetcher) -> None:
    site.route("/old", status=301, location="/mid")
    site.route("/mid", status=302, location=site.url("/new"))
    site.route("/new", "<p>moved</p>")
    got = fetcher.fetch(site.url("/old"))
    assert (got.url, got.final_url, got.body) == (site.url("/old"), site.url("/new"), b"<p>moved</p>")

    site.route("/loop", status=302, location="/loop")
    with pytest.raises(FetchError, match="more than 2 redirects"):
        Fetcher(quick_policy(max_redirects=2)).fetch(site.url("/loop"))
    assert site.hits("/loop") == 3

    site.route("/away", status=302, location="ftp://127.0.0.1/file")
    with pytest.raises(FetchError, match="not an http"):
        fetcher.fetch(site.url("/away"))


def test_robots_txt_is_honoured(site: Site, fetcher: Fetcher) -> None:
    site.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.route("/private/memo", "<p>secret</p>")
    site.route("/public/memo", "<p>open</p>")
    site.route("/to-private", status=302, location="/private/memo")
    with pytest.raises(FetchError, match="disallowed by robots.txt") as caught:
        fetcher.fetch(site.url("/private/memo"))
    assert not caught.value.transient
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        fetcher.fetch(site.url("/to-private"))  # each redirect hop is checked too
    assert fetcher.fetch(site.url("/public/memo")).body == b"<p>open</p>"
    assert site.hits("/private/memo") == 0 and site.hits("/robots.txt") == 1  # read once, then cached


def test_robots_txt_for_this_agent_and_a_missing_one(site: Site, fetcher: Fetcher) -> None:
    site.route("/robots.txt", "User-agent: armswatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n", content_type="text/plain")
    site.route("/page", "<p>x</p>")
    with pytest.raises(FetchError, match="robots"):
        fetcher.fetch(site.url("/page"))
    del site.routes["/robots.txt"]  # a 404 robots.txt allows everything
    assert Fetcher(quick_policy()).fetch(site.url("/page")).status == 200


def test_robots_txt_server_error_defers_the_fetch(site: Site) -> None:
    site.route("/robots.txt", "User-agent: *\nAllow: /\n", fail_first=99)
    site.route("/page", "<p>x</p>")
    with pytest.raises(FetchError, match="unreachable") as caught:
        Fetcher(quick_policy(retries=0)).fetch(site.url("/page"))
    assert caught.value.transient and site.hits("/page") == 0


def test_per_host_interval_and_crawl_delay(site: Site) -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> bool:
        waits.append(round(seconds, 3))
        now[0] += seconds
        return False

    site.route("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    site.route("/p1", "<p>1</p>")
    site.route("/p2", "<p>2</p>")
    fetcher = Fetcher(quick_policy(host_interval=2.0), sleep=sleep, clock=lambda: now[0])
    fetcher.fetch(site.url("/p1"))  # robots.txt, then /p1 two seconds later
    fetcher.fetch(site.url("/p2"))  # two seconds after /p1
    assert waits == [2.0, 2.0]

    waits.clear()
    site.route("/robots.txt", "User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    fetcher = Fetcher(quick_policy(host_interval=2.0), sleep=sleep, clock=lambda: now[0])
    fetcher.fetch(site.url("/p1"))
    fetcher.fetch(site.url("/p2"))
    assert waits == [7.0, 7.0]  # Crawl-delay raises the interval


def test_a_shutdown_cuts_the_backoff_short(site: Site) -> None:
    site.route("/down", "<p>x</p>", fail_first=99)
    fetcher = Fetcher(quick_policy(retries=5), sleep=lambda seconds: True)
    with pytest.raises(FetchError, match="shutdown") as caught:
        fetcher.fetch(site.url("/down"))
    assert caught.value.stopped and site.hits("/down") == 1
