"""Score weapon-system recognition on sentences with the expected knowledge-base ids.

Input: JSON Lines, one case per line: {"text": ..., "systems": [ids...], "why": ...}.
Per case the predicted and expected id sets are compared; counts are summed (micro).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError
from ..kb import KnowledgeBase, load_kb
from ..kb.gazetteer import gazetteer_for
from .score import FieldScore


@dataclass
class RecognitionResult:
    score: FieldScore
    cases: int
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.cases, **self.score.as_dict(), "errors": self.errors}


def evaluate_recognition(path: str | Path, kb: KnowledgeBase | None = None) -> RecognitionResult:
    kb = kb or load_kb()
    gazetteer = gazetteer_for(kb)
    score = FieldScore()
    errors = []
    cases = 0
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            text, expected = case["text"], set(case["systems"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldFormatError(f"{path}:{number}: needs a JSON object with 'text' and 'systems'") from exc
        unknown = expected - set(kb.systems)
        if unknown:
            raise GoldFormatError(f"{path}:{number}: unknown system ids {sorted(unknown)}")
        cases += 1
        predicted = {f.id for f in gazetteer.find(text) if f.kind == "system"}
        score.add(FieldScore(len(predicted & expected), len(predicted - expected), len(expected - predicted)))
        if predicted != expected:
            errors.append({
                "line": number, "text": text, "missed": sorted(expected - predicted),
                "false": sorted(predicted - expected), "why": case.get("why"),
            })
    return RecognitionResult(score, cases, errors)
