"""Ingest: find inputs, read them as bytes, decode them, and yield `SourceDoc`s or
`Skipped` results. Nothing here cleans or extracts."""

from __future__ import annotations

from .decode import decode_bytes
from .files import discover_files, read_path

__all__ = ["decode_bytes", "discover_files", "read_path"]
