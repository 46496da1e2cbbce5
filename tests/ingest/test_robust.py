"""One bad line, page or file name never stops a run (issue 8). Texts invented for the tests."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from armswatch.extract import NlpExtractor
from armswatch.ingest import read_path
from armswatch.ingest.decode import scrub_text
from armswatch.models import Annotations, Skipped, SourceDoc
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

from ..conftest import write

GOOD = "The coastal brigade said on Tuesday that its launchers had returned to the garrison."


def test_lone_surrogate_line_is_reported_and_the_next_line_is_read(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    lines = [
        json.dumps({"url": "http://x.example/1", "text": "Broken \ud800 record of a statement."}),  # \ud800 escape
        json.dumps({"url": "http://x.example/2", "text": GOOD}),
    ]
    assert "\\ud800" in lines[0]
    path = write(tmp_path / "in" / "feed.jsonl", "\n".join(lines) + "\n")
    report = ingest([path], store, settings=settings, extractor=blank_extractor)
    assert report.new == 1
    [skipped] = report.skipped
    assert skipped.location == f"{path}:1" and "surrogate" in skipped.reason
    assert [a.body for a in store.list_articles()] == [GOOD]
    assert store.skips() == [skipped]


def test_surrogates_and_nuls_in_metadata_fields_do_not_reach_the_store(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    record = {"url": "http://x.example/3", "title": "Title \udc80 half", "outlet": "Wire\u0000Desk", "text": GOOD + "\u0000"}
    path = write(tmp_path / "in" / "feed.jsonl", json.dumps(record) + "\n")
    report = ingest([path], store, settings=settings, extractor=blank_extractor)
    assert report.new == 1, report.skipped
    [article] = store.list_articles()
    assert article.title is None and article.outlet == "Wire\ufffdDesk"
    assert "\x00" not in article.body and article.encoding_note and "NUL" in article.encoding_note


def test_odd_json_lines_each_get_a_reason(tmp_path: Path) -> None:
    lines = [b"[" * 5000 + b"]" * 5000, b'{"text": ' + b"7" * 6000 + b"}", b'{"text": 12}', b'"text"',
             "{\"text\": \"caf\xe9 au lait, said the envoy in a statement.\"}".encode("latin-1")]
    path = write(tmp_path / "odd.jsonl", b"\n".join(lines) + b"\n")
    results = list(read_path(path, max_file_bytes=1_000_000))
    skipped = {r.location.rsplit(":", 1)[1]: r.reason for r in results if isinstance(r, Skipped)}
    docs = [r for r in results if isinstance(r, SourceDoc)]
    assert set(skipped) == {"1", "2", "3", "4"}
    assert "nested too deeply" in skipped["1"] and "not usable JSON" in skipped["2"]
    assert [d.text for d in docs] == ["café au lait, said the envoy in a statement."]
    assert docs[0].encoding_note and "not UTF-8" in docs[0].encoding_note


def test_a_line_longer_than_the_limit_is_passed_over_without_reading_it_whole(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "word " * 5000}), json.dumps({"text": GOOD})]
    path = write(tmp_path / "long.jsonl", "\n".join(lines) + "\n")
    results = list(read_path(path, max_file_bytes=1000))
    assert isinstance(results[0], Skipped) and results[0].location.endswith(":1") and "too large" in results[0].reason
    assert isinstance(results[1], SourceDoc) and results[1].text == GOOD


def test_scrub_keeps_offsets() -> None:
    text, note = scrub_text("a\x00b\ud800c")
    assert text == "a\ufffdb\ufffdc" and len(text) == 5
    assert note == "1 NUL character and 1 lone surrogate replaced by U+FFFD"
    assert scrub_text("plain") == ("plain", None)


def test_nul_after_the_binary_sniff_and_control_characters_in_html(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    folder = tmp_path / "in"
    write(folder / "late.txt", (GOOD + "\n\n") * 200 + "Tail\x00 line of the statement.\n")
    write(folder / "ctrl.html", f"<html><body><p>{GOOD[:30]}\x01\x02{GOOD[30:]}</p></body></html>")
    report = ingest([folder], store, settings=settings, extractor=blank_extractor)
    assert report.new == 2 and report.skipped == []
    bodies = {Path(a.location).name: a.body for a in store.list_articles()}
    assert "\x00" not in bodies["late.txt"] and "Tail\ufffd line" in bodies["late.txt"]
    assert "launchers had returned" in bodies["ctrl.html"]


def test_a_file_name_that_is_not_utf8_is_stored_under_a_printable_name(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"report\xff.txt"), "wb") as handle:
        handle.write(GOOD.encode())
    report = ingest([folder], store, settings=settings, extractor=blank_extractor)
    assert report.new == 1
    [article] = store.list_articles()
    assert article.location.endswith("report\\xff.txt")


class _Flaky:
    """An extractor that fails on any batch holding a body with the word 'poison'."""

    def __init__(self, inner: NlpExtractor) -> None:
        self.inner = inner
        self.nlp = inner.nlp

    def pipe(self, bodies: Iterable[Any], *, batch_size: int = 16) -> Iterator[Annotations]:
        items = list(bodies)
        if any("poison" in item[0] for item in items):
            raise ValueError("boom")
        yield from self.inner.pipe(items, batch_size=batch_size)


def test_a_body_the_nlp_stage_fails_on_is_stored_unextracted_and_the_rest_extracted(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD + "\n")
    write(folder / "b.txt", "The poison pill clause was debated by the committee for a long time.\n")
    write(folder / "c.txt", "Officials said the radar would be moved to the southern coast next year.\n")
    report = ingest([folder], store, settings=settings, extractor=_Flaky(blank_extractor))  # type: ignore[arg-type]
    assert report.new == 3
    extracted = {Path(a.location).name: a.extracted for a in store.list_articles()}
    assert extracted == {"a.txt": True, "b.txt": False, "c.txt": True}
    [note] = report.not_extracted
    assert note.location.endswith("b.txt") and "NLP stage failed" in note.reason


def test_deeply_nested_html_is_read(tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor) -> None:
    page = "<html><body>" + "<div>" * 4000 + f"<p>{GOOD}</p>" + "</div>" * 4000 + "</body></html>"
    write(tmp_path / "in" / "deep.html", page)
    write(tmp_path / "in" / "empty.html", "<html><body>" + "<p>" * 500 + "</body></html>")
    report = ingest([tmp_path / "in"], store, settings=settings, extractor=blank_extractor)
    assert report.new == 1 and [a.body for a in store.list_articles()] == [GOOD]
    [skipped] = report.skipped
    assert skipped.location.endswith("empty.html") and skipped.reason == "no article body found (no text in the document)"
