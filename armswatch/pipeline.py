"""The ingest pipeline: read → clean → extract → store, in batches.

Each batch is one transaction: an interrupted run (Ctrl-C, kill -9) leaves whole
articles or none, and the next run skips what is stored (content hash) and
finishes the rest without duplicates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .clean import clean_document
from .errors import CleanError, InputError
from .extract import NlpExtractor
from .extract.gate import GATE, GateDecision, RelevanceGate, forget_scans, remember_scan
from .ingest import discover_files, read_path
from .ingest.decode import display_path
from .models import Annotations, Cleaned, Hints, IngestReport, Skipped, SourceDoc
from .settings import Settings
from .store import Store
from .store.gate import record_gate

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

    Example:
        >>> with Store.open("armswatch.db") as store:          # doctest: +SKIP
        ...     report = ingest(["samples"], store)
    """
    settings = settings or Settings()
    extractor = extractor or NlpExtractor(settings.nlp_model)
    gate = RelevanceGate() if settings.gate else None
    report = IngestReport()
    batch: list[_Pending] = []
    batch_ids: set[str] = set()
    skips: list[Skipped] = []

    def flush() -> None:
        _save_batch(batch, skips, store, extractor, settings, report)
        batch.clear()
        batch_ids.clear()
        skips.clear()

    try:
        for found in discover_files(paths):
            if isinstance(found, Skipped):
                skips.append(found)
                if progress:
                    progress(found.location)
                continue
            hints = hints_for(found) if hints_for else None
            for item in _read_safely(found, settings, hints):
                if isinstance(item, Skipped):
                    skips.append(item)
                    continue
                if item.content_hash in batch_ids or store.has_article(item.content_hash):
                    report.count("unchanged")
                    continue
                pending = prepare(item, settings, gate)
                if isinstance(pending, Skipped):
                    skips.append(pending)
                    continue
                batch.append(pending)
                batch_ids.add(item.content_hash)
                if len(batch) >= settings.batch_size:
                    flush()
            if progress:
                progress(str(found))
        flush()
    except KeyboardInterrupt:
        report.interrupted = True
        logger.warning("interrupted: %d articles of the current batch not stored; run again to finish", len(batch))
    return report


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


def _save_batch(
    batch: list[_Pending],
    skips: list[Skipped],
    store: Store,
    extractor: NlpExtractor,
    settings: Settings,
    report: IngestReport,
) -> None:
    store_batch(batch, skips, store, extract_batch(batch, extractor, settings), report)


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
