"""`armswatch serve`: its options reach uvicorn, and --get answers one request without a server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from starlette.applications import Starlette

from armswatch.cli import cli


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_defaults_bind_loopback_port_8000(tmp_path: Path, runs: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSWATCH_DB", str(tmp_path / "env.db"))
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    [call] = runs
    assert (call["host"], call["port"]) == ("127.0.0.1", 8000)
    assert isinstance(call["app"], Starlette)
    assert (tmp_path / "env.db").exists()  # $ARMSWATCH_DB is the store when --db is not given


def test_db_host_and_port_options(tmp_path: Path, runs: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--host", "::1", "--port", "9123"])
    assert result.exit_code == 0, result.output
    assert (runs[0]["host"], runs[0]["port"]) == ("::1", 9123)
    assert (tmp_path / "x.db").exists()


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_bad_port_is_a_usage_error(tmp_path: Path, runs: list[dict[str, Any]], port: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--port", port])
    assert result.exit_code == 2 and runs == []


def test_get_answers_one_request(records_db: Path, runs: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(records_db), "--get", "/api/treaties/INF"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "inf" and runs == []
    missing = CliRunner().invoke(cli, ["serve", "--db", str(records_db), "--get", "/api/systems/not-a-system-anywhere"])
    assert missing.exit_code == 1 and json.loads(missing.stdout)["error"]["code"] == "not_found"


def test_help_documents_the_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "-h"])
    assert result.exit_code == 0 and all(opt in result.output for opt in ("--db", "--host", "--port", "--get", "Example"))
