"""One error shape for every HTTP error: {"error": {"code", "message"}}, never a traceback.

    ApiError (500 internal_error)
    ├── BadRequest        400 bad_request: a parameter, cursor or limit the API cannot use
    ├── Unauthorized      401 unauthorized: a write without a known token (bearer only)
    ├── Forbidden         403 forbidden: a revoked token, or a write from another origin
    ├── NotFound          404 not_found: no such article, name or endpoint
    ├── MethodNotAllowed  405 method_not_allowed: the API only reads
    ├── PayloadTooLarge   413 payload_too_large
    ├── UnsupportedMedia  415 unsupported_media_type: a write body of a type the endpoint does not take
    └── Unprocessable     422 unprocessable: a well-formed write the store cannot use (a bad file)

Library errors are mapped here, at the edge: `ArticleNotFound` and `NotInKnowledgeBase`
become 404; anything unexpected becomes a 500 whose message says nothing of the
internals (the traceback goes to the server log).
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from ..errors import ArticleNotFound, NotInKnowledgeBase

logger = logging.getLogger(__name__)

# Set on every response, errors included (the server-error path does not pass through the
# middleware, so the 500 handler adds them itself). The API serves JSON and the docs page
# plain HTML: no script runs from anywhere, and nothing is framed or sniffed.
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          413: "payload_too_large", 415: "unsupported_media_type", 422: "unprocessable", 500: "internal_error"}


class ApiError(Exception):
    """An error the API answers with its status and a message that says what to change."""

    status = 500
    code = "internal_error"
    headers: dict[str, str] = {}  # noqa: RUF012 - read only

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class BadRequest(ApiError):
    status = 400
    code = "bad_request"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"
    headers = {"WWW-Authenticate": 'Bearer realm="armswatch"'}  # noqa: RUF012


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class UnsupportedMedia(ApiError):
    status = 415
    code = "unsupported_media_type"


class Unprocessable(ApiError):
    status = 422
    code = "unprocessable"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class MethodNotAllowed(ApiError):
    status = 405
    code = "method_not_allowed"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one error body of the API."""
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})


async def api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's own errors: unknown paths (404) and methods (405)."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if status == 404:
        message = f"no endpoint at {request.url.path} (see /docs)"
    elif status == 405:
        message = f"{request.method} is not allowed here; see /docs for what each path takes"
    else:
        message = str(exc.detail)
    return error_response(status, _CODES.get(status, "http_error"), message, dict(exc.headers or {}))


async def not_found(request: Request, exc: Exception) -> JSONResponse:
    return error_response(404, "not_found", str(exc))


async def server_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "the server could not answer this request; the cause is in its log")


EXCEPTION_HANDLERS: dict[Any, Any] = {
    ApiError: api_error,
    HTTPException: http_error,
    ArticleNotFound: not_found,
    NotInKnowledgeBase: not_found,
    Exception: server_error,
}
