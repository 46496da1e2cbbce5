"""`armswatch reextract`: run the full extraction on stored articles the relevance gate skipped."""

from __future__ import annotations

import sys

import click

from ..settings import Settings
from ._common import cli, db_option, echo_json, errors_to_click, json_option, open_store


@cli.command("reextract")
@click.option(
    "--where",
    "where",
    required=True,
    help="Which stored articles: 'gate=skipped' (the gate skipped them and they are not "
    "extracted yet) or 'gate=passed' (extract the passed ones again).",
)
@click.option("--regate", is_flag=True, help="Run the gate again first (with the knowledge base as it is now); extract only what passes.")
@click.option("--limit", type=int, default=None, help="At most this many articles.")
@db_option
@json_option
def reextract_cmd(where: str, regate: bool, limit: int | None, db_path: str | None, as_json: bool) -> None:
    """Extract stored articles again; running it twice stores nothing twice.

    Example:

        armswatch reextract --where gate=skipped
    """
    from ..reextract import reextract

    settings = Settings.from_env()
    with errors_to_click(), open_store(db_path or settings.db) as store:
        report = reextract(store, where, settings=settings, regate=regate, limit=limit)
    if as_json:
        echo_json(report.as_dict())
    else:
        line = f"selected: {report.selected}  extracted: {report.extracted}"
        if regate:
            line += f"  skipped again by the gate: {report.still_skipped}"
        click.echo(line)
        for article_id, reason in report.failed:
            click.echo(f"  not extracted {article_id[:12]}: {reason}")
        if report.interrupted:
            click.echo("interrupted: run the same command again to finish (nothing is stored twice)")
    if report.interrupted:
        sys.exit(130)
