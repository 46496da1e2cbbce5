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
from .extract.stance import STANCES
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


def csv_option(fn: F) -> F:
    return click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of text.")(fn)


def _echo_csv(rows: list[dict[str, Any]]) -> None:
    import csv

    if not rows:
        return
    columns = list(rows[0])
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()})


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


@cli.command("claims")
@db_option
@json_option
@click.option("--speaker", default=None, help="Resolved speaker (name, ISO code, 'nato') or words of it.")
@click.option("--stance", type=click.Choice(list(STANCES)), default=None)
@click.option("--about", "about", default=None, help="A system or treaty, any alias (e.g. SSC-8, INF).")
def claims_cmd(db_path: str | None, as_json: bool, speaker: str | None, stance: str | None, about: str | None) -> None:
    """Attributed statements: who said what, with what stance, citing whom.

    Example:

        armswatch claims --stance accuse --about INF
    """
    from .kb import load_kb

    with _errors_to_click():
        about_id = load_kb().resolve(about).id if about else None
        with _open_store(db_path) as store:
            rows = store.claims(speaker=speaker, stance=stance, about=about_id)
    if as_json:
        _echo_json(rows)
        return
    for row in rows:
        target = f" → {row['target']}" if row["target"] else ""
        cited = f" (citing {', '.join(row['cited'])})" if row["cited"] else ""
        flags = [k for k, v in row["modality"].items() if v]
        click.echo(f"{row['published'] or '----------'}  {row['speaker']} [{row['stance']}{target}]{cited}  {row['title']}")
        click.echo(f"    “{row['content'][:240]}”" + (f"  ({', '.join(flags)})" if flags else ""))
        click.echo(f"    cue: {row['cue']}; evidence: {row['stance_evidence']}; said {len(row['evidence'])}x; article {row['article_id'][:12]}")
    click.echo(f"{len(rows)} claims", err=True)


def _place_coordinates(name: str) -> tuple[float, float]:
    """Coordinates for --near: a KB site, else a GeoNames place (most populous of that name)."""
    from .errors import NotInKnowledgeBase
    from .kb import load_kb
    from .kb.places import load_places
    from .kb.model import alias_key

    try:
        entry = load_kb().resolve(name, "site")
        return entry.lat, entry.lon  # type: ignore[attr-defined]
    except NotInKnowledgeBase:
        pass
    key = alias_key(name)
    for place in load_places():
        if alias_key(place.name) == key or any(alias_key(a) == key for a in place.aliases):
            return place.lat, place.lon
    raise NotInKnowledgeBase(f"no site or place called {name!r}")


@cli.command("deployments")
@db_option
@json_option
@csv_option
@click.option("--system", default=None, help="A weapon system, any alias.")
@click.option("--by", "by", default=None, help="Holding state: ISO code or any name (Russia, Moscow).")
@click.option("--near", default=None, help="A place or site name; with --km.")
@click.option("--km", type=float, default=100.0, show_default=True, help="Radius around --near.")
@click.option("--status", type=click.Choice(["in_place", "planned", "temporary", "withdrawn"]), default=None)
@click.option("--since", default=None, help="Last reported on or after this ISO date.")
def deployments_cmd(db_path: str | None, as_json: bool, as_csv: bool, system: str | None, by: str | None,
                    near: str | None, km: float, status: str | None, since: str | None) -> None:
    """The deployments ledger: one line per state, system and place, merged across sources.

    Example:

        armswatch deployments --system Iskander --near Kaliningrad --km 200
    """
    from .kb import load_kb
    from .ledger import build_ledger

    with _errors_to_click():
        kb = load_kb()
        system_id = kb.resolve(system, "system").id if system else None
        by_id = kb.resolve(by, "actor").id if by else None
        centre = _place_coordinates(near) if near else None
        with _open_store(db_path) as store:
            ledger = build_ledger(store, kb=kb, system=system_id, by=by_id, status=status, since=since, near=centre, km=km)
    rows = [a.as_dict() for a in ledger]
    if as_json:
        _echo_json(rows)
    elif as_csv:
        _echo_csv(rows)
    else:
        for a in ledger:
            count = f" {a.count} {a.unit}" if a.count else ""
            click.echo(f"{a.last_reported or '----------'}  {a.by} {a.system_name} @ {a.place}: {a.status}{count}"
                       f"  [{len(a.sources)} reports, {a.outlets} outlets, {a.speakers} named sources"
                       f"{', ' + str(len(a.contradictions)) + ' denials' if a.contradictions else ''}]")
            trail = " → ".join(f"{h['status']} ({h['date'] or '?'})" for h in a.history)
            click.echo(f"    history: {trail}")
            for t in a.treaties:
                click.echo(f"    {t['name']}: {t['why']}; {t['status_at_date']}")
        click.echo(f"{len(ledger)} assertions", err=True)


