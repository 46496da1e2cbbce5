"""The ingest pipeline: read → clean → extract → store, in batches.

Each batch is one transaction: an interrupted run (Ctrl-C, kill -9) leaves whole
articles or none, and the next run skips what is stored (content hash) and
finishes the rest without duplicates.

`run_batches` reads and stores; what happens to a batch in between (`process_batch`:
clean, gate, extract) runs in this process, in worker processes forked from it
(`_LocalRunner`, armswatch/workers.py), or on a dask cluster (armswatch/engine). Results
are stored in input order whichever runs them, so the store is the same.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from .clean import clean_document
from .clean.lang import preload_language_model
from .errors import CleanError, InputError
from .extract import NlpExtractor
from .extract.gate import GATE, GateDecision, RelevanceGate, forget_scans, remember_scan
from .ingest import discover_files, read_path
from .ingest.decode import display_path
from .models import Annotations, Cleaned, Hints, IngestReport, Skipped, SourceDoc
from .settings import Settings
from .store import Store
from .store.gate import record_gate
from .workers import ForkedWorkers, usable_workers

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class _Pending:
    doc: SourceDoc
    cleaned: Cleaned
    note: str | None  # why the body is not extracted, or None
    failure: str | None = None  # what went wrong in the NLP stage
    gate: GateDecision | None = None  # the relevance gate's decision, when it ran


Pending = _Pending  # an article between cleaning and the store (armswatch/engine rebuilds them)


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    settings: Settings | None = None,
    extractor: NlpExtractor | None = None,
    hints_for: Callable[[Path], Hints] | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders into `store`; return the summary.

    With more than one batch of new articles, batches are cleaned, gated and extracted
    in worker processes forked after the model loads (`settings.workers`; see
    armswatch/workers.py), and stored here in input order: the store ends up the same.

    Example:
        >>> with Store.open("armswatch.db") as store:          # doctest: +SKIP
        ...     report = ingest(["samples"], store)
    """
    settings = settings or Settings()
    extractor = extractor or NlpExtractor(settings.nlp_model)
    gate = RelevanceGate() if settings.gate else None
    runner = _LocalRunner(extractor, gate, settings)
    report = IngestReport()
    try:
        run_batches(paths, store, settings, runner.submit, report, slots=runner.slots, hints_for=hints_for, progress=progress)
    finally:
        runner.close(cancel=report.interrupted)
    return report


class Submit(Protocol):
    """Start work on one batch of read articles; what it returns gives, on `result()`,
    one `Prepared` or `Skipped` per article, in order (a future, local or remote)."""

    def __call__(self, docs: list[SourceDoc]) -> Any: ...


@dataclass
class _Batch:
    """Articles processed together, and the skips met while reading them, in input order."""

    docs: list[SourceDoc] = field(default_factory=list)
    order: list[Skipped | int] = field(default_factory=list)  # a read skip, or an index into docs
    future: Any = None


def run_batches(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    submit: Submit,
    report: IngestReport,
    *,
    slots: int = 0,
    hints_for: Callable[[Path], Hints] | None = None,
    progress: Progress | None = None,
) -> None:
    """Read `paths`, drop what the store holds, hand each batch of new articles to `submit`,
    and store the results batch after batch in input order, each batch in one transaction.
    At most `slots` batches are in the works besides the one being stored. Every engine
    (this process, forked workers, a dask cluster) runs through here."""
    shipped: deque[_Batch] = deque()
    batch = _Batch()
    seen: set[str] = set()  # content hashes handed on but maybe not stored yet

    def ship() -> None:
        nonlocal batch
        if batch.docs:
            batch.future = submit(batch.docs)
        shipped.append(batch)
        batch = _Batch()
        while len(shipped) > slots:
            _store_results(shipped.popleft(), store, report)

    try:
        for found in discover_files(paths):
            if isinstance(found, Skipped):
                batch.order.append(found)
                if progress:
                    progress(found.location)
                continue
            hints = hints_for(found) if hints_for else None
            for item in _read_safely(found, settings, hints):
                if isinstance(item, Skipped):
                    batch.order.append(item)
                    continue
                if item.content_hash in seen or store.has_article(item.content_hash):
                    report.count("unchanged")
                    continue
                seen.add(item.content_hash)
                batch.order.append(len(batch.docs))
                batch.docs.append(item)
                if len(batch.docs) >= settings.batch_size:
                    ship()
            if progress:
                progress(str(found))
        if batch.order:
            ship()
        while shipped:
            _store_results(shipped.popleft(), store, report)
    except KeyboardInterrupt:
        report.interrupted = True
        waiting = sum(len(b.docs) for b in shipped) + len(batch.docs)
        for pending in shipped:
            if pending.future is not None and hasattr(pending.future, "cancel"):
                pending.future.cancel()
        logger.warning("interrupted: %d articles read but not stored; run again to finish", waiting)


