"""Commands that score the pipeline: eval, eval-events, eval-recognition."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from ._common import cli, db_option, echo_json, errors_to_click, json_option, open_store


@cli.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--docs", "docs_file", type=click.Path(exists=True, dir_okay=False),
              help="score only the articles listed in this file (one file name a line)")
@click.option("--scores-only", is_flag=True,
              help="print the table without per-article misses (for a held-out half)")
@click.option("--reviewed", is_flag=True,
              help="score the reviewed output (the reviews in --db, or in --reviews FILE) instead of the machine's")
@click.option("--reviews", "reviews_file", type=click.Path(exists=True, dir_okay=False),
              help="with --reviewed: a JSON Lines export of reviews (armswatch review export)")
@db_option
@json_option
def eval_cmd(folder: str, docs_file: str | None, scores_only: bool, reviewed: bool, reviews_file: str | None,
             db_path: str | None, as_json: bool) -> None:
    """Score the pipeline on a gold folder (shared/eval/SCHEMA.md format).

    Runs in a temporary store; your database is not touched. `--json` prints scores
    only, never per-article errors.

    Example:

        armswatch eval ../shared/eval/dev --docs eval/dev-develop.txt
        armswatch eval ../shared/eval/dev --docs eval/dev-check.txt --scores-only
        armswatch eval ../shared/eval/dev --reviewed --db reviewed.db
    """
    from ..evaluation import evaluate, format_report
    from ..evaluation.run import read_doc_list

    if reviews_file and not reviewed:
        raise click.UsageError("--reviews goes with --reviewed")
    with errors_to_click(), tempfile.TemporaryDirectory(prefix="armswatch-reviews-") as tmp:
        docs = read_doc_list(docs_file) if docs_file else None
        reviews = reviews_file
        if reviewed and reviews is None:  # the reviews of the user's store, read, never written
            from ..review import export_reviews

            reviews = str(Path(tmp) / "reviews.jsonl")
            with open_store(db_path) as store:
                export_reviews(store, reviews)
        result = evaluate(folder, docs=docs, reviews=reviews)
    if as_json:
        echo_json(result.as_dict())
    else:
        click.echo(format_report(result, scores_only=scores_only))


@cli.command("eval-events")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@json_option
def eval_events_cmd(path: str, as_json: bool) -> None:
    """Score PLOVER event typing on gold records (the PLOVER_GSR_CAMEO.txt layout).

    Example:

        armswatch eval-events ../shared/eval/external/plover/PLOVER_GSR_CAMEO.txt --json
    """
    from ..evaluation.events import evaluate_events

    with errors_to_click():
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
    from ..evaluation.recognition import evaluate_recognition

    with errors_to_click():
        result = evaluate_recognition(path)
    if as_json:
        echo_json(result.as_dict())
        return
    s = result.score
    click.echo(f"{result.cases} cases: precision {s.precision:.3f}, recall {s.recall:.3f}, F1 {s.f1:.3f} (tp {s.tp}, fp {s.fp}, fn {s.fn})")
    for error in result.errors:
        click.echo(f"  line {error['line']}: missed {error['missed']} false {error['false']}: {error['text']}")


@cli.command("eval-geo")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@json_option
def eval_geo_cmd(path: str, as_json: bool) -> None:
    """Score toponym resolution given the gold spans (GeoWebNews, LGL or TR-News XML).

    Example:

        armswatch eval-geo ../shared/eval/external/geowebnews/GWN.xml --json
    """
    from ..evaluation.geo import evaluate_geo

    with errors_to_click():
        result = evaluate_geo(path)
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(f"{result['n']} toponyms: exact {result['exact']:.3f}, country {result['country']:.3f}, "
                   f"within 161 km {result['acc_161km']:.3f}")
