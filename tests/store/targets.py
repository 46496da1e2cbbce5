"""Where the tests' databases live: SQLite files, or PostgreSQL schemas.

With $ARMSWATCH_TEST_POSTGRES set to a URL (`make test` sets it for its second run, from
scripts/local_postgres.sh), every test that asks for `db_target` or `store` gets a new,
empty schema of that database instead of a file: the URL with `search_path` set to it.
Tests marked `sqlite_only(reason)` skip on PostgreSQL; the `uses_store` marker is put on
every test that reaches a store through those fixtures, so that the PostgreSQL run can
select them (`-m uses_store`).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

# The `db_target` fixture: `db_target(name="test")` -> a SQLite file or a PostgreSQL URL.
DbTarget = Callable[..., "str | Path"]

PG_ENV = "ARMSWATCH_TEST_POSTGRES"
_PREFIX = "test_"
_STORE_FIXTURES = {"db_target", "db_targets", "store"}


def check_postgres(url: str | None) -> None:
    """Stop the session in one line when the PostgreSQL run cannot reach its server: a
    skip on a developer's machine, a failure under CI."""
    if url is None:
        return
    try:
        with psycopg.connect(url, connect_timeout=5):
            return
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    pytest.exit(f"{PG_ENV} is set but PostgreSQL cannot be reached ({reason}): "
                + ("failing, as CI must run on both back ends" if ci else "the PostgreSQL run is skipped"),
                returncode=1 if ci else 0)


def mark_store_tests(items: list[pytest.Item], *, postgres: bool) -> None:
    for item in items:
        if _STORE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.uses_store)
        only = item.get_closest_marker("sqlite_only")
        if postgres and only is not None:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {only.args[0] if only.args else 'SQLite by nature'}"))


def with_schema(url: str, schema: str) -> str:
    """`url` with its connections' search_path set to `schema`."""
    option = quote(f"-csearch_path={schema}", safe="")
    return url + ("&" if "?" in url else "?") + f"options={option}"


class DbTargets:
    """Hands out new databases; drops the PostgreSQL schemas at the end of the session."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.schemas: list[str] = []
        if url is not None:
            self._drop(self._leftovers())  # from a session that was killed

    @property
    def postgres(self) -> bool:
        return self.url is not None

    def new(self, folder: Path, name: str = "test") -> str | Path:
        if self.url is None:
            return folder / f"{name}.db"
        schema = _PREFIX + re.sub(r"\W", "_", name)[:20] + "_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')  # type: ignore[arg-type]
        self.schemas.append(schema)
        return with_schema(self.url, schema)

    def drop_all(self) -> None:
        self._drop(self.schemas)
        self.schemas = []

    def _leftovers(self) -> list[str]:
        assert self.url is not None
        with psycopg.connect(self.url, autocommit=True) as conn:
            rows = conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (_PREFIX + "%",)).fetchall()
        return [r[0] for r in rows]

    def _drop(self, schemas: list[str]) -> None:
        if self.url is None or not schemas:
            return
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '5s'")
            for schema in schemas:
                try:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')  # type: ignore[arg-type]
                except psycopg.Error:
                    pass  # a connection a test left open holds a lock: the next session drops it
