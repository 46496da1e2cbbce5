"""The relevance gate in the pipeline: what is stored for a skipped article, the setting that
turns the gate off, the migration, and `reextract` (twice, with no duplicates)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.extract import NlpExtractor
from armswatch.pipeline import ingest
from armswatch.reextract import reextract
from armswatch.settings import Settings
from armswatch.store import Store
from armswatch.store.gate import articles_where, gate_decision, gate_decisions
from armswatch.store.migrations import MIGRATIONS, apply_migrations

from .conftest import WIRE, write
from .store.targets import DbTarget


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared fast settings, with the relevance gate on (its default)."""
    return settings.with_(gate=True)

MARKET_STORY = (
    "Shares close higher\n\n"
    "Shares closed higher on Friday as investors welcomed a fall in inflation, the exchange said. "
    "Retailers led the gains, while the currency was little changed against the dollar.\n"
)
# A made-up statement whose speaker the claims extractor should find when the model runs.
FAIR_STORY = (
    "County fair opens\n\n"
    "The county fair opened on Saturday with a record number of stalls. \"We expect more visitors "
    "than ever,\" said Maria Okafor, the fair's director. Tickets are on sale at the gate.\n"
)
EXTRACTION_TABLES = ("mentions", "claims", "deployments", "treaty_actions", "allegations", "counts", "events", "tokens")


def _rows(store: Store, article_id: str) -> dict[str, int]:
    return {
        table: store.db.execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", (article_id,)).fetchone()[0]
        for table in EXTRACTION_TABLES
    }


def _by_title(store: Store) -> dict[str, str]:
    return {a.title or "": a.id for a in store.list_articles()}


