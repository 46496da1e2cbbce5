"""The store opens as it is in SQLite tools: plain-column views with the reviewed values,
served by datasette, and the new migrations apply to a database made before them."""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from armswatch.kb import load_kb
from armswatch.review import review_record
from armswatch.store import Store
from armswatch.store import migrations

from .conftest import fill, record_id

pytestmark = pytest.mark.sqlite_only("the datasette views and sqlite_master are SQLite's")

KB = load_kb()
VIEWS = ("ledger_view", "claims_view", "deployments_view")


def _reviewed_store(tmp_path: Path) -> Path:
    db = tmp_path / "armswatch.db"
    with Store.open(db) as store:
        fill(store, tmp_path)
        review_record(store, KB, kind="deployment", record_id=record_id(store, "deployments", by_state="RU"),
                      action="correct", values={"place": "Kaliningrad"}, reviewer="ana")
        review_record(store, KB, kind="deployment", record_id=record_id(store, "deployments", by_state="BY"),
                      action="reject", reviewer="ana")
        review_record(store, KB, kind="claim", record_id=record_id(store, "claims", stance="deny"),
                      action="correct", values={"stance": "assert"}, reviewer="ana")
    return db


def _rows(db: Path, view: str) -> list[dict[str, Any]]:
    connection = sqlite3.connect(db)  # a plain sqlite3 connection: no armswatch code involved
    connection.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in connection.execute(f"SELECT * FROM {view}")]
    finally:
        connection.close()


def test_the_views_hold_plain_reviewed_values(tmp_path: Path) -> None:
    db = _reviewed_store(tmp_path)
    [ledger] = _rows(db, "ledger_view")
    assert (ledger["by_state"], ledger["system"], ledger["place"], ledger["status"], ledger["reviewed"]) == (
        "RU", "ru.s-400", "Kaliningrad", "in_place", 1)
    assert ledger["reports"] == 1 and ledger["review_ids"]
    [deployment] = _rows(db, "deployments_view")
    assert (deployment["place"], deployment["machine_place"]) == ("Kaliningrad", "Pskov")
    assert deployment["evidence"].startswith("Officials in Vilnius")
    [claim] = _rows(db, "claims_view")
    assert (claim["stance"], claim["machine_stance"], claim["about"], claim["reviewed"]) == ("assert", "deny",
                                                                                             "ru.s-400", 1)
    for view in VIEWS:
        for row in _rows(db, view):
            assert all(v is None or isinstance(v, (str, int, float)) for v in row.values())


def test_the_new_migrations_apply_to_an_older_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [name for name, _ in migrations.MIGRATIONS]
    older = migrations.MIGRATIONS[: names.index("m008_gate_decisions") + 1]
    db = tmp_path / "old.db"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", older)
        with Store.open(db) as store:
            fill(store, tmp_path)
            assert store.db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'reviews'").fetchone() == (0,)
    with Store.open(db) as store:
        applied = [r[0] for r in store.db.execute("SELECT name FROM migrations ORDER BY rowid")]
        assert applied[len(older):][:3] == ["m009_reviews", "m010_users", "m011_datasette_views"]
        assert store.count_articles() == 1
    assert {(r["by_state"], r["place"], r["reviewed"]) for r in _rows(db, "ledger_view")} == {
        ("RU", "Pskov", 0), ("BY", "Brest", 0)}


def test_datasette_serves_the_views(tmp_path: Path) -> None:
    datasette = pytest.importorskip("datasette.app")
    db = _reviewed_store(tmp_path)

    async def fetch() -> dict[str, list[dict[str, Any]]]:
        ds = datasette.Datasette(files=[str(db)])
        await ds.invoke_startup()
        out = {}
        for view in VIEWS:
            response = await ds.client.get(f"/armswatch/{view}.json?_shape=array")
            assert response.status_code == 200, response.text
            out[view] = response.json()
        return out

    # In a thread of its own: a browser test's Playwright may keep an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        served = pool.submit(lambda: asyncio.run(fetch())).result()
    assert [r["place"] for r in served["ledger_view"]] == ["Kaliningrad"]
    assert [r["stance"] for r in served["claims_view"]] == ["assert"]
    assert [r["by_state"] for r in served["deployments_view"]] == ["RU"]
