"""Each endpoint, its filters, and that it answers what the command line answers."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from starlette.testclient import TestClient

from armswatch.cli import cli

from .conftest import HOSTILE_TEXT, HOSTILE_TITLE, RECORDS, all_pages


def _cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _article_id(client: TestClient, title: str) -> str:
    return next(str(a["id"]) for a in all_pages(client, "/api/articles") if a["title"] == title)


def test_articles_list_metadata_without_bodies(client: TestClient) -> None:
    items = all_pages(client, "/api/articles")
    assert sorted(a["title"] for a in items) == sorted(r[2] for r in RECORDS)
    assert all("body" not in a for a in items)
    assert [(a["ingested_at"], a["id"]) for a in items] == sorted((a["ingested_at"], a["id"]) for a in items)


def test_article_filters(client: TestClient) -> None:
    since = all_pages(client, "/api/articles", since="2024-07")
    assert since and all(str(a["published"]) >= "2024-07" for a in since)
    until = all_pages(client, "/api/articles", until="2024-03")  # a month takes all of its days
    assert sorted(a["published"] for a in until) == ["2024-03-01", "2024-03-04"]
    with_system = all_pages(client, "/api/articles", system="Iskander M")  # any spelling of an alias
    assert {a["title"] for a in with_system} == {"Launchers moved west", "Kremlin rejects report", "Brigade leaves the exclave"}
    extracted = all_pages(client, "/api/articles", extracted="true")
    not_extracted = all_pages(client, "/api/articles", extracted="false")
    assert extracted and all(a["extracted"] for a in extracted) and not any(a["extracted"] for a in not_extracted)
    assert len(extracted) + len(not_extracted) == len(RECORDS)
    assert all_pages(client, "/api/articles", language="de") == []


def test_one_article_has_its_records_each_with_its_span(client: TestClient) -> None:
    article_id = _article_id(client, "Launchers moved west")
    data = client.get(f"/api/articles/{article_id[:8]}").json()  # a prefix will do, as in `armswatch show`
    assert data["id"] == article_id and data["published"] == "2024-03-01"
    body = data["body"]
    assert body.startswith("Russia has deployed")
    [deployment] = data["deployments"]
    assert (deployment["by_state"], deployment["system"], deployment["status"]) == ("RU", "ru.iskander-m", "in_place")
    for record in data["deployments"] + data["claims"] + data["events"] + data["counts"]:
        span = record["span"]
        assert body[span["start"] : span["end"]] == span["text"] and span["text"]
    assert {(m["kind"], m["label"]) for m in data["mentions"]} >= {("system", "ru.iskander-m")}
    assert all(body[m["start"] : m["end"]] == m["text"] for m in data["mentions"])
    assert data["sentences"] and data["sentences"][0][0] == 0
    assert data["versions"] == [{"id": article_id, "version": 1}]


def test_html_looking_text_comes_back_as_the_same_json_strings(client: TestClient) -> None:
    article_id = _article_id(client, HOSTILE_TITLE)
    response = client.get(f"/api/articles/{article_id}")
    assert response.headers["content-type"] == "application/json"
    data = response.json()
    assert data["title"] == HOSTILE_TITLE  # neither rendered nor entity-escaped: the client escapes
    assert data["body"] == HOSTILE_TEXT
    [deployment] = data["deployments"]
    assert "<img src=x onerror=alert(1)>" in deployment["span"]["text"]


def test_claims_and_their_filters(client: TestClient) -> None:
    claims = all_pages(client, "/api/claims")
    assert {c["stance"] for c in claims} >= {"accuse", "deny"}
    denials = all_pages(client, "/api/claims", stance="deny")
    assert denials and all(c["stance"] == "deny" for c in denials)
    about_inf = all_pages(client, "/api/claims", about="INF Treaty")
    assert about_inf and all("inf" in c["about"] for c in about_inf)
    by_us = all_pages(client, "/api/claims", speaker="US")
    assert by_us and all(c["speaker"] == "US" or "US" in c["speaker_text"] for c in by_us)
    one = claims[0]["article_id"]
    assert {c["article_id"] for c in all_pages(client, "/api/claims", article=one)} == {one}


def test_deployments_ledger_and_its_filters(client: TestClient) -> None:
    ledger = all_pages(client, "/api/deployments")
    keys = {(a["by"], a["system"], a["place"]) for a in ledger}
    assert keys >= {("RU", "ru.iskander-m", "Kaliningrad"), ("RU", "ru.s-400", "Pskov")}
    iskanders = all_pages(client, "/api/deployments", system="Iskander M")
    assert {a["system"] for a in iskanders} == {"ru.iskander-m"}
    [iskander] = [a for a in iskanders if a["place"] == "Kaliningrad"]
    assert iskander["status"] == "withdrawn" and [h["status"] for h in iskander["history"]] == ["in_place", "withdrawn"]
    assert [c["speaker"] for c in iskander["contradictions"]] == ["RU"]
    in_place = all_pages(client, "/api/deployments", status="in_place")
    assert "Pskov" in {a["place"] for a in in_place} and all(a["status"] == "in_place" for a in in_place)
    assert [a["place"] for a in all_pages(client, "/api/deployments", near="Pskov", km="50")] == ["Pskov"]
    assert all_pages(client, "/api/deployments", by="Germany") == []
    assert all_pages(client, "/api/deployments", since="2025-01-01") == []


def test_the_api_answers_what_the_cli_answers(client: TestClient, records_db: Path) -> None:
    db = ["--db", str(records_db), "--json"]
    assert all_pages(client, "/api/deployments") == _cli_json("deployments", *db)
    assert all_pages(client, "/api/claims", stance="accuse") == _cli_json("claims", "--stance", "accuse", *db)
    assert all_pages(client, "/api/timeline/Iskander-M") == _cli_json("timeline", "Iskander-M", *db)
    assert client.get("/api/treaties/INF").json() == _cli_json("treaty", "INF", *db)
    assert client.get("/api/systems/SSC-8").json() == _cli_json("systems", "show", "SSC-8", *db)
    assert all_pages(client, "/api/systems", **{"class": "GLCM"}) == _cli_json("systems", "--class", "GLCM", "--json")


def test_timeline_of_a_system_and_of_a_place(client: TestClient) -> None:
    events = all_pages(client, "/api/timeline/Iskander-M")
    assert {e["kind"] for e in events} >= {"deployment", "claim:deny"}
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    place = all_pages(client, "/api/timeline/Pskov")
    assert place and all(e["kind"] == "deployment" and "@ Pskov" in e["what"] for e in place)


def test_systems_and_treaties(client: TestClient) -> None:
    glcm = all_pages(client, "/api/systems", **{"class": "GLCM"}, min_range_km="1000")
    assert glcm and all(s["class"] == "GLCM" and s["range_km"][1] >= 1000 for s in glcm)
    card = client.get("/api/systems/Iskander-M").json()
    assert card["id"] == "ru.iskander-m" and len(card["articles"]) == 3
    treaties = all_pages(client, "/api/treaties", search="intermediate-range")
    assert "inf" in {t["id"] for t in treaties}
    inf = client.get("/api/treaties/INF Treaty").json()
    assert inf["id"] == "inf" and inf["scope"] and inf["allegations"] is not None
    resolutions = all_pages(client, "/api/treaties", kind="resolution")
    assert resolutions and all(t["kind"] == "resolution" for t in resolutions)
