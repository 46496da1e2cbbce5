"""Who may write: a bearer token from `armswatch users add`, sent by the client itself.

Reading needs nothing. Writing needs `Authorization: Bearer <token>`. There is no cookie
and no session, so a page on another site cannot make a browser write on a user's
behalf (it cannot set that header without a CORS preflight, which this app never
grants); as a second wall, a write whose `Origin` (or `Sec-Fetch-Site`) shows it came
from another origin is refused. The token is never logged nor repeated in a message.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request

from ..errors import AccessError, TokenRevoked
from ..store import Store
from ..store.users import user_for_token
from .errors import Forbidden, Unauthorized

HOW = "send 'Authorization: Bearer <token>' (a token comes from `armswatch users add NAME`)"


def check_origin(request: Request) -> None:
    """Refuse a write a browser sent from a page of another origin."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise Forbidden("writes from another site are refused")
    origin = request.headers.get("origin")
    if origin is None:  # not a browser, or a same-origin GET-style request: nothing to compare
        return
    if origin == "null" or urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise Forbidden("writes from another origin are refused")


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(f"this endpoint writes: {HOW}")
    return token.strip()


def writer(request: Request, store: Store) -> str:
    """The name of the user allowed to make this write request, or 401/403."""
    check_origin(request)
    token = bearer_token(request)
    try:
        return user_for_token(store, token)
    except TokenRevoked as exc:
        raise Forbidden(f"{exc}; ask for a new one") from None
    except AccessError:
        raise Unauthorized(f"the token is not known: {HOW}") from None
