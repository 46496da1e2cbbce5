"""The watch state file: what has been fetched, so that a restart resumes without
refetching, and the ledger as last seen, so that the change feed reports each change once.

One JSON object, written atomically (a temporary file in the same folder, flushed to
disk, then renamed over the old one): a crash or `kill -9` leaves the old state or the
new one, never half a file.

    {"format": 1,
     "sources": {url: {"etag", "last_modified", "checked"}},          # feeds, sitemaps, watched URLs
     "pages":   {url: {"etag", "last_modified", "mark", "final_url", "article", "fetched"}},
     "ledger":  {row key: snapshot} | null,                           # see changes.py
     "recent_changes": [change, ...],                                  # the Atom feed's entries
     "passes": n}
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import InputError

FORMAT = 1


class WatchState:
    def __init__(self, path: Path | None, data: dict[str, Any] | None = None) -> None:
        self.path = path
        self.data: dict[str, Any] = data or {}
        self.data.setdefault("format", FORMAT)
        for key in ("sources", "pages"):
            self.data.setdefault(key, {})
        self.data.setdefault("ledger", None)
        self.data.setdefault("recent_changes", [])
        self.data.setdefault("passes", 0)

    @classmethod
    def load(cls, path: str | Path | None) -> WatchState:
        """The state in `path`, or a fresh one when the file does not exist (or no path:
        a state kept in memory only). Raises `InputError` for a file that is not a state."""
        if path is None:
            return cls(None)
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise InputError(f"cannot read the state file {path}: {exc.strerror or exc}") from None
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"the state file {path} is not valid JSON ({exc}); move it away to start afresh") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"the state file {path} is not an armswatch watch state (format {FORMAT})")
        return cls(path, data)

    # --- what the loop asks -------------------------------------------------------------

    @property
    def sources(self) -> dict[str, dict[str, Any]]:
        return self.data["sources"]  # type: ignore[no-any-return]

    @property
    def pages(self) -> dict[str, dict[str, Any]]:
        return self.data["pages"]  # type: ignore[no-any-return]

    @property
    def ledger(self) -> dict[str, dict[str, Any]] | None:
        return self.data["ledger"]  # type: ignore[no-any-return]

    @ledger.setter
    def ledger(self, value: dict[str, dict[str, Any]]) -> None:
        self.data["ledger"] = value

    def page_is_current(self, url: str, mark: str | None) -> bool:
        """Whether a listed page was fetched already and its listing's stamp has not moved."""
        known = self.pages.get(url)
        return known is not None and (mark is None or known.get("mark") == mark)

    def remember_page(self, url: str, *, etag: str | None, last_modified: str | None, mark: str | None,
                      final_url: str | None, article: str | None) -> None:
        self.pages[url] = {"etag": etag, "last_modified": last_modified, "mark": mark, "final_url": final_url,
                           "article": article, "fetched": now()}

    def remember_source(self, url: str, *, etag: str | None, last_modified: str | None) -> None:
        self.sources[url] = {"etag": etag, "last_modified": last_modified, "checked": now()}

    def add_changes(self, changes: list[dict[str, Any]], keep: int) -> None:
        self.data["recent_changes"] = (list(reversed(changes)) + self.data["recent_changes"])[:keep]

    # --- writing --------------------------------------------------------------------------

    def save(self) -> None:
        """Write the state atomically (no-op for a state kept in memory)."""
        if self.path is None:
            return
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self.data, out, ensure_ascii=False, indent=1, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _sync_folder(folder)


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
