"""The HTTP door (`armswatch serve`): a read-only JSON API over the same functions as the CLI."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
