"""Tokens: shown once, kept only as a salted scrypt hash, revocable."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.errors import AccessError, TokenRevoked
from armswatch.store import Store
from armswatch.store.users import add_user, hash_secret, list_users, revoke_user, secret_matches, user_for_token
from ..store.targets import DbTarget


def test_a_token_finds_its_user_and_is_hashed_at_rest(db_target: DbTarget, tmp_path: Path) -> None:
    with Store.open(db_target("u")) as store:
        token = add_user(store, "ana")
        assert user_for_token(store, token) == "ana"
        [(token_id, stored)] = store.db.execute("SELECT token_id, token_hash FROM users").fetchall()
    secret = token.split(".", 1)[1]
    assert token.startswith(token_id + ".") and stored.startswith("scrypt$16384$8$1$")
    assert secret not in stored
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the database, its WAL and shared memory
    assert secret.encode() not in raw


def test_the_same_secret_hashes_differently_with_another_salt() -> None:
    one, two = hash_secret("s3cret"), hash_secret("s3cret")
    assert one != two and secret_matches("s3cret", one) and secret_matches("s3cret", two)
    assert not secret_matches("s3creT", one) and not secret_matches("s3cret", "md5$abc")


def test_a_wrong_or_revoked_token_is_refused(db_target: DbTarget, tmp_path: Path) -> None:
    with Store.open(db_target("u")) as store:
        token = add_user(store, "ana")
        token_id = token.split(".")[0]
        for bad in ("", "nonsense", token_id, token_id + ".wrong", token + "x"):
            with pytest.raises(AccessError, match="not known") as caught:
                user_for_token(store, bad)
            assert token not in str(caught.value)
        revoke_user(store, "ana")
        with pytest.raises(TokenRevoked, match="revoked"):
            user_for_token(store, token)
        assert list_users(store)[0]["active"] is False
        with pytest.raises(AccessError, match="already revoked"):
            revoke_user(store, "ana")
        fresh = add_user(store, "ana")  # a revoked user may be given a new token; the old one stays dead
        assert user_for_token(store, fresh) == "ana"
        with pytest.raises(AccessError):
            user_for_token(store, token)


def test_names_are_checked_and_unique(db_target: DbTarget, tmp_path: Path) -> None:
    with Store.open(db_target("u")) as store:
        add_user(store, "ana")
        with pytest.raises(AccessError, match="already has a token"):
            add_user(store, "ana")
        for bad in ("", "a b", "x" * 65, "<script>"):
            with pytest.raises(AccessError, match="user name"):
                add_user(store, bad)
        with pytest.raises(AccessError, match="no user"):
            revoke_user(store, "bob")
