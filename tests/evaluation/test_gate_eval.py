"""The relevance gate costs no recall on the gold sets: the eval is the same with it and without it."""

from __future__ import annotations

from pathlib import Path

from armswatch.clean import clean_document
from armswatch.evaluation import evaluate
from armswatch.evaluation.gold import load_gold
from armswatch.extract.gate import RelevanceGate
from armswatch.ingest import read_path
from armswatch.models import SourceDoc
from armswatch.settings import Settings

SCORED = ("systems", "deployments", "counts", "claims", "treaty_actions", "allegations")


def test_every_gold_article_with_records_passes_the_gate(dev_folder: Path) -> None:
    gate = RelevanceGate()
    failed = []
    for item in load_gold(dev_folder):
        if not any(item.lists.get(name) for name in SCORED):
            continue  # nothing annotated to find: the gate may skip it
        [doc] = [d for d in read_path(item.path, max_file_bytes=8_000_000) if isinstance(d, SourceDoc)]
        cleaned = clean_document(doc)
        if not gate.decide(cleaned.body, cleaned.metadata.title).passed:
            failed.append(item.doc)
    assert failed == []


def test_eval_is_the_same_with_and_without_the_gate(dev_folder: Path) -> None:
    settings = Settings.from_env({})
    scores = []
    for gate in (True, False):
        data = evaluate(dev_folder, settings=settings.with_(gate=gate)).as_dict()
        data.pop("seconds")
        scores.append(data)
    assert scores[0] == scores[1]
