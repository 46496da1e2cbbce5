"""Read a gold folder: article files plus one gold.jsonl."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldFormatError

LIST_FIELDS = ("systems", "deployments", "counts", "claims", "treaty_actions", "allegations")


@dataclass(frozen=True)
class GoldArticle:
    doc: str
    path: Path
    published: str | None
    lists: dict[str, list[Any]]  # only the annotated lists; a missing list is not scored
    corrections: int | None


def load_gold(folder: str | Path) -> list[GoldArticle]:
    """Parse `folder`/gold.jsonl; raise `GoldFormatError` with the line at fault."""
    folder = Path(folder)
    gold_path = folder / "gold.jsonl"
    if not gold_path.is_file():
        raise GoldFormatError(f"{folder} has no gold.jsonl (see shared/eval/SCHEMA.md)")
    articles = []
    for number, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(f"gold.jsonl line {number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or not isinstance(record.get("doc"), str):
            raise GoldFormatError(f"gold.jsonl line {number}: needs an object with a 'doc' file name")
        path = folder / record["doc"]
        if not path.is_file():
            raise GoldFormatError(f"gold.jsonl line {number}: article file {record['doc']!r} is missing")
        lists = {}
        for name in LIST_FIELDS:
            value = record.get(name)
            if value is None:
                continue
            if not isinstance(value, list):
                raise GoldFormatError(f"gold.jsonl line {number}: {name!r} must be a list")
            lists[name] = value
        corrections = record.get("corrections")
        articles.append(
            GoldArticle(
                doc=record["doc"],
                path=path,
                published=record.get("published"),
                lists=lists,
                corrections=int(corrections) if isinstance(corrections, int) else None,
            )
        )
    if not articles:
        raise GoldFormatError(f"{gold_path} has no gold lines")
    return articles
