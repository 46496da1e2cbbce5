"""One JSON error shape for 400/404/405/413/500, never a traceback, and the security
headers on every response."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from armswatch.serve import create_app
from armswatch.serve.routes import records

BAD_REQUESTS = [
    ("/api/articles", {"limit": "0"}, 400),
    ("/api/articles", {"limit": "501"}, 400),
    ("/api/articles", {"limit": "ten"}, 400),
    ("/api/articles", {"since": "last week"}, 400),
    ("/api/articles", {"extracted": "maybe"}, 400),
    ("/api/articles", {"sytem": "Iskander"}, 400),  # a misspelt filter is refused, not ignored
    ("/api/articles", {"system": "no such missile"}, 400),
    ("/api/claims", {"stance": "whisper"}, 400),
    ("/api/deployments", {"km": "nan"}, 400),
    ("/api/deployments", {"km": "-5"}, 400),
    ("/api/deployments", {"near": "Nowhere-on-earth-xyz"}, 400),
    ("/api/deployments", {"status": "sideways"}, 400),
    ("/api/search", {}, 400),
    ("/api/search", {"q": "   "}, 400),
    ("/api/search", {"q": "x" * 600}, 400),
    ("/api/articles/ffffffffffff", {}, 404),
    ("/api/articles/abc", {}, 404),
    ("/api/systems/not-a-system-anywhere", {}, 404),
    ("/api/treaties/not-a-treaty-anywhere", {}, 404),
    ("/api/timeline/not-a-place-or-system", {}, 404),
    ("/api/nothing-here", {}, 404),
    ("/api/search", {"q": "a\x00b"}, 400),  # SQLite would stop reading at the NUL
    ("/api/timeline/%00", {}, 400),
]


def _assert_error_shape(response: object, status: int) -> None:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/json"  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] and body["error"]["message"]
    assert "Traceback" not in response.text and 'File "' not in response.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(("path", "params", "status"), BAD_REQUESTS)
def test_bad_input_gets_the_error_shape(client: TestClient, path: str, params: dict[str, str], status: int) -> None:
    _assert_error_shape(client.get(path, params=params), status)


def test_repeated_parameter_is_refused(client: TestClient) -> None:
    response = client.get("/api/claims?stance=deny&stance=accuse")
    _assert_error_shape(response, 400)
    assert "once" in response.json()["error"]["message"]


def test_the_message_says_what_to_change(client: TestClient) -> None:
    message = client.get("/api/articles", params={"sytem": "x"}).json()["error"]["message"]
    assert "sytem" in message and "system" in message
    assert "between 1 and 500" in client.get("/api/articles", params={"limit": "0"}).json()["error"]["message"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(client: TestClient, method: str) -> None:
    response = client.request(method, "/api/articles")
    _assert_error_shape(response, 405)
    assert "GET" in response.headers["allow"]


def test_a_post_without_a_token_is_401(client: TestClient) -> None:  # writes: tests/serve/test_writes.py
    _assert_error_shape(client.post("/api/articles"), 401)


def test_an_oversized_body_is_413_before_it_is_read(client: TestClient) -> None:
    response = client.post("/api/articles", content=b"x" * 16, headers={"content-length": str(10**12)})
    _assert_error_shape(response, 413)


@pytest.fixture
def failing_client(records_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(records, "claims_view", boom)
    with TestClient(create_app(records_db), raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_unexpected_failure_is_a_500_without_internals(failing_client: TestClient) -> None:
    response = failing_client.get("/api/claims")
    _assert_error_shape(response, 500)
    assert "secret" not in response.text and "RuntimeError" not in response.text
    _assert_security_headers(response.headers)


def _assert_security_headers(headers: object) -> None:
    csp = headers["content-security-policy"]  # type: ignore[index]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"  # type: ignore[index]
    assert headers["referrer-policy"] == "no-referrer"  # type: ignore[index]


@pytest.mark.parametrize("path", ["/api/articles", "/api/search?q=missile", "/openapi.json", "/docs",
                                  "/api/nothing-here", "/api/articles?limit=0", "/"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    _assert_security_headers(client.get(path, follow_redirects=False).headers)


def test_security_headers_on_405_and_413(client: TestClient) -> None:
    _assert_security_headers(client.post("/api/articles").headers)
    _assert_security_headers(client.post("/api/articles", content=b"x", headers={"content-length": "999999999999"}).headers)
