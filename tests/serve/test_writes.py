"""Writes through the API: reviews and uploads need a bearer token, from the same origin;
errors keep the one JSON shape; tokens never reach the logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from armswatch.serve import create_app
from armswatch.settings import Settings
from armswatch.store import Store
from armswatch.store.users import add_user, revoke_user

from ..review.conftest import ScriptedExtractor, fill, record_id
from ..store.targets import DbTarget

UPLOAD_LIMIT = 20_000


class Site:
    def __init__(self, client: TestClient, db: Path, token: str) -> None:
        self.client, self.db, self.token = client, db, token

    def auth(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def record(self, table: str, **where: str) -> int:
        with Store.open(self.db) as store:
            return record_id(store, table, **where)


@pytest.fixture
def site(db_target: DbTarget, tmp_path: Path) -> Iterator[Site]:
    db = db_target("site")
    with Store.open(db) as store:
        fill(store, tmp_path)
        token = add_user(store, "ana")
    app = create_app(db, settings=Settings(gate=False, max_file_bytes=UPLOAD_LIMIT))
    app.state.extractor = ScriptedExtractor()
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Site(client, db, token)


def _error(response: object, status: int) -> str:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return str(body["error"]["code"])


def test_a_review_through_the_api_changes_the_ledger(site: Site) -> None:
    rid = site.record("deployments", by_state="RU")
    response = site.client.post("/api/reviews", headers=site.auth(), json={
        "kind": "deployment", "record": rid, "action": "correct", "values": {"place": "Kaliningrad"},
        "comment": "the unit's own photos"})
    assert response.status_code == 201, response.text
    review = response.json()
    assert review["reviewer"] == "ana" and review["after"]["place"] == "Kaliningrad"
    [row] = [a for a in site.client.get("/api/deployments").json()["items"] if a["by"] == "RU"]
    assert (row["place"], row["reviewed"], row["reviews"]) == ("Kaliningrad", True, [review["id"]])
    reject = site.client.post("/api/reviews", headers=site.auth(), json={
        "kind": "deployment", "record": site.record("deployments", by_state="BY"), "action": "reject"})
    assert reject.status_code == 201
    assert [a["by"] for a in site.client.get("/api/deployments").json()["items"]] == ["RU"]
    # reading the reviews is open, paged, oldest first
    listed = site.client.get("/api/reviews", params={"limit": 1})
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["items"]] == [review["id"]]
    second = site.client.get("/api/reviews", params={"after": listed.json()["next"]}).json()
    assert [r["action"] for r in second["items"]] == ["reject"] and second["next"] is None


@pytest.mark.parametrize("headers, status, code", [
    ({}, 401, "unauthorized"),
    ({"Authorization": "Basic YW5hOnB3"}, 401, "unauthorized"),
    ({"Authorization": "Bearer 0123abcd.not-the-secret"}, 401, "unauthorized"),
    ({"Authorization": "TOKEN", "Origin": "https://elsewhere.example"}, 403, "forbidden"),
    ({"Authorization": "TOKEN", "Origin": "null"}, 403, "forbidden"),
    ({"Authorization": "TOKEN", "Sec-Fetch-Site": "cross-site"}, 403, "forbidden"),
])
def test_writes_need_a_token_from_the_same_origin(site: Site, headers: dict[str, str], status: int, code: str) -> None:
    headers = {k: (f"Bearer {site.token}" if v == "TOKEN" else v) for k, v in headers.items()}
    body = {"kind": "deployment", "record": site.record("deployments", by_state="RU"), "action": "confirm"}
    for response in (site.client.post("/api/reviews", headers=headers, json=body),
                     site.client.post("/api/articles", headers={**headers, "Content-Type": "text/plain"},
                                      content=b"Plain words about nothing in particular.")):
        assert _error(response, status) == code
        if status == 401:
            assert response.headers["www-authenticate"].startswith("Bearer")
    assert site.client.get("/api/reviews").json()["items"] == []
    assert len(site.client.get("/api/articles").json()["items"]) == 1
    same_origin = site.client.post("/api/reviews", headers={**site.auth(), "Origin": "http://testserver"}, json=body)
    assert same_origin.status_code == 201


def test_a_revoked_token_is_refused(site: Site) -> None:
    with Store.open(site.db) as store:
        revoke_user(store, "ana")
    response = site.client.post("/api/reviews", headers=site.auth(), json={
        "kind": "claim", "record": site.record("claims", stance="deny"), "action": "confirm"})
    assert _error(response, 403) == "forbidden" and "revoked" in response.json()["error"]["message"]


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400),
    (b"[]", 400),
    (b'{"kind": "deployment", "record": 1}', 400),
    (b'{"kind": "deployment", "record": 1, "action": "confirm", "extra": 1}', 400),
    (b'{"kind": "deployment", "record": true, "action": "confirm"}', 400),
    (b'{"kind": "treaty", "record": 1, "action": "confirm"}', 400),
    (b'{"kind": "deployment", "record": 999, "action": "confirm"}', 422),
    (b'{"kind": "deployment", "record": 1, "action": "correct", "values": {"system": "No Such Missile"}}', 422),
])
def test_a_bad_review_request_is_a_4xx_in_the_error_shape(site: Site, body: bytes, status: int) -> None:
    response = site.client.post("/api/reviews", headers={**site.auth(), "Content-Type": "application/json"},
                                content=body)
    _error(response, status)


def test_a_review_must_be_json(site: Site) -> None:
    response = site.client.post("/api/reviews", headers={**site.auth(), "Content-Type": "text/plain"}, content=b"{}")
    assert _error(response, 415) == "unsupported_media_type"


def test_an_upload_goes_through_ingest(site: Site) -> None:
    text = "Officials in Vilnius said Russia had moved S-400 launchers to Pskov last week.\nNothing else happened.\n"
    response = site.client.post("/api/articles", params={"name": "note.txt", "published": "2025-05-01"},
                                headers={**site.auth(), "Content-Type": "text/plain; charset=utf-8"},
                                content=text.encode())
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["new"] == 1 and report["article"]
    article = site.client.get(f"/api/articles/{report['article']}").json()
    assert article["published"] == "2025-05-01" and [d["place"] for d in article["deployments"]] == ["Pskov"]
    again = site.client.post("/api/articles", headers={**site.auth(), "Content-Type": "text/plain"},
                             content=text.encode()).json()
    assert (again["new"], again["unchanged"]) == (0, 1)


def test_a_bad_upload_is_reported(site: Site) -> None:
    binary = bytes(range(256)) * 8
    response = site.client.post("/api/articles", params={"name": "../../etc/photo.txt"},
                                headers={**site.auth(), "Content-Type": "text/plain"}, content=binary)
    assert _error(response, 422) == "unprocessable"
    message = response.json()["error"]["message"]
    assert message.startswith("photo.txt: "), message  # the name only: no folder, no temporary path
    assert "/tmp" not in message and "armswatch-upload" not in message
    jsonl = b'{"url": "https://x.example/1", "text": "Missiles were moved by rail, officials said."}\nnot json\n'
    mixed = site.client.post("/api/articles", headers={**site.auth(), "Content-Type": "application/x-ndjson"},
                             content=jsonl)
    assert mixed.status_code == 201 and mixed.json()["new"] == 1
    assert [s["location"].rsplit(":", 1)[-1] for s in mixed.json()["skipped"]] == ["2"]
    too_big = site.client.post("/api/articles", headers={**site.auth(), "Content-Type": "text/plain"},
                               content=b"a" * (UPLOAD_LIMIT + 1))
    assert _error(too_big, 413) == "payload_too_large"
    wrong_type = site.client.post("/api/articles", headers={**site.auth(), "Content-Type": "image/png"}, content=b"x")
    assert _error(wrong_type, 415) == "unsupported_media_type"


def test_tokens_never_reach_the_logs(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    secret = site.token.split(".", 1)[1]
    rid = site.record("deployments", by_state="RU")
    site.client.post("/api/reviews", headers=site.auth(), json={"kind": "deployment", "record": rid,
                                                                "action": "confirm"})
    site.client.post("/api/reviews", headers=site.auth(site.token + "x"), json={})
    site.client.post("/api/articles", headers={**site.auth(), "Content-Type": "text/plain"}, content=b"\x00" * 50)
    with Store.open(site.db) as store:
        revoke_user(store, "ana")
    site.client.post("/api/reviews", headers=site.auth(), json={"kind": "deployment", "record": rid,
                                                                "action": "confirm"})
    assert caplog.records  # the requests were logged ...
    assert secret not in caplog.text and site.token not in caplog.text  # ... and no token with them


def test_the_spec_declares_the_writes_with_the_bearer_scheme(site: Site) -> None:
    spec = site.client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path in ("/api/reviews", "/api/articles"):
        op = spec["paths"][path]["post"]
        assert op["security"] == [{"bearer": []}] and {"401", "403", "413", "415"} <= set(op["responses"])
    assert {"after", "limit", "kind"} <= {p["name"] for p in spec["paths"]["/api/reviews"]["get"]["parameters"]}
    assert "security" not in spec["paths"]["/api/reviews"]["get"]  # reading stays open
    page = site.client.get("/docs").text
    assert "POST <code>/api/reviews</code>" in page and "POST <code>/api/articles</code>" in page


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-5, 10**20) | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=8)
_REVIEWISH = st.fixed_dictionaries({}, optional={
    "kind": st.sampled_from(["deployment", "claim", "x"]) | st.text(max_size=5), "record": st.integers(-2, 5) | _JSON,
    "action": st.sampled_from(["confirm", "reject", "correct", "?"]), "values": _JSON | st.fixed_dictionaries(
        {}, optional={"place": st.text(max_size=12) | _JSON, "status": st.text(max_size=10), "lat": _JSON,
                      "lon": _JSON, "stance": st.text(max_size=8), "speaker": st.text(max_size=12) | _JSON}),
    "comment": _JSON})


def test_generated_review_bodies_never_fail_the_server(site: Site) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
    @given(body=_REVIEWISH | _JSON)
    def check(body: object) -> None:
        response = site.client.post("/api/reviews", headers=site.auth(), json=body)
        assert response.status_code < 500, (body, response.text)
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message"}

    check()
