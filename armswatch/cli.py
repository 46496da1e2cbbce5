"""The command line: thin commands over the library's functions."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ArmswatchError
from .settings import Settings
from .store import Store

F = TypeVar("F", bound=Callable[..., Any])


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="SQLite database file (default: armswatch.db in the working folder, or $ARMSWATCH_DB).",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


@contextmanager
def _errors_to_click() -> Iterator[None]:
    """Library errors become one-line CLI messages at the edge."""
    try:
        yield
    except ArmswatchError as exc:
        raise click.ClickException(str(exc)) from exc


def _open_store(db_path: str | None) -> Store:
    settings = Settings.from_env()
    return Store.open(db_path or settings.db)


def _echo_json(value: Any) -> None:
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


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@json_option
def ingest_cmd(paths: tuple[str, ...], db_path: str | None, as_json: bool) -> None:
    """Ingest text captures, HTML pages and JSON Lines exports (files or folders).

    Example:

        armswatch ingest samples/ ../shared/eval/dev --db armswatch.db
    """
    from .pipeline import ingest

    settings = Settings.from_env()
    with _errors_to_click(), _open_store(db_path or settings.db) as store:
        total = sum(1 for _ in _count_files(paths))
        if sys.stderr.isatty() and not as_json:
            with click.progressbar(length=total, label="ingesting", file=sys.stderr) as bar:
                report = ingest(paths, store, settings=settings, progress=lambda _: bar.update(1))
        else:
            done = [0]

            def log_line(path: str) -> None:
                done[0] += 1
                if done[0] % 100 == 0 or done[0] == total:
                    click.echo(f"ingest: {done[0]}/{total} files read", err=True)

            report = ingest(paths, store, settings=settings, progress=log_line)
        stats = store.stats()
    if as_json:
        _echo_json({"report": report.as_dict(), "store": stats})
    else:
        _print_report(report, stats)
    if report.interrupted:
        sys.exit(130)


def _count_files(paths: tuple[str, ...]) -> Iterator[object]:
    from .ingest import discover_files

    return iter(discover_files(paths))


def _print_report(report: Any, stats: dict[str, Any]) -> None:
    click.echo(
        f"new: {report.new}  unchanged: {report.unchanged}  new version: {report.new_version}  "
        f"skipped: {len(report.skipped)}"
    )
    for skipped in report.skipped:
        click.echo(f"  skipped {skipped.location}: {skipped.reason}")
    for item in report.not_extracted:
        click.echo(f"  stored, not extracted {item.location}: {item.reason}")
    if report.interrupted:
        click.echo("interrupted: run the same command again to finish (nothing is stored twice)")
    languages = ", ".join(f"{k} {v}" for k, v in sorted(stats["languages"].items()))
    entities = ", ".join(f"{k} {v}" for k, v in list(stats["entities"].items())[:8])
    click.echo(f"store: {stats['articles']} articles ({languages}); {stats['sentences']} sentences; entities: {entities}")


@cli.command("articles")
@db_option
@json_option
@click.option("--limit", type=int, default=None, help="Show at most this many.")
def articles_cmd(db_path: str | None, as_json: bool, limit: int | None) -> None:
    """List stored articles.

    Example:

        armswatch articles --json
    """
    with _errors_to_click(), _open_store(db_path) as store:
        articles = store.list_articles(limit=limit)
    if as_json:
        _echo_json([_article_json(a) for a in articles])
        return
    for a in articles:
        flag = "" if a.extracted else f"  [not extracted: {a.language}]"
        version = f" v{a.version}" if a.version > 1 else ""
        click.echo(f"{a.id[:12]}{version}  {a.published or '----------'}  {a.title or '(no title)'}{flag}")


def _article_json(article: Any, *, with_body: bool = False) -> dict[str, Any]:
    data = asdict(article)
    data["corrections"] = list(article.corrections)
    if not with_body:
        data.pop("body")
    return data


@cli.command("show")
@click.argument("article_id")
@db_option
@json_option
def show_cmd(article_id: str, db_path: str | None, as_json: bool) -> None:
    """Show one article: metadata, body with mentions marked, and what was cut.

    ARTICLE_ID is an id from `armswatch articles` (a prefix of 6+ characters will do).

    Example:

        armswatch show 3f9a2c1b
    """
    with _errors_to_click(), _open_store(db_path) as store:
        article = store.get_article(article_id)
        entities = store.mentions(article.id, kind="entity")
        sentences = store.mentions(article.id, kind="sentence")
        removed = store.boilerplate(article.id)
        versions = store.versions(article.source_key)
    if as_json:
        data = _article_json(article, with_body=True)
        data.update(
            entities=entities,
            sentences=len(sentences),
            boilerplate=[asdict(r) for r in removed],
            versions=[{"id": i, "version": v} for i, v in versions],
        )
        _echo_json(data)
        return
    for key in ("id", "title", "outlet", "byline", "dateline", "published", "url", "language", "location"):
        value = getattr(article, key)
        if value:
            click.echo(f"{key:10} {value}")
    if len(versions) > 1:
        click.echo("versions   " + ", ".join(f"v{v} {i[:12]}" for i, v in versions))
    for note in article.corrections:
        click.echo(f"correction {note}")
    if not article.extracted:
        click.echo(f"not extracted: {article.extract_note}")
    click.echo("")
    click.echo(mark_mentions(article.body, entities))
    if removed:
        click.echo("\n--- cut as boilerplate ---")
        for r in removed:
            click.echo(f"[{r.kind}] {r.text if len(r.text) < 100 else r.text[:97] + '...'}")


def mark_mentions(body: str, mentions: list[dict[str, Any]]) -> str:
    """The body with each non-overlapping mention written as [text|LABEL]."""
    out: list[str] = []
    position = 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        if m["start"] < position:
            continue
        out.append(body[position : m["start"]])
        out.append(click.style(f"[{body[m['start']:m['end']]}|{m['label']}]", bold=True))
        position = m["end"]
    out.append(body[position:])
    return "".join(out)


@cli.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@json_option
def eval_cmd(folder: str, as_json: bool) -> None:
    """Score the pipeline on a gold folder (shared/eval/SCHEMA.md format).

    Runs in a temporary store; your database is not touched.

    Example:

        armswatch eval ../shared/eval/dev --json
    """
    from .evaluation import evaluate, format_report

    with _errors_to_click():
        result = evaluate(folder)
    if as_json:
        _echo_json(result.as_dict())
    else:
        click.echo(format_report(result))


if __name__ == "__main__":  # pragma: no cover
    cli()
