"""scripts/corpus_eval.py on a tiny corpus and annotations written for this test."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from armswatch.settings import Settings

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "corpus_eval.py"

DEVELOP_URL = "https://example.org/statements/2031/01/02/air-defence-review/"
CHECK_URL = "https://example.org/statements/2031/01/03/budget-note/"
UNANNOTATED_URL = "https://example.org/statements/2031/01/04/unannotated/"

# Invented statements in the genre; none is copied from any source.
DEVELOP_TEXT = (
    "The ministry said on Tuesday that the S-400 batteries around the harbour would stay on "
    "alert through the winter.\n\nOfficials added that the drills would end in March.\n"
)
CHECK_TEXT = "The council approved the school budget and thanked the volunteers for their work.\n"


@pytest.fixture(scope="module")
def corpus_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_eval", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_eval"] = module
    spec.loader.exec_module(module)
    return module


def _fake_set(root: Path) -> tuple[Path, Path, Path]:
    corpus = root / "corpus"
    corpus.mkdir()
    records = [
        {"url": UNANNOTATED_URL, "title": "Other", "published": "2031-01-04", "text": "Nothing here.\n", "section": "x"},
        {"url": DEVELOP_URL, "title": "Air defence review", "published": "2031-01-02", "text": DEVELOP_TEXT, "section": "x"},
        {"url": CHECK_URL, "title": "Budget note", "published": "2031-01-03", "text": CHECK_TEXT, "section": "x"},
    ]
    (corpus / "statements.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    sample = root / "sample.txt"
    sample.write_text(f"# test sample\n{DEVELOP_URL}\tdevelop\n{CHECK_URL}\tcheck\n{UNANNOTATED_URL}\tdevelop\n", encoding="utf-8")
    gold = [
        {"doc": DEVELOP_URL, "url": DEVELOP_URL, "half": "develop", "annotator": "T", "published": "2031-01-02",
         "systems": ["S-400", "THAAD"], "deployments": [], "counts": [], "treaty_actions": [], "allegations": [],
         "corrections": 0, "evidence": [{"field": "systems", "index": 0, "start": 0, "end": 20}]},
        {"doc": CHECK_URL, "url": CHECK_URL, "half": "check", "annotator": "T", "published": "2031-01-03",
         "systems": ["Iskander-M"], "corrections": 0},
    ]
    annotations = root / "annotations-T.jsonl"
    annotations.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return corpus, sample, annotations


def test_scores_the_develop_half_with_known_tp_fp_fn(corpus_eval: ModuleType, tmp_path: Path) -> None:
    corpus, sample, annotations = _fake_set(tmp_path)
    result = corpus_eval.evaluate_half(
        "develop", sample=sample, annotations=[annotations], corpus=corpus, settings=Settings(nlp_model="blank:en")
    )
    data = result.as_dict()
    assert data["articles"] == 1  # the unannotated develop row is not scored
    assert {k: data["fields"]["systems"][k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 0, "fn": 1}
    assert data["fields"]["claims"] == {"tp": 0, "fp": 0, "fn": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert data["fields"]["corrections"] == {"accuracy": 1.0, "n": 1}
    assert [a.doc for a in result.per_article] == [DEVELOP_URL]
    assert result.per_article[0].missed["systems"] == ["THAAD"]


def test_check_half_prints_scores_only(
    corpus_eval: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARMSWATCH_NLP_MODEL", "blank:en")
    corpus, sample, annotations = _fake_set(tmp_path)
    args = ["--half", "check", "--corpus", str(corpus), "--sample", str(sample), "--annotations", str(annotations)]
    assert corpus_eval.main(args) == 0
    out = capsys.readouterr().out
    assert "1 articles" in out and "systems" in out
    assert CHECK_URL not in out and "missed" not in out  # per-article errors stay hidden


def test_skips_in_one_line_without_the_corpus(
    corpus_eval: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert corpus_eval.main(["--half", "develop", "--corpus", str(tmp_path / "absent")]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("corpus_eval: skipped") and "\n" not in out


def test_rejects_a_url_annotated_twice(corpus_eval: ModuleType, tmp_path: Path) -> None:
    corpus, sample, annotations = _fake_set(tmp_path)
    twice = tmp_path / "annotations-U.jsonl"
    twice.write_text(json.dumps({"url": DEVELOP_URL, "systems": []}) + "\n", encoding="utf-8")
    with pytest.raises(corpus_eval.CorpusError, match="annotated twice"):
        corpus_eval.evaluate_half("develop", sample=sample, annotations=[annotations, twice], corpus=corpus)


# Floors on the real annotated statements, a little under the figures the README reports;
# skipped where ../shared/corpus is not beside the checkout.
CORPUS_FLOORS = {
    "develop": {"claims": 0.70, "systems": 0.95, "deployments": 0.55, "treaty_actions": 0.80, "allegations": 0.60, "overall": 0.72},
    "check": {"claims": 0.56, "systems": 0.90, "overall": 0.56},
}


@pytest.mark.parametrize("half", sorted(CORPUS_FLOORS))
def test_annotated_statements_hold_their_floors(corpus_eval: ModuleType, half: str) -> None:
    if not corpus_eval.CORPUS.exists():
        pytest.skip(f"{corpus_eval.CORPUS} is absent")
    data = corpus_eval.evaluate_half(half).as_dict()
    for name, floor in CORPUS_FLOORS[half].items():
        f1 = data["overall"]["f1"] if name == "overall" else data["fields"][name]["f1"]
        assert f1 >= floor, (half, name, f1)
