"""Keyset pagination: `?after=CURSOR&limit=N`.

A cursor is the sort key of the last item of a page, as base64url JSON. It is opaque to
clients (they pass back what `next` gave them) and checked on the way in: a cursor that
does not decode to a key of the endpoint's shape is a 400, never a 500. Each listing
sorts by a key that no two items share, so paging through an unchanging store sees every
item once, with no gaps and no repeats.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import BadRequest

DEFAULT_LIMIT = 50  # a screenful of table rows
MAX_LIMIT = 500  # bounds the work of one request; clients page for more

T = TypeVar("T")
Key = tuple[Any, ...]


@dataclass(frozen=True)
class Page:
    items: list[Any]
    next: str | None  # cursor for the next page; None on the last page
    extra: dict[str, Any] = field(default_factory=dict)  # fields shown beside the items (e.g. the query)

    def as_dict(self) -> dict[str, Any]:
        return {**self.extra, "items": self.items, "next": self.next}


def encode_cursor(key: Key) -> str:
    raw = json.dumps(list(key), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, shape: Sequence[type]) -> Key:
    """The key in `cursor`, checked against `shape` (one type per key element)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the cursor in 'after' is not one this API gave out; pass back a 'next' value", code="bad_cursor") from exc
    if not isinstance(key, list) or len(key) != len(shape) or not all(_fits(v, t) for v, t in zip(key, shape)):
        raise BadRequest("the cursor in 'after' belongs to another listing; pass back this listing's 'next' value",
                         code="bad_cursor")
    return tuple(float(v) if t is float else v for v, t in zip(key, shape))


def _fits(value: Any, kind: type) -> bool:
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def page_of(rows: list[tuple[T, Key]], limit: int) -> tuple[list[T], str | None]:
    """A page from up to `limit + 1` (item, key) rows fetched in order: the extra row only
    tells that there is a next page."""
    items = rows[:limit]
    more = len(rows) > limit
    return [item for item, _ in items], encode_cursor(items[-1][1]) if more and items else None


def paginate(items: list[T], key: Callable[[T], Key], *, after: Key | None, limit: int, descending: bool = False) -> Page:
    """One page of an in-memory listing, sorted by `key` (which no two items share)."""
    ordered = sorted(items, key=key, reverse=descending)
    if after is not None:
        ordered = [i for i in ordered if (key(i) < after if descending else key(i) > after)]
    rows = [(i, key(i)) for i in ordered[: limit + 1]]
    page, cursor = page_of(rows, limit)
    return Page(page, cursor)
