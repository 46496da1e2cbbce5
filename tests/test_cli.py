from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import cli

from .conftest import WIRE, write
from .store.targets import DbTarget


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ARMSWATCH_NLP_MODEL", "blank:en")
    return CliRunner()


def test_ingest_articles_show_json(db_target: DbTarget, tmp_path: Path, runner: CliRunner) -> None:
    db = str(db_target("a"))
    path = write(tmp_path / "in" / "wire.txt", WIRE)
    result = runner.invoke(cli, ["ingest", str(path.parent), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["report"]
    assert report["new"] == 1 and report["skipped"] == []

    listed = json.loads(runner.invoke(cli, ["articles", "--db", db, "--json"]).stdout)
    assert len(listed) == 1 and listed[0]["title"] == "Launch reported off the east coast"
    assert "body" not in listed[0]

    shown = runner.invoke(cli, ["show", listed[0]["id"][:8], "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["body"].startswith("North Korea fired") and data["dateline"] == "Seoul"
    assert [b["kind"] for b in data["boilerplate"]] == ["title", "dateline"]
    assert data["boilerplate"][1]["text"].startswith("SEOUL, May 4 (Test Wire)")


def test_text_summary_names_skips(db_target: DbTarget, tmp_path: Path, runner: CliRunner) -> None:
    write(tmp_path / "in" / "wire.txt", WIRE)
    write(tmp_path / "in" / "empty.txt", b"")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(db_target("b"))])
    assert result.exit_code == 0
    assert "new: 1" in result.output and "skipped: 1" in result.output
    assert "empty.txt: empty file" in result.output


def test_show_unknown_id_is_a_one_line_error(db_target: DbTarget, tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", "deadbeef00", "--db", str(db_target("c"))])
    assert result.exit_code == 1
    assert "no article with id 'deadbeef00'" in result.output


def test_db_defaults_to_working_folder(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "in" / "wire.txt", WIRE)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["ingest", str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "armswatch.db").is_file()


def test_every_command_has_an_example() -> None:
    for name, command in cli.commands.items():  # type: ignore[attr-defined]
        assert "Example:" in (command.help or ""), name


def test_kb_resolve_json_and_unknown_name() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["kb", "resolve", "SA-21 Growler", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"kind": "system", "id": "ru.s-400", "name": "S-400 Triumf"}
    assert json.loads(runner.invoke(cli, ["kb", "resolve", "Pyongyang", "--json"]).stdout)["id"] == "KP"
    missing = runner.invoke(cli, ["kb", "resolve", "Wunderwaffe"])
    assert missing.exit_code == 1 and "not a known entry" in missing.output


def test_kb_check_json() -> None:
    result = CliRunner().invoke(cli, ["kb", "check", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["counts"]["systems"] >= 300


def test_systems_filters_and_card(db_target: DbTarget, tmp_path: Path) -> None:
    runner = CliRunner()
    rows = json.loads(runner.invoke(cli, ["systems", "--class", "GLCM", "--operator", "RU", "--min-range-km", "1000", "--json"]).stdout)
    assert "ru.9m729" in {r["id"] for r in rows}
    assert all(r["class"] == "GLCM" and r["range_km"][1] >= 1000 for r in rows)
    # the NATO name of S-400 and the US Navy's EA-18G Growler
    assert {r["id"] for r in json.loads(runner.invoke(cli, ["systems", "--search", "growler", "--json"]).stdout)} == {"ru.s-400", "us.ea-18g"}
    card = json.loads(runner.invoke(cli, ["systems", "show", "Screwdriver", "--db", str(db_target("k")), "--json"]).stdout)
    assert card["id"] == "ru.9m729" and card["range_source"]
    assert "inf" in {t["id"] for t in card["treaties"]}
    assert card["articles"] == []


def test_systems_card_lists_mentions_in_the_store(db_target: DbTarget, tmp_path: Path, runner: CliRunner) -> None:
    db = str(db_target("m"))
    text = "Deployment\n\nRussia has stationed more 9M729 cruise missiles, officials said on Monday in a statement.\n"
    write(tmp_path / "in" / "a.txt", text)
    assert runner.invoke(cli, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    card = json.loads(runner.invoke(cli, ["systems", "show", "SSC-8", "--db", db, "--json"]).stdout)
    assert [a["mentions"] for a in card["articles"]] == [1]
