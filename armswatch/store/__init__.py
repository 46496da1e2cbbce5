"""Store: SQLite (the embedded default) or PostgreSQL persistence. Only this sub-package writes SQL."""

from __future__ import annotations

from .sqlite import Store

__all__ = ["Store"]
