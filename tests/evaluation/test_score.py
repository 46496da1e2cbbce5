"""The matching rules of shared/eval/SCHEMA.md, on hand-made gold and predictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from armswatch.errors import GoldFormatError
from armswatch.evaluation import load_gold
from armswatch.evaluation.score import Matcher, haversine_km, match_items, singular
from armswatch.kb import load_kb


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_kb())


def test_systems_match_through_aliases(matcher: Matcher) -> None:
    result = match_items(["9M729", "S-400", "Iskander-M"], ["SSC-8", "SA-21", "Iskander-K"], matcher.same_system)
    assert (result.score.tp, result.score.fp, result.score.fn) == (2, 1, 1)


def test_unresolvable_names_never_match(matcher: Matcher) -> None:
    result = match_items(["Wunderwaffe-9"], ["Wunderwaffe-9"], matcher.same_system)
    assert (result.score.tp, result.score.fp, result.score.fn) == (0, 1, 1)


def test_person_speakers_match_on_family_name_and_states_on_aliases(matcher: Matcher) -> None:
    assert matcher.same_claim({"speaker": "Anna Orlova", "stance": "deny"}, {"speaker": "Orlova", "stance": "deny"})
    assert matcher.same_claim({"speaker": "RU", "stance": "deny"}, {"speaker": "Moscow", "stance": "deny"})
    assert matcher.same_claim({"speaker": "NATO", "stance": "accuse"}, {"speaker": "Nato", "stance": "accuse"})
    assert not matcher.same_claim({"speaker": "RU", "stance": "deny"}, {"speaker": "Moscow", "stance": "accuse"})


def test_claims_count_once_per_speaker_and_stance(matcher: Matcher) -> None:
    claims = [{"speaker": "US", "stance": "deny"}, {"speaker": "Washington", "stance": "deny"}, {"speaker": "US", "stance": "assert"}]
    assert len(matcher.dedupe_claims(claims)) == 2


def test_places_match_by_name_or_within_100_km(matcher: Matcher) -> None:
    gold = {"by": "RU", "system": "Iskander", "where": "Luga", "lat": 58.74, "lon": 29.85, "status": "in_place"}
    near = {"by": "Russia", "system": "9K720", "where": "Luga garrison", "lat": 58.9, "lon": 30.2, "status": "planned"}
    far = dict(near, lat=55.75, lon=37.62)
    assert matcher.same_deployment(gold, near)
    assert not matcher.same_deployment_status(gold, near)
    assert not matcher.same_deployment(gold, far)
    assert matcher.same_deployment({"by": "RU", "system": "9M729", "where": "RU"}, {"by": "RU", "system": "SSC-8", "where": "Russia"})


def test_counts_units_and_allegations(matcher: Matcher) -> None:
    assert matcher.same_count({"system": "9M729", "unit": "missile", "count": 64}, {"system": "SSC-8", "unit": "missiles", "count": "64"})
    assert singular("batteries") == "battery" and singular("launchers") == "launcher"
    gold = {"treaty": "INF", "accused": "RU", "by": ["US"], "system": None}
    assert matcher.same_allegation(gold, {"treaty": "Intermediate-Range Nuclear Forces Treaty", "accused": "Russia", "system": "9M729"})
    assert matcher.same_treaty_action(
        {"treaty": "INF", "party": "US", "action": "withdraw"}, {"treaty": "INF Treaty", "party": "Washington", "action": "withdraw"}
    )


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)


def test_gold_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="no gold.jsonl"):
        load_gold(tmp_path)
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc": "a.txt"}) + "\n{broken\n")
    with pytest.raises(GoldFormatError, match="line 2"):
        load_gold(tmp_path)
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc": "missing.txt"}) + "\n")
    with pytest.raises(GoldFormatError, match="missing.txt"):
        load_gold(tmp_path)


def test_missing_lists_are_not_scored(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc": "a.txt", "systems": []}) + "\n")
    [gold] = load_gold(tmp_path)
    assert gold.lists == {"systems": []} and gold.corrections is None
