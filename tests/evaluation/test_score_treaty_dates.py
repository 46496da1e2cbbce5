"""A gold treaty name that several agreements share is read at the gold item's date."""

from __future__ import annotations

from armswatch.evaluation.score import Matcher
from armswatch.kb import load_kb


def test_shared_treaty_name_is_resolved_by_the_gold_date() -> None:
    matcher = Matcher(load_kb())
    gold = {"treaty": "Paris Agreement", "party": "IR", "action": "sign", "date": "2004-11-15"}
    assert matcher.same_treaty_action(gold, {"treaty": "paris-agreement-2004", "party": "IR", "action": "sign"})
    assert not matcher.same_treaty_action(gold, {"treaty": "paris-agreement-2015", "party": "IR", "action": "sign"})
    undated = {**gold, "date": None}
    assert matcher.same_treaty_action(undated, {"treaty": "paris-agreement-2015", "party": "IR", "action": "sign"})
    # a name only one agreement claims is not moved by a date
    assert matcher.dated_treaty("INF", "2019-02-02") == "inf"
