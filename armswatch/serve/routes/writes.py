"""The write side of the API: reviews and article uploads, each needing a bearer token.

    POST /api/reviews    confirm, reject or correct a record (JSON)      -> 201 the review
    POST /api/articles   upload one file to ingest (text, HTML, JSONL)   -> 201 the ingest report

Each write is declared once here (`WRITES`); the declaration gives the route and its
part of the OpenAPI document. An upload goes through `armswatch.pipeline.ingest`, the
path `armswatch ingest` takes, with the same bad-input rules and the same size limit.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...errors import ReviewError
from ...kb import KnowledgeBase
from ...review import ACTIONS, CORRECTABLE, review_record
from ...settings import Settings
from ...store import Store
from ...store.reviews import KINDS
from ..auth import writer
from ..errors import BadRequest, PayloadTooLarge, UnsupportedMedia, Unprocessable

MAX_REVIEW_BYTES = 64 * 1024  # a review is a few hundred bytes; comments are capped anyway
UPLOAD_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/html": ".html", "application/xhtml+xml": ".html",
                "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl", "application/json-lines": ".jsonl"}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Write:
    """One write endpoint: its route and its OpenAPI operation."""

    path: str
    method: str
    operation_id: str
    summary: str
    description: str
    request_body: dict[str, Any]
    returns: dict[str, Any]
    params: tuple[dict[str, Any], ...] = ()
    errors: tuple[int, ...] = field(default=(400, 401, 403, 413, 415))

    def operation(self) -> dict[str, Any]:
        responses: dict[str, Any] = {"201": {"description": "Stored", "content": {"application/json": {
            "schema": self.returns}}}}
        for status in sorted({*self.errors, 500}):
            responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
        return {"operationId": self.operation_id, "summary": self.summary, "description": self.description,
                "tags": ["write"], "security": [{"bearer": []}], "parameters": list(self.params),
                "requestBody": self.request_body, "responses": responses}


_REVIEW_BODY = {
    "type": "object", "required": ["kind", "record", "action"], "additionalProperties": False,
    "properties": {
        "kind": {"type": "string", "enum": list(KINDS)},
        "record": {"type": "integer", "description": "The record's id, as the article view and listings give it."},
        "action": {"type": "string", "enum": list(ACTIONS)},
        "values": {"type": "object", "description": "For `correct`: a deployment's "
                   + ", ".join(CORRECTABLE["deployment"]) + "; a claim's " + ", ".join(CORRECTABLE["claim"]) + "."},
        "comment": {"type": "string", "maxLength": 2000},
    },
}
_TEXT_PARAM = {"type": "string", "maxLength": 500}
WRITES = (
    Write(
        "/api/reviews", "POST", "createReview", "Confirm, reject or correct an extracted record",
        "Stored append-only, by the token's user; the ledger, listings and exports then show the reviewed value "
        "with `reviewed` and `review_id`. A rejected record leaves them.",
        {"required": True, "content": {"application/json": {"schema": _REVIEW_BODY}}},
        {"type": "object", "required": ["id", "kind", "action", "before", "after", "reviewer", "at"]},
        errors=(400, 401, 403, 413, 415, 422),
    ),
    Write(
        "/api/articles", "POST", "uploadArticle", "Upload one file to ingest (plain text, HTML or JSON Lines)",
        "The body is the file, its type in Content-Type. It is ingested as `armswatch ingest` would ingest it: "
        "an unreadable file is a 422 saying why; a JSON Lines line that cannot be read is listed as skipped.",
        {"required": True, "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in UPLOAD_TYPES}},
        {"type": "object", "required": ["new", "unchanged", "new_version", "skipped"]},
        params=({"name": "name", "in": "query", "required": False, "description": "The file's name, for people.",
                 "schema": _TEXT_PARAM},
                {"name": "url", "in": "query", "required": False, "description": "Where the page was published.",
                 "schema": _TEXT_PARAM},
                {"name": "published", "in": "query", "required": False, "description": "Publication date (ISO).",
                 "schema": {**_TEXT_PARAM, "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}}),
        errors=(400, 401, 403, 413, 415, 422),
    ),
)


def add_to_spec(spec: dict[str, Any]) -> None:
    """Put the write operations and the bearer scheme into the OpenAPI document."""
    for write in WRITES:
        spec["paths"].setdefault(write.path, {})[write.method.lower()] = write.operation()
    components = spec.setdefault("components", {})
    components.setdefault("securitySchemes", {})["bearer"] = {
        "type": "http", "scheme": "bearer", "description": "A token from `armswatch users add NAME`."}
    messages = {401: "No token, or one that is not known.", 403: "A revoked token, or a write from another origin.",
                415: "The body's Content-Type is not one this endpoint takes.",
                422: "The store cannot use what was sent (no such record, a bad value, an unreadable file)."}
    for status, message in messages.items():
        components["responses"][f"E{status}"] = {"description": message, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Error"}}}}


def write_routes(store_for_thread: Callable[[], Store], kb: KnowledgeBase, settings: Settings) -> list[Route]:
    uploading = threading.Lock()  # one ingest at a time: SQLite has one writer

    def check(request: Request) -> str:  # in a worker thread: the store connection belongs to it
        return writer(request, store_for_thread())

    async def create_review(request: Request) -> Response:
        user = await run_in_threadpool(check, request)  # refused before the body is read
        if _media_type(request) != "application/json":
            raise UnsupportedMedia("send the review as application/json")
        data = _review_request(await _read_body(request, MAX_REVIEW_BYTES))
        review = await run_in_threadpool(_review, user, data, store_for_thread, kb)
        return JSONResponse(review, status_code=201)

    async def upload(request: Request) -> Response:
        await run_in_threadpool(check, request)  # refused before the body is read
        suffix = UPLOAD_TYPES.get(_media_type(request))
        if suffix is None:
            raise UnsupportedMedia(f"upload a file as one of {', '.join(UPLOAD_TYPES)}")
        body = await _read_body(request, settings.max_file_bytes)
        query = request.query_params
        unknown = sorted(set(query) - {"name", "url", "published"})
        if unknown:
            raise BadRequest(f"unknown parameter {unknown[0]!r}; this endpoint takes: name, url, published")
        if query.get("published") and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", query["published"]):
            raise BadRequest("'published' must look like 2024-06-01 (or 2024-06, 2024)")
        name = _SAFE_NAME.sub("_", Path(query.get("name") or "upload").name)[:100].strip("._") or "upload"
        name = name if name.lower().endswith(suffix) else name + suffix
        report = await run_in_threadpool(_ingest, request, body, name, dict(query), store_for_thread,
                                         settings, uploading)
        return JSONResponse(report, status_code=201)

    handlers: dict[str, Callable[[Request], Awaitable[Response]]] = {
        "createReview": create_review, "uploadArticle": upload}
    return [Route(w.path, handlers[w.operation_id], methods=[w.method], name=w.operation_id) for w in WRITES]


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, read in pieces and refused (413) as soon as it passes `limit`."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"this endpoint takes at most {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _review_request(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        raise BadRequest("the body is not JSON") from None
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    extra = sorted(set(data) - set(_REVIEW_BODY["properties"]))
    if extra:
        raise BadRequest(f"unknown field {extra[0]!r}; a review has {', '.join(_REVIEW_BODY['properties'])}")
    missing = [k for k in _REVIEW_BODY["required"] if k not in data]
    if missing:
        raise BadRequest(f"a review needs {', '.join(missing)}")
    if data["kind"] not in KINDS or data["action"] not in ACTIONS:
        raise BadRequest(f"'kind' is one of {', '.join(KINDS)} and 'action' one of {', '.join(ACTIONS)}")
    if isinstance(data["record"], bool) or not isinstance(data["record"], int) or not 0 < data["record"] < 2**63:
        raise BadRequest("'record' must be a record id (a positive integer)")
    if "values" in data and not isinstance(data["values"], dict):
        raise BadRequest("'values' must be an object")
    if data.get("comment") is not None and not isinstance(data["comment"], str):
        raise BadRequest("'comment' must be a string")
    return data


def _review(user: str, data: dict[str, Any], store_for_thread: Callable[[], Store], kb: KnowledgeBase
            ) -> dict[str, Any]:
    store = store_for_thread()
    try:
        return review_record(store, kb, kind=data["kind"], record_id=data["record"], action=data["action"],
                             values=data.get("values"), comment=data.get("comment"), reviewer=user)
    except ReviewError as exc:
        raise Unprocessable(str(exc)) from None


def _ingest(request: Request, body: bytes, name: str, query: dict[str, str], store_for_thread: Callable[[], Store],
            settings: Settings, lock: threading.Lock) -> dict[str, Any]:
    from ...extract import NlpExtractor
    from ...ingest.files import content_hash
    from ...models import Hints
    from ...pipeline import ingest

    store = store_for_thread()
    hints = Hints(url=query.get("url") or None, published=query.get("published") or None)
    with lock:
        extractor = getattr(request.app.state, "extractor", None)
        if extractor is None:
            extractor = request.app.state.extractor = NlpExtractor(settings.nlp_model)
        with tempfile.TemporaryDirectory(prefix="armswatch-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            report = ingest([path], store, settings=settings, extractor=extractor, hints_for=lambda _: hints)
    out = report.as_dict()
    for item in (*out["skipped"], *out["not_extracted"]):  # the temporary path means nothing to the client
        item["location"] = name + item["location"].rsplit(name, 1)[-1]
    if report.skipped and not (report.new or report.new_version or report.unchanged):
        raise Unprocessable("; ".join(f"{s['location']}: {s['reason']}" for s in out["skipped"]))
    if not name.endswith(".jsonl"):
        out["article"] = content_hash(body) if store.has_article(content_hash(body)) else None
    return out
