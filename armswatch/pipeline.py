"""The ingest pipeline: read → clean → extract → store, in batches.

Each batch is one transaction: an interrupted run (Ctrl-C, kill -9) leaves whole
articles or none, and the next run skips what is stored (content hash) and
finishes the rest without duplicates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .clean import clean_document
from .errors import CleanError, InputError
from .extract import NlpExtractor
from .ingest import discover_files, read_path
from .models import Annotations, Cleaned, Hints, IngestReport, Skipped, SourceDoc
from .settings import Settings
from .store import Store

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class _Pending:
    doc: SourceDoc
    cleaned: Cleaned
    note: str | None  # why the body is not extracted, or None


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
                continue
            hints = hints_for(found) if hints_for else None
            for item in read_path(found, max_file_bytes=settings.max_file_bytes, hints=hints):
                if isinstance(item, Skipped):
                    skips.append(item)
                    continue
                if item.content_hash in batch_ids or store.has_article(item.content_hash):
                    report.count("unchanged")
                    continue
                try:
                    cleaned = clean_document(item)
                except (CleanError, InputError) as exc:
                    skips.append(Skipped(item.location, str(exc)))
                    continue
                batch.append(_Pending(item, cleaned, _not_extracted_because(cleaned, settings)))
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


def _not_extracted_because(cleaned: Cleaned, settings: Settings) -> str | None:
    language = cleaned.metadata.language
    if language not in (None, "en") and cleaned.metadata.language_confidence >= settings.min_english_confidence:
        return f"language is {language!r}; stored, not extracted (English pipeline only)"
    if len(cleaned.body) > settings.max_body_chars:
        return f"body too long for the NLP stage ({len(cleaned.body):,} > {settings.max_body_chars:,} characters)"
    return None


def _save_batch(
    batch: list[_Pending],
    skips: list[Skipped],
    store: Store,
    extractor: NlpExtractor,
    settings: Settings,
    report: IngestReport,
) -> None:
    to_extract = [p for p in batch if p.note is None]
    annotations: dict[str, Annotations] = {}
    if to_extract:
        bodies = ((p.cleaned.body, p.cleaned.metadata.published) for p in to_extract)
        for pending, result in zip(to_extract, extractor.pipe(bodies, batch_size=settings.batch_size)):
            annotations[pending.doc.content_hash] = result
    with store.transaction():
        for pending in batch:
            outcome = store.save_article(
                pending.doc, pending.cleaned, annotations.get(pending.doc.content_hash), extract_note=pending.note
            )
            report.count("new_version" if outcome == "new_version" else "new")
            if pending.note:
                report.not_extracted.append(Skipped(pending.doc.location, pending.note))
        for skipped in skips:
            store.record_skip(skipped)
    report.skipped.extend(skips)
    for skipped in skips:
        logger.info("skipped %s: %s", skipped.location, skipped.reason)
