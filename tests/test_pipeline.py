from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

from .conftest import WIRE, write

GERMAN = (
    "Raketen an der Ostsee\n\n"
    "Russland hat nach Angaben des Verteidigungsministeriums neue Iskander-Raketen in die Region verlegt. "
    "Die Nachbarstaaten reagierten besorgt und forderten Aufklärung über die Zahl der Startgeräte.\n"
)


def story(i: int) -> str:
    return f"Report number {i}\n\nThe ministry said on Monday that battery {i} had completed its drills. Officials gave no details.\n"


def test_ingest_stores_once_and_rerun_adds_nothing(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    write(tmp_path / "in" / "a.txt", WIRE)
    write(tmp_path / "in" / "b.txt", story(1))
    first = ingest([tmp_path / "in"], store, settings=settings, extractor=blank_extractor)
    second = ingest([tmp_path / "in"], store, settings=settings, extractor=blank_extractor)
    assert (first.new, first.unchanged) == (2, 0)
    assert (second.new, second.unchanged, second.new_version) == (0, 2, 0)
    assert store.count_articles() == 2


def test_original_bytes_are_kept_unchanged(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    data = WIRE.replace("\n", "\r\n").encode("utf-16")
    path = write(tmp_path / "w.txt", data)
    ingest([path], store, settings=settings, extractor=blank_extractor)
    [article] = store.list_articles()
    raw, source_text, _ = store.source_of(article.id)
    assert raw == data and "Joint Chiefs" in source_text and article.encoding == "utf-16"


def test_changed_file_keeps_both_versions_linked(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    path = write(tmp_path / "a.txt", story(1))
    ingest([path], store, settings=settings, extractor=blank_extractor)
    write(path, story(1) + "\nAn update: the ministry later confirmed the drills had ended.\n")
    report = ingest([path], store, settings=settings, extractor=blank_extractor)
    assert report.new_version == 1
    v1, v2 = sorted(store.list_articles(), key=lambda a: a.version)
    assert (v1.version, v2.version) == (1, 2) and v2.previous_id == v1.id
    assert store.versions(v1.source_key) == [(v1.id, 1), (v2.id, 2)]


def test_same_url_in_a_feed_becomes_versions(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    lines = [
        {"url": "https://news.example.org/x", "title": "T", "published": "2025-01-01", "text": story(1)},
        {"url": "https://news.example.org/x", "title": "T", "published": "2025-01-01", "text": story(2)},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(line) for line in lines))
    report = ingest([path], store, settings=settings, extractor=blank_extractor)
    assert (report.new, report.new_version) == (1, 1)
    assert [v for _, v in store.versions("https://news.example.org/x")] == [1, 2]


def test_non_english_is_stored_and_marked_not_extracted(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    report = ingest([write(tmp_path / "de.txt", GERMAN)], store, settings=settings, extractor=blank_extractor)
    [article] = store.list_articles()
    assert article.language == "de" and not article.extracted
    assert "not extracted" in (article.extract_note or "")
    assert store.mentions(article.id) == []
    assert len(report.not_extracted) == 1


def test_language_gate_follows_the_confidence_setting(tmp_path: Path, store: Store, blank_extractor: NlpExtractor) -> None:
    settings = Settings(nlp_model="blank:en", min_english_confidence=1.01)  # never sure enough to skip
    ingest([write(tmp_path / "de.txt", GERMAN)], store, settings=settings, extractor=blank_extractor)
    [article] = store.list_articles()
    assert article.language == "de" and article.extracted


def test_body_over_the_nlp_bound_is_stored_not_extracted(tmp_path: Path, store: Store, blank_extractor: NlpExtractor) -> None:
    settings = Settings(nlp_model="blank:en", max_body_chars=100)
    ingest([write(tmp_path / "long.txt", WIRE)], store, settings=settings, extractor=blank_extractor)
    [article] = store.list_articles()
    assert not article.extracted and "too long" in (article.extract_note or "")


def test_bad_inputs_are_reported_and_the_rest_goes_on(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    folder = tmp_path / "mixed"
    write(folder / "good.txt", WIRE)
    write(folder / "empty.txt", b"")
    write(folder / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(300))
    write(folder / "menu.txt", "Menu\nSearch\nSign in\n")
    write(folder / "feed.jsonl", json.dumps({"url": "https://e.org/1", "text": story(5)}) + "\n{oops\n")
    report = ingest([folder, tmp_path / "missing.txt"], store, settings=settings, extractor=blank_extractor)
    reasons = {Path(s.location).name: s.reason for s in report.skipped}
    assert report.new == 2
    assert set(reasons) == {"empty.txt", "image.png", "menu.txt", "feed.jsonl:2", "missing.txt"}
    assert all("\n" not in reason for reason in reasons.values())
    assert len(store.skips()) == 5


def test_sentences_are_stored_as_mentions_with_extractor_name(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    ingest([write(tmp_path / "a.txt", WIRE)], store, settings=settings, extractor=blank_extractor)
    [article] = store.list_articles()
    sentences = store.mentions(article.id, kind="sentence")
    assert len(sentences) >= 3
    for s in sentences:
        assert article.body[s["start"] : s["end"]] == s["text"]
        assert s["extractor"].startswith("spacy.en_")


def test_ten_thousand_file_folder(tmp_path: Path, store: Store, blank_extractor: NlpExtractor) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_text(story(i))
    settings = Settings(nlp_model="blank:en", batch_size=256)
    report = ingest([folder], store, settings=settings, extractor=blank_extractor)
    assert report.new == 10_000 and not report.skipped
    assert store.count_articles() == 10_000


def _run_cli(args: list[str], tmp_path: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, ARMSWATCH_NLP_MODEL="blank:en", ARMSWATCH_BATCH_SIZE="8")
    return subprocess.Popen(
        [sys.executable, "-m", "armswatch", "ingest", *args],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db) as con:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _interrupt_and_resume(tmp_path: Path, sig: int) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    total = 3000
    for i in range(total):
        (folder / f"{i:05d}.txt").write_text(story(i) * 3)
    db = tmp_path / "x.db"
    process = _run_cli([str(folder), "--db", str(db)], tmp_path)
    deadline = time.monotonic() + 120
    while _count(db) < 50 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be interrupted; make the corpus bigger"
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)  # waits, and closes the pipes
    if sig == signal.SIGINT:
        assert process.returncode == 130, err.decode()
        assert b"interrupted" in out and b"Traceback" not in err
    stored = _count(db)
    assert 0 < stored < total
    again = _run_cli([str(folder), "--db", str(db), "--json"], tmp_path)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    report = json.loads(out)["report"]
    assert report["new"] + report["unchanged"] == total
    with Store.open(db) as store:
        assert store.count_articles() == total
        assert store.integrity_ok()
        dupes = store.db.execute("SELECT count(*) FROM (SELECT source_key FROM articles GROUP BY source_key HAVING count(*) > 1)")
        assert dupes.fetchone()[0] == 0
        orphans = store.db.execute("SELECT count(*) FROM articles a WHERE extracted = 1 AND NOT EXISTS (SELECT 1 FROM tokens t WHERE t.article_id = a.id)")
        assert orphans.fetchone()[0] == 0


def test_kill_9_then_rerun_finishes_without_duplicates(tmp_path: Path) -> None:
    _interrupt_and_resume(tmp_path, signal.SIGKILL)


def test_ctrl_c_then_rerun_finishes_without_duplicates(tmp_path: Path) -> None:
    _interrupt_and_resume(tmp_path, signal.SIGINT)
