"""Reviews in the store: append-only rows of `reviews`, and the record identities they key on.

A review is keyed by its record's stable identity (`deployment_keys`, `claim_keys`: the
source, the words of the span and the values the machine read), never by rowid, so a
review still applies after re-extraction or to the same record in a new version of the
article. The table refuses UPDATE and DELETE (triggers); readers take, per record, the
latest review (`current_reviews`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from ..errors import ReviewError, StoreError
from .dialect import INTEGRITY_ERRORS
from .sqlite import Store

Kind = Literal["deployment", "claim"]
KINDS: tuple[Kind, ...] = ("deployment", "claim")
ACTIONS = ("confirm", "reject", "correct")
# The values a review can see and change, per kind (the columns of the machine's table).
VALUES: dict[str, tuple[str, ...]] = {
    "deployment": ("by_state", "system", "place", "place_id", "lat", "lon", "status"),
    "claim": ("speaker", "speaker_kind", "stance"),
}
_TABLE = {"deployment": "deployments", "claim": "claims"}
_KEYS = {"deployment": "deployment_keys", "claim": "claim_keys"}
COLUMNS = ("seq", "id", "kind", "record_key", "source_key", "article_id", "start", "end", "action", "before", "after",
           "reviewer", "at", "comment")
# What an exported review carries (and an imported one must): every column but `seq`, local to a store.
EXPORTED = COLUMNS[1:]
_SELECT = ", ".join('"end"' if c == "end" else c for c in COLUMNS)  # `end` is a reserved word in PostgreSQL
_INSERT = ", ".join('"end"' if c == "end" else c for c in EXPORTED)


def record(store: Store, kind: Kind, record_id: int) -> dict[str, Any]:
    """One machine record with its identity: {record_id, article_id, source_key, record_key,
    start, end, values}; ReviewError when there is none."""
    if kind not in KINDS:
        raise ReviewError(f"no record kind {kind!r}: use {' or '.join(KINDS)}")
    columns = ", ".join(f"t.{c}" for c in VALUES[kind])
    row = store.db.execute(
        f"SELECT k.record_id, k.article_id, k.source_key, k.record_key, t.start, t.end, {columns} "
        f"FROM {_KEYS[kind]} k JOIN {_TABLE[kind]} t ON t.id = k.record_id WHERE k.record_id = ?",
        (record_id,),
    ).fetchone()
    if row is None:
        raise ReviewError(f"no {kind} with id {record_id} (ids are in the article view and the listings)")
    keys = ("record_id", "article_id", "source_key", "record_key", "start", "end")
    out = dict(zip(keys, row[:6]))
    out["values"] = dict(zip(VALUES[kind], row[6:]))
    return out


def current_for_key(store: Store, record_key: str) -> dict[str, Any] | None:
    """The review in force for a record identity, or None."""
    row = store.db.execute(
        f"SELECT {_SELECT} FROM current_reviews WHERE record_key = ?", (record_key,)
    ).fetchone()
    return _review(row) if row else None


def current_by_record(store: Store, kind: Kind, record_ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """Record id -> the review in force for it, for the records of `kind` that have one
    (all of them, or those of `record_ids`). Costs one small query when nothing is reviewed."""
    if not any_reviews(store, kind):
        return {}
    wanted = None if record_ids is None else set(record_ids)
    sql = (
        f"SELECT k.record_id, {', '.join('r.' + c for c in COLUMNS)} FROM {_KEYS[kind]} k "
        "JOIN current_reviews r ON r.record_key = k.record_key "
        "WHERE k.source_key IN (SELECT source_key FROM reviews WHERE kind = ?)"
    )
    out = {}
    for row in store.db.execute(sql, (kind,)):
        if wanted is None or row[0] in wanted:
            out[row[0]] = _review(row[1:])
    return out


def any_reviews(store: Store, kind: Kind) -> bool:
    return store.db.execute("SELECT 1 FROM reviews WHERE kind = ? LIMIT 1", (kind,)).fetchone() is not None


def insert(store: Store, review: dict[str, Any]) -> bool:
    """Add one review (call inside `store.transaction()`); False when a review with its id
    is already there (an import run twice adds nothing)."""
    # Only a review already there (by id) is passed over; a row the table's checks refuse is an error.
    sql = f"INSERT INTO reviews ({_INSERT}) VALUES ({', '.join('?' * len(EXPORTED))}) ON CONFLICT (id) DO NOTHING"
    try:
        cursor = store.db.execute(
            sql, [json.dumps(review[c], ensure_ascii=False) if c in ("before", "after") else review[c] for c in EXPORTED],
        )
    except INTEGRITY_ERRORS as exc:
        raise ReviewError(f"review {review.get('id')!r} cannot be stored: {exc}") from exc
    return cursor.rowcount == 1


def get(store: Store, review_id: str) -> dict[str, Any]:
    row = store.db.execute(f"SELECT {_SELECT} FROM reviews WHERE id = ?", (review_id,)).fetchone()
    if row is None:
        raise ReviewError(f"no review {review_id!r}")
    return _review(row)


def history(store: Store, record_key: str) -> list[dict[str, Any]]:
    """Every review of one record identity, oldest first."""
    rows = store.db.execute(
        f"SELECT {_SELECT} FROM reviews WHERE record_key = ? ORDER BY at, seq", (record_key,)
    )
    return [_review(r) for r in rows]


def list_reviews(
    store: Store, *, kind: str | None = None, article_id: str | None = None, reviewer: str | None = None,
    after: int | None = None, limit: int | None = None,
) -> list[dict[str, Any]]:
    """Reviews in the order they reached this store (by `seq`), filtered."""
    sql = f"SELECT {_SELECT} FROM reviews WHERE 1=1"
    params: list[Any] = []
    for column, value in (("kind", kind), ("article_id", article_id), ("reviewer", reviewer)):
        if value:
            sql += f" AND {column} = ?"
            params.append(value)
    if after is not None:
        sql += " AND seq > ?"
        params.append(after)
    sql += " ORDER BY seq"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_review(r) for r in store.db.execute(sql, params)]


def iter_all(store: Store) -> Iterator[dict[str, Any]]:
    """Every review, in arrival order (for export)."""
    for row in store.db.execute(f"SELECT {_SELECT} FROM reviews ORDER BY seq"):
        yield _review(row)


def _review(row: Iterable[Any]) -> dict[str, Any]:
    out = dict(zip(COLUMNS, row))
    try:
        out["before"] = json.loads(out["before"])
        out["after"] = json.loads(out["after"])
    except (TypeError, ValueError) as exc:  # only a hand-edited database gets here
        raise StoreError(f"review {out.get('id')!r} holds bad JSON: {exc}") from exc
    return out
