"""Extract stored articles again: those the relevance gate skipped, or those it passed.

The gate stores what it skips, whole, so nothing is lost: when the knowledge base grows
or the user wants everything, `reextract` runs the full extraction on the stored bodies.
Each batch is one transaction, and an article's new extraction replaces any it had, so a
run that is interrupted or repeated stores every record once.

    >>> with Store.open("armswatch.db") as store:              # doctest: +SKIP
    ...     report = reextract(store, "gate=skipped")
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from .extract import NlpExtractor
from .extract.gate import GATE, RelevanceGate, forget_scans, remember_scan
from .models import Article
from .settings import Settings
from .store import Store
from .store.gate import articles_where, mark_not_extracted, record_gate, replace_annotations

logger = logging.getLogger(__name__)


@dataclass
class ReextractReport:
    selected: int = 0
    extracted: int = 0
    still_skipped: int = 0  # with `regate`: the gate, run again, skipped them again
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)
    interrupted: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "selected": self.selected,
            "extracted": self.extracted,
            "still_skipped": self.still_skipped,
            "failed": [{"id": i, "reason": r} for i, r in self.failed],
            "interrupted": self.interrupted,
        }


def reextract(
    store: Store,
    where: str,
    *,
    settings: Settings | None = None,
    extractor: NlpExtractor | None = None,
    regate: bool = False,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ReextractReport:
    """Run the full extraction on the stored articles `where` selects ("gate=skipped",
    "gate=passed"). With `regate`, the gate decides again first (with the knowledge base
    as it is now) and only the articles that pass are extracted."""
    settings = settings or Settings()
    extractor = extractor or NlpExtractor(settings.nlp_model)
    gate = RelevanceGate() if regate else None
    ids = articles_where(store, where, limit=limit)
    report = ReextractReport(selected=len(ids))
    try:
        for start in range(0, len(ids), settings.batch_size):
            articles = [store.get_article(i) for i in ids[start : start + settings.batch_size]]
            if gate is not None:
                articles = _regate(store, articles, gate, report)
            _extract_batch(store, articles, extractor, settings, report)
            forget_scans()
            if progress:
                progress(min(start + settings.batch_size, len(ids)))
    except KeyboardInterrupt:
        report.interrupted = True
        logger.warning("interrupted: the current batch was not stored; run again to finish")
    finally:
        forget_scans()
    return report


def _regate(store: Store, articles: list[Article], gate: RelevanceGate, report: ReextractReport) -> list[Article]:
    passing = []
    with store.transaction():
        for article in articles:
            decision = gate.decide(article.body, article.title, article.language)
            record_gate(store, article.id, "pass" if decision.passed else "skip", decision.reason, GATE)
            if decision.passed:
                remember_scan(article.body, decision, gate)
                passing.append(article)
            else:
                report.still_skipped += 1
                mark_not_extracted(store, article.id, f"relevance gate: {decision.reason}; stored, not extracted")
    return passing


def _extract_batch(
    store: Store, articles: list[Article], extractor: NlpExtractor, settings: Settings, report: ReextractReport
) -> None:
    if not articles:
        return
    items = [(a.body, a.published, a.title) for a in articles]
    try:
        results = list(extractor.pipe(items, batch_size=settings.batch_size))
    except Exception:
        logger.warning("the NLP stage failed on a batch; trying its articles one by one", exc_info=True)
        results = []
        for article, item in zip(articles, items):
            try:
                [result] = list(extractor.pipe([item], batch_size=1))
            except Exception as exc:
                report.failed.append((article.id, f"the NLP stage failed ({type(exc).__name__})"))
                result = None
            results.append(result)
    with store.transaction():
        for article, result in zip(articles, results):
            if result is None:
                continue
            replace_annotations(store, article.id, result)
            report.extracted += 1
