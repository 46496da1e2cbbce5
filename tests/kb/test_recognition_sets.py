"""Recognition gates on the hard-case sentence sets (issue #3 asks precision and recall >= 0.95).

recognition_cases.jsonl was used while developing the rules; recognition_heldout.jsonl was
written afterwards and scored once. Both are kept as floors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.evaluation.recognition import evaluate_recognition

DATA = Path(__file__).resolve().parent.parent / "data"
FLOOR = 0.95


@pytest.mark.parametrize("name", ["recognition_cases.jsonl", "recognition_heldout.jsonl"])
def test_recognition_precision_and_recall(name: str) -> None:
    result = evaluate_recognition(DATA / name)
    assert result.cases >= 30
    assert result.score.precision >= FLOOR, result.errors
    assert result.score.recall >= FLOOR, result.errors