def _store_results(batch: _Batch, store: Store, report: IngestReport) -> None:
    """Store one batch's results: its articles in order, then its skips."""
    results: list[Prepared | Skipped] = batch.future.result() if batch.future is not None else []
    pending: list[_Pending] = []
    annotations: dict[str, Annotations] = {}
    skips: list[Skipped] = []
    for entry in batch.order:
        if isinstance(entry, Skipped):
            skips.append(entry)
            continue
        doc, result = batch.docs[entry], results[entry]
        if isinstance(result, Skipped):
            skips.append(result)
            continue
        pending.append(_Pending(doc, result.cleaned, result.note, gate=result.gate))
        if result.annotations is not None:
            annotations[doc.content_hash] = result.annotations
    store_batch(pending, skips, store, annotations, report)


@dataclass(frozen=True)
class Prepared:
    """One article after clean → gate → extract, without its bytes (the reader has them)."""

    cleaned: Cleaned
    note: str | None  # why it is stored, not extracted; None when extracted
    gate: GateDecision | None  # the gate's decision without its scan, when the gate ran
    annotations: Annotations | None


def process_batch(
    docs: list[SourceDoc], settings: Settings, extractor: NlpExtractor, gate: RelevanceGate | None
) -> list[Prepared | Skipped]:
    """Clean, gate and extract `docs`; one result per doc, in order. What every engine's
    worker runs."""
    prepared = [prepare(doc, settings, gate) for doc in docs]
    batch = [p for p in prepared if isinstance(p, _Pending)]
    annotations = extract_batch(batch, extractor, settings)
    return [p if isinstance(p, Skipped) else _prepared(p, annotations) for p in prepared]


def _prepared(pending: _Pending, annotations: dict[str, Annotations]) -> Prepared:
    gate = replace(pending.gate, found=()) if pending.gate is not None else None
    return Prepared(pending.cleaned, pending.note, gate, annotations.get(pending.doc.content_hash))


class _Done:
    """A batch processed in this process, as a finished future."""

    def __init__(self, results: list[Prepared | Skipped]) -> None:
        self.results = results

    def result(self) -> list[Prepared | Skipped]:
        return self.results


class _InWorker:
    """A batch handed to the forked workers. The first batch of a run is held back until
    a second one comes (`future` None): a run of one batch is processed here, unforked.
    A worker that dies (killed, out of memory) costs no batch: it is processed here, and
    so is the rest of the run."""

    def __init__(self, runner: _LocalRunner, docs: list[SourceDoc]) -> None:
        self.runner = runner
        self.docs = docs
        self.future: Any = None

    def result(self) -> list[Prepared | Skipped]:
        if self.future is None:
            self.runner.held = None
            return self.runner.here(self.docs)
        try:
            return self.future.result()  # type: ignore[no-any-return]
        except (BrokenProcessPool, CancelledError):  # cancelled: by `broken`, for another batch
            self.runner.broken()
            return self.runner.here(self.docs)

    def cancel(self) -> None:
        if self.future is not None:
            self.future.cancel()


_AHEAD = 6  # batches in the works per worker

# What a forked worker works with: set in the parent before the fork (see armswatch/workers.py).
_WORKER_STATE: list[tuple[Settings, NlpExtractor, RelevanceGate | None]] = []


def _in_worker(docs: list[SourceDoc]) -> list[Prepared | Skipped]:
    settings, extractor, gate = _WORKER_STATE[0]
    return process_batch(docs, settings, extractor, gate)


