"""The web pages and exports, without a browser: escaping, query strings, errors, files.
(tests/browser drives the same pages in chromium.)"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from armswatch.kb import load_kb
from armswatch.ledger import Assertion, build_ledger, to_geojson
from armswatch.serve import create_app
from armswatch.serve.pages.data import LedgerQuery
from armswatch.serve.pages.exports import export
from armswatch.serve.pages.highlight import Mark, find_in, segments
from armswatch.store import Store

from .conftest import HOSTILE_TITLE


def _article_id(client: TestClient, title: str) -> str:
    return next(a["id"] for a in client.get("/api/articles").json()["items"] if a["title"] == title)


# --- highlighting -------------------------------------------------------------------------

def test_segments_cut_at_every_boundary_of_nested_and_overlapping_marks() -> None:
    body = "Officials said the brigade moved Tor-M2 launchers to the coast last week."
    marks = [Mark(0, 14, "c1", "claim"), Mark(0, 9, "c1", "speaker"), Mark(10, 72, "d4", "deployment"),
             Mark(33, 39, "d4", "system"), Mark(33, 39, "m2", "system"), Mark(5, 20, "c1", "claim")]
    segs = segments(body, marks)
    assert "".join(s.text for s in segs) == body
    assert all(body[s.start:s.end] == s.text for s in segs)
    by_text = {s.text: s for s in segs}
    assert by_text["Tor-M2"].recs == "d4 m2" and by_text["Tor-M2"].kinds == "k-deployment k-system"
    assert by_text["Offic"].kinds == "k-claim k-speaker" and by_text["ials"].recs == "c1"
    assert segs[-1].recs == ""  # the full stop after the deployment
    assert [s.anchors for s in segs if s.anchors] == [("c1",), ("d4",), ("m2",)]  # first span of each record
    assert all(s.opens == any(m.start == s.start for m in marks) for s in segs)


def test_segments_ignore_marks_outside_the_body_or_of_unknown_kinds() -> None:
    body = "Short text."
    segs = segments(body, [Mark(3, 40, "d1", "deployment"), Mark(2, 2, "d2", "deployment"),
                           Mark(0, 5, "x1", "onclick")])
    assert [(s.text, s.recs) for s in segs] == [(body, "")]


def test_find_in_matches_whole_words_inside_the_window() -> None:
    body = "The spokesman for the ministry said the ministry had not been told."
    assert find_in(body, "ministry", 0, len(body)) == (22, 30)
    assert find_in(body, "ministry", 31, len(body)) == (40, 48)
    assert find_in(body, "spoke", 0, len(body)) is None
    assert find_in(body, None, 0, len(body)) is None


# --- exports ------------------------------------------------------------------------------

def _assertion(place: str, lat: float | None = -33.9) -> Assertion:
    return Assertion(by="XX", system="xx.test", system_name="=cmd|' /C calc'!A0", place=place, place_id=None,
                     lat=lat, lon=18.4 if lat is not None else None, status="planned", first_reported="2025-01-02",
                     last_reported="2025-01-03")


def test_csv_export_defuses_spreadsheet_formulas_but_not_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(export([_assertion("@SUM(A1:A9)"), _assertion("-2+3")], "csv"))))
    assert [r["place"] for r in rows] == ["'@SUM(A1:A9)", "'-2+3"]
    assert rows[0]["system_name"].startswith("'=")
    assert rows[0]["lat"] == "-33.9"  # a number, left as it is


def test_jsonl_and_geojson_exports_are_the_cli_records() -> None:
    rows = [_assertion("Harbour"), _assertion("Nowhere", lat=None)]
    assert [json.loads(line) for line in export(rows, "jsonl").splitlines()] == [a.as_dict() for a in rows]
    assert json.loads(export(rows, "geojson")) == to_geojson(rows)
    with pytest.raises(ValueError):
        export(rows, "xlsx")


def test_ledger_query_string_keeps_only_what_was_chosen() -> None:
    q = LedgerQuery(system="S-400", status="in_place")
    assert q.query() == "system=S-400&status=in_place"
    assert q.query(sort="place", dir="asc") == "system=S-400&status=in_place&sort=place&dir=asc"
    assert LedgerQuery(sort="place", desc=False).query(sort="last", dir="desc") == ""


# --- pages over a store -------------------------------------------------------------------

def test_pages_answer_html_with_the_api_security_headers(client: TestClient) -> None:
    for path in ("/ledger", "/claims", "/timeline/Iskander-M", "/systems/Iskander-M", "/static/app.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["content-type"].startswith("text/css")
    page = client.get("/ledger").text
    assert "<script>" not in page and " on" + "click=" not in page  # scripts come only from files
    assert '<script src="/static/ledger.js"></script>' in page


def test_hostile_title_and_body_are_escaped(client: TestClient) -> None:
    article_id = _article_id(client, HOSTILE_TITLE)
    for path in (f"/articles/{article_id}", f"/claims?article={article_id}"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page, path
    page = client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; Ministry note" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_ledger_filters_sort_and_exports(client: TestClient, records_db: Path) -> None:
    page = client.get("/ledger", params={"system": "Iskander-M", "sort": "place", "dir": "asc"}).text
    assert 'href="/ledger.csv?system=Iskander-M&amp;sort=place&amp;dir=asc"' in page
    assert 'aria-sort="ascending"' in page
    with Store.open(records_db) as store:
        ledger = build_ledger(store, kb=load_kb(), system="ru.iskander-m")
    response = client.get("/ledger.geojson", params={"system": "Iskander-M"})
    assert response.headers["content-type"].startswith("application/geo+json")
    assert "attachment" in response.headers["content-disposition"]
    assert response.json() == to_geojson(ledger)
    lines = client.get("/ledger.jsonl", params={"system": "Iskander-M"}).text.splitlines()
    assert sorted(json.loads(line)["place"] for line in lines) == sorted(a.place for a in ledger)
    table = list(csv.DictReader(io.StringIO(client.get("/ledger.csv", params={"status": "withdrawn"}).text)))
    assert table and {r["status"] for r in table} == {"withdrawn"}
    points = client.get("/ledger/points.geojson", params={"system": "Iskander-M"}).json()["features"]
    assert points and all(p["properties"]["range_km"] == 500.0 and p["properties"]["range_source"] for p in points)


def test_empty_form_fields_are_no_filter(client: TestClient) -> None:
    assert client.get("/ledger?system=&by=&status=&since=&until=").status_code == 200


@pytest.mark.parametrize(("path", "status"), [
    ("/ledger?status=sunk", 400), ("/ledger?since=last+week", 400), ("/ledger?system=no+such+launcher+xyz", 400),
    ("/ledger.csv?status=sunk", 400), ("/ledger.xlsx", 404), ("/claims?stance=shout", 400),
    ("/articles/ffffff000000", 404), ("/timeline/no-such-place-anywhere", 404), ("/systems/no-such-launcher-xyz", 404),
])
def test_bad_queries_get_an_html_page_with_the_reason(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert '<p class="error-message">' in response.text


def test_vendor_files_come_from_node_modules_or_are_missing(records_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    (tmp_path / "leaflet" / "dist").mkdir(parents=True)
    (tmp_path / "leaflet" / "dist" / "leaflet.js").write_text("/* stand-in */", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not served", encoding="utf-8")
    monkeypatch.setenv("ARMSWATCH_NODE_MODULES", str(tmp_path))
    with TestClient(create_app(records_db)) as client:
        assert client.get("/vendor/leaflet/leaflet.js").text == "/* stand-in */"
        assert client.get("/vendor/leaflet/../../secret.txt").status_code == 404
        assert client.get("/vendor/world-atlas/countries-110m.json").status_code == 404  # not installed: 404, not 500
        assert 'id="map"' in client.get("/ledger").text
    monkeypatch.setenv("ARMSWATCH_NODE_MODULES", str(tmp_path / "none"))
    with TestClient(create_app(records_db)) as client:
        assert "npm ci" in client.get("/ledger").text  # the page says how to install the map
