"""`armswatch eval` on a gold folder written for this test, and on the dev set when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.evaluation import FIELDS, EvalResult, evaluate, format_report
from armswatch.settings import Settings

from ..clean.test_layout import CAPTURE


def make_gold(folder: Path) -> Path:
    folder.mkdir()
    (folder / "capture.txt").write_text(CAPTURE, encoding="utf-8")
    gold = {
        "doc": "capture.txt", "published": "2024-06-03", "systems": ["Bal"], "deployments": [],
        "claims": [{"speaker": "Anna Orlova", "stance": "justify"}], "corrections": 1,
    }
    (folder / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    return folder


def test_eval_scores_every_field_and_reports_misses(tmp_path: Path) -> None:
    result = evaluate(make_gold(tmp_path / "gold"), settings=Settings(nlp_model="blank:en"))
    data = result.as_dict()
    assert set(data["fields"]) == {*FIELDS, "corrections"}
    assert data["fields"]["corrections"] == {"accuracy": 1.0, "n": 1}
    assert data["fields"]["claims"]["fn"] == 1
    report = format_report(result)
    assert "capture.txt" in report and "missed claims" in report


def test_eval_cli_json_and_leaves_the_user_db_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSWATCH_NLP_MODEL", "blank:en")
    gold = make_gold(tmp_path / "gold")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1 and {"overall", "seconds", "fields"} <= set(data)
    assert not (tmp_path / "armswatch.db").exists()


@pytest.fixture(scope="module")
def dev_result() -> EvalResult:
    from ..conftest import DEV

    if not (DEV / "gold.jsonl").is_file():
        pytest.skip("../shared/eval/dev is not beside this checkout")
    return evaluate(DEV)


def test_eval_on_dev_prints_the_full_table(dev_result: EvalResult) -> None:
    result = dev_result
    table = format_report(result)
    for name in (*FIELDS, "overall", "corrections"):
        assert name in table
    assert result.articles == 8
    assert result.as_dict()["fields"]["corrections"]["accuracy"] == 1.0


# Floors for the dev set, at the targets the issues set (#3 systems, #4 claims, #5 the rest).
# Lowering one is a decision, not a side effect.
DEV_FLOORS = {
    "systems": 0.95, "claims": 0.75, "deployments": 0.85, "deployments_status": 0.75,
    "counts": 0.90, "treaty_actions": 0.85, "allegations": 0.85,
}


def test_dev_floors(dev_result: EvalResult) -> None:
    fields = dev_result.as_dict()["fields"]
    for name, floor in DEV_FLOORS.items():
        assert fields[name]["f1"] >= floor, (name, fields[name])
