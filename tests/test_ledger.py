"""The cross-source ledger on a series of articles written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.extract import NlpExtractor
from armswatch.kb import load_kb
from armswatch.ledger import build_ledger, deployment_treaties, to_geojson
from armswatch.pipeline import ingest
from armswatch.settings import Settings
from armswatch.store import Store
from .store.targets import DbTarget, DbTargets

SERIES = [
    ("https://a.example.org/1", "2024-03-01", "Moscow plans missiles for Pskov",
     "Russia would deploy Iskander-M missiles in Pskov later this year, the defence ministry said on Friday."),
    ("https://b.example.org/2", "2024-06-10", "Iskander-M brigade arrives in Pskov",
     "Russia has stationed Iskander-M missiles in Pskov, satellite images analysed by researchers show."),
    ("https://c.example.org/3", "2024-06-12", "Brigade in Pskov, officials say",
     "The Russian army has deployed Iskander-M launchers in Pskov, two Western officials said on Wednesday."),
    ("https://d.example.org/4", "2024-06-20", "Moscow denies report",
     "The Kremlin denied that Iskander-M missiles had been moved, calling the reports false claims."),
    ("https://e.example.org/5", "2024-11-02", "Launchers leave Pskov",
     "Russia withdrew the Iskander-M missiles from Pskov in October, according to the regional governor, Oleg Varin."),
]


@pytest.fixture(scope="module")
def series_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("series") / "series.jsonl"
    lines = [json.dumps({"url": u, "published": p, "title": t, "text": x}) for u, p, t, x in SERIES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ledger_db(series_file: Path, db_targets: DbTargets, model_extractor: NlpExtractor) -> str | Path:
    db = db_targets.new(series_file.parent, "ledger")
    with Store.open(db) as store:
        ingest([series_file], store, settings=Settings(), extractor=model_extractor)
    return db


def test_one_assertion_with_every_source_and_its_history(ledger_db: Path) -> None:
    with Store.open(ledger_db) as store:
        [assertion] = [a for a in build_ledger(store) if a.place == "Pskov"]
    assert (assertion.by, assertion.system) == ("RU", "ru.iskander-m")
    assert [h["status"] for h in assertion.history] == ["planned", "in_place", "in_place", "withdrawn"]
    assert assertion.status == "withdrawn"
    assert (assertion.first_reported, assertion.last_reported) == ("2024-03-01", "2024-11-02")
    assert assertion.history[-1]["date"] == "2024-10"  # "in October", resolved against the publication date
    assert assertion.outlets == 4 and len(assertion.sources) == 4
    # 2024: the INF Treaty is over, the MTCR governs transfers and the JCPOA binds Iran, and
    # no article names a treaty: nothing to show.
    assert assertion.treaties == []
    assert [c["speaker"] for c in assertion.contradictions] == ["RU"]


def test_reingesting_changes_nothing(ledger_db: Path, series_file: Path, model_extractor: NlpExtractor) -> None:
    with Store.open(ledger_db) as store:
        before = [a.as_dict() for a in build_ledger(store)]
        report = ingest([series_file], store, settings=Settings(), extractor=model_extractor)
        after = [a.as_dict() for a in build_ledger(store)]
    assert report.new == 0 and report.unchanged == len(SERIES)
    assert before == after


def test_filters_and_geojson(ledger_db: Path) -> None:
    with Store.open(ledger_db) as store:
        assert build_ledger(store, status="planned") == []
        assert len(build_ledger(store, near=(57.82, 28.33), km=50)) == 1  # Pskov
        assert build_ledger(store, near=(55.75, 37.62), km=50) == []  # Moscow
        collection = to_geojson(build_ledger(store))
    [feature] = collection["features"]
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["sources"] == 4


def test_commands(ledger_db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["deployments", "--db", str(ledger_db), "--by", "Russia", "--near", "Pskov", "--km", "30", "--json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["status"] == "withdrawn"
    csv_out = runner.invoke(cli, ["deployments", "--db", str(ledger_db), "--csv"]).stdout
    assert csv_out.splitlines()[0].startswith("by,system,")
    timeline = json.loads(runner.invoke(cli, ["timeline", "Iskander-M", "--db", str(ledger_db), "--json"]).stdout)
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)
    treaty = json.loads(runner.invoke(cli, ["treaty", "INF", "--db", str(ledger_db), "--json"]).stdout)
    assert treaty["id"] == "inf" and treaty["scope"]
    geo = json.loads(runner.invoke(cli, ["export", "--geojson", "--db", str(ledger_db)]).stdout)
    assert geo["type"] == "FeatureCollection"


def test_general_news_gets_no_deployments(db_target: DbTarget, tmp_path: Path, model_extractor: NlpExtractor) -> None:
    text = (
        "Floods cut off villages\n\nRescue teams were deployed by boat and helicopter on Sunday after the river "
        "burst its banks, the regional governor said. Troops were sent to reinforce dams, and the army stationed "
        "field kitchens in three towns. Officials said the water would recede by Wednesday.\n"
    )
    (tmp_path / "floods.txt").write_text(text, encoding="utf-8")
    with Store.open(db_target("g")) as store:
        ingest([tmp_path / "floods.txt"], store, settings=Settings(), extractor=model_extractor)
        assert build_ledger(store) == []
        assert store.db.execute("SELECT count(*) FROM deployments").fetchone()[0] == 0


def test_treaties_shown_beside_a_deployment() -> None:
    kb = load_kb()
    kaliningrad = next(p.id for p in __import__("armswatch.kb.places", fromlist=["load_places"]).load_places()
                       if p.name == "Kaliningrad" and p.country == "RU")
    rows = deployment_treaties("ru.iskander-m", "RU", "2016-11-22", kb, place_id=kaliningrad)
    assert [r["treaty"] for r in rows] == ["inf"]
    [inf] = rows
    assert inf["binds_holder"] and not inf["invoked"] and inf["obligations"] == ["possession_ban"]
    assert inf["parties_include_holder"] and inf["status_at_date"] == "in force since 1988-06-01"
    assert set(inf) >= {"treaty", "name", "why", "via", "status_at_date", "parties_include_holder"}  # the old shape
    # An article that names the MTCR gets it shown, marked as not binding, with the reason.
    named = {r["treaty"]: r for r in deployment_treaties("ru.iskander-m", "RU", "2016-11-22", kb, invoked={"mtcr", "ctbt"})}
    assert set(named) == {"inf", "mtcr", "ctbt"}
    assert not named["mtcr"]["binds_holder"] and named["mtcr"]["invoked"]
    assert "named in the article" in named["mtcr"]["why"] and "export control" in named["mtcr"]["why"]
    assert not named["ctbt"]["binds_holder"]  # a test ban, and never in force


def test_a_us_deployment_after_the_inf_treaty() -> None:
    kb = load_kb()
    assert deployment_treaties("us.lrhw", "US", "2020-06-01", kb) == []
    [inf] = deployment_treaties("us.lrhw", "US", "2020-06-01", kb, invoked={"inf"})
    assert not inf["binds_holder"] and inf["status"] == "terminated" and "terminated 2019-08-02" in inf["why"]
