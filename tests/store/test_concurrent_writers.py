"""Two processes ingesting into one store at once, with inputs that differ and overlap,
lose nothing and store nothing twice (SQLite waits on the other's write lock; PostgreSQL
writers take an advisory lock), and the rows are those a single ingest stores."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import sys
from collections.abc import Callable
from pathlib import Path

from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

from ..conftest import REPO

Target = Callable[..., "str | Path"]


def _story(i: int) -> str:
    return (f"Exercise bulletin {i}\n\nThe ministry said on Monday that air defence unit {i} had finished its drills. "
            f"Crews fired {i % 7 + 1} missiles at drones over the range. Officials gave no further details.\n")


def _folder(path: Path, numbers: range) -> Path:
    path.mkdir()
    for i in numbers:
        (path / f"{i:04d}.txt").write_text(_story(i), encoding="utf-8")
    return path


def _rows(store: Store) -> tuple[list[tuple[object, ...]], ...]:
    articles = store.db.execute("SELECT source_key, version, extracted FROM articles ORDER BY source_key").fetchall()
    mentions = store.db.execute(
        'SELECT a.source_key, m.kind, m.label, m.start, m."end" FROM mentions m JOIN articles a ON a.id = m.article_id '
        'ORDER BY 1, 2, 3, 4, 5'
    ).fetchall()
    tokens = store.db.execute("SELECT a.source_key FROM tokens t JOIN articles a ON a.id = t.article_id ORDER BY 1").fetchall()
    return [tuple(r) for r in articles], [tuple(r) for r in mentions], [tuple(r) for r in tokens]


def test_two_writers_at_once_lose_nothing_and_duplicate_nothing(
    tmp_path: Path, db_target: Target, blank_extractor: NlpExtractor,
) -> None:
    shared = _folder(tmp_path / "shared", range(0, 60))
    only_a, only_b = _folder(tmp_path / "a", range(100, 140)), _folder(tmp_path / "b", range(200, 240))
    db = db_target("shared")
    env = {**os.environ, "ARMSWATCH_NLP_MODEL": "blank:en", "ARMSWATCH_GATE": "0", "ARMSWATCH_BATCH_SIZE": "2",
           "PYTHONPATH": str(REPO)}
    writers = [
        subprocess.Popen([sys.executable, "-m", "armswatch", "ingest", str(shared), str(extra), "--db", str(db), "--json"],
                         cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for extra in (only_a, only_b)
    ]
    reports, errors = [], []
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        if writer.returncode == 0:
            reports.append(json.loads(out)["report"])
        errors.append(err.decode())
    assert len(reports) == 2, errors
    assert [r["new"] + r["unchanged"] for r in reports] == [100, 100]
    assert sum(r["new"] for r in reports) == 140 and not any(r["skipped"] for r in reports)

    with Store.open(db_target("alone")) as alone:
        ingest([shared, only_a, only_b], alone, settings=Settings(nlp_model="blank:en", gate=False), extractor=blank_extractor)
        expected = _rows(alone)
    with Store.open(db) as store:
        articles, mentions, tokens = _rows(store)
        assert len(articles) == 140 and len({a[0] for a in articles}) == 140
        assert {a[1] for a in articles} == {1} and all(a[2] == 1 for a in articles)
        assert (articles, mentions, tokens) == expected
        assert store.integrity_ok()


def test_a_writer_waits_for_another_writers_transaction(db_target: Target) -> None:
    """SQLite's busy timeout (PostgreSQL's advisory lock): the second writer waits, then writes."""
    db = db_target("locked")
    Store.open(db).close()
    holding, done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def second_writer() -> None:
        holding.wait(30)
        try:
            with Store.open(db) as store, store.transaction():
                store.db.execute("INSERT INTO skips (location, reason, at) VALUES ('b', 'second', 'now')")
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)
        done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    with Store.open(db) as first, first.transaction():
        first.db.execute("INSERT INTO skips (location, reason, at) VALUES ('a', 'first', 'now')")
        holding.set()
        assert not done.wait(1.5), "the second writer did not wait for the first's transaction"
    thread.join(60)
    assert not failures, failures
    with Store.open(db) as store:
        assert [s.reason for s in store.skips()] == ["first", "second"]
        if store.dialect == "sqlite":  # a long batch of another process is waited for, not failed on
            assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 30_000
