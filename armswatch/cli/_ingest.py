"""Commands that read articles in and show them: ingest, articles, show."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, TextIO

import click

from ..settings import Settings
from ._common import cli, db_option, echo_json, errors_to_click, json_option, open_store


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@json_option
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
    help="local: this process. dask: clean, gate and extract on dask workers; the same rows are stored.",
)
@click.option(
    "--workers", type=click.IntRange(min=1), default=2, show_default=True,
    help="With --engine dask and no --scheduler: worker processes (one thread each) of a local cluster.",
)
@click.option(
    "--scheduler", metavar="ADDRESS", default=None,
    help="With --engine dask: a running cluster's scheduler (tcp://host:8786) instead of a local cluster.",
)
def ingest_cmd(
    paths: tuple[str, ...], db_path: str | None, as_json: bool, engine: str, workers: int, scheduler: str | None
) -> None:
    """Ingest text captures, HTML pages and JSON Lines exports (files or folders).

    Example:

        armswatch ingest samples/ ../shared/eval/dev --db armswatch.db

        armswatch ingest --engine dask --workers 2 shards/ --db armswatch.db
    """
    from ..pipeline import ingest

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    settings = Settings.from_env()
    with errors_to_click(), open_store(db_path or settings.db) as store:
        total = sum(1 for _ in _count_files(paths))
        with progress_reporter(total, sys.stderr, bar=sys.stderr.isatty() and not as_json) as progress:
            if engine == "dask":
                from ..engine import ingest_dask

                report = ingest_dask(
                    paths, store, settings=settings, workers=workers, scheduler=scheduler, progress=progress
                )
            else:
                report = ingest(paths, store, settings=settings, progress=progress)
        stats = store.stats()
    if as_json:
        echo_json({"report": report.as_dict(), "store": stats})
    else:
        _print_report(report, stats)
    if report.interrupted:
        sys.exit(130)


class _LineEnd:
    """A text stream that remembers whether its last write ended a line."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.at_line_start = True

    def write(self, text: str) -> int:
        if text:
            self.at_line_start = text.endswith("\n")
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def progress_reporter(total: int, stream: TextIO, *, bar: bool) -> Iterator[Callable[[str], None]]:
    """A callback for each file read: a progress bar on a terminal, else a log line every
    100 files and at the end. The progress output is finished (its line ended, the stream
    flushed) when the block exits, so the summary that follows starts on a line of its own."""
    out = _LineEnd(stream)
    try:
        if bar:
            with click.progressbar(length=total, label="ingesting", file=out) as progress_bar:  # type: ignore[type-var]
                yield lambda _: progress_bar.update(1)
        else:
            done = [0]

            def log_line(path: str) -> None:
                done[0] += 1
                if done[0] % 100 == 0 or done[0] == total:
                    click.echo(f"ingest: {done[0]}/{total} files read", file=out)  # type: ignore[arg-type]

            yield log_line
    finally:
        if not out.at_line_start:
            out.write("\n")
        out.flush()
        sys.stdout.flush()


def _count_files(paths: tuple[str, ...]) -> Iterator[object]:
    from ..ingest import discover_files

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
    if report.gate_skipped or report.gate_passed:
        click.echo(
            f"relevance gate: {report.gate_passed} passed to the parser, {report.gate_skipped} stored, not extracted "
            "(armswatch reextract --where gate=skipped)"
        )
    if report.interrupted:
        click.echo("interrupted: run the same command again to finish (nothing is stored twice)")
    languages = ", ".join(f"{k} {v}" for k, v in sorted(stats["languages"].items()))
    entities = ", ".join(f"{k} {v}" for k, v in list(stats["entities"].items())[:8])
    click.echo(f"store: {stats['articles']} articles ({languages}); {stats['sentences']} sentences; entities: {entities}")
    records = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in stats["records"].items())
    click.echo(f"found: {stats['systems']} distinct weapon systems; {records}")
    click.echo("next: armswatch deployments | armswatch claims | armswatch systems show NAME")


@cli.command("articles")
@db_option
@json_option
@click.option("--limit", type=int, default=None, help="Show at most this many.")
def articles_cmd(db_path: str | None, as_json: bool, limit: int | None) -> None:
    """List stored articles.

    Example:

        armswatch articles --json
    """
    from ..store.gate import gate_decisions

    with errors_to_click(), open_store(db_path) as store:
        articles = store.list_articles(limit=limit)
        gates = gate_decisions(store)
    if as_json:
        echo_json([{**_article_json(a), "gate": gates.get(a.id)} for a in articles])
        return
    for a in articles:
        skipped = not a.extracted and gates.get(a.id, {}).get("decision") == "skip"
        flag = "" if a.extracted else "  [not extracted: relevance gate]" if skipped else f"  [not extracted: {a.language}]"
        version = f" v{a.version}" if a.version > 1 else ""
        click.echo(f"{a.id[:12]}{version}  {a.published or '----------'}  {a.title or '(no title)'}{flag}")


def _article_json(article: Any, *, with_body: bool = False) -> dict[str, Any]:
    from ..views import article_json

    return article_json(article, with_body=with_body)


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
    from ..store.gate import gate_decision

    with errors_to_click(), open_store(db_path) as store:
        article = store.get_article(article_id)
        entities = store.mentions(article.id, kind="entity")
        sentences = store.mentions(article.id, kind="sentence")
        removed = store.boilerplate(article.id)
        versions = store.versions(article.source_key)
        gate = gate_decision(store, article.id)
    if as_json:
        data = _article_json(article, with_body=True)
        data.update(
            gate=gate,
            entities=entities,
            sentences=len(sentences),
            boilerplate=[asdict(r) for r in removed],
            versions=[{"id": i, "version": v} for i, v in versions],
        )
        echo_json(data)
        return
    for key in ("id", "title", "outlet", "byline", "dateline", "published", "url", "language", "location"):
        value = getattr(article, key)
        if value:
            click.echo(f"{key:10} {value}")
    if len(versions) > 1:
        click.echo("versions   " + ", ".join(f"v{v} {i[:12]}" for i, v in versions))
    for note in article.corrections:
        click.echo(f"correction {note}")
    if article.encoding_note:
        click.echo(f"encoding   {article.encoding_note}")
    if article.clean_note:
        click.echo(f"cleaning   {article.clean_note}")
    if gate:
        later = f" (extracted later, {gate['reextracted_at']})" if gate["reextracted_at"] else ""
        click.echo(f"gate       {'passed' if gate['decision'] == 'pass' else 'skipped'}: {gate['reason']}{later}")
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
