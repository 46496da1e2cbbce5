"""The local ingest in forked worker processes stores exactly what one process stores.

Every text here was written for these tests.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from armswatch import pipeline
from armswatch.extract import NlpExtractor
from armswatch.models import SourceDoc
from armswatch.pipeline import Prepared, ingest
from armswatch.settings import Settings
from armswatch.store import Store
from armswatch.workers import ForkedWorkers, usable_workers

from ..conftest import write
from .conftest import dump
from .test_dask_engine import corpus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are forked (Linux)")


def _more(root: Path) -> Path:
    """The engine corpus and a few more stories, so that a run has several batches."""
    corpus(root)
    for n in range(6):
        write(
            root / "c" / f"{n}.txt",
            f"Battery report {n}\n\nThe ministry said on Friday that {n + 2} Patriot batteries had been moved to "
            f"an air base near the northern border, a spokesman told reporters.\n",
        )
    return root


def _ingest(root: Path, db: Path, settings: Settings, extractor: NlpExtractor) -> dict[str, object]:
    with Store.open(db) as store:
        return ingest([root], store, settings=settings, extractor=extractor).as_dict()


def test_workers_store_the_same_rows_as_one_process(tmp_path: Path, model_extractor: NlpExtractor) -> None:
    root = _more(tmp_path / "in")
    settings = Settings(batch_size=2, gate=True)  # the real model and the gate, as by default
    alone = _ingest(root, tmp_path / "one.db", settings.with_(workers=1), model_extractor)
    started = ForkedWorkers.started
    forked = _ingest(root, tmp_path / "two.db", settings.with_(workers=2), model_extractor)
    assert ForkedWorkers.started == started + 1, "the run should have forked its workers"
    assert forked == alone
    assert alone["gate"]["passed"] >= 6 and alone["gate"]["skipped"] >= 1 and alone["skipped"]  # type: ignore[index]
    rows = dump(tmp_path / "one.db")
    assert rows["deployments"] and rows["gate_decisions"], "the texts should give records to compare"
    assert dump(tmp_path / "two.db") == rows


def test_a_run_of_one_batch_is_not_forked(tmp_path: Path, blank_extractor: NlpExtractor) -> None:
    root = _more(tmp_path / "in")
    started = ForkedWorkers.started
    report = _ingest(root, tmp_path / "x.db", Settings(nlp_model="blank:en", batch_size=100, workers=2), blank_extractor)
    assert ForkedWorkers.started == started
    assert report["new"] == 3 + 4 + 6 + 1  # a/, the JSON records, c/, german.txt


def test_a_rerun_with_workers_adds_nothing(tmp_path: Path, blank_extractor: NlpExtractor) -> None:
    root = _more(tmp_path / "in")
    settings = Settings(nlp_model="blank:en", batch_size=2, workers=2)
    first = _ingest(root / "a", tmp_path / "x.db", settings, blank_extractor)  # as if interrupted after a/
    resumed = _ingest(root, tmp_path / "x.db", settings, blank_extractor)
    again = _ingest(root, tmp_path / "x.db", settings, blank_extractor)
    assert first["new"] == 3 and resumed["new"] == 11 and resumed["unchanged"] == 3 + 1
    assert again["new"] == 0 and again["unchanged"] == 3 + 11 + 1


def _dies(docs: list[SourceDoc]) -> list[Prepared]:
    os._exit(3)  # a worker killed mid-batch (out of memory, a crash in a C extension)


def test_a_dead_worker_loses_no_article(
    tmp_path: Path, blank_extractor: NlpExtractor, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    root = _more(tmp_path / "in")
    settings = Settings(nlp_model="blank:en", batch_size=2)
    alone = _ingest(root, tmp_path / "one.db", settings.with_(workers=1), blank_extractor)
    monkeypatch.setattr(pipeline, "_in_worker", _dies)
    with caplog.at_level(logging.WARNING, logger="armswatch.pipeline"):
        rescued = _ingest(root, tmp_path / "two.db", settings.with_(workers=2), blank_extractor)
    assert "worker process died" in caplog.text
    assert rescued == alone
    assert dump(tmp_path / "two.db") == dump(tmp_path / "one.db")


def test_how_many_workers() -> None:
    assert usable_workers(1) == 1
    assert usable_workers(3) == 3  # asked for: forked even beside other threads
    assert 1 <= usable_workers(0) <= 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert usable_workers(0) == 1  # automatic: never fork a process that runs other threads
    finally:
        stop.set()
        thread.join()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    for i in range(400):
        write(folder / f"{i:04d}.txt", f"Story {i}\n\nThe council met on day {i} to discuss the parks budget. " * 20)
    env = dict(os.environ, ARMSWATCH_NLP_MODEL="blank:en", ARMSWATCH_BATCH_SIZE="4", ARMSWATCH_WORKERS="2")
    process = subprocess.Popen(
        [sys.executable, "-m", "armswatch", "ingest", str(folder), "--db", str(tmp_path / "x.db")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        workers = _children(process.pid)
    assert len(workers) == 2, "the ingest should have forked two workers"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "a worker outlived its killed parent"
