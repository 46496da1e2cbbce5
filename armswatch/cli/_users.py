"""Who may write through the API: armswatch users add|revoke|list."""

from __future__ import annotations

import click

from ._common import cli, db_option, echo_json, errors_to_click, json_option, open_store


@cli.group("users")
def users_group() -> None:
    """Users who may write through the API (reviews, article uploads) with a bearer token.

    Example:

        armswatch users add ana
    """


@users_group.command("add")
@click.argument("name")
@db_option
def add_cmd(name: str, db_path: str | None) -> None:
    """Create a user and print their token, once: only its hash is kept.

    Example:

        armswatch users add ana
    """
    from ..store.users import add_user

    with errors_to_click(), open_store(db_path) as store:
        token = add_user(store, name)
    click.echo(token)
    click.echo(f"the token of {name!r}; it is shown only now. Send it as 'Authorization: Bearer <token>'.", err=True)


@users_group.command("revoke")
@click.argument("name")
@db_option
def revoke_cmd(name: str, db_path: str | None) -> None:
    """Revoke a user's token; `users add NAME` later gives a new one.

    Example:

        armswatch users revoke ana
    """
    from ..store.users import revoke_user

    with errors_to_click(), open_store(db_path) as store:
        revoke_user(store, name)
    click.echo(f"revoked the token of {name!r}", err=True)


@users_group.command("list")
@db_option
@json_option
def list_cmd(db_path: str | None, as_json: bool) -> None:
    """Users, when each was added, and whether their token is revoked."""
    from ..store.users import list_users

    with errors_to_click(), open_store(db_path) as store:
        users = list_users(store)
    if as_json:
        echo_json(users)
        return
    for u in users:
        click.echo(f"{u['name']:24} added {u['created_at']}" + (f", revoked {u['revoked_at']}" if u["revoked_at"] else ""))
