"""Live input: `armswatch watch` polls RSS/Atom feeds, sitemaps and pages over HTTP,
ingests what is new through the same pipeline as files, and writes a change feed of the
deployments ledger.

    feeds.py    RSS, Atom and sitemap parsing (no DTDs, no entity expansion)
    fetch.py    polite HTTP: robots.txt, per-host interval, conditional GET, retries, limits
    state.py    the resume state file, written atomically
    changes.py  ledger snapshots, their diff, and the JSON Lines and Atom change feeds
    loop.py     the passes, the spool to the ingest, and clean shutdown on signals
"""

from __future__ import annotations

from .changes import ChangeFilter
from .fetch import Fetcher, FetchError, FetchPolicy
from .loop import PassReport, WatchOptions, Watcher, stop_on_signals
from .state import WatchState

__all__ = [
    "ChangeFilter", "FetchError", "FetchPolicy", "Fetcher", "PassReport", "WatchOptions", "WatchState", "Watcher",
    "stop_on_signals",
]
