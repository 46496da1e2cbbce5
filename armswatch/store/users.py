"""Users who may write through the API, and their tokens (hashed at rest).

A token is `<token_id>.<secret>`: the id is random and public, and finds the user's row;
the secret is 32 random bytes, of which only a salted scrypt hash is kept. A stolen
database gives no working token, and checking one costs one scrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timezone
from typing import Any

from ..errors import AccessError, TokenRevoked
from .sqlite import Store

# scrypt's cost (n=2**14, r=8, p=1: 16 MiB and some tens of ms per check), as the Python
# documentation and OWASP suggest for interactive logins.
_N, _R, _P = 2**14, 8, 1
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@")


def hash_secret(secret: str, *, salt: bytes | None = None, n: int = _N, r: int = _R, p: int = _P) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        again = hash_secret(secret, salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(again.rsplit("$", 1)[1], digest)


def add_user(store: Store, name: str) -> str:
    """Create `name` (or give a revoked user a new token); return the token, which is not kept."""
    if not name or len(name) > 64 or not set(name) <= NAME_CHARS:
        raise AccessError(f"a user name is 1-64 letters, digits and . _ - @, not {name!r}")
    row = store.db.execute("SELECT revoked_at FROM users WHERE name = ?", (name,)).fetchone()
    if row is not None and row[0] is None:
        raise AccessError(f"user {name!r} already has a token; `armswatch users revoke {name}` first to replace it")
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    with store.transaction():
        store.db.execute("DELETE FROM users WHERE name = ?", (name,))
        store.db.execute(
            "INSERT INTO users (name, token_id, token_hash, created_at) VALUES (?,?,?,?)",
            (name, token_id, hash_secret(secret), _now()),
        )
    return f"{token_id}.{secret}"


def revoke_user(store: Store, name: str) -> None:
    with store.transaction():
        cursor = store.db.execute("UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", (_now(), name))
    if cursor.rowcount == 0:
        known = store.db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone()
        raise AccessError(f"user {name!r} is already revoked" if known else f"no user {name!r}")


def list_users(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute("SELECT name, created_at, revoked_at FROM users ORDER BY name")
    return [{"name": n, "created_at": c, "revoked_at": r, "active": r is None} for n, c, r in rows]


def user_for_token(store: Store, token: str) -> str:
    """The name of the user whose token this is; AccessError (saying revoked, or not known) otherwise.
    The message never repeats the token."""
    token_id, _, secret = token.partition(".")
    row = store.db.execute("SELECT name, token_hash, revoked_at FROM users WHERE token_id = ?", (token_id,)).fetchone()
    if row is None or not secret or not secret_matches(secret, row[1]):
        raise AccessError("the token is not known")
    if row[2] is not None:
        raise TokenRevoked(f"the token of {row[0]!r} was revoked")
    return str(row[0])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
