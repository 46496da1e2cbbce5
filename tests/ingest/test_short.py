"""Short articles are articles: wire flashes, one-line statements, a headline and a line.

Every text here was written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armswatch.clean import clean_document
from armswatch.errors import CleanError
from armswatch.extract import NlpExtractor
from armswatch.models import Hints, SourceDoc
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

from ..conftest import write


def _doc(text: str, fmt: str = "text", hints: Hints | None = None) -> SourceDoc:
    return SourceDoc("file:///t.txt", "t.txt", fmt, text.encode(), text, "utf-8", "h", hints=hints or Hints())  # type: ignore[arg-type]


def _bodies(store: Store) -> dict[str, str]:
    return {a.title or a.location: a.body for a in store.list_articles()}


def test_two_short_jsonl_records_are_both_stored(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    records = [
        {"url": "http://w.example/1", "title": "Talks", "published": "2021-03-04",
         "text": "The foreign office said on Friday that the talks had ended."},
        {"url": "http://w.example/2", "title": "No comment", "published": "2021-03-05",
         "text": "An embassy official declined to comment."},
        {"url": "http://w.example/3", "title": "Flash", "text": "Share this story"},
    ]
    path = write(tmp_path / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    report = ingest([path], store, settings=settings, extractor=blank_extractor)
    assert report.new == 3 and report.skipped == []
    bodies = _bodies(store)
    assert bodies["No comment"] == "An embassy official declined to comment."
    assert bodies["Flash"] == "Share this story"  # the export says it is the article: kept


@pytest.mark.parametrize(
    "text",
    [
        "The navy said its destroyer had tracked two launches.\n",
        "“We will not accept this,” the envoy told the council.\n",
        "Talks collapse\n\nThe delegations left without a joint statement.\n",
        "Patrol boats seen off the cape\n",
    ],
)
def test_short_text_captures_keep_their_sentence(text: str) -> None:
    cleaned = clean_document(_doc(text))
    last_line = text.strip().splitlines()[-1]
    assert last_line in cleaned.body


def test_headline_plus_one_line_keeps_the_headline_as_title() -> None:
    cleaned = clean_document(_doc("Talks collapse\n\nThe delegations left without a joint statement.\n"))
    assert cleaned.metadata.title == "Talks collapse"
    assert cleaned.body == "The delegations left without a joint statement."
    assert cleaned.metadata.note is None


def test_a_body_the_rules_would_empty_is_kept_whole_with_a_note() -> None:
    # a headline-like line and a short credit-like line: each rule alone would cut it
    text = "Border post shelled overnight\nTwo guards were wounded\n"
    cleaned = clean_document(_doc(text))
    assert "Border post shelled overnight" in cleaned.body and "Two guards were wounded" in cleaned.body
    assert cleaned.metadata.note and "whole text" in cleaned.metadata.note


def test_menus_alone_are_still_not_an_article() -> None:
    with pytest.raises(CleanError, match="no article body"):
        clean_document(_doc("Home | World | Politics\nSign in\nSubscribe\n"))


def test_one_paragraph_html_page_is_stored(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    page = "<html><body><p>The alliance said the brigade moved its launchers to the northern base.</p></body></html>"
    path = write(tmp_path / "one.html", page)
    report = ingest([path], store, settings=settings, extractor=blank_extractor)
    assert report.new == 1, report.skipped
    [article] = store.list_articles()
    assert article.body == "The alliance said the brigade moved its launchers to the northern base."


def test_every_short_kind_is_stored_and_noted(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    folder = tmp_path / "in"
    write(folder / "quote.txt", "“No missiles will be stationed there,” the minister said.\n")
    write(folder / "flash.txt", "Launch detected\n")
    write(folder / "brief.html", "<html><body><h1>Launch detected</h1></body></html>")
    report = ingest([folder], store, settings=settings, extractor=blank_extractor)
    assert report.new == 3, report.skipped
    notes = {a.location.rsplit("/", 1)[-1]: a.clean_note for a in store.list_articles()}
    assert notes["quote.txt"] is None
    assert notes["flash.txt"] and "whole text" in notes["flash.txt"]


def test_short_statement_is_extracted_with_the_real_model(
    tmp_path: Path, store: Store, settings: Settings, model_extractor: NlpExtractor
) -> None:
    records = [{"url": "http://w.example/9", "title": "Statement", "published": "2022-06-01",
                "text": "The defence ministry said the Iskander brigade had returned to its base."}]
    path = write(tmp_path / "s.jsonl", json.dumps(records[0]) + "\n")
    report = ingest([path], store, settings=settings, extractor=model_extractor)
    assert report.new == 1
    [article] = store.list_articles()
    assert article.extracted
    assert store.mentions(article.id, kind="system"), "the system is recognised"
    assert len(store.mentions(article.id, kind="sentence")) == 1
    claims = store.claims(article_id=article.id)
    assert claims, "the statement is a claim"
