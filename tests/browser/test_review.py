"""The review buttons in real chromium: a token typed once in the header, reviews that change
the ledger (its table, its map and the row's badge), and a wrong token that changes nothing.

These tests write reviews, so they run on their own copy of the browser tests' store and
their own server: the other browser tests keep the machine-only ledger."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch.store import Store
from armswatch.store.users import add_user

from .conftest import Watched, serving

pytestmark = pytest.mark.sqlite_only("copies and reads the store with the sqlite3 module")


@pytest.fixture(scope="module")
def review_site(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """(base URL, a reviewer's token, the store) for a server over a copy of the web store."""

    db = tmp_path_factory.mktemp("review-web") / "review.db"
    with sqlite3.connect(web_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    with Store.open(db) as store:
        token = add_user(store, "ana")
    with serving(db) as url:
        yield url, token, db


def _api(server: str, path: str) -> Any:
    with urllib.request.urlopen(server + path, timeout=30) as response:
        return json.loads(response.read())


def _reviews(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("SELECT * FROM reviews")]


def _open_ledger(page: Any, server: str) -> None:
    page.goto(server + "/ledger")
    page.wait_for_selector("#map[data-state=ready]", timeout=20_000)


def _rows(page: Any) -> Any:
    return page.locator("#ledger-table tbody tr[data-row]")


def _row_at(page: Any, place: str) -> Any:
    cell = page.locator("td:nth-child(5) a", has_text=re.compile(rf"^\s*{re.escape(place)}\s*$"))
    return _rows(page).filter(has=cell)


def _use_token(page: Any, token: str) -> None:
    page.fill("#review-token-input", token)
    page.click("#review-token-save")
    page.wait_for_selector("#review-token-state:has-text('token set')")


def test_wrong_token_shows_the_401_and_changes_nothing(review_site: tuple[str, str, Path], watched: Watched) -> None:
    server, _, db = review_site
    page = watched.page
    before = len(_reviews(db))
    _open_ledger(page, server)
    rows = _rows(page).count()
    points = page.get_attribute("#map", "data-points")

    # without a token the buttons ask for one and send nothing
    slot = _row_at(page, "Kaliningrad").locator(".review-slot")
    slot.get_by_role("button", name="Reject").click()
    assert "token" in slot.locator(".review-msg").inner_text()

    _use_token(page, "not-a-token-anyone-was-given")
    slot.get_by_role("button", name="Reject").click()
    message = slot.locator(".review-msg.error")
    message.wait_for()
    assert "401" in message.inner_text() and "token is not known" in message.inner_text()
    assert message.locator("*").count() == 0  # shown as text
    assert len(_reviews(db)) == before
    _open_ledger(page, server)
    assert _rows(page).count() == rows and page.get_attribute("#map", "data-points") == points
    assert page.locator(".badge.reviewed").count() == 0
    page.click("#review-token-forget")


def test_reviews_change_the_ledger(review_site: tuple[str, str, Path], watched: Watched) -> None:
    server, token, db = review_site
    page = watched.page
    _open_ledger(page, server)
    rows = _rows(page).count()
    points = int(page.get_attribute("#map", "data-points") or 0)
    assert _row_at(page, "Murmansk").count() == 0

    _use_token(page, token)
    # the token stays out of the page, the URL and the cookies
    assert token not in page.content() and token not in page.url
    assert all(token not in c["value"] for c in page.context.cookies())

    # correct a place: a row of several reports, each corrected
    row = _row_at(page, "Pskov").first
    records = (row.locator(".review-slot").get_attribute("data-records") or "").split()
    slot = row.locator(".review-slot")
    assert not slot.locator("form.review-form").is_visible()  # the form opens on demand
    slot.get_by_role("button", name="Correct", exact=True).click()
    assert slot.locator("input[name=place]").input_value() == "Pskov"  # filled with the current value
    slot.locator("input[name=place]").fill("Murmansk")
    slot.locator("input[name=comment]").fill("the brigade is further north")
    with page.expect_navigation():
        slot.get_by_role("button", name="Save correction").click()
    page.wait_for_selector("#map[data-state=ready]", timeout=20_000)
    stored = _reviews(db)
    assert len(stored) == len(records) >= 1
    assert {r["action"] for r in stored} == {"correct"} and {r["reviewer"] for r in stored} == {"ana"}
    moved = _row_at(page, "Murmansk")
    assert moved.count() == 1 and _rows(page).count() == rows
    badges = moved.locator(".badge.reviewed")
    assert sorted(badges.evaluate_all("els => els.map(e => e.dataset.reviewId)")) == sorted(r["id"] for r in stored)
    assert "reviewed" in badges.first.inner_text()
    located = _api(server, "/ledger/points.geojson")["features"]
    assert any(f["properties"]["place"] == "Murmansk" for f in located)

    # reject a located row: it leaves the table and the map
    target = next(f["properties"]["place"] for f in located if f["properties"]["place"] != "Murmansk")
    with page.expect_navigation():
        _row_at(page, target).first.locator(".review-slot").get_by_role("button", name="Reject").click()
    page.wait_for_selector("#map[data-state=ready]", timeout=20_000)
    assert _rows(page).count() == rows - 1
    assert int(page.get_attribute("#map", "data-points") or 0) == points - 1
    assert _row_at(page, target).count() == 0
    assert [r["action"] for r in _reviews(db)].count("reject") >= 1

    # a correction the API refuses is shown as its message, as text
    slot = _row_at(page, "Murmansk").locator(".review-slot")
    slot.get_by_role("button", name="Correct", exact=True).click()
    slot.locator("input[name=place]").fill("<img src=x onerror=alert(1)>Nowhere-at-all")
    slot.get_by_role("button", name="Save correction").click()
    message = slot.locator(".review-msg.error")
    message.wait_for()
    assert "422" in message.inner_text() and "<img" in message.inner_text()
    assert message.locator("img").count() == 0
    page.click("#review-token-forget")
    assert watched.dialogs == [] and watched.page_errors == []
    assert all(u.startswith(server + "/") for u in watched.requests)
