"""Commands over the extracted records: claims, deployments, timeline, treaty, export."""

from __future__ import annotations

import json

import click

from ._common import cli, csv_option, db_option, echo_csv, echo_json, errors_to_click, json_option, open_store
from ..extract.stance import STANCES

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
    from ..kb import load_kb
    from ..views import claims_view

    with errors_to_click(), open_store(db_path) as store:
        rows = claims_view(store, load_kb(), speaker=speaker, stance=stance, about=about)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        target = f" → {row['target']}" if row["target"] else ""
        cited = f" (citing {', '.join(row['cited'])})" if row["cited"] else ""
        flags = [k for k, v in row["modality"].items() if v]
        click.echo(f"{row['published'] or '----------'}  {row['speaker']} [{row['stance']}{target}]{cited}  {row['title']}")
        click.echo(f"    “{row['content'][:240]}”" + (f"  ({', '.join(flags)})" if flags else ""))
        click.echo(f"    cue: {row['cue']}; evidence: {row['stance_evidence']}; said {len(row['evidence'])}x; article {row['article_id'][:12]}")
    click.echo(f"{len(rows)} claims", err=True)


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
    from ..kb import load_kb
    from ..views import deployments_view

    with errors_to_click(), open_store(db_path) as store:
        ledger = deployments_view(store, load_kb(), system=system, by=by, near=near, km=km, status=status, since=since)
    rows = [a.as_dict() for a in ledger]
    if as_json:
        echo_json(rows)
    elif as_csv:
        echo_csv(rows)
    else:
        for a in ledger:
            count = f" {a.count} {a.unit}" if a.count else ""
            click.echo(f"{a.last_reported or '----------'}  {a.by} {a.system_name} @ {a.place}: {a.status}{count}"
                       f"  [{len(a.sources)} reports, {a.outlets} outlets, {a.speakers} named sources"
                       f"{', ' + str(len(a.contradictions)) + ' denials' if a.contradictions else ''}]")
            trail = " → ".join(f"{h['status']} ({h['date'] or '?'})" for h in a.history)
            click.echo(f"    history: {trail}")
            for t in a.treaties:
                status = "" if t["status_at_date"] in t["why"] else f"; {t['status_at_date']}"
                click.echo(f"    {t['name']}: {t['why']}{status}")
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
    from ..kb import load_kb
    from ..views import timeline

    with errors_to_click(), open_store(db_path) as store:
        events = timeline(store, load_kb(), name)
    if as_json:
        echo_json(events)
    elif as_csv:
        echo_csv(events)
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
    from ..kb import load_kb
    from ..views import treaty_view

    with errors_to_click():
        kb = load_kb()
        with open_store(db_path) as store:
            data = treaty_view(store, kb, name)
        treaty = kb.treaties[data["id"]]
    records = {"treaty_actions": data["treaty_actions"], "allegations": data["allegations"]}
    if as_json:
        echo_json(data)
    elif as_csv:
        echo_csv([{"record": "action", **r} for r in records["treaty_actions"]] + [{"record": "allegation", **r} for r in records["allegations"]])
    else:
        click.echo(f"{treaty.name} ({treaty.id}); parties {', '.join(treaty.parties) or 'multilateral'}")
        for scope in treaty.scope:
            click.echo(f"scope      {scope}")
        for ob in treaty.obligations:
            whom = ", ".join(ob.get("bound", [])) or ("every state" if treaty.kind_of == "resolution" else "every party")
            click.echo(f"obliges    {ob.get('kind')} ({treaty.binding}); binds {whom}"
                       + "".join(f"; {k} {', '.join(ob[k])}" for k in ("to", "from", "area") if ob.get(k)))
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
    from ..ledger import build_ledger, to_geojson

    with errors_to_click(), open_store(db_path) as store:
        echo_json(to_geojson(build_ledger(store)))
