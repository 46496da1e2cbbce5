"""The ledger is built once per store version and sliced per request: the cached ledger
equals the one computed afresh, and any write (an article, a review, from this connection
or another) is seen by the next read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from armswatch import ledger
from armswatch.extract.claim_base import Claim
from armswatch.extract.deployments import Deployment
from armswatch.extract.stance import Modality
from armswatch.kb import KnowledgeBase, load_kb
from armswatch.models import Annotations, Cleaned, Mention, Metadata, SourceDoc
from armswatch.review import review_record
from armswatch.store import Store
from armswatch.store.migrations import store_version
from armswatch.store.queries import list_articles
from ..store.targets import DbTarget

_MODALITY = Modality(False, False, False, False, False)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _save(store: Store, n: int, *, by: str = "RU", system: str = "ru.s-400", status: str = "in_place",
          place: tuple[str, str | None, float | None, float | None] = ("Lakeside", None, 54.0, 21.0),
          deny: bool = False, treaty: str | None = None) -> int:
    """Store one invented article with one deployment report (and a denial or a treaty mention)."""
    body = f"Officials said item {n} saw launchers of the new type arrive at the lakeside garrison."
    key = f"https://cache.example.org/{n}"
    doc = SourceDoc(key, key, "text", body.encode(), body, "utf-8", hashlib.sha256(key.encode()).hexdigest())
    meta = Metadata(title=f"Item {n}", outlet=f"Outlet {n % 3}", published=f"2024-0{1 + n % 9}-1{n % 10}",
                    url=key, language="en")
    mentions = [Mention("sentence", "S", 0, len(body), body, "test")]
    if treaty:
        mentions.append(Mention("treaty", treaty, 0, 9, body[:9], "test"))
    claims = [Claim(by, "actor", "the ministry", "deny", "deny", "denied", body, 0, len(body), None, (system,), (),
                    _MODALITY)] if deny else []
    deployment = Deployment(by, system, place[0], place[1], place[2], place[3], status, None, None, None, None,
                            "officials", (), True, 0, len(body))
    with store.transaction():
        store.save_article(doc, Cleaned(body, ((0, 0, len(body)),), (), meta),
                           Annotations(tuple(mentions), (), "test", claims=tuple(claims), deployments=(deployment,)),
                           extract_note=None)
    return int(store.db.execute("SELECT max(id) FROM deployments").fetchone()[0])


def _filled(path: Path) -> Store:
    store = Store.open(path)
    _save(store, 1)
    _save(store, 2, status="withdrawn")
    _save(store, 3, by="BY", system="ru.iskander-m", status="temporary", place=("BY", "BY", None, None),
          treaty="inf")
    _save(store, 4, by="CN", system="cn.df-26", status="planned", deny=True)
    return store


def _rows(assertions: list[ledger.Assertion]) -> list[dict[str, object]]:
    return [a.as_dict() for a in assertions]


FILTERS: list[dict[str, object]] = [
    {}, {"system": "ru.s-400"}, {"by": "BY"}, {"status": "planned"}, {"since": "2024-04-01"},
    {"near": (54.0, 21.0), "km": 50.0}, {"system": "ru.s-400", "by": "CN"},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_cached_ledger_equals_the_uncached_build(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase, filters: dict) -> None:
    with _filled(db_target("a")) as store:
        fresh = ledger._build(store, kb, **filters)
        assert _rows(ledger.build_ledger(store, kb=kb, **filters)) == _rows(fresh)
        assert _rows(ledger.build_ledger(store, kb=kb, **filters)) == _rows(fresh)  # from the cache


def test_the_ledger_is_built_once_per_version(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = []
    real = ledger._build
    monkeypatch.setattr(ledger, "_build", lambda *a, **k: builds.append(1) or real(*a, **k))
    with _filled(db_target("a")) as store:
        first = ledger.build_ledger(store, kb=kb)
        second = ledger.build_ledger(store, kb=kb, status="withdrawn")
        assert len(builds) == 1 and len(first) == 3 and [a.status for a in second] == ["withdrawn"]
        first.clear()  # a caller may sort or cut its list: the cache keeps its own
        assert len(ledger.build_ledger(store, kb=kb)) == 3 and len(builds) == 1


def test_a_new_article_is_seen_at_once(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase) -> None:
    with _filled(db_target("a")) as store:
        before = ledger.build_ledger(store, kb=kb)
        version = store_version(store.db)
        _save(store, 5, by="KP", system="ru.s-400", status="in_place")
        assert store_version(store.db) > version
        after = ledger.build_ledger(store, kb=kb)
        assert len(after) == len(before) + 1 and any(a.by == "KP" for a in after)
        assert _rows(after) == _rows(ledger._build(store, kb))


def test_a_write_from_another_connection_is_seen(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase) -> None:
    path = db_target("a")
    with _filled(path) as reader:
        assert not any(a.by == "KP" for a in ledger.build_ledger(reader, kb=kb))
        with Store.open(path) as writer:  # another connection: a second process or a server thread
            _save(writer, 6, by="KP")
        assert any(a.by == "KP" for a in ledger.build_ledger(reader, kb=kb))


def test_a_review_is_seen_at_once(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase) -> None:
    with _filled(db_target("a")) as store:
        record = store.db.execute("SELECT id FROM deployments WHERE by_state = 'CN'").fetchone()[0]
        assert [a.status for a in ledger.build_ledger(store, kb=kb, by="CN")] == ["planned"]
        review_record(store, kb, kind="deployment", record_id=record, action="correct", values={"status": "in_place"},
                      reviewer="tester")
        rows = ledger.build_ledger(store, kb=kb, by="CN")
        assert [(a.status, a.reviewed) for a in rows] == [("in_place", True)]
        review_record(store, kb, kind="deployment", record_id=record, action="reject", reviewer="tester")
        assert ledger.build_ledger(store, kb=kb, by="CN") == []
        assert _rows(ledger.build_ledger(store, kb=kb)) == _rows(ledger._build(store, kb))


def test_a_deleted_record_is_seen(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase) -> None:
    with _filled(db_target("a")) as store:
        assert ledger.build_ledger(store, kb=kb, by="BY")
        with store.transaction():
            store.db.execute("DELETE FROM deployments WHERE by_state = 'BY'")
        assert ledger.build_ledger(store, kb=kb, by="BY") == []


def test_inside_a_transaction_the_cache_is_left_alone(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase) -> None:
    with _filled(db_target("a")) as store:
        cached = len(ledger.build_ledger(store, kb=kb))
        store.db.execute("DELETE FROM deployments")  # opens a transaction, then rolled back
        assert ledger.build_ledger(store, kb=kb) == []
        store.db.rollback()
        assert len(ledger.build_ledger(store, kb=kb)) == cached


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's")
def test_articles_are_listed_in_ingest_order_through_the_index(db_target: DbTarget, tmp_path: Path) -> None:
    with _filled(db_target("a")) as store:
        plan = store.db.execute("EXPLAIN QUERY PLAN SELECT id FROM articles a ORDER BY a.ingested_at, a.id LIMIT 2")
        assert "articles_ingested" in " ".join(str(row) for row in plan)
        first = list_articles(store, limit=2)
        rest = list_articles(store, after=first[-1][1], limit=10)
        keys = [k for _, k in first + rest]
        assert keys == sorted(keys) and len(keys) == 4


def _pages(store: Store, kb: KnowledgeBase, limit: int, filters: dict) -> list[list[dict[str, object]]]:
    pages, after = [], None
    while True:
        items, more = ledger.ledger_page(store, kb=kb, after=after, limit=limit, **filters)
        pages.append(_rows(items))
        if not more:
            return pages
        after = ledger.assertion_key(items[-1])


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("limit", [1, 2, 50])
def test_ledger_pages_equal_paginating_the_whole_ledger(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase, filters: dict,
                                                        limit: int) -> None:
    with _filled(db_target("a")) as store:
        _save(store, 7, by="RU", system="ru.s-400", place=("Hillside", None, 54.1, 21.1))  # a second S-400 place
        whole = sorted(ledger._build(store, kb, **filters), key=ledger.assertion_key, reverse=True)
        expected = [_rows(whole[i : i + limit]) for i in range(0, max(len(whole), 1), limit)]
        assert _pages(store, kb, limit, filters) == expected  # from the cache
    with Store.open(":memory:") as memory:  # no cache: computed per call, in the same order
        assert _pages(memory, kb, limit, filters) == [[]]


def test_the_api_pages_through_the_cached_ledger(db_target: DbTarget, tmp_path: Path, kb: KnowledgeBase) -> None:
    from starlette.testclient import TestClient

    from armswatch.serve import create_app

    path = db_target("a")
    _filled(path).close()
    with TestClient(create_app(path, kb=kb)) as client:
        seen, after = [], None
        while True:
            body = client.get("/api/deployments", params={"limit": 2, **({"after": after} if after else {})}).json()
            seen += [(a["by"], a["system"]) for a in body["items"]]
            after = body["next"]
            if after is None:
                break
        with Store.open(path) as store:
            whole = sorted(ledger._build(store, kb), key=ledger.assertion_key, reverse=True)
            assert seen == [(a.by, a.system) for a in whole] and len(seen) == 3
            _save(store, 8, by="KP")
        assert "KP" in [a["by"] for a in client.get("/api/deployments").json()["items"]]
