"""The two back ends behind `Store`: which one a `--db` value names, and a PostgreSQL
connection that takes the same calls as an sqlite3 connection.

The store's SQL is written once, with `?` placeholders. `PgConnection` translates each
statement for psycopg (`?` -> `%s`, `%` -> `%%`, LIKE -> ILIKE: SQLite's LIKE ignores case)
and keeps sqlite3's transaction habits: reads run outside a transaction, the first write
opens one, `commit`/`rollback` end it, and `with connection:` commits or rolls back. The few
statements whose SQL differs branch on `Store.dialect`; the schemas are in migrations.py
(SQLite) and pg_migrations.py (PostgreSQL).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.pq import TransactionStatus

from ..errors import StoreError

Dialect = Literal["sqlite", "postgres"]
# Every error either driver raises for a statement or a connection.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, psycopg.Error)
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, psycopg.IntegrityError)
_SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT_S = 10


def is_postgres(target: str | Path) -> bool:
    """True when `target` is a PostgreSQL URL rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(_SCHEMES)


def describe(target: str | Path) -> str:
    """`target` for messages: a file as given, a URL as host:port/database (never a password)."""
    if not is_postgres(target):
        return str(target)
    try:
        parts = conninfo_to_dict(str(target))
    except psycopg.ProgrammingError:
        return "a PostgreSQL URL that cannot be read"
    return f"PostgreSQL at {parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


def connect_postgres(url: str) -> PgConnection:
    """A connection to the database `url` names; StoreError in one line when it cannot be made."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.ProgrammingError as exc:  # a malformed URL
        raise StoreError(f"cannot read the database URL: {first_line(exc)}") from exc
    except psycopg.Error as exc:
        raise StoreError(f"cannot reach {describe(url)}: {first_line(exc)} (is the server running?)") from exc
    return PgConnection(conn)


# A statement's words outside quotes: single-quoted literals, double-quoted identifiers and
# comments are copied as they are; `?` and LIKE are rewritten only outside them.
_PARTS = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*)", re.S)
_WORD_LIKE = re.compile(r"\bLIKE\b", re.I)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def translate(sql: str) -> str:
    """A `?`-placeholder statement for psycopg.

    >>> translate("SELECT a FROM t WHERE b LIKE ? || '%' AND c = '?'")
    "SELECT a FROM t WHERE b ILIKE %s || '%%' AND c = '?'"
    """
    out = []
    for i, part in enumerate(_PARTS.split(sql)):
        part = part.replace("%", "%%")
        if i % 2 == 0:  # outside quotes
            part = _WORD_LIKE.sub("ILIKE", part.replace("?", "%s"))
        out.append(part)
    return "".join(out)


class PgConnection:
    """A psycopg connection with the sqlite3 calls the store makes."""

    dialect: Dialect = "postgres"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    @property
    def in_transaction(self) -> bool:
        return self.conn.info.transaction_status != TransactionStatus.IDLE

    @property
    def name(self) -> str:
        """Which database and schema this is, without the password (a cache key)."""
        return self.conn.info.dsn

    def begin(self) -> None:
        if not self.in_transaction:
            self.conn.execute("BEGIN")

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> psycopg.Cursor[Any]:
        opened = not self.in_transaction and sql.lstrip()[:7].upper().startswith(_WRITES)
        if opened:
            self.begin()  # as sqlite3 does: a write opens a transaction that commit() ends
        try:
            if not params:
                return self.conn.execute(sql)  # type: ignore[arg-type]
            return self.conn.execute(translate(sql), list(params))  # type: ignore[arg-type]
        except psycopg.Error:
            if opened:  # a failed first write leaves no transaction behind, as in SQLite
                self.rollback()
            raise

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        rows = list(rows)
        if not self.in_transaction:
            self.begin()
        cursor = self.conn.cursor()
        if rows:
            cursor.executemany(translate(sql), rows)  # type: ignore[arg-type]
        return cursor

    def executescript(self, sql: str) -> None:
        """Several statements without parameters (PostgreSQL's simple query protocol)."""
        self.conn.execute(sql)  # type: ignore[arg-type]

    def commit(self) -> None:
        if self.in_transaction:
            self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def __del__(self) -> None:
        # A connection dropped unclosed (a server thread's, at exit) is closed quietly, as
        # sqlite3 closes its own; psycopg would warn about it.
        conn = getattr(self, "conn", None)
        if conn is not None and not conn.closed:
            conn.close()

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.rollback()


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (PostgreSQL adds DETAIL and HINT lines)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