@cli.command("timeline")
@click.argument("name")
@db_option
@json_option
@csv_option
def timeline_cmd(name: str, db_path: str | None, as_json: bool, as_csv: bool) -> None:
    """Everything the store knows about a system or a place, in date order.

    Example:

        armswatch timeline 9M729
    """
    from .kb import load_kb

    with _errors_to_click():
        kb = load_kb()
        system_id = kb.resolve_id(name, "system")
        with _open_store(db_path) as store:
            events: list[dict[str, Any]] = []
            for r in store.deployment_reports(system=system_id) if system_id else store.deployment_reports():
                if system_id or name.lower() in (r["place"] or "").lower():
                    events.append({"date": r["date"] or r["published"], "kind": "deployment", "what": f"{r['by_state']} {r['system']} @ {r['place']}: {r['status']}",
                                   "source": r["attributed_to"], "article": r["article_id"], "title": r["title"]})
            if system_id:
                for c in store.claims(about=system_id):
                    events.append({"date": c["published"], "kind": f"claim:{c['stance']}", "what": c["content"][:200],
                                   "source": c["speaker"], "article": c["article_id"], "title": c["title"]})
    events.sort(key=lambda e: e["date"] or "")
    if not events and not system_id:
        raise click.ClickException(f"{name!r} is neither a known system nor a place in any stored deployment")
    if as_json:
        _echo_json(events)
    elif as_csv:
        _echo_csv(events)
    else:
        for e in events:
            click.echo(f"{e['date'] or '----------'}  [{e['kind']}] {e['what']}  — {e['source'] or 'unattributed'}")


@cli.command("treaty")
@click.argument("name")
@db_option
@json_option
@csv_option
def treaty_cmd(name: str, db_path: str | None, as_json: bool, as_csv: bool) -> None:
    """A treaty: scope, parties, dated events, and the actions and allegations in the store.

    Example:

        armswatch treaty INF
    """
    from .kb import load_kb

    with _errors_to_click():
        kb = load_kb()
        treaty = kb.treaties[kb.resolve(name, "treaty").id]
        with _open_store(db_path) as store:
            records = store.treaty_records(treaty.id)
    data = {"id": treaty.id, "name": treaty.name, "aliases": list(treaty.aliases), "parties": list(treaty.parties),
            "scope": list(treaty.scope), "events": list(treaty.events), **records}
    if as_json:
        _echo_json(data)
    elif as_csv:
        _echo_csv([{"record": "action", **r} for r in records["treaty_actions"]] + [{"record": "allegation", **r} for r in records["allegations"]])
    else:
        click.echo(f"{treaty.name} ({treaty.id}); parties {', '.join(treaty.parties) or 'multilateral'}")
        for scope in treaty.scope:
            click.echo(f"scope      {scope}")
        for event in treaty.events:
            click.echo(f"event      {event.get('date')} {event.get('action')} {', '.join(event.get('party', []) or [])}")
        for r in records["treaty_actions"]:
            click.echo(f"reported   {r['date'] or r['published']} {r['party']} {r['action']}  ({r['title']})")
        for r in records["allegations"]:
            click.echo(f"alleged    {r['accused']} breaks it ({r['system'] or 'no system named'}), by {', '.join(json.loads(r['by_parties']))}  ({r['title']})")


@cli.command("export")
@db_option
@click.option("--geojson", "as_geojson", is_flag=True, required=True, help="The ledger as GeoJSON points.")
def export_cmd(db_path: str | None, as_geojson: bool) -> None:
    """Export the deployments ledger.

    Example:

        armswatch export --geojson > ledger.geojson
    """
    from .ledger import build_ledger, to_geojson

    with _errors_to_click(), _open_store(db_path) as store:
        _echo_json(to_geojson(build_ledger(store)))


@cli.command("eval-events")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@json_option
def eval_events_cmd(path: str, as_json: bool) -> None:
    """Score PLOVER event typing on gold records (the PLOVER_GSR_CAMEO.txt layout).

    Example:

        armswatch eval-events ../shared/eval/external/plover/PLOVER_GSR_CAMEO.txt --json
    """
    from .evaluation.events import evaluate_events

    with _errors_to_click():
        result = evaluate_events(path)
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(f"{result['n']} records: type accuracy {result['type_accuracy']:.3f}, "
                   f"(type, source, target) F1 {result['type_source_target_f1']:.3f}")


@cli.command("eval-recognition")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@json_option
def eval_recognition_cmd(path: str, as_json: bool) -> None:
    """Score system recognition on sentences with expected KB ids (JSON Lines).

    Example:

        armswatch eval-recognition tests/data/recognition_cases.jsonl
    """
    from .evaluation.recognition import evaluate_recognition

    with _errors_to_click():
        result = evaluate_recognition(path)
    if as_json:
        _echo_json(result.as_dict())
        return
    s = result.score
    click.echo(f"{result.cases} cases: precision {s.precision:.3f}, recall {s.recall:.3f}, F1 {s.f1:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn})")
    for error in result.errors:
        click.echo(f"  line {error['line']}: missed {error['missed']} false {error['false']}: {error['text']}")


