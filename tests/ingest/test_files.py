from __future__ import annotations

import json
from pathlib import Path

from armswatch.ingest import discover_files, read_path
from armswatch.models import Skipped, SourceDoc

from ..conftest import WIRE, write

LIMIT = 1_000_000


def read_all(path: Path, limit: int = LIMIT) -> list[SourceDoc | Skipped]:
    return list(read_path(path, max_file_bytes=limit))


def test_text_file_becomes_one_document(tmp_path: Path) -> None:
    [doc] = read_all(write(tmp_path / "a.txt", WIRE))
    assert isinstance(doc, SourceDoc)
    assert doc.fmt == "text" and doc.text == WIRE and doc.raw == WIRE.encode()
    assert doc.source_key.startswith("file://") and len(doc.content_hash) == 64


def test_html_is_sniffed_without_suffix(tmp_path: Path) -> None:
    [doc] = read_all(write(tmp_path / "page", "<!DOCTYPE html><html><body><p>x</p></body></html>"))
    assert isinstance(doc, SourceDoc) and doc.fmt == "html"


def test_jsonl_good_lines_kept_bad_lines_reported_with_numbers(tmp_path: Path) -> None:
    good = {"url": "https://example.org/a", "title": "A", "published": "2025-01-02", "text": "Body one."}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"url": "https://example.org/b", "text": ""}),
        "",
        json.dumps([1, 2]),
        json.dumps({"url": "https://example.org/c", "text": "Body three."}),
    ]
    results = read_all(write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n"))
    docs = [r for r in results if isinstance(r, SourceDoc)]
    skipped = {r.location.rsplit(":", 1)[1]: r.reason for r in results if isinstance(r, Skipped)}
    assert [d.source_key for d in docs] == ["https://example.org/a", "https://example.org/c"]
    assert docs[0].hints.published == "2025-01-02" and docs[0].text == "Body one."
    assert set(skipped) == {"2", "3", "5"}
    assert "not valid JSON" in skipped["2"] and "text" in skipped["3"] and "object" in skipped["5"]


def test_jsonl_hash_ignores_key_order(tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", json.dumps({"url": "u", "text": "T"}) + "\n")
    b = write(tmp_path / "b.jsonl", json.dumps({"text": "T", "url": "u"}) + "\n")
    [da], [db] = read_all(a), read_all(b)
    assert isinstance(da, SourceDoc) and isinstance(db, SourceDoc)
    assert da.content_hash == db.content_hash


def test_too_large_file_is_skipped_with_the_limit(tmp_path: Path) -> None:
    [result] = read_all(write(tmp_path / "big.txt", "word " * 300), limit=1000)
    assert isinstance(result, Skipped) and "too large" in result.reason and "1,000" in result.reason


def test_vanished_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "gone.txt", WIRE)
    found = list(discover_files([tmp_path]))
    path.unlink()
    [result] = read_all(found[0])  # type: ignore[arg-type]
    assert isinstance(result, Skipped) and "vanished" in result.reason


def test_binary_and_empty_files_are_skipped(tmp_path: Path) -> None:
    [binary] = read_all(write(tmp_path / "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)))
    [empty] = read_all(write(tmp_path / "empty.txt", b""))
    assert isinstance(binary, Skipped) and "binary" in binary.reason
    assert isinstance(empty, Skipped) and "empty" in empty.reason


def test_discovery_is_sorted_skips_hidden_and_gold_and_reports_missing(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", ".hidden.txt", "gold.jsonl", "sub/c.html"]:
        write(tmp_path / name, "x")
    found = list(discover_files([tmp_path, tmp_path / "nope"]))
    names = [f.name if isinstance(f, Path) else f.reason for f in found]
    assert names == ["a.txt", "b.txt", "c.html", "no such file or folder"]


def test_discovery_streams_a_folder_of_ten_thousand_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_text(f"story {i}")
    walker = discover_files([folder])
    first = next(walker)
    assert isinstance(first, Path) and first.name == "00000.txt"
    assert 1 + sum(1 for _ in walker) == 10_000
