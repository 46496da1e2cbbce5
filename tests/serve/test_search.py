"""Full-text search (SQLite FTS5): matching, highlighted snippets, and the migration that
adds the index to a database made before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store, migrations
from armswatch.store.queries import _unmark, match_expression, search_articles

from .conftest import HOSTILE_TITLE, many_rows, write_jsonl
from ..store.targets import DbTarget


def test_every_word_must_occur_and_highlights_point_at_them(client: TestClient) -> None:
    page = client.get("/api/search", params={"q": "Kremlin denied"}).json()
    assert page["q"] == "Kremlin denied"
    [hit] = page["items"]
    assert hit["title"] == "Kremlin rejects report"
    marked = [hit["snippet"][s:e] for s, e in hit["highlights"]]
    assert sorted(w.lower() for w in marked) == ["denied", "kremlin"]


def test_prefix_and_case_and_accents(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "withdr*"}).json()["items"]
    assert [h["title"] for h in hits] == ["Brigade leaves the exclave"]
    [hit] = hits
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["withdrew"]
    assert client.get("/api/search", params={"q": "KALININGRAD"}).json()["items"]


def test_titles_are_searched_and_returned_as_plain_strings(client: TestClient) -> None:
    [hit] = client.get("/api/search", params={"q": "ministry note"}).json()["items"]
    assert hit["title"] == HOSTILE_TITLE
    assert "<img src=x onerror=alert(1)>" in hit["snippet"]  # text as stored; the highlights are offsets, not tags
    assert "<mark>" not in hit["snippet"] and "\x02" not in hit["snippet"]


@pytest.mark.parametrize("q", ['"', 'NEAR(', "AND", "OR missile", "col:thing", "a*b", "-", "^x", "***", "(("])
def test_query_syntax_never_fails(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "bad_request"


def test_no_match_is_an_empty_page(client: TestClient) -> None:
    assert client.get("/api/search", params={"q": "zeppelin"}).json() == {"q": "zeppelin", "items": [], "next": None}


def test_match_expression_quotes_every_word() -> None:
    assert match_expression('a "b OR c*') == '"a" """b" "OR" "c"*'
    assert match_expression("  ") == ""


def test_unmark_gives_offsets_in_the_plain_snippet() -> None:
    text, spans = _unmark("one \x02two\x03 three \x02four\x03")
    assert text == "one two three four"
    assert [text[s:e] for s, e in spans] == ["two", "four"]


def test_the_index_follows_new_and_deleted_articles(db_target: DbTarget, tmp_path: Path, blank_extractor: NlpExtractor) -> None:
    with Store.open(db_target("s")) as store:
        ingest([write_jsonl(tmp_path / "a.jsonl", many_rows(3))], store, settings=Settings(nlp_model="blank:en"),
               extractor=blank_extractor)
        hits = search_articles(store, "brigade")
        assert len(hits) == 3
        with store.transaction():
            store.db.execute("DELETE FROM articles WHERE id = ?", (hits[0].article_id,))
        assert {h.article_id for h in search_articles(store, "brigade")} == {h.article_id for h in hits[1:]}


@pytest.mark.sqlite_only("replays SQLite's migrations")
def test_a_database_made_before_the_index_gets_it_on_open(
    tmp_path: Path, blank_extractor: NlpExtractor, monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = tmp_path / "old.db"
    old = [m for m in migrations.MIGRATIONS if m[0] != "m007_article_search"]
    assert len(old) == len(migrations.MIGRATIONS) - 1
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", old)
        with Store.open(db) as store:
            ingest([write_jsonl(tmp_path / "a.jsonl", many_rows(4))], store, settings=Settings(nlp_model="blank:en"),
                   extractor=blank_extractor)
            tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
            assert "article_search" not in tables
    with Store.open(db) as store:  # every migration again: the new one runs and indexes what is there
        assert len(search_articles(store, "drills")) == 4
        ingest([write_jsonl(tmp_path / "b.jsonl", many_rows(2, start=50))], store, settings=Settings(nlp_model="blank:en"),
               extractor=blank_extractor)
        assert len(search_articles(store, "drills")) == 6
        assert store.integrity_ok()
    with Store.open(db) as store:  # and it runs once
        assert len(search_articles(store, "drills")) == 6
