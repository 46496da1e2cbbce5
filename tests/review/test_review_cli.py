"""The review loop and users from the command line, and `eval --reviewed` on an invented gold folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.evaluation import run as eval_run
from armswatch.evaluation.run import evaluate
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store

from .conftest import BODY, ScriptedExtractor, fill, record_id
from ..store.targets import DbTarget


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_users_add_list_revoke(db_target: DbTarget, tmp_path: Path) -> None:
    db = str(db_target("u"))
    code, token, _ = _run("users", "add", "ana", "--db", db)
    assert code == 0 and "." in token.strip()
    code, out, _ = _run("users", "list", "--db", db, "--json")
    assert json.loads(out) == [{"name": "ana", "created_at": json.loads(out)[0]["created_at"], "revoked_at": None,
                                "active": True}]
    assert token.strip() not in out
    assert _run("users", "add", "ana", "--db", db)[0] == 1  # already there
    assert _run("users", "revoke", "ana", "--db", db)[0] == 0
    assert "revoked" in _run("users", "list", "--db", db)[1]


def test_review_commands_correct_list_export_import(db_target: DbTarget, tmp_path: Path) -> None:
    db = db_target("a")
    with Store.open(db) as store:
        fill(store, tmp_path)
        rid = record_id(store, "deployments", by_state="RU")
    code, out, err = _run("review", "correct", "deployment", str(rid), "--set", "place=Kaliningrad",
                          "--set", "status=withdrawn", "--reviewer", "ana", "--comment", "map", "--db", str(db))
    assert code == 0, err
    assert "place=Kaliningrad" in out and "status=withdrawn" in out
    code, out, _ = _run("deployments", "--db", str(db), "--json")
    [row] = [r for r in json.loads(out) if r["by"] == "RU"]
    assert (row["place"], row["status"], row["reviewed"]) == ("Kaliningrad", "withdrawn", True)
    assert "ana" in _run("review", "list", "--db", str(db))[1]
    assert _run("review", "correct", "deployment", str(rid), "--set", "status", "--db", str(db))[0] != 0
    assert "no deployment with id 99" in _run("review", "confirm", "deployment", "99", "--db", str(db))[2]
    export = tmp_path / "r.jsonl"
    assert _run("review", "export", str(export), "--db", str(db))[0] == 0
    other = tmp_path / "other"
    other.mkdir()
    with Store.open(db_target("b")) as store:
        fill(store, other)
    assert "1 reviews added, 0 already there" in _run("review", "import", str(export), "--db", str(db_target("b")))[2]
    assert "0 reviews added, 1 already there" in _run("review", "import", str(export), "--db", str(db_target("b")))[2]


@pytest.fixture
def gold_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An invented gold folder of one article; eval's ingest uses the scripted extractor."""
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "launchers.txt").write_text(BODY + "\n", encoding="utf-8")
    gold = {"doc": "launchers.txt", "published": "2025-04-02",
            "deployments": [{"by": "RU", "system": "S-400", "where": "Kaliningrad", "lat": 54.71, "lon": 20.51,
                             "status": "in_place"}],
            "claims": [{"speaker": "RU", "stance": "deny", "target": None, "about": "S-400"}]}
    (folder / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")

    def scripted_ingest(paths: object, store: Store, **kwargs: object) -> object:
        return ingest(paths, store, settings=Settings(gate=False), extractor=ScriptedExtractor(),  # type: ignore[arg-type]
                      hints_for=kwargs.get("hints_for"))  # type: ignore[arg-type]

    monkeypatch.setattr(eval_run, "ingest", scripted_ingest)
    return folder


def test_eval_scores_the_reviewed_output_only_when_asked(db_target: DbTarget, gold_folder: Path, tmp_path: Path) -> None:
    db = db_target("reviewed")
    with Store.open(db) as store:  # a reviewer's store holding the same file
        ingest([gold_folder / "launchers.txt"], store, settings=Settings(gate=False),
               extractor=ScriptedExtractor())  # type: ignore[arg-type]
        rid = record_id(store, "deployments", by_state="RU")
        drill = record_id(store, "deployments", by_state="BY")
    assert _run("review", "correct", "deployment", str(rid), "--set", "place=Kaliningrad", "--db", str(db))[0] == 0
    assert _run("review", "reject", "deployment", str(drill), "--db", str(db))[0] == 0
    machine = evaluate(gold_folder).fields["deployments"]
    assert (machine.tp, machine.fp, machine.fn) == (0, 2, 1)  # wrong place, and a drill the gold does not count
    export = tmp_path / "reviews.jsonl"
    assert _run("review", "export", str(export), "--db", str(db))[0] == 0
    reviewed = evaluate(gold_folder, reviews=export).fields["deployments"]
    assert (reviewed.tp, reviewed.fp, reviewed.fn) == (1, 0, 0)
    code, out, err = _run("eval", str(gold_folder), "--reviewed", "--db", str(db), "--json")
    assert code == 0, err
    assert json.loads(out)["fields"]["deployments"]["f1"] == 1.0
    code, out, _ = _run("eval", str(gold_folder), "--json")
    assert json.loads(out)["fields"]["deployments"]["f1"] == 0.0
