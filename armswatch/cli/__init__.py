"""The command line: thin commands over the library's functions, one module per topic."""

from __future__ import annotations

from . import _evaluation, _ingest, _kb, _records, _reextract, _review, _serve, _users, _watch  # noqa: F401  (each registers its commands)
from ._common import cli
from ._ingest import mark_mentions

__all__ = ["cli", "mark_mentions"]
