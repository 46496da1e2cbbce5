"""The watch loop: poll feeds, sitemaps and pages; ingest what is new; report what changed.

Each pass:
1. every watched URL is fetched conditionally (ETag, Last-Modified); an unchanged one
   costs a 304;
2. a feed or sitemap lists article URLs: those the state file knows (and whose listing
   stamp has not moved) are not fetched again; the others are fetched and handed, in
   batches, to the same ingest as files (`armswatch.pipeline.ingest`), so cleaning,
   deduplication by content hash and versioning are the file ingest's own. A plain page
   given on the command line is itself watched: it is polled every pass, and a changed
   page is stored as a new version;
3. the state file is saved after each batch, so a restart resumes without refetching;
4. the deployments ledger is diffed against the last pass and each new or changed row
   is written to the change feed.

A shutdown (SIGTERM, SIGINT) lets the current page finish, ingests what was fetched,
saves the state and returns. A listing whose entries were not all handled keeps its old
validators, so the next run reads it again and carries on where this one stopped.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from ..errors import InputError
from ..extract import NlpExtractor
from ..ingest.decode import display_path
from ..kb import KnowledgeBase, load_kb
from ..ledger import build_ledger
from ..models import Hints, Skipped
from ..settings import Settings
from ..store import Store
from .changes import ChangeFilter, append_jsonl, diff, snapshot, summary, write_atom
from .feeds import Entry, looks_like_listing, parse_listing
from .fetch import FetchError, Fetched, Fetcher
from .state import WatchState

logger = logging.getLogger(__name__)

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")


@dataclass(frozen=True)
class WatchOptions:
    interval: float = 900.0  # seconds to wait after a pass before the next
    once: bool = False
    changes_jsonl: Path | None = None
    changes_atom: Path | None = None
    change_filter: ChangeFilter = ChangeFilter()
    spool: Path | None = None  # where fetched pages wait for the ingest (default: beside the state file)
    atom_entries: int = 200  # changes the Atom feed keeps
    sitemap_depth: int = 2  # sitemap indexes within sitemap indexes


@dataclass
class PassReport:
    fetched: int = 0  # responses with a body
    not_modified: int = 0  # 304s
    known: int = 0  # listed pages the state says were fetched already
    new: int = 0
    new_version: int = 0
    unchanged: int = 0  # fetched, but the store held the same content
    skipped: list[Skipped] = field(default_factory=list)
    changes: int = 0
    interrupted: bool = False

    def line(self) -> str:
        return (f"fetched {self.fetched}, not modified {self.not_modified}, already seen {self.known}; "
                f"new {self.new}, new version {self.new_version}, unchanged {self.unchanged}, "
                f"skipped {len(self.skipped)}; changes {self.changes}"
                + ("; stopped early" if self.interrupted else ""))


@dataclass
class _Page:
    url: str
    fetched: Fetched
    entry: Entry
    watched: bool  # a URL given to watch (polled each pass), not a listed article
    path: Path | None = None


class Watcher:
    def __init__(
        self,
        targets: Sequence[str],
        store: Store,
        state: WatchState,
        *,
        fetcher: Fetcher | None = None,
        settings: Settings | None = None,
        extractor: NlpExtractor | None = None,
        options: WatchOptions | None = None,
        stop: threading.Event | None = None,
        log: Callable[[str], None] | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        self.targets = list(dict.fromkeys(targets))
        self.store = store
        self.state = state
        self.stop = stop or threading.Event()
        self.fetcher = fetcher or Fetcher(sleep=self.stop.wait)
        self.settings = settings or Settings()
        self.extractor = extractor or NlpExtractor(self.settings.nlp_model)
        self.options = options or WatchOptions()
        self.log = log or logger.info
        self._kb = kb
        self._queue: list[_Page] = []
        self._report = PassReport()

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb()
        return self._kb

    @property
    def _wants_changes(self) -> bool:
        return self.options.changes_jsonl is not None or self.options.changes_atom is not None

    def run(self) -> list[PassReport]:
        """Pass after pass until stopped (or once); the state is saved after each."""
        reports = []
        if self.options.changes_jsonl is not None:  # there to subscribe to from the start
            self.options.changes_jsonl.parent.mkdir(parents=True, exist_ok=True)
            self.options.changes_jsonl.touch()
        if self._wants_changes and self.state.ledger is None:
            self.state.ledger = snapshot(build_ledger(self.store, kb=self.kb))  # changes count from now on
            self.state.save()
        while True:
            report = self.run_pass()
            reports.append(report)
            self.log(f"pass {self.state.data['passes']}: {report.line()}")
            if self.options.once or self.stop.is_set() or self.stop.wait(self.options.interval):
                return reports

    def run_pass(self) -> PassReport:
        self._report = report = PassReport()
        with self._spool() as spool:
            self._spool_dir = spool
            for url in self.targets:
                if self.stop.is_set():
                    break
                self._target(url)
            self._flush()
        report.interrupted = self.stop.is_set()
        if not report.interrupted:
            self.state.data["passes"] += 1
        self._write_changes()
        self.state.save()
        return report

    # --- one watched URL ------------------------------------------------------------------

    def _target(self, url: str) -> None:
        fetched = self._fetch(url, self.state.sources.get(url))
        if fetched is None:
            return
        if fetched.not_modified:
            return
        if looks_like_listing(fetched.body, fetched.content_type):
            if self._listing(url, fetched, depth=0):
                self.state.remember_source(url, etag=fetched.etag, last_modified=fetched.last_modified)
            return
        self._enqueue(_Page(url, fetched, Entry(url), watched=True))
        self._flush()

    def _listing(self, url: str, fetched: Fetched, *, depth: int) -> bool:
        """Handle a feed or sitemap; True when every entry was handled."""
        try:
            listing = parse_listing(fetched.body, fetched.final_url)
        except InputError as exc:
            self._skip(url, str(exc))
            return True  # the same bad bytes will not get better by reading them again
        complete = True
        for child in listing.sitemaps:
            if self.stop.is_set():
                return False
            if depth >= self.options.sitemap_depth:
                self._skip(child, f"sitemap nested deeper than {self.options.sitemap_depth} levels")
                continue
            got = self._fetch(child, self.state.sources.get(child))
            if got is None or got.not_modified:
                continue
            if self._listing(child, got, depth=depth + 1):
                self.state.remember_source(child, etag=got.etag, last_modified=got.last_modified)
            else:
                complete = False
        for entry in listing.entries:
            if self.stop.is_set():
                complete = False
                break
            if self.state.page_is_current(entry.url, entry.mark) or any(p.url == entry.url for p in self._queue):
                self._report.known += 1
                continue
            known = self.state.pages.get(entry.url)
            got = self._fetch(entry.url, known, entry=entry)
            if got is None:
                continue
            if got.not_modified:  # the listing's stamp moved, the page did not
                self._remember(entry.url, got, entry, article=known.get("article") if known else None)
                continue
            self._enqueue(_Page(entry.url, got, entry, watched=False))
            if len(self._queue) >= self.settings.batch_size:
                self._flush()
        self._flush()
        return complete and not self.stop.is_set()

    def _fetch(self, url: str, known: dict[str, Any] | None, *, entry: Entry | None = None) -> Fetched | None:
        known = known or {}
        try:
            fetched = self.fetcher.fetch(url, etag=known.get("etag"), last_modified=known.get("last_modified"))
        except FetchError as exc:
            self._skip(url, str(exc))
            if entry is not None and not exc.transient:  # refused for good: do not ask again
                self._remember(url, None, entry, article=None, error=str(exc))
            return None
        except InputError as exc:
            self._skip(url, str(exc))
            return None
        if fetched.not_modified:
            self._report.not_modified += 1
        else:
            self._report.fetched += 1
        return fetched

    # --- ingest ------------------------------------------------------------------------------

    def _enqueue(self, page: _Page) -> None:
        kind = (page.fetched.content_type or "").split(";")[0].strip().lower()
        if kind and kind not in _PAGE_TYPES and not kind.endswith("+xml"):
            reason = f"not an article page (content type {kind})"
            self._skip(page.url, reason)
            self._remember(page.url, page.fetched, page.entry, article=None, error=reason, watched=page.watched)
            return
        suffix = ".txt" if kind in ("text/plain", "text/markdown") else ".html" if kind else ""
        name = hashlib.sha256(page.url.encode("utf-8")).hexdigest()[:32] + suffix
        page.path = self._spool_dir / name
        page.path.write_bytes(page.fetched.body)
        self._queue.append(page)

    def _flush(self) -> None:
        """Ingest the queued pages with the pipeline, then remember them in the state."""
        if not self._queue:
            return
        from ..pipeline import ingest  # the pipeline imports the extractors; load them when first needed

        pages, self._queue = self._queue, []
        hints = {p.path: Hints(url=p.fetched.final_url, title=p.entry.title, published=p.entry.published)
                 for p in pages if p.path is not None}
        by_location = {display_path(p.path): p.url for p in pages if p.path is not None}
        result = ingest(list(hints), self.store, settings=self.settings, extractor=self.extractor,
                        hints_for=lambda path: hints.get(path, Hints()))
        self._report.new += result.new
        self._report.new_version += result.new_version
        self._report.unchanged += result.unchanged
        for skipped in result.skipped:
            self._skip(by_location.get(skipped.location, skipped.location), skipped.reason)
        if result.interrupted:  # Ctrl-C reached the pipeline: nothing of this batch is remembered
            self.stop.set()
            return
        for page in pages:
            article = hashlib.sha256(page.fetched.body).hexdigest()
            self._remember(page.url, page.fetched, page.entry, article=article, watched=page.watched)
            if page.path is not None:
                page.path.unlink(missing_ok=True)
        self.state.save()

    def _remember(self, url: str, fetched: Fetched | None, entry: Entry, *, article: str | None,
                  error: str | None = None, watched: bool = False) -> None:
        etag = fetched.etag if fetched else None
        last_modified = fetched.last_modified if fetched else None
        if watched:
            self.state.remember_source(url, etag=etag, last_modified=last_modified)
            return
        self.state.remember_page(url, etag=etag, last_modified=last_modified, mark=entry.mark,
                                 final_url=fetched.final_url if fetched else None, article=article)
        if error:
            self.state.pages[url]["error"] = error

    def _skip(self, url: str, reason: str) -> None:
        self._report.skipped.append(Skipped(url, reason))
        self.log(f"skipped {url}: {reason}")

    @contextmanager
    def _spool(self) -> Iterator[Path]:
        if self.options.spool is not None:
            self.options.spool.mkdir(parents=True, exist_ok=True)
            yield self.options.spool
        elif self.state.path is not None:
            folder = self.state.path.with_name(self.state.path.name + ".spool")
            folder.mkdir(parents=True, exist_ok=True)
            yield folder
        else:
            folder = Path(tempfile.mkdtemp(prefix="armswatch-spool-"))
            try:
                yield folder
            finally:
                shutil.rmtree(folder, ignore_errors=True)

    # --- the change feed ------------------------------------------------------------------

    def _write_changes(self) -> None:
        if not self._wants_changes:
            self.state.data["ledger"] = None  # nobody listens: the next listener starts from its own start
            return
        stored = self._report.new + self._report.new_version
        if self.state.ledger is not None and not stored:
            return
        after = snapshot(build_ledger(self.store, kb=self.kb))
        changes = diff(self.state.ledger or {}, after)
        wanted = [c for c in changes if self.options.change_filter.wants(c)]
        if self.options.changes_jsonl is not None:
            append_jsonl(self.options.changes_jsonl, wanted)
        if wanted:
            self.state.add_changes(wanted, self.options.atom_entries)
        if self.options.changes_atom is not None and (wanted or not self.options.changes_atom.exists()):
            write_atom(self.options.changes_atom, self.state.data["recent_changes"])
        for change in wanted:
            self.log(f"change: {summary(change)}")
        self._report.changes = len(wanted)
        self.state.ledger = after


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set `stop` (the loop finishes the current page, saves and
    returns); a second signal is handled the default way. Main thread only."""
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()
        for number, old in previous.items():
            signal.signal(number, old)
        logger.warning("signal %d: finishing the current page, then saving the state", signum)

    for number in (signal.SIGTERM, signal.SIGINT):
        previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