class _LocalRunner:
    """Processes batches in this process, or, once a run has a second batch, in worker
    processes forked after the model and the gate have loaded (`settings.workers`)."""

    def __init__(self, extractor: NlpExtractor, gate: RelevanceGate | None, settings: Settings) -> None:
        self.extractor, self.gate, self.settings = extractor, gate, settings
        self.workers = usable_workers(settings.workers)
        # batches in the works besides the one being stored: one long article (a briefing) must
        # not leave the other workers idle while the run waits to store it in order
        self.slots = _AHEAD * self.workers if self.workers > 1 else 0
        self.pool: ForkedWorkers | None = None
        self.held: _InWorker | None = None

    def here(self, docs: list[SourceDoc]) -> list[Prepared | Skipped]:
        return process_batch(docs, self.settings, self.extractor, self.gate)

    def submit(self, docs: list[SourceDoc]) -> Any:
        if self.workers == 1:
            return _Done(self.here(docs))
        batch = _InWorker(self, _without_bytes(docs))
        if self.pool is None:
            if self.held is None:
                self.held = batch
                return batch
            self._start()
            assert self.pool is not None and self.held is not None
            self.held.future = self.pool.submit(_in_worker, self.held.docs)
            self.held = None
        batch.future = self.pool.submit(_in_worker, batch.docs)
        return batch

    def broken(self) -> None:
        """A worker died: the rest of the run is processed here."""
        if self.pool is not None:
            logger.warning("a worker process died; the rest of the run is processed in this process")
            self.pool.close(cancel=True)
            self.pool = None
        self.workers = 1

    def _start(self) -> None:
        """Load what every worker needs, then fork them."""
        warm_up(self.extractor)
        _WORKER_STATE[:] = [(self.settings, self.extractor, self.gate)]
        self.pool = ForkedWorkers(self.workers)
        logger.info("ingest: %d worker processes", self.workers)

    def close(self, *, cancel: bool) -> None:
        if self.pool is not None:
            self.pool.close(cancel=cancel)
            self.pool = None
        _WORKER_STATE.clear()


def warm_up(extractor: NlpExtractor) -> None:
    """Load the model, the language identifier and every lexicon the extractors read on
    first use, so that forked workers find them loaded."""
    preload_language_model()
    list(extractor.pipe(["The army said on Monday that it had moved missiles north."]))


def _without_bytes(docs: list[SourceDoc]) -> list[SourceDoc]:
    """What a worker needs of each read article: everything but its original bytes."""
    return [replace(doc, raw=b"") for doc in docs]


def prepare(item: SourceDoc, settings: Settings, gate: RelevanceGate | None) -> _Pending | Skipped:
    """Clean one article and run the relevance gate on it; a page that cannot be cleaned is
    a one-line skip. (Also what a distributed worker runs: armswatch/engine.)"""
    try:
        cleaned = clean_document(item)
    except (CleanError, InputError) as exc:
        return Skipped(item.location, str(exc))
    except Exception as exc:  # a parser's bug on one odd page must not stop the run
        logger.warning("cleaning %s failed", item.location, exc_info=True)
        return Skipped(item.location, f"could not be cleaned ({_describe(exc)})")
    return _gated(_Pending(item, cleaned, _not_extracted_because(cleaned, settings)), gate)


def _read_safely(path: Path, settings: Settings, hints: Hints | None) -> Iterator[SourceDoc | Skipped]:
    """`read_path`, with any unexpected failure turned into a one-line skip for that file."""
    try:
        yield from read_path(path, max_file_bytes=settings.max_file_bytes, hints=hints)
    except Exception as exc:
        logger.warning("reading %s failed", path, exc_info=True)
        yield Skipped(display_path(path), f"could not be read ({_describe(exc)})")


def _describe(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:160].encode("utf-8", "backslashreplace").decode("utf-8")
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _not_extracted_because(cleaned: Cleaned, settings: Settings) -> str | None:
    language = cleaned.metadata.language
    if language not in (None, "en") and cleaned.metadata.language_confidence >= settings.min_english_confidence:
        return f"language is {language!r}; stored, not extracted (English pipeline only)"
    if len(cleaned.body) > settings.max_body_chars:
        return f"body too long for the NLP stage ({len(cleaned.body):,} > {settings.max_body_chars:,} characters)"
    return None


