"""Keyset pagination: every item once, in a stable order, whatever the page size; cursors checked."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.serve import create_app
from armswatch.serve.errors import BadRequest
from armswatch.serve.pagination import decode_cursor, encode_cursor, paginate
from armswatch.settings import Settings
from armswatch.store import Store

from .conftest import all_pages, many_rows, write_jsonl
from ..store.targets import DbTarget


@pytest.mark.parametrize("limit", [1, 5, 36, 37, 500])
def test_paging_articles_sees_each_once_in_order(many_client: TestClient, limit: int) -> None:
    items = all_pages(many_client, "/api/articles", limit=limit)
    ids = [a["id"] for a in items]
    assert len(ids) == 37 and len(set(ids)) == 37
    assert [(a["ingested_at"], a["id"]) for a in items] == sorted((a["ingested_at"], a["id"]) for a in items)


def test_the_last_page_has_no_next(many_client: TestClient) -> None:
    assert many_client.get("/api/articles", params={"limit": 37}).json()["next"] is None
    assert many_client.get("/api/articles", params={"limit": 36}).json()["next"] is not None


def test_filtered_paging_matches_the_unpaged_filter(many_client: TestClient) -> None:
    one_page = many_client.get("/api/articles", params={"since": "2023-06", "limit": 500}).json()["items"]
    assert 0 < len(one_page) < 37
    assert all_pages(many_client, "/api/articles", since="2023-06", limit=4) == one_page


def test_rows_added_while_paging_cause_no_repeat_and_no_gap(db_target: DbTarget, 
    tmp_path: Path, blank_extractor: NlpExtractor,
) -> None:
    db = db_target("grow")
    settings = Settings(nlp_model="blank:en")
    with Store.open(db) as store:
        ingest([write_jsonl(tmp_path / "first.jsonl", many_rows(9))], store, settings=settings, extractor=blank_extractor)
    with TestClient(create_app(db)) as client:
        first = client.get("/api/articles", params={"limit": 4}).json()
        with Store.open(db) as store:
            ingest([write_jsonl(tmp_path / "more.jsonl", many_rows(5, start=100))], store, settings=settings,
                   extractor=blank_extractor)
        rest = all_pages(client, "/api/articles", limit=4, after=first["next"])
    ids = [a["id"] for a in first["items"] + rest]
    assert len(ids) == len(set(ids)) == 14


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_paging_search_and_kb_listings(many_client: TestClient, limit: int) -> None:
    hits = all_pages(many_client, "/api/search", q="missile", limit=limit)
    assert len({h["article_id"] for h in hits}) == len(hits) == 37
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)  # best (lowest bm25) first
    systems = all_pages(many_client, "/api/systems", **{"class": "SRBM"}, limit=limit)
    whole = many_client.get("/api/systems", params={"class": "SRBM", "limit": 500}).json()["items"]
    assert systems == whole and len(whole) > 10


def test_paging_the_ledger_and_claims_one_by_one(client: TestClient) -> None:
    whole = client.get("/api/deployments", params={"limit": 500}).json()["items"]
    assert all_pages(client, "/api/deployments", limit=1) == whole
    claims = client.get("/api/claims", params={"limit": 500}).json()["items"]
    assert all_pages(client, "/api/claims", limit=1) == claims and len(claims) >= 3


def test_paginate_descending_with_ties_in_the_first_key() -> None:
    items = [("2024", "b"), ("2024", "a"), ("2023", "c"), ("2025", "d")]
    seen = []
    after = None
    while True:
        page = paginate(items, lambda i: i, after=after, limit=1, descending=True)
        seen += page.items
        if page.next is None:
            break
        after = decode_cursor(page.next, (str, str))
    assert seen == [("2025", "d"), ("2024", "b"), ("2024", "a"), ("2023", "c")]


def test_cursors_round_trip_and_refuse_what_they_did_not_give() -> None:
    assert decode_cursor(encode_cursor(("2024-01-01", "é", 3)), (str, str, int)) == ("2024-01-01", "é", 3)
    assert decode_cursor(encode_cursor((-1.5e-06, 7)), (float, int)) == (-1.5e-06, 7)
    forged = base64.urlsafe_b64encode(json.dumps(["x", 1]).encode()).decode()
    for bad in ("!!!", "abc", forged, encode_cursor(("a",)), encode_cursor((True, 1)), encode_cursor((float("nan"), 1))):
        with pytest.raises(BadRequest):
            decode_cursor(bad, (float, int))


@pytest.mark.parametrize("cursor", ["not a cursor", "e30", "WyJhIl0", "W10"])
def test_a_bad_cursor_is_a_400(many_client: TestClient, cursor: str) -> None:
    response = many_client.get("/api/articles", params={"after": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_cursor"


def test_a_cursor_from_another_listing_is_a_400(many_client: TestClient) -> None:
    cursor = many_client.get("/api/systems", params={"limit": 1}).json()["next"]
    response = many_client.get("/api/search", params={"q": "missile", "after": cursor})
    assert response.status_code == 400 and "another listing" in response.json()["error"]["message"]
