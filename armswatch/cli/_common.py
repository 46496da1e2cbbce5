"""Options and helpers every command shares."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from .. import __version__
from ..errors import ArmswatchError
from ..settings import Settings
from ..store import Store

F = TypeVar("F", bound=Callable[..., Any])


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="SQLite database file, or a PostgreSQL URL (postgresql://user@host:port/db) for a shared store "
        "(default: armswatch.db in the working folder, or $ARMSWATCH_DB).",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def csv_option(fn: F) -> F:
    return click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of text.")(fn)


def echo_csv(rows: list[dict[str, Any]]) -> None:
    from ..views import write_csv

    write_csv(rows, sys.stdout)


@contextmanager
def errors_to_click() -> Iterator[None]:
    """Library errors become one-line CLI messages at the edge."""
    try:
        yield
    except ArmswatchError as exc:
        raise click.ClickException(str(exc)) from exc


def open_store(db_path: str | None) -> Store:
    settings = Settings.from_env()
    return Store.open(db_path or settings.db)


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="armswatch")
@click.option("-v", "--verbose", is_flag=True, help="Log every skipped input as it happens.")
def cli(verbose: bool) -> None:
    """armswatch: a sourced record of missiles, missile defence and arms control from news."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
