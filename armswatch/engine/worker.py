"""What a dask worker runs: clean → gate → extract on a batch of read articles.

Each worker process keeps one spaCy pipeline per model and one relevance gate, loaded
by `ModelLoader` when the worker joins (or by the first task), never per task. The
results are plain frozen dataclasses, pickled back to the client, which stores them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from ..extract import NlpExtractor
from ..extract.gate import GateDecision, RelevanceGate
from ..models import Annotations, Cleaned, Skipped, SourceDoc
from ..pipeline import Pending, extract_batch, prepare
from ..settings import Settings


@dataclass(frozen=True)
class Prepared:
    """One article after clean → gate → extract, without its bytes (the client has them)."""

    cleaned: Cleaned
    note: str | None  # why it is stored, not extracted; None when extracted
    gate: GateDecision | None  # the gate's decision without its scan, when the gate ran
    annotations: Annotations | None


_EXTRACTORS: dict[str, NlpExtractor] = {}
_GATES: list[RelevanceGate] = []
_LOADS: list[str] = []  # each model this process loaded, in order (a worker loads each once)


def worker_state(settings: Settings) -> tuple[NlpExtractor, RelevanceGate | None]:
    """This process's extractor and gate for `settings`, each loaded on first use."""
    extractor = _EXTRACTORS.get(settings.nlp_model)
    if extractor is None:
        extractor = NlpExtractor(settings.nlp_model)
        extractor.nlp  # noqa: B018 - load now: a missing model fails the run on its first task
        _LOADS.append(settings.nlp_model)
        _EXTRACTORS[settings.nlp_model] = extractor
    if settings.gate and not _GATES:
        _GATES.append(RelevanceGate())
    return extractor, _GATES[0] if settings.gate else None


def model_loads() -> list[str]:
    """The models this process has loaded (for `client.run`, in tests and diagnostics)."""
    return list(_LOADS)


def process_batch(docs: list[SourceDoc], settings: Settings) -> list[Prepared | Skipped]:
    """Clean, gate and extract `docs` as the local pipeline does; one result per doc, in order."""
    extractor, gate = worker_state(settings)
    prepared = [prepare(doc, settings, gate) for doc in docs]
    batch = [p for p in prepared if isinstance(p, Pending)]
    annotations = extract_batch(batch, extractor, settings)
    return [p if isinstance(p, Skipped) else _result(p, annotations) for p in prepared]


def _result(pending: Pending, annotations: dict[str, Annotations]) -> Prepared:
    gate = replace(pending.gate, found=()) if pending.gate is not None else None
    return Prepared(pending.cleaned, pending.note, gate, annotations.get(pending.doc.content_hash))


class ModelLoader(WorkerPlugin):
    """Loads the model (and the gate's knowledge base) once on each worker as it joins."""

    name = "armswatch-model"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def setup(self, worker: Any) -> None:
        # in a thread: loading takes seconds, and the worker's event loop must keep answering heartbeats
        await asyncio.get_running_loop().run_in_executor(None, worker_state, self.settings)
