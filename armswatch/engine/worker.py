"""What a dask worker runs: clean → gate → extract on a batch of read articles.

Each worker process keeps one spaCy pipeline per model and one relevance gate, loaded
by `ModelLoader` when the worker joins (or by the first task), never per task. The
results are plain frozen dataclasses, pickled back to the client, which stores them.
"""

from __future__ import annotations

import asyncio
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from ..extract import NlpExtractor
from ..extract.gate import RelevanceGate
from ..models import Skipped, SourceDoc
from ..pipeline import Prepared
from ..pipeline import process_batch as process_here
from ..settings import Settings

__all__ = ["ModelLoader", "Prepared", "model_loads", "process_batch", "worker_state"]

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
    return process_here(docs, settings, extractor, gate)


class ModelLoader(WorkerPlugin):
    """Loads the model (and the gate's knowledge base) once on each worker as it joins."""

    name = "armswatch-model"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def setup(self, worker: Any) -> None:
        # in a thread: loading takes seconds, and the worker's event loop must keep answering heartbeats
        await asyncio.get_running_loop().run_in_executor(None, worker_state, self.settings)