def test_a_skipped_article_is_stored_with_metadata_language_and_the_gate_reason(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    write(tmp_path / "in" / "wire.txt", WIRE)
    write(tmp_path / "in" / "market.txt", MARKET_STORY)
    report = ingest([tmp_path / "in"], store, settings=settings, extractor=blank_extractor)
    assert (report.new, report.gate_passed, report.gate_skipped) == (2, 1, 1)
    assert report.not_extracted == []  # counted, not listed one by one
    ids = _by_title(store)
    market = store.get_article(ids["Shares close higher"])
    assert not market.extracted and market.language == "en" and market.body.startswith("Shares closed higher")
    assert market.extract_note and market.extract_note.startswith("relevance gate: no weapon system or treaty named")
    assert _rows(store, market.id)["mentions"] == 0
    decision = gate_decision(store, market.id)
    assert decision is not None and decision["decision"] == "skip" and decision["gate"] == "gate.v1"
    assert "vocabulary strong 0" in decision["reason"]
    wire = gate_decision(store, ids["Launch reported off the east coast"])
    assert wire is not None and wire["decision"] == "pass" and wire["reason"].startswith("vocabulary")
    assert articles_where(store, "gate=skipped") == [market.id]


def test_the_setting_turns_the_gate_off(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    write(tmp_path / "in" / "market.txt", MARKET_STORY)
    report = ingest([tmp_path / "in"], store, settings=settings.with_(gate=False), extractor=blank_extractor)
    [article] = store.list_articles()
    assert article.extracted and article.extract_note is None
    assert (report.gate_passed, report.gate_skipped) == (0, 0) and gate_decisions(store) == {}


@pytest.mark.parametrize(("value", "on"), [("0", False), ("false", False), ("Off", False), ("1", True), ("yes", True)])
def test_the_gate_setting_reads_the_environment(value: str, on: bool) -> None:
    assert Settings.from_env({"ARMSWATCH_GATE": value}).gate is on
    assert Settings.from_env({}).gate is True


def test_an_unreadable_gate_setting_is_an_error() -> None:
    with pytest.raises(ValueError, match="ARMSWATCH_GATE"):
        Settings.from_env({"ARMSWATCH_GATE": "perhaps"})


def test_reextract_twice_adds_the_records_once(
    tmp_path: Path, store: Store, settings: Settings, model_extractor: NlpExtractor
) -> None:
    write(tmp_path / "in" / "fair.txt", FAIR_STORY)
    ingest([tmp_path / "in"], store, settings=settings, extractor=model_extractor)
    [article_id] = _by_title(store).values()
    assert _rows(store, article_id)["claims"] == 0

    first = reextract(store, "gate=skipped", settings=settings, extractor=model_extractor)
    after_first = _rows(store, article_id)
    assert (first.selected, first.extracted) == (1, 1)
    assert after_first["claims"] >= 1 and after_first["mentions"] > 0 and after_first["tokens"] == 1
    article = store.get_article(article_id)
    assert article.extracted and article.extract_note is None
    assert gate_decision(store, article_id)["reextracted_at"]  # type: ignore[index]

    second = reextract(store, "gate=skipped", settings=settings, extractor=model_extractor)
    assert (second.selected, second.extracted) == (0, 0)
    assert _rows(store, article_id) == after_first


def test_reextracting_passed_articles_replaces_their_records(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    write(tmp_path / "in" / "wire.txt", WIRE)
    ingest([tmp_path / "in"], store, settings=settings, extractor=blank_extractor)
    [article_id] = _by_title(store).values()
    before = _rows(store, article_id)
    for _ in range(2):
        report = reextract(store, "gate=passed", settings=settings, extractor=blank_extractor)
        assert report.extracted == 1 and _rows(store, article_id) == before


def test_regate_extracts_only_what_passes_now(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    write(tmp_path / "in" / "market.txt", MARKET_STORY)
    ingest([tmp_path / "in"], store, settings=settings, extractor=blank_extractor)
    report = reextract(store, "gate=skipped", settings=settings, extractor=blank_extractor, regate=True)
    assert (report.selected, report.extracted, report.still_skipped) == (1, 0, 1)
    assert len(articles_where(store, "gate=skipped")) == 1


@pytest.mark.sqlite_only("replays SQLite's migrations")
def test_the_gate_migration_adds_a_table_to_an_existing_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    before = [(name, fn) for name, fn in MIGRATIONS if name != "m008_gate_decisions"]
    for name, fn in before:
        with db:
            fn(db)
            db.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
    db.close()
    with Store.open(path) as store:
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "gate_decisions" in tables
        assert apply_migrations(store.db) == []  # recorded: it runs once


def test_cli_shows_the_gate_and_reextracts(db_target: DbTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARMSWATCH_NLP_MODEL", "blank:en")
    runner = CliRunner()
    db = str(db_target("a"))
    write(tmp_path / "in" / "market.txt", MARKET_STORY)
    result = runner.invoke(cli, ["ingest", str(tmp_path / "in"), "--db", db])
    assert result.exit_code == 0 and "1 stored, not extracted" in result.output

    [listed] = json.loads(runner.invoke(cli, ["articles", "--db", db, "--json"]).stdout)
    assert listed["gate"]["decision"] == "skip" and not listed["extracted"]
    assert "[not extracted: relevance gate]" in runner.invoke(cli, ["articles", "--db", db]).output
    shown = runner.invoke(cli, ["show", listed["id"][:8], "--db", db]).output
    assert "gate       skipped: no weapon system or treaty named" in shown

    first = runner.invoke(cli, ["reextract", "--where", "gate=skipped", "--db", db, "--json"])
    second = runner.invoke(cli, ["reextract", "--where", "gate=skipped", "--db", db, "--json"])
    assert json.loads(first.stdout)["extracted"] == 1 and json.loads(second.stdout)["selected"] == 0
    unknown = runner.invoke(cli, ["reextract", "--where", "colour=blue", "--db", db])
    assert unknown.exit_code != 0 and "unknown filter" in unknown.output


def _long_statement() -> str:
    """A made-up fact sheet of 14 paragraphs; one, far down, names a weapon system."""
    filler = [
        "The plan funds {n} new apprenticeships in the building trades across the region.",
        "Grants of up to {n} thousand dollars will help rural clinics hire nurses this year.",
        "The agency will map broadband coverage in {n} counties and publish the results.",
    ]
    parts = ["Plan for jobs and clinics", "The Secretary announced a plan for jobs and clinics on Monday."]
    parts += [filler[i % 3].format(n=i + 10) for i in range(12)]
    parts[10] = "The partners will also speed deliveries of Patriot interceptors to an ally under attack."
    return "\n\n".join(parts) + "\n"


def test_a_long_article_is_parsed_in_windows_with_offsets_into_the_whole_body(
    tmp_path: Path, store: Store, settings: Settings, blank_extractor: NlpExtractor
) -> None:
    write(tmp_path / "in" / "plan.txt", _long_statement())
    report = ingest([tmp_path / "in"], store, settings=settings, extractor=blank_extractor)
    assert report.gate_passed == 1
    article = store.get_article(_by_title(store)["Plan for jobs and clinics"])
    assert article.extracted and "apprenticeships" in article.body  # stored whole
    decision = gate_decision(store, article.id)
    assert decision is not None and "parsed in 2 windows" in decision["reason"]
    sentences = store.mentions(article.id, kind="sentence")
    assert sentences and all(article.body[m["start"] : m["end"]] == m["text"] for m in sentences)
    parsed = " ".join(m["text"] for m in sentences)
    assert "Patriot interceptors" in parsed and "announced a plan" in parsed
    assert "broadband" not in parsed  # far from the weapons paragraph: not parsed
    systems = store.mentions(article.id, kind="system")
    assert [article.body[m["start"] : m["end"]] for m in systems] == ["Patriot"]
    whole = Store.open(tmp_path / "whole.db")
    ingest([tmp_path / "in"], whole, settings=settings.with_(gate=False), extractor=blank_extractor)
    assert "broadband" in " ".join(m["text"] for m in whole.mentions(article.id, kind="sentence"))
    whole.close()
