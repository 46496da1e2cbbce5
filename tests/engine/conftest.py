"""A two-worker dask cluster on loopback, shared by the engine tests (starting one takes seconds)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch.engine import dask_client

# Columns that say when a row was written, not what it holds.
def _when(column: str) -> bool:
    return column == "at" or column.endswith("_at")


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    """A client of a LocalCluster of 2 single-threaded worker processes; its scheduler's
    address is what `--scheduler` takes."""
    with dask_client(2, None) as client:
        yield client


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table in insertion order, without the columns that record times."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            if table in ("migrations", "sqlite_sequence") or table.startswith("sqlite_"):
                continue
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if not _when(r[1])]
            listed = ", ".join(f'"{c}"' for c in columns)
            try:
                out[table] = conn.execute(f"SELECT {listed} FROM {table} ORDER BY rowid").fetchall()
            except sqlite3.OperationalError:  # a WITHOUT ROWID table: its rows in key order
                out[table] = conn.execute(f"SELECT {listed} FROM {table} ORDER BY {listed}").fetchall()
    return out
