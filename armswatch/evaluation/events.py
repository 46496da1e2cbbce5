"""Score the PLOVER event coder on gold records in the PLOVER JSON layout.

The public gold file (openeventdata/PLOVER, `PLOVER_GSR_CAMEO.txt`) is a JSON array of
records with `text`, `event`, `source` and `target` (lists of actors with a `code`). The
coder sees only `text`; `eventText`, `textInfo`, `context`, `mode` and the actors are the
answers.

The gold file was coded with PLOVER 0.5b1, which still had DEMAND, DISAPPROVE,
INVESTIGATE and FIGHT. Later PLOVER merged or renamed them, and the coder emits the
current 16 types, so gold labels are mapped first (`LEGACY_TYPES`): DISAPPROVE and
INVESTIGATE became modes of ACCUSE (PLOVER manual 0.7b1, "This section merges in the
older DISAPPROVE and INVESTIGATE categories"), FIGHT became ASSAULT (CAMEO2PLOVER-2021:
CAMEO 19 and 20 map to ASSAULT), and DEMAND is REQUEST in the current set.

Measures, over every record except DOCUMENT records:
- `type_accuracy`: share of records whose predicted type equals the (mapped) gold type;
- `type_source_target_f1`: micro F1 over (type, source code, target code) triples, gold
  source and target being the first actor's `code` (None when absent); a record the
  coder returns nothing for counts as a miss.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
Triple = tuple[str, str | None, str | None]


def gold_type(event: str) -> str:
    """The current PLOVER type of a gold label (legacy labels mapped)."""
    return LEGACY_TYPES.get(event, event)


def first_code(actors: Any) -> str | None:
    """The `code` of the first actor of a gold `source`/`target` field, or None."""
    if isinstance(actors, list) and actors and isinstance(actors[0], dict):
        code = actors[0].get("code")
        return str(code) if code else None
    return None


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The event records of a PLOVER gold file (DOCUMENT records left out)."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldFormatError(f"cannot read PLOVER gold file {path}: {exc}") from exc
    if not isinstance(records, list):
        raise GoldFormatError(f"{path}: expected a JSON array of PLOVER records")
    return [r for r in records if isinstance(r, dict) and r.get("event") != "DOCUMENT" and r.get("text")]


def score_triples(gold: list[Triple], predicted: list[Triple | None]) -> dict[str, float]:
    """Type accuracy and micro F1 over triples, one gold and one prediction per record."""
    n = len(gold)
    right_type = sum(1 for g, p in zip(gold, predicted) if p is not None and p[0] == g[0])
    hits = sum(1 for g, p in zip(gold, predicted) if p is not None and p == g)
    made = sum(1 for p in predicted if p is not None)
    precision = hits / made if made else 0.0
    recall = hits / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": n, "type_accuracy": round(right_type / n, 3) if n else 0.0, "type_source_target_f1": round(f1, 3)}


def predict_records(
    records: Iterable[dict[str, Any]], *, nlp: Any = None, batch_size: int = 32
) -> list[Triple | None]:
    """The coder's (type, source, target) for each record's `text`, or None."""
    from ..extract.events import code_event, default_nlp

    nlp = nlp if nlp is not None else default_nlp()
    texts = [str(r["text"]) for r in records]
    out: list[Triple | None] = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size)):
        event = code_event(text, doc)
        out.append(None if event is None else (event.event_type, event.source, event.target))
    return out


def evaluate_events(path: str | Path, *, nlp: Any = None) -> dict[str, float]:
    """Score the event coder on a PLOVER gold file.

    Args:
        path: a JSON array of PLOVER records (e.g. `PLOVER_GSR_CAMEO.txt`).
        nlp: a parsed-pipeline to use instead of the project's default.
    Returns:
        {"n", "type_accuracy", "type_source_target_f1"}, rounded to 3 decimals.

    Example:
        >>> evaluate_events("../shared/eval/external/plover/PLOVER_GSR_CAMEO.txt")  # doctest: +SKIP
    """
    records = read_gold(path)
    gold: list[Triple] = [
        (gold_type(str(r["event"])), first_code(r.get("source")), first_code(r.get("target"))) for r in records
    ]
    predicted = predict_records(records, nlp=nlp)
    return score_triples(gold, predicted)
