"""The change feed: one entry per new or changed ledger row, none on a rerun, filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from armswatch.extract import NlpExtractor
from armswatch.ledger import build_ledger
from armswatch.settings import Settings
from armswatch.store import Store
from armswatch.watch import ChangeFilter, Fetcher, WatchOptions, Watcher, WatchState
from armswatch.watch.changes import diff, snapshot, summary, write_atom
from armswatch.watch.feeds import ATOM, parse_xml

from .conftest import Site, page, quick_policy, rss


def _row(status: str = "in_place", sources: tuple[str, ...] = ("a1",), denials: tuple[str, ...] = (),
         **fields: Any) -> dict[str, Any]:
    row = {"by": "RU", "system": "ru.iskander-m", "system_name": "Iskander-M", "place": "Grodno",
           "place_id": "gn:627904", "lat": 53.68, "lon": 23.83, "status": status, "last_reported": "2025-04-01",
           "sources": list(sources), "denials": list(denials)}
    row.update(fields)
    return row


def test_diff_reports_new_rows_status_changes_denials_and_new_sources() -> None:
    before = {"k1": _row(), "k2": _row(), "k3": _row(), "k4": _row()}
    after = {
        "k1": _row(),  # unchanged: nothing
        "k2": _row("withdrawn", ("a1", "a2")),
        "k3": _row(denials=("RU|a5",)),
        "k4": _row(sources=("a1", "a6")),
        "k5": _row("planned", ("a7",)),
    }
    changes = {c["key"]: c for c in diff(before, after, detected="2025-06-01T00:00:00Z")}
    assert {k: c["kinds"] for k, c in changes.items()} == {
        "k2": ["status", "source"], "k3": ["denial"], "k4": ["source"], "k5": ["new"],
    }
    assert changes["k2"]["previous_status"] == "in_place" and changes["k2"]["new_sources"] == ["a2"]
    assert changes["k3"]["new_denials"] == [{"speaker": "RU", "article": "a5"}]
    assert summary(changes["k2"]) == "RU Iskander-M @ Grodno: withdrawn (was in_place); 1 new report"
    assert summary(changes["k5"]).startswith("new: ")
    assert diff(after, after) == []
    # The id depends on what the row became, not on when it was seen: a consumer can deduplicate.
    assert diff(before, after, detected="later")[0]["id"] == changes["k2"]["id"]


def test_filters() -> None:
    change = diff({}, {"k": _row()})[0]
    assert ChangeFilter().wants(change)
    assert ChangeFilter(systems=frozenset({"ru.iskander-m", "us.patriot"})).wants(change)
    assert not ChangeFilter(systems=frozenset({"us.patriot"})).wants(change)
    assert ChangeFilter(states=frozenset({"RU"})).wants(change)
    assert not ChangeFilter(states=frozenset({"US"})).wants(change)
    assert ChangeFilter(near=(53.9, 27.57), km=300).wants(change)  # Minsk, about 240 km away
    assert not ChangeFilter(near=(53.9, 27.57), km=100).wants(change)
    assert not ChangeFilter(near=(53.9, 27.57), km=300).wants(diff({}, {"k": _row(lat=None, lon=None)})[0])
    assert not ChangeFilter(states=frozenset({"RU"}), systems=frozenset({"us.patriot"})).wants(change)


def test_the_atom_feed_is_valid_and_newest_first(tmp_path: Path) -> None:
    first = diff({}, {"k1": _row()}, detected="2025-06-01T00:00:00Z")
    second = diff({}, {"k2": _row(place="Brest", place_id="gn:629634")}, detected="2025-06-02T00:00:00Z")
    path = tmp_path / "changes.atom"
    write_atom(path, second + first)
    feed = parse_xml(path.read_bytes())
    assert feed.tag == f"{{{ATOM}}}feed"
    entries = feed.findall(f"{{{ATOM}}}entry")
    assert [e.findtext(f"{{{ATOM}}}title") for e in entries] == [
        "new: RU Iskander-M @ Brest: in_place", "new: RU Iskander-M @ Grodno: in_place"]
    assert feed.findtext(f"{{{ATOM}}}updated") == "2025-06-02T00:00:00Z"
    assert json.loads(entries[0].findtext(f"{{{ATOM}}}content") or "")["key"] == "k2"


STORIES = {
    "/s/1": ("Launchers arrive", "Tue, 01 Apr 2025 08:00:00 GMT",
             "Russia has deployed Iskander-M missiles near Grodno, the defence ministry said on Tuesday."),
    "/s/2": ("Batteries in place", "Thu, 03 Apr 2025 08:00:00 GMT",
             "The United States has stationed Patriot batteries in Rzeszow, Polish officials said on Thursday."),
    "/s/3": ("Launchers leave", "Sat, 10 May 2025 08:00:00 GMT",
             "Russia withdrew the Iskander-M missiles from Grodno last week, according to a regional official."),
}


def _serve(site: Site, paths: list[str], etag: str) -> None:
    site.route("/feed", rss(site.base, *[(p, STORIES[p][0], STORIES[p][1]) for p in paths]),
               content_type="application/rss+xml", etag=etag)
    for p in paths:
        site.route(p, page(STORIES[p][0], STORIES[p][2]))


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def watch_model(site: Site, store: Store, model_extractor: NlpExtractor, tmp_path: Path) -> Watcher:
    options = WatchOptions(changes_jsonl=tmp_path / "changes.jsonl", changes_atom=tmp_path / "changes.atom")
    return Watcher([site.url("/feed")], store, WatchState.load(tmp_path / "state.json"),
                   fetcher=Fetcher(quick_policy()), settings=Settings(), extractor=model_extractor, options=options)


def test_one_change_per_new_ledger_row_and_none_on_a_rerun(
    site: Site, store: Store, watch_model: Watcher, tmp_path: Path
) -> None:
    grodno, rzeszow = "RU|ru.iskander-m|gn:627904", "US|us.patriot|gn:759734"
    _serve(site, ["/s/1", "/s/2"], '"a"')
    watch_model.run_pass()
    rows = snapshot(build_ledger(store))
    changes = _lines(tmp_path / "changes.jsonl")
    assert sorted(c["key"] for c in changes) == sorted(rows)  # one per ledger row, each once
    assert {grodno, rzeszow} <= set(rows) and all(c["kinds"] == ["new"] for c in changes)

    watch_model.run_pass()  # nothing new
    assert len(_lines(tmp_path / "changes.jsonl")) == len(changes)

    _serve(site, ["/s/1", "/s/2", "/s/3"], '"b"')  # one more story: the launchers leave
    report = watch_model.run_pass()
    later = _lines(tmp_path / "changes.jsonl")[len(changes):]
    assert report.changes == len(later) and [c["key"] for c in later] == [c["key"] for c in diff(rows, snapshot(build_ledger(store)))]
    [change] = [c for c in later if c["key"] == grodno]
    assert ("status" in change["kinds"], change["previous_status"], change["status"]) == (True, "in_place", "withdrawn")
    entries = parse_xml((tmp_path / "changes.atom").read_bytes()).findall(f"{{{ATOM}}}entry")
    assert len(entries) == len(changes) + len(later)
    assert any("withdrawn (was in_place)" in (e.findtext(f"{{{ATOM}}}title") or "") for e in entries[: len(later)])


def test_a_first_run_on_a_filled_store_reports_only_what_follows(
    site: Site, store: Store, model_extractor: NlpExtractor, tmp_path: Path
) -> None:
    _serve(site, ["/s/1", "/s/2"], '"a"')
    Watcher([site.url("/feed")], store, WatchState.load(None), fetcher=Fetcher(quick_policy()), settings=Settings(),
            extractor=model_extractor, options=WatchOptions(once=True)).run()  # no change feed asked for
    _serve(site, ["/s/1", "/s/2", "/s/3"], '"b"')
    only_us = WatchOptions(once=True, changes_jsonl=tmp_path / "c.jsonl", change_filter=ChangeFilter(states=frozenset({"US"})))
    everything = WatchOptions(once=True, changes_jsonl=tmp_path / "all.jsonl")
    Watcher([site.url("/feed")], store, WatchState.load(tmp_path / "us.json"), fetcher=Fetcher(quick_policy()),
            settings=Settings(), extractor=model_extractor, options=only_us).run()
    assert _lines(tmp_path / "c.jsonl") == []  # only RU changed
    site.routes["/feed"].etag = '"c"'
    Watcher([site.url("/feed")], store, WatchState.load(tmp_path / "all.json"), fetcher=Fetcher(quick_policy()),
            settings=Settings(), extractor=model_extractor, options=everything).run()
    assert _lines(tmp_path / "all.jsonl") == []  # the baseline is the store as this watcher found it
