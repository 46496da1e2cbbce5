"""Scoring the event coder on files in the PLOVER gold layout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from armswatch.errors import GoldFormatError
from armswatch.evaluation.events import evaluate_events, gold_type, read_gold, score_triples

SHARED = Path(__file__).resolve().parents[3] / "shared"
PLOVER_GOLD = SHARED / "eval" / "external" / "plover" / "PLOVER_GSR_CAMEO.txt"


def record(event: str, text: str, source: Any, target: Any, **answers: Any) -> dict[str, Any]:
    return {"id": f"TEST-{event}", "event": event, "text": text, "source": source, "target": target, **answers}


# Sentences written for this test, in the layout of the public PLOVER gold records.
RECORDS = [
    {"id": "TEST-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "documentation, not an event"},
    record("REJECT", "Poland rejected the Russian proposal.",
           [{"actorText": "Poland", "code": "POL"}], [{"actorText": "Russian", "code": "RUS"}]),
    record("DEMAND", "Washington urged Ankara to release the detained journalists.",
           [{"actorText": "Washington", "code": "USA"}], [{"actorText": "Ankara", "code": "TUR"}]),
    # The answers sit in eventText, textInfo and mode; the text itself reports nothing.
    record("PROTEST", "The weather was mild on Tuesday.", [{"actorText": "Kenyans", "code": "KEN"}], "",
           eventText="protested", mode="demo",
           textInfo={"markup": "(SRC: Kenyans) (EVT: protested)"}),
    record("FIGHT", "Israeli artillery shelled positions in southern Lebanon.",
           [{"actorText": "Israeli", "code": "ISR"}], [{"actorText": "Lebanon", "code": "LBN"}]),
]


def test_tiny_file_in_the_plover_layout(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    # 4 records; 3 types right (DEMAND is REQUEST, FIGHT is ASSAULT); 3 triples right of 3 made and 4 gold.
    assert evaluate_events(path) == {"n": 4, "type_accuracy": 0.75, "type_source_target_f1": 0.857}


def test_document_records_are_not_scored(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    assert [r["event"] for r in read_gold(path)] == ["REJECT", "DEMAND", "PROTEST", "FIGHT"]


def test_legacy_labels_map_to_current_plover() -> None:
    assert [gold_type(t) for t in ("DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "AGREE")] == [
        "REQUEST", "ACCUSE", "ACCUSE", "ASSAULT", "AGREE",
    ]


def test_score_counts_a_missing_prediction_as_a_miss() -> None:
    gold = [("AGREE", "HUN", None), ("ACCUSE", "USA", "IRQ")]
    assert score_triples(gold, [("AGREE", "HUN", None), None]) == {
        "n": 2, "type_accuracy": 0.5, "type_source_target_f1": 0.667,
    }
    assert score_triples(gold, [("AGREE", "ROU", None), ("ACCUSE", "USA", "IRQ")])["type_accuracy"] == 1.0


def test_a_file_that_is_not_a_json_array_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text('{"event": "AGREE"}', encoding="utf-8")
    with pytest.raises(GoldFormatError):
        read_gold(path)


def test_public_plover_gold_records() -> None:
    if not PLOVER_GOLD.is_file():
        pytest.skip("../shared/eval/external/plover is not beside this checkout")
    scores = evaluate_events(PLOVER_GOLD)
    assert scores["n"] == 322
    assert scores["type_accuracy"] >= 0.70
