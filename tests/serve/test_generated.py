"""Requests generated from the OpenAPI document (a bounded, property-based run): whatever
the parameters, the API answers 2xx or 4xx in its error shape, never 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from armswatch.serve import create_app
from armswatch.serve.routes import ENDPOINTS

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_VALUE = st.one_of(_TEXT, st.integers(-10, 10**6).map(str), st.floats(allow_nan=True).map(str),
                   st.sampled_from(["true", "false", "2024-06", "accuse", "in_place", "Iskander", "INF", "*", '"']))


@pytest.fixture(scope="module")
def lenient_client(records_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(records_db), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.operation_id)
def test_generated_requests_never_fail_the_server(lenient_client: TestClient, endpoint: object) -> None:
    params = [p for p in endpoint.all_params()]  # type: ignore[attr-defined]
    query_names = [p.name for p in params if p.where == "query"] + ["unknown"]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(query=st.dictionaries(st.sampled_from(query_names), _VALUE, max_size=4), path_value=_TEXT.filter(bool))
    def check(query: dict[str, str], path_value: str) -> None:
        path = endpoint.path  # type: ignore[attr-defined]
        for p in params:
            if p.where == "path":
                path = path.replace("{" + p.name + "}", quote(path_value, safe=""))
        response = lenient_client.get(path, params=query)
        assert response.status_code < 500, (path, query, response.text)
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message"}

    check()
