"""The review loop from the command line: armswatch review confirm|reject|correct|list|export|import."""

from __future__ import annotations

import getpass
from typing import Any

import click

from ._common import cli, db_option, echo_json, errors_to_click, json_option, open_store

_KIND = click.Choice(["deployment", "claim"])


@cli.group("review")
def review_group() -> None:
    """Confirm, reject or correct extracted records; move reviews between stores.

    Reviews are kept apart from the machine's records (append-only) and laid over them
    in the ledger, the claims list and every export. Record ids are in the JSON of the
    listings (`claims --json`: id; `deployments --json`: each source's record) and in
    the API's article view.

    Example:

        armswatch review correct deployment 12 --set place=Kaliningrad --comment "unit photos"
    """


def _reviewer(fn: Any) -> Any:
    fn = click.option("--comment", default=None, help="Why (kept with the review).")(fn)
    return click.option("--reviewer", default=None, help="Who reviews (default: your login name).")(fn)


def _review(db_path: str | None, kind: str, record_id: int, action: str, reviewer: str | None, comment: str | None,
            values: dict[str, Any] | None, as_json: bool) -> None:
    from ..kb import load_kb
    from ..review import review_record

    with errors_to_click(), open_store(db_path) as store:
        review = review_record(store, load_kb(), kind=kind, record_id=record_id, action=action, values=values,
                               reviewer=reviewer or getpass.getuser(), comment=comment)
    if as_json:
        echo_json(review)
    else:
        changed = {k: v for k, v in review["after"].items() if review["before"].get(k) != v}
        click.echo(f"{review['action']} {kind} {record_id}: review {review['id']}"
                   + (f" ({', '.join(f'{k}={v}' for k, v in changed.items())})" if changed else ""))


@review_group.command("confirm")
@click.argument("kind", type=_KIND)
@click.argument("record_id", type=int)
@_reviewer
@db_option
@json_option
def confirm_cmd(kind: str, record_id: int, reviewer: str | None, comment: str | None, db_path: str | None,
                as_json: bool) -> None:
    """Mark a record as right as extracted.

    Example:

        armswatch review confirm deployment 12 --comment "matches the ministry's statement"
    """
    _review(db_path, kind, record_id, "confirm", reviewer, comment, None, as_json)


@review_group.command("reject")
@click.argument("kind", type=_KIND)
@click.argument("record_id", type=int)
@_reviewer
@db_option
@json_option
def reject_cmd(kind: str, record_id: int, reviewer: str | None, comment: str | None, db_path: str | None,
               as_json: bool) -> None:
    """Take a wrongly extracted record out of the ledger and the listings.

    Example:

        armswatch review reject claim 40 --comment "the speaker quotes a report, not a claim"
    """
    _review(db_path, kind, record_id, "reject", reviewer, comment, None, as_json)


@review_group.command("correct")
@click.argument("kind", type=_KIND)
@click.argument("record_id", type=int)
@click.option("--set", "assignments", multiple=True, required=True, metavar="FIELD=VALUE",
              help="A deployment's by, system, place, status (lat and lon with place); a claim's speaker or stance.")
@_reviewer
@db_option
@json_option
def correct_cmd(kind: str, record_id: int, assignments: tuple[str, ...], reviewer: str | None, comment: str | None,
                db_path: str | None, as_json: bool) -> None:
    """Correct values of a record; the machine's record is kept beside the correction.

    Example:

        armswatch review correct deployment 12 --set place=Kaliningrad --set status=in_place
    """
    values: dict[str, Any] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--set")
        name = name.strip()
        if name in ("lat", "lon"):
            try:
                values[name] = float(value)
            except ValueError:
                raise click.BadParameter(f"{name} must be a number, not {value!r}", param_hint="--set") from None
        else:
            values[name] = value
    _review(db_path, kind, record_id, "correct", reviewer, comment, values, as_json)


@review_group.command("list")
@click.option("--kind", type=_KIND, default=None)
@click.option("--article", "article_id", default=None, help="Only reviews made on this article (full id).")
@click.option("--reviewer", default=None)
@db_option
@json_option
def list_cmd(kind: str | None, article_id: str | None, reviewer: str | None, db_path: str | None, as_json: bool) -> None:
    """Every review in the order it reached this store (the full history: nothing is overwritten)."""
    from ..store.reviews import list_reviews

    with errors_to_click(), open_store(db_path) as store:
        reviews = list_reviews(store, kind=kind, article_id=article_id, reviewer=reviewer)
    if as_json:
        echo_json(reviews)
        return
    for r in reviews:
        changed = {k: v for k, v in r["after"].items() if r["before"].get(k) != v}
        click.echo(f"{r['at'][:19]}  {r['reviewer']}  {r['action']} {r['kind']} in {r['article_id'][:12]} "
                   f"[{r['start']}:{r['end']}]" + (f" {changed}" if changed else "")
                   + (f"  — {r['comment']}" if r["comment"] else ""))
    click.echo(f"{len(reviews)} reviews", err=True)


@review_group.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@db_option
def export_cmd(path: str, db_path: str | None) -> None:
    """Write every review to PATH as JSON Lines.

    Example:

        armswatch review export reviews.jsonl
    """
    from ..review import export_reviews

    with errors_to_click(), open_store(db_path) as store:
        count = export_reviews(store, path)
    click.echo(f"{count} reviews written to {path}", err=True)


@review_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@db_option
def import_cmd(path: str, db_path: str | None) -> None:
    """Add the reviews of a JSON Lines export; importing the same file again adds nothing.

    Example:

        armswatch review import reviews.jsonl --db other.db
    """
    from ..review import import_reviews

    with errors_to_click(), open_store(db_path) as store:
        added, present = import_reviews(store, path)
    click.echo(f"{added} reviews added, {present} already there", err=True)
