"""Reviews change what every reader shows, never the machine's record, and outlive re-extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armswatch.errors import ReviewError
from armswatch.kb import load_kb
from armswatch.ledger import build_ledger, to_geojson
from armswatch.reextract import reextract
from armswatch.review import export_reviews, import_reviews, review_record
from armswatch.store import Store
from armswatch.store.dialect import INTEGRITY_ERRORS
from armswatch.store.gate import record_gate
from armswatch.store.reviews import history, list_reviews
from armswatch.views import article_view, claims_view, deployments_view

from .conftest import BODY, URL, ScriptedExtractor, fill, record_id
from ..store.targets import DbTarget

KB = load_kb()


def _ledger(store: Store) -> dict[tuple[str, str], object]:
    return {(a.by, a.system): a for a in build_ledger(store, kb=KB)}


def _review(store: Store, kind: str, rid: int, action: str, **values: object) -> dict[str, object]:
    return review_record(store, KB, kind=kind, record_id=rid, action=action, values=values or None, reviewer="ana",
                         comment="checked against the ministry's map")


def test_a_corrected_place_moves_the_ledger_row_and_keeps_the_machine_record(filled: Store) -> None:
    rid = record_id(filled, "deployments", by_state="RU")
    assert _ledger(filled)[("RU", "ru.s-400")].place == "Pskov"  # type: ignore[attr-defined]
    review = _review(filled, "deployment", rid, "correct", place="Kaliningrad")
    row = _ledger(filled)[("RU", "ru.s-400")]
    assert (row.place, row.place_id, round(row.lat)) == ("Kaliningrad", "gn:554234", 55)  # type: ignore[attr-defined]
    assert row.reviewed and row.reviews == [review["id"]]  # type: ignore[attr-defined]
    assert row.sources[0]["reviewed"] and row.sources[0]["review_id"] == review["id"]  # type: ignore[attr-defined]
    # the ledger near the new place finds it; near the old one it is gone
    assert [a.place for a in deployments_view(filled, KB, near="Kaliningrad", km=50)] == ["Kaliningrad"]
    assert deployments_view(filled, KB, near="Pskov", km=50) == []
    # the machine's record is untouched; the review holds both values
    assert filled.db.execute("SELECT place FROM deployments WHERE id = ?", (rid,)).fetchone() == ("Pskov",)
    assert review["before"]["place"] == "Pskov" and review["after"]["place"] == "Kaliningrad"  # type: ignore[index]
    # exports say it too
    [feature] = [f for f in to_geojson(build_ledger(filled, kb=KB))["features"] if f["properties"]["by"] == "RU"]
    assert feature["properties"]["reviewed"] and feature["geometry"]["coordinates"][1] == pytest.approx(54.70639)


def test_a_rejected_record_leaves_the_ledger_and_the_listings(filled: Store) -> None:
    drill = record_id(filled, "deployments", by_state="BY")
    _review(filled, "deployment", drill, "reject")
    assert ("BY", "ru.iskander-m") not in _ledger(filled)
    claim = record_id(filled, "claims", stance="deny")
    assert claims_view(filled, KB, stance="deny")
    _review(filled, "claim", claim, "reject")
    assert claims_view(filled, KB) == []
    assert _ledger(filled)[("RU", "ru.s-400")].contradictions == []  # type: ignore[attr-defined]
    # the article view still shows both, marked, so a reviewer sees what was rejected
    article = article_view(filled, filled.list_articles()[0].id)
    assert [d["rejected"] for d in article["deployments"]] == [False, True]
    assert article["claims"][0]["rejected"] is True


def test_a_confirmed_record_is_flagged_and_unchanged(filled: Store) -> None:
    rid = record_id(filled, "deployments", by_state="RU")
    review = _review(filled, "deployment", rid, "confirm")
    row = _ledger(filled)[("RU", "ru.s-400")]
    assert (row.place, row.status, row.reviewed) == ("Pskov", "in_place", True)  # type: ignore[attr-defined]
    assert review["before"] == review["after"]
    assert _ledger(filled)[("BY", "ru.iskander-m")].reviewed is False  # type: ignore[attr-defined]


def test_a_claims_stance_and_speaker_can_be_corrected(filled: Store) -> None:
    claim = record_id(filled, "claims", stance="deny")
    _review(filled, "claim", claim, "correct", stance="assert", speaker="Belarus")
    [row] = claims_view(filled, KB)
    assert (row["speaker"], row["speaker_kind"], row["stance"], row["reviewed"]) == ("BY", "actor", "assert", True)
    assert claims_view(filled, KB, stance="deny") == [] and claims_view(filled, KB, speaker="BY")
    assert _ledger(filled)[("RU", "ru.s-400")].contradictions == []  # type: ignore[attr-defined]


def test_reviews_are_append_only_and_the_latest_is_in_force(filled: Store) -> None:
    rid = record_id(filled, "deployments", by_state="RU")
    first = _review(filled, "deployment", rid, "correct", status="withdrawn")
    second = _review(filled, "deployment", rid, "correct", place="Kaliningrad")
    assert second["before"] == first["after"]  # each review starts from what was shown
    assert second["after"]["status"] == "withdrawn"  # type: ignore[index]
    assert [r["id"] for r in history(filled, first["record_key"])] == [first["id"], second["id"]]  # type: ignore[arg-type]
    row = _ledger(filled)[("RU", "ru.s-400")]
    assert (row.place, row.status) == ("Kaliningrad", "withdrawn")  # type: ignore[attr-defined]
    for sql in ("UPDATE reviews SET reviewer = 'mallory'", "DELETE FROM reviews"):
        with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
            filled.db.execute(sql)
    assert {r["reviewer"] for r in list_reviews(filled)} == {"ana"}


@pytest.mark.parametrize("values, message", [
    ({"colour": "red"}, "cannot correct colour"),
    ({"system": "Nonexistent-9"}, "not a known system"),
    ({"status": "rumoured"}, "must be one of"),
    ({"place": "Qqqxyzzyville"}, "no site, state or place"),
    ({"place": "Somewhere", "lat": 123.0, "lon": 10.0}, "between -90 and 90"),
    ({"status": "in_place"}, "changes nothing"),
])
def test_a_correction_that_cannot_be_used_is_refused(filled: Store, values: dict[str, object], message: str) -> None:
    rid = record_id(filled, "deployments", by_state="RU")
    with pytest.raises(ReviewError, match=message):
        _review(filled, "deployment", rid, "correct", **values)
    assert list_reviews(filled) == []


def test_a_review_of_no_record_is_refused(filled: Store) -> None:
    with pytest.raises(ReviewError, match="no deployment with id 999"):
        _review(filled, "deployment", 999, "confirm")
    with pytest.raises(ReviewError, match="values are for corrections"):
        _review(filled, "deployment", record_id(filled, "deployments", by_state="RU"), "reject", status="planned")


def test_re_extraction_keeps_the_reviews(filled: Store) -> None:
    rid = record_id(filled, "deployments", by_state="RU")
    _review(filled, "deployment", rid, "correct", place="Kaliningrad")
    _review(filled, "deployment", record_id(filled, "deployments", by_state="BY"), "reject")
    article = filled.list_articles()[0]
    with filled.transaction():
        record_gate(filled, article.id, "pass", "test", "test-gate")
    report = reextract(filled, "gate=passed", extractor=ScriptedExtractor(reverse=True))  # type: ignore[arg-type]
    assert report.extracted == 1
    # new rows: on SQLite the rowid the review was made on now belongs to the other deployment;
    # PostgreSQL's identity columns never reuse an id, so there it belongs to no row at all
    reused = record_id(filled, "deployments", by_state="BY") == rid
    assert reused if filled.dialect == "sqlite" else rid not in {r["id"] for r in filled.deployment_reports()}
    ledger = _ledger(filled)
    assert list(ledger) == [("RU", "ru.s-400")] and ledger[("RU", "ru.s-400")].place == "Kaliningrad"  # type: ignore[attr-defined]


def test_a_new_version_of_the_article_keeps_the_reviews_of_what_it_repeats(filled: Store, tmp_path: Path) -> None:
    _review(filled, "deployment", record_id(filled, "deployments", by_state="RU"), "correct", place="Kaliningrad")
    fill(filled, tmp_path, body=BODY + " A correction was appended later.", name="wire-v2.jsonl")
    assert [v for _, v in filled.versions(URL)] == [1, 2]
    places = {r["place"] for r in filled.deployment_reports()}
    assert places == {"Pskov", "Brest"}  # the machine read the same in both versions
    ledger = _ledger(filled)
    assert ledger[("RU", "ru.s-400")].place == "Kaliningrad"  # type: ignore[attr-defined]
    assert all(s["reviewed"] for s in ledger[("RU", "ru.s-400")].sources)  # type: ignore[attr-defined]


def test_a_review_does_not_follow_a_record_the_machine_now_reads_differently(filled: Store, tmp_path: Path) -> None:
    """The identity holds the machine's values: when the machine reads the sentence another
    way, that is a new record for a person to review, and the old review stays in history."""
    _review(filled, "deployment", record_id(filled, "deployments", by_state="RU"), "reject")
    assert ("RU", "ru.s-400") not in _ledger(filled)
    with filled.transaction():
        filled.db.execute("UPDATE deployments SET status = 'planned' WHERE by_state = 'RU'")  # as a new extractor might
    assert _ledger(filled)[("RU", "ru.s-400")].status == "planned"  # type: ignore[attr-defined]
    assert len(list_reviews(filled)) == 1


def test_export_then_import_moves_reviews_between_stores_once(db_target: DbTarget, filled: Store, tmp_path: Path) -> None:
    _review(filled, "deployment", record_id(filled, "deployments", by_state="RU"), "correct", place="Kaliningrad")
    _review(filled, "claim", record_id(filled, "claims", stance="deny"), "confirm")
    out = tmp_path / "reviews.jsonl"
    assert export_reviews(filled, out) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {line["action"] for line in lines} == {"correct", "confirm"} and all("seq" not in line for line in lines)
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    with Store.open(db_target("other")) as other:
        fill(other, other_folder)
        assert import_reviews(other, out) == (2, 0)
        assert import_reviews(other, out) == (0, 2)  # idempotent
        assert len(list_reviews(other)) == 2
        assert _ledger(other)[("RU", "ru.s-400")].place == "Kaliningrad"  # type: ignore[attr-defined]
        assert claims_view(other, KB)[0]["reviewed"] is True
        export_reviews(other, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"id": "x"}', "missing"),
])
def test_a_bad_import_line_stops_the_import(filled: Store, tmp_path: Path, line: str, message: str) -> None:
    _review(filled, "deployment", record_id(filled, "deployments", by_state="RU"), "confirm")
    good = tmp_path / "good.jsonl"
    export_reviews(filled, good)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good.read_text(encoding="utf-8").replace("ana", "bob") .replace('"id": "', '"id": "x') + line + "\n",
                   encoding="utf-8")
    with pytest.raises(ReviewError, match=f"line 2: {message}"):
        import_reviews(filled, bad)
    assert len(list_reviews(filled)) == 1  # nothing of the bad file was stored
