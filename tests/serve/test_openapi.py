"""The OpenAPI document describes exactly the routes there are, and the docs page is
plain, offline HTML."""

from __future__ import annotations

import re
from typing import Any

from starlette.routing import Route
from starlette.testclient import TestClient

from armswatch.serve.routes import ENDPOINTS
from armswatch.serve.routes.writes import WRITES


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _resolve(spec: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/")
    node: Any = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def test_the_spec_is_openapi_31_with_every_ref_resolving(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"] == "3.1.0" and spec["info"]["title"] and spec["info"]["version"]
    for ref in _refs(spec):
        assert _resolve(spec, ref) is not None, ref
    operation_ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for path, item in spec["paths"].items():
        assert set(item) <= {"get", "post"}
        if "post" in item:  # a write: needs the bearer token
            assert item["post"]["security"] == [{"bearer": []}]
        if "get" not in item:
            continue
        op = item["get"]
        placeholders = set(re.findall(r"{(\w+)}", path))
        assert placeholders == {p["name"] for p in op["parameters"] if p["in"] == "path"}
        assert all(p["required"] for p in op["parameters"] if p["in"] == "path")
        assert "200" in op["responses"] and "400" in op["responses"]
        assert all(p["schema"]["type"] in ("string", "integer", "number", "boolean") for p in op["parameters"])


def test_the_spec_has_every_api_route_and_no_other(client: TestClient) -> None:
    spec_paths = set(client.get("/openapi.json").json()["paths"])
    routes = {re.sub(r":path}", "}", r.path) for r in client.app.routes if isinstance(r, Route)}  # type: ignore[attr-defined]
    assert spec_paths == {p for p in routes if p.startswith("/api/")}
    assert spec_paths == {e.path for e in ENDPOINTS} | {w.path for w in WRITES}
    assert {"/api/articles", "/api/articles/{id}", "/api/claims", "/api/deployments", "/api/timeline/{name}",
            "/api/treaties", "/api/treaties/{name}", "/api/systems", "/api/systems/{name}", "/api/search",
            "/api/reviews"} == spec_paths


def test_paged_endpoints_declare_after_and_limit(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for endpoint in ENDPOINTS:
        names = {p["name"] for p in spec["paths"][endpoint.path]["get"]["parameters"]}
        assert ({"after", "limit"} <= names) == endpoint.paged


def test_the_docs_page_lists_every_endpoint_offline(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    for path in client.get("/openapi.json").json()["paths"]:
        assert f"<code>{path}</code>" in page
    assert "<script" not in page.lower() and "<style" not in page.lower() and " style=" not in page.lower()
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # no CDN, font or other outside resource


def test_home_leads_to_the_docs(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code in (302, 307) and response.headers["location"] == "/docs"
