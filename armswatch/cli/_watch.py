"""`armswatch watch`: live input from feeds, sitemaps and pages."""

from __future__ import annotations

import threading
from dataclasses import asdict
from pathlib import Path

import click

from ..settings import Settings
from ..store.dialect import is_postgres
from ._common import cli, db_option, echo_json, errors_to_click, json_option, open_store


@cli.command("watch")
@click.argument("targets", metavar="FEED_OR_URL...", nargs=-1, required=True)
@db_option
@json_option
@click.option("--state", "state_path", type=click.Path(dir_okay=False), default=None,
              help="Resume state (JSON). Default: the database file's name + .watch.json (armswatch.watch.json for PostgreSQL).")
@click.option("--interval", type=click.FloatRange(min=1.0), default=900.0, show_default=True,
              help="Seconds to wait after a pass before the next.")
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--changes-jsonl", type=click.Path(dir_okay=False), default=None,
              help="Append each new or changed ledger row to this JSON Lines file.")
@click.option("--changes-atom", type=click.Path(dir_okay=False), default=None,
              help="Write the recent ledger changes to this Atom feed file.")
@click.option("--filter-system", multiple=True, help="Only changes about this system (any alias; repeatable).")
@click.option("--filter-by", multiple=True, help="Only changes about this holding state (ISO code or name; repeatable).")
@click.option("--filter-near", default=None, help="Only changes at places near this site or place; with --filter-km.")
@click.option("--filter-km", type=float, default=100.0, show_default=True, help="Radius around --filter-near.")
@click.option("--host-interval", type=click.FloatRange(min=0.0), default=1.0, show_default=True,
              help="Minimum seconds between two requests to one host (robots.txt Crawl-delay can raise it).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds for a connection or a read; a whole response gets three times as long.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Further attempts, with exponential backoff, on server errors and time-outs.")
def watch_cmd(
    targets: tuple[str, ...], db_path: str | None, as_json: bool, state_path: str | None, interval: float, once: bool,
    changes_jsonl: str | None, changes_atom: str | None, filter_system: tuple[str, ...], filter_by: tuple[str, ...],
    filter_near: str | None, filter_km: float, host_interval: float, timeout: float, retries: int,
) -> None:
    """Watch RSS/Atom feeds, sitemaps and article URLs; ingest what is new.

    Pages go through the same ingest as files. The state file lets a restart resume
    without refetching; SIGTERM or Ctrl-C finishes the current page, saves and exits 0.

    Example:

        armswatch watch https://example.org/feed.xml --changes-jsonl changes.jsonl --filter-by RU
    """
    from ..kb import load_kb
    from ..views import place_coordinates
    from ..watch import ChangeFilter, Fetcher, FetchPolicy, WatchOptions, Watcher, WatchState, stop_on_signals

    settings = Settings.from_env()
    db = db_path or settings.db
    stop = threading.Event()
    with errors_to_click():
        change_filter = ChangeFilter()
        if filter_system or filter_by or filter_near:
            kb = load_kb()
            change_filter = ChangeFilter(
                systems=frozenset(kb.resolve(name, "system").id for name in filter_system),
                states=frozenset(kb.resolve(name, "actor").id for name in filter_by),
                near=place_coordinates(filter_near, kb) if filter_near else None,
                km=filter_km,
            )
        state = WatchState.load(state_path or ("armswatch.watch.json" if is_postgres(db) else f"{db}.watch.json"))
        policy = FetchPolicy(timeout=timeout, deadline=3 * timeout, retries=retries, host_interval=host_interval,
                             max_bytes=settings.max_file_bytes)
        options = WatchOptions(
            interval=interval, once=once, change_filter=change_filter,
            changes_jsonl=Path(changes_jsonl) if changes_jsonl else None,
            changes_atom=Path(changes_atom) if changes_atom else None,
        )
        with open_store(db) as store, stop_on_signals(stop):
            watcher = Watcher(targets, store, state, fetcher=Fetcher(policy, sleep=stop.wait), settings=settings,
                              options=options, stop=stop, log=lambda line: click.echo(line, err=True))
            reports = watcher.run()
    if as_json:
        echo_json([asdict(r) for r in reports])
