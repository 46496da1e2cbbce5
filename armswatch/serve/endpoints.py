"""Endpoint metadata: one declaration per endpoint drives argument parsing, validation,
pagination and the OpenAPI document, so the spec cannot drift from what the code takes."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..kb import KnowledgeBase
from ..store import Store
from .errors import BadRequest
from .pagination import DEFAULT_LIMIT, MAX_LIMIT, decode_cursor

MAX_PARAM_CHARS = 500  # no filter needs more; bounds the work a query string can ask for
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Param:
    name: str
    help: str
    kind: Literal["string", "integer", "number", "boolean"] = "string"
    where: Literal["query", "path"] = "query"
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    default: Any = None

    def parse(self, raw: str) -> Any:
        """The value of `raw`, or BadRequest saying what is expected."""
        if len(raw) > MAX_PARAM_CHARS:
            raise BadRequest(f"'{self.name}' is longer than {MAX_PARAM_CHARS} characters")
        if _CONTROL.search(raw):  # no stored text holds them (ingest replaces them), and SQLite stops at NUL
            raise BadRequest(f"'{self.name}' holds control characters")
        if self.kind == "boolean":
            if raw.lower() in ("true", "1"):
                return True
            if raw.lower() in ("false", "0"):
                return False
            raise BadRequest(f"'{self.name}' must be true or false, not {raw!r}")
        if self.kind in ("integer", "number"):
            try:
                value: float = int(raw) if self.kind == "integer" else float(raw)
            except ValueError:
                raise BadRequest(f"'{self.name}' must be {'an integer' if self.kind == 'integer' else 'a number'}, not {raw!r}") from None
            if not math.isfinite(value):
                raise BadRequest(f"'{self.name}' must be a finite number")
            if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
                raise BadRequest(f"'{self.name}' must be between {_num(self.minimum)} and {_num(self.maximum)}, not {raw}")
            return value
        if self.enum and raw not in self.enum:
            raise BadRequest(f"'{self.name}' must be one of {', '.join(self.enum)}, not {raw!r}")
        if self.pattern and not re.match(self.pattern, raw):
            raise BadRequest(f"'{self.name}' must look like {self._example()}, not {raw!r}")
        if self.required and not raw.strip():
            raise BadRequest(f"'{self.name}' must not be empty")
        return raw

    def _example(self) -> str:
        return "2024-06-01 (or 2024-06, 2024)" if self.pattern == ISO_DATE else f"the pattern {self.pattern}"

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.kind}
        if self.kind == "string":
            out["maxLength"] = MAX_PARAM_CHARS
        for key, value in (("enum", list(self.enum)), ("minimum", self.minimum), ("maximum", self.maximum),
                           ("pattern", self.pattern), ("default", self.default)):
            if value not in (None, []):
                out[key] = value
        return out


def _num(value: float | None) -> str:
    return "any" if value is None else f"{value:g}"


AFTER = Param("after", "The `next` cursor of the previous page (opaque).")
LIMIT = Param("limit", f"Items per page (at most {MAX_LIMIT}).", "integer", minimum=1, maximum=MAX_LIMIT,
              default=DEFAULT_LIMIT)


@dataclass(frozen=True)
class Context:
    """What a handler works with: this thread's store and the knowledge base."""

    store: Store
    kb: KnowledgeBase


Handler = Callable[[Context, dict[str, Any]], Any]


@dataclass(frozen=True)
class Endpoint:
    """One GET endpoint. A paged endpoint takes `after` and `limit` as well as its own params,
    and its handler gets `after` decoded to a key of `cursor` shape."""

    path: str
    operation_id: str
    summary: str
    handler: Handler
    params: tuple[Param, ...] = ()
    cursor: tuple[type, ...] = ()  # the sort key's shape, for paged endpoints
    tag: str = "records"
    description: str = ""
    returns: str = "object"  # a schema name in openapi.SCHEMAS
    errors: tuple[int, ...] = field(default=(400,))

    @property
    def paged(self) -> bool:
        return bool(self.cursor)

    def all_params(self) -> tuple[Param, ...]:
        return (*self.params, AFTER, LIMIT) if self.paged else self.params

    def parse(self, query: Sequence[tuple[str, str]], path: Mapping[str, str]) -> dict[str, Any]:
        """Check and convert the query string and path parameters; unknown names are refused
        so that a misspelt filter is never silently ignored."""
        params = {p.name: p for p in self.all_params()}
        args: dict[str, Any] = {p.name: p.default for p in params.values() if p.where == "query"}
        seen: set[str] = set()
        for name, raw in query:
            param = params.get(name)
            if param is None or param.where != "query":
                known = ", ".join(p.name for p in params.values() if p.where == "query") or "none"
                raise BadRequest(f"unknown parameter {name!r}; this endpoint takes: {known}", code="unknown_parameter")
            if name in seen:
                raise BadRequest(f"give {name!r} once")
            seen.add(name)
            args[name] = param.parse(raw)
        for param in params.values():
            if param.where == "path":
                args[param.name] = param.parse(path[param.name])
            elif param.required and param.name not in seen:
                raise BadRequest(f"'{param.name}' is required: {param.help}")
        if self.paged:
            args["after"] = decode_cursor(args["after"], self.cursor) if args["after"] else None
        return args