@cli.group("systems", invoke_without_command=True)
@click.option("--search", "text", default=None, help="Any name or alias containing TEXT.")
@click.option("--class", "cls", default=None, help="Class, e.g. GLCM, SRBM, SAM (see kb/data/FORMAT.md).")
@click.option("--operator", default=None, help="ISO code of a state that fields it, e.g. RU.")
@click.option("--min-range-km", type=float, default=None, help="Maximum range at least this many km.")
@json_option
@click.pass_context
def systems_cmd(
    ctx: click.Context, text: str | None, cls: str | None, operator: str | None, min_range_km: float | None, as_json: bool
) -> None:
    """List weapon systems in the knowledge base, or `systems show NAME` for one card.

    Example:

        armswatch systems --class GLCM --min-range-km 500
    """
    if ctx.invoked_subcommand is not None:
        return
    from .kb import load_kb
    from .kb.cards import search_systems, system_row

    with _errors_to_click():
        found = search_systems(load_kb(), text=text, cls=cls, operator=operator, min_range_km=min_range_km)
        rows = [system_row(s) for s in found]
    if as_json:
        _echo_json(rows)
        return
    for row in rows:
        rng = f"{row['range_km'][1]:>8,.0f} km" if row["range_km"] else "       ? km"
        click.echo(f"{row['id']:28} {row['class']:8} {rng}  {row['name']}  [{', '.join(row['operators'])}]")
    click.echo(f"{len(rows)} systems", err=True)


@systems_cmd.command("show")
@click.argument("name")
@db_option
@json_option
def systems_show_cmd(name: str, db_path: str | None, as_json: bool) -> None:
    """A system's card: aliases, class, range and its source, treaties, mentions in the store.

    Example:

        armswatch systems show SSC-8
    """
    from .kb import load_kb
    from .kb.cards import system_card

    with _errors_to_click():
        kb = load_kb()
        system = kb.systems[kb.resolve(name, "system").id]
        card = system_card(system, kb)
        with _open_store(db_path) as store:
            card["articles"] = store.articles_mentioning("system", system.id)
    if as_json:
        _echo_json(card)
    else:
        _print_card(card)


def _print_card(card: dict[str, Any]) -> None:
    click.echo(f"{card['name']}  ({card['id']})")
    click.echo(f"aliases    {', '.join(card['aliases']) or '-'}")
    rng = card["range_km"]
    click.echo(f"class      {card['class']}, {card['profile']}, {'/'.join(card['basing'])}-based")
    if rng:
        click.echo(f"range      {rng[0]:,.0f}–{rng[1]:,.0f} km ({card['range_source']})")
    else:
        click.echo("range      unknown")
    nuclear = {True: "yes", False: "no"}.get(card["nuclear"], "unknown")
    click.echo(f"nuclear    {nuclear}")
    click.echo(f"status     {card['status'] or '-'};  developer {card['developer'] or '-'}")
    click.echo(f"operators  {', '.join(card['operators']) or '-'}")
    for key in ("fires", "fired_by", "variants"):
        if card[key]:
            click.echo(f"{key.replace('_', ' '):10} {', '.join(x['name'] for x in card[key])}")
    for t in card["treaties"]:
        via = f" (through {t['via']})" if t["via"] else ""
        parties = ", ".join(t["parties"]) or "multilateral"
        click.echo(f"treaty     {t['name']}: {t['why']}{via}; parties {parties}")
    click.echo(f"mentioned  in {len(card['articles'])} stored articles")
    for a in card["articles"][:10]:
        click.echo(f"           {a['id'][:12]}  {a['published'] or '----------'}  {a['title']} ({a['mentions']}x)")


@cli.group("kb")
def kb_cmd() -> None:
    """The knowledge base: resolve a name, check the data files.

    Example:

        armswatch kb resolve "SA-21 Growler" --json
    """


@kb_cmd.command("resolve")
@click.argument("name")
@json_option
def kb_resolve_cmd(name: str, as_json: bool) -> None:
    """What NAME stands for: a system, treaty, actor or site. Exits 1 when unknown.

    Example:

        armswatch kb resolve Moscow --json
    """
    from .kb import load_kb
    from .kb.cards import entry_summary

    with _errors_to_click():
        summary = entry_summary(load_kb().resolve(name))
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        click.echo(f"{summary['kind']} {summary['id']}: {summary['name']}")


@kb_cmd.command("check")
@json_option
def kb_check_cmd(as_json: bool) -> None:
    """Validate the data files: ids, aliases, ranges and their sources, references.

    Example:

        armswatch kb check
    """
    from .kb import load_kb
    from .kb.check import check_kb

    with _errors_to_click():
        problems = check_kb()
        kb = load_kb()
    counts = {"systems": len(kb.systems), "treaties": len(kb.treaties), "actors": len(kb.actors), "sites": len(kb.sites)}
    if as_json:
        _echo_json({"ok": not problems, "problems": problems, "counts": counts})
    else:
        for problem in problems:
            click.echo(problem)
        click.echo(", ".join(f"{v} {k}" for k, v in counts.items()) + f": {len(problems)} problems")
    if problems:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    cli()
