"""Commands over the knowledge base: systems, systems show, kb resolve, kb check."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ._common import cli, db_option, echo_json, errors_to_click, json_option, open_store


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
    from ..kb import load_kb
    from ..kb.cards import search_systems, system_row

    with errors_to_click():
        found = search_systems(load_kb(), text=text, cls=cls, operator=operator, min_range_km=min_range_km)
        rows = [system_row(s) for s in found]
    if as_json:
        echo_json(rows)
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
    from ..kb import load_kb
    from ..views import system_view

    with errors_to_click(), open_store(db_path) as store:
        card = system_view(store, load_kb(), name)
    if as_json:
        echo_json(card)
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
    from ..kb import load_kb
    from ..kb.cards import entry_summary

    with errors_to_click():
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
    from ..kb import load_kb
    from ..kb.check import check_kb

    with errors_to_click():
        problems = check_kb()
        kb = load_kb()
    counts = {"systems": len(kb.systems), "treaties": len(kb.treaties), "actors": len(kb.actors), "sites": len(kb.sites)}
    if as_json:
        echo_json({"ok": not problems, "problems": problems, "counts": counts})
    else:
        for problem in problems:
            click.echo(problem)
        click.echo(", ".join(f"{v} {k}" for k, v in counts.items()) + f": {len(problems)} problems")
    if problems:
        sys.exit(1)
