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


def test_eval_docs_keeps_the_named_half_and_rejects_unknown_names(tmp_path: Path) -> None:
    from armswatch.errors import GoldFormatError

    gold = make_gold(tmp_path / "gold")
    settings = Settings(nlp_model="blank:en")
    assert evaluate(gold, settings=settings, docs=["capture.txt"]).articles == 1
    assert evaluate(gold, settings=settings, docs=[]).articles == 0
    with pytest.raises(GoldFormatError, match="no line for other.txt"):
        evaluate(gold, settings=settings, docs=["other.txt"])


def test_scores_only_report_hides_the_per_article_errors(tmp_path: Path) -> None:
    result = evaluate(make_gold(tmp_path / "gold"), settings=Settings(nlp_model="blank:en"))
    report = format_report(result, scores_only=True)
    assert "claims" in report and "missed" not in report and "capture.txt" not in report


# The dev set is split into two fixed halves (eval/dev-develop.txt, eval/dev-check.txt):
# extraction is developed on the first; the second is scored only to check that a change
# generalises, and its per-article errors are never printed (see the README).
HALVES = ("develop", "check")


@pytest.fixture(scope="module", params=HALVES)
def dev_half(request: pytest.FixtureRequest) -> tuple[str, EvalResult]:
    from armswatch.evaluation.run import read_doc_list

    from ..conftest import DEV, REPO

    if not (DEV / "gold.jsonl").is_file():
        pytest.skip("../shared/eval/dev is not beside this checkout")
    docs = read_doc_list(REPO / "eval" / f"dev-{request.param}.txt")
    return request.param, evaluate(DEV, docs=docs)


def test_the_halves_partition_the_dev_set() -> None:
    from armswatch.evaluation.gold import load_gold
    from armswatch.evaluation.run import read_doc_list

    from ..conftest import DEV, REPO

    develop, check = (set(read_doc_list(REPO / "eval" / f"dev-{h}.txt")) for h in HALVES)
    assert not develop & check
    if (DEV / "gold.jsonl").is_file():
        assert develop | check == {g.doc for g in load_gold(DEV)}


def test_eval_on_dev_prints_the_full_table(dev_half: tuple[str, EvalResult]) -> None:
    _, result = dev_half
    table = format_report(result, scores_only=True)
    for name in (*FIELDS, "overall", "corrections"):
        assert name in table
    assert result.articles == 13


# Floors at the figures reached (README, "Evaluation"), a little below them so that noise
# in the last digit does not fail CI. Lowering one is a decision, not a side effect.
DEV_FLOORS = {
    "develop": {
        "systems": 0.97, "deployments": 0.94, "deployments_status": 0.94, "counts": 0.64,
        "claims": 0.87, "treaty_actions": 0.80, "allegations": 0.99,
    },
    "check": {
        "systems": 0.97, "deployments": 0.61, "deployments_status": 0.61,
        "counts": 0.72, "claims": 0.56, "treaty_actions": 0.64, "allegations": 0.99,
    },
}


def test_dev_floors(dev_half: tuple[str, EvalResult]) -> None:
    half, result = dev_half
    fields = result.as_dict()["fields"]
    for name, floor in DEV_FLOORS[half].items():
        assert fields[name]["f1"] >= floor, (half, name, fields[name]["f1"])