def _gated(pending: _Pending, gate: RelevanceGate | None) -> _Pending:
    """Run the relevance gate on an article that would be extracted: one that fails it is
    stored with the gate's reason, not extracted; one that passes hands its KB scan on."""
    if gate is None or pending.note is not None:
        return pending
    body = pending.cleaned.body
    metadata = pending.cleaned.metadata
    pending.gate = decision = gate.decide(body, metadata.title, metadata.language)
    if decision.passed:
        remember_scan(body, decision, gate)
    else:
        pending.note = f"relevance gate: {decision.reason}; stored, not extracted (armswatch reextract --where gate=skipped)"
    return pending


def _bodies(batch: list[_Pending]) -> Iterator[tuple[str, str | None, str | None]]:
    """What the parser reads: each body, blanked outside the gate's windows when it set some
    (same length, so every offset is the body's)."""
    return ((_parse_text(p), p.cleaned.metadata.published, p.cleaned.metadata.title) for p in batch)


def _parse_text(pending: _Pending) -> str:
    body = pending.cleaned.body
    return pending.gate.parse_text(body) if pending.gate is not None else body


def _extract(batch: list[_Pending], extractor: NlpExtractor, settings: Settings) -> dict[str, Annotations]:
    """Annotations per content hash. When the batch fails, each body is tried alone, so
    that one body the NLP stage cannot take is stored unextracted and the rest go on."""
    annotations: dict[str, Annotations] = {}
    if not batch:
        return annotations
    extractor.nlp  # noqa: B018 - a missing model is a setup error that stops the run, not a bad article
    try:
        for pending, result in zip(batch, extractor.pipe(_bodies(batch), batch_size=settings.batch_size)):
            annotations[pending.doc.content_hash] = result
        return annotations
    except Exception:
        logger.warning("the NLP stage failed on a batch; trying its articles one by one", exc_info=True)
    for pending in batch:
        if pending.doc.content_hash in annotations:
            continue
        try:
            [result] = list(extractor.pipe(_bodies([pending]), batch_size=1))
        except Exception as exc:
            logger.warning("the NLP stage failed on %s", pending.doc.location, exc_info=True)
            pending.failure = f"the NLP stage failed ({_describe(exc)}); stored, not extracted"
            continue
        annotations[pending.doc.content_hash] = result
    return annotations


def extract_batch(batch: list[_Pending], extractor: NlpExtractor, settings: Settings) -> dict[str, Annotations]:
    """Annotations per content hash for the articles of `batch` that are to be extracted;
    one the NLP stage failed on gets its note (stored, not extracted)."""
    to_extract = [p for p in batch if p.note is None]
    try:
        annotations = _extract(to_extract, extractor, settings)
    finally:
        forget_scans()
    for pending in to_extract:
        if pending.doc.content_hash not in annotations:
            pending.note = pending.failure or "the NLP stage failed on this body; stored, not extracted"
    return annotations


def store_batch(
    batch: list[_Pending], skips: list[Skipped], store: Store, annotations: dict[str, Annotations], report: IngestReport
) -> None:
    """Store a batch in one transaction, in order, with the skips met while reading it."""
    with store.transaction():
        for pending in batch:
            outcome = store.save_article(
                pending.doc, pending.cleaned, annotations.get(pending.doc.content_hash), extract_note=pending.note
            )
            report.count(outcome)
            if outcome == "unchanged":  # another writer stored it since this run looked
                continue
            if pending.gate is not None:
                decision = "pass" if pending.gate.passed else "skip"
                record_gate(store, pending.doc.content_hash, decision, pending.gate.reason, GATE)
                if pending.gate.passed:
                    report.gate_passed += 1
                else:
                    report.gate_skipped += 1  # counted, not listed: on general news that is most articles
                    continue
            if pending.note:
                report.not_extracted.append(Skipped(pending.doc.location, pending.note))
        for skipped in skips:
            store.record_skip(skipped)
    report.skipped.extend(skips)
    for skipped in skips:
        logger.info("skipped %s: %s", skipped.location, skipped.reason)
