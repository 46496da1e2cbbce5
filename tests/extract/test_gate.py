"""The relevance gate's decision on articles written for these tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from armswatch.extract.gate import (
    RelevanceGate,
    load_vocabulary,
    masked,
    paragraph_spans,
    remember_scan,
    take_scan,
)
from armswatch.kb import load_kb
from armswatch.kb.gazetteer import Gazetteer

WEAPON_STORY = (
    "Army moves air defences north\n\n"
    "The defence ministry said on Tuesday that two S-400 batteries had been moved to an airbase "
    "near the northern border, days after a neighbour tested a new rocket."
)
SPORTS_STORY = (
    "Late goal sends the home side top\n\n"
    "A header in stoppage time gave the home side a 2-1 win on Saturday and lifted them to the top "
    "of the table. The visitors had led at half-time after a penalty, but the manager said his "
    "players never stopped believing. The two sides meet again in the cup next month."
)
# A crisis told with the words of war and no weapon name.
CRISIS_NARRATIVE = (
    "Background: tension between the two states had grown for a year over the disputed valley.\n\n"
    "The crisis began when troops of the northern state crossed the border and attacked a garrison. "
    "The southern government mobilized its army and threatened retaliation; its forces counter-attacked "
    "within two days. Fighting spread along the frontier, and the conflict escalated when both sides "
    "moved armoured brigades forward. The Security Council called for an end to hostilities, and the "
    "crisis ended when a mediator persuaded both sides to pull their forces back."
)
TREATY_STORY = (
    "The two presidents signed the New START treaty extension on Wednesday, keeping in place the limits "
    "on deployed strategic forces for another five years."
)
# An arms-control story with no name the knowledge base holds.
ARMS_CONTROL_WORDS = (
    "Negotiators from the two capitals agreed on a framework for arms control talks that would cap "
    "nuclear warheads and set up inspections of disarmament sites, officials said."
)
SHORT_LAUNCH = "The neighbour fired two ballistic missiles into the sea early on Sunday, the military said."
BUDGET_NOTE = (
    "The council approved the budget on Monday. The plan includes new funding for schools, a strategic "
    "review of the bus network and a security upgrade at the town hall; officials said the launch of the "
    "new library would come in the spring. Veterans of the 1990s flood relief effort were thanked."
)


@pytest.fixture(scope="module")
def gate() -> RelevanceGate:
    return RelevanceGate()


def test_weapon_story_passes_on_the_name_the_knowledge_base_finds(gate: RelevanceGate) -> None:
    decision = gate.decide(WEAPON_STORY)
    assert decision.passed
    assert "S-400 (system)" in decision.reason
    assert any(f.id == "ru.s-400" for f in decision.found)


def test_sports_story_fails_with_its_reason(gate: RelevanceGate) -> None:
    decision = gate.decide(SPORTS_STORY, "Late goal sends the home side top")
    assert not decision.passed
    assert decision.reason.startswith("no weapon system or treaty named; vocabulary strong 0, total 0")


def test_crisis_narrative_without_a_weapon_name_passes_on_its_words(gate: RelevanceGate) -> None:
    decision = gate.decide(CRISIS_NARRATIVE)
    assert not any(f.kind in ("system", "treaty") for f in decision.found)
    assert decision.passed, decision.reason
    assert decision.reason.startswith("vocabulary") and "crisis x" in decision.reason


def test_arms_control_stories_pass_by_treaty_name_or_by_words(gate: RelevanceGate) -> None:
    named = gate.decide(TREATY_STORY)
    assert named.passed and "(treaty)" in named.reason
    worded = gate.decide(ARMS_CONTROL_WORDS)
    assert worded.passed and "arms control x1" in worded.reason


def test_a_short_launch_report_passes_on_two_strong_words(gate: RelevanceGate) -> None:
    assert gate.decide(SHORT_LAUNCH).passed


def test_words_that_government_prose_uses_otherwise_do_not_pass(gate: RelevanceGate) -> None:
    decision = gate.decide(BUDGET_NOTE)
    assert not decision.passed, decision.reason


def test_one_repeated_word_counts_at_most_three_times() -> None:
    vocabulary = load_vocabulary()
    once = vocabulary.score("war")
    many = vocabulary.score(" ".join(["war"] * 20))
    assert many.total == 3 * once.total and many.counts["war"] == 20


def test_longest_term_wins_and_hyphens_match_spaces() -> None:
    score = load_vocabulary().score("cruise missiles and an air-defence radar")
    assert score.counts["cruise missile*"] == 1 and "missile*" not in score.counts
    assert score.counts["air defence"] == 1


def test_the_title_counts_for_the_words(gate: RelevanceGate) -> None:
    body = "Officials met on Monday."
    assert not gate.decide(body).passed
    assert gate.decide(body, "Ballistic missile launch condemned").passed


def test_an_open_ended_term_needs_enough_letters(tmp_path: Path) -> None:
    path = tmp_path / "gate.toml"
    path.write_text(
        'strong_score = 6\ntotal_score = 18\nmax_per_term = 3\n[weights]\nstrong = 3\n[terms]\nstrong = ["wa*"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="open-ended term"):
        load_vocabulary(path)


def test_the_scan_is_handed_over_once_and_only_to_the_same_gazetteer(gate: RelevanceGate) -> None:
    decision = gate.decide(WEAPON_STORY)
    remember_scan(WEAPON_STORY, decision, gate)
    other = Gazetteer(load_kb().treaties.values())
    assert take_scan(WEAPON_STORY, other) is None  # taken out, but not given to another gazetteer
    remember_scan(WEAPON_STORY, decision, gate)
    assert take_scan(WEAPON_STORY, gate.gazetteer) == decision.found
    assert take_scan(WEAPON_STORY, gate.gazetteer) is None


def test_a_body_in_another_language_passes_for_the_parser_to_decide(gate: RelevanceGate) -> None:
    decision = gate.decide(SPORTS_STORY, language="de")
    assert decision.passed and "English only" in decision.reason
    assert not gate.decide(SPORTS_STORY, language="en").passed


# A long fact sheet with one paragraph on weapons, invented for these tests.
_FILLER = [
    "The programme funds {n} new apprenticeships in the building trades across the region.",
    "Grants of up to {n} thousand dollars will help rural clinics hire nurses and buy equipment.",
    "The agency will publish a report on broadband coverage in {n} counties by the autumn.",
    "Officials expect the new rail link to cut commuting times by {n} minutes on weekdays.",
]


def _fact_sheet(weapons_at: int, paragraphs: int = 14) -> str:
    parts = ["FACT SHEET: A plan for jobs, clinics and trains, announced on Monday by the Secretary."]
    for i in range(1, paragraphs):
        parts.append(_FILLER[i % len(_FILLER)].format(n=i + 10))
    parts[weapons_at] = "The allies also agreed to speed deliveries of Patriot interceptors to a partner under attack."
    return "\n\n".join(parts)


def test_a_long_article_with_one_weapons_paragraph_is_parsed_in_windows(gate: RelevanceGate) -> None:
    body = _fact_sheet(weapons_at=8)
    decision = gate.decide(body)
    assert decision.passed and "parsed in 2 windows" in decision.reason
    paragraphs = paragraph_spans(body)
    assert decision.windows == ((0, paragraphs[0][1]), (paragraphs[7][0], paragraphs[9][1]))
    text = decision.parse_text(body)
    assert len(text) == len(body) and text.count("\n") == body.count("\n")  # offsets and breaks are the body's
    for start, end in decision.windows:
        assert text[start:end] == body[start:end]
    far = paragraphs[4]
    assert text[far[0] : far[1]].strip() == "" and body[far[0] : far[1]].strip() != ""
    assert "Patriot interceptors" in text and "apprenticeships" not in text


def test_the_scan_handed_over_is_the_windows_part_under_the_parsed_text(gate: RelevanceGate) -> None:
    body = _fact_sheet(weapons_at=8)
    decision = gate.decide(body)
    remember_scan(body, decision, gate)
    assert take_scan(body, gate.gazetteer) is None  # the parser never reads the whole body
    remember_scan(body, decision, gate)
    handed = take_scan(decision.parse_text(body), gate.gazetteer)
    assert handed is not None and any(f.kind == "system" for f in handed)
    assert all(any(s <= f.start and f.end <= e for s, e in decision.windows) for f in handed)


def test_short_or_dense_articles_and_word_only_passes_are_parsed_whole(gate: RelevanceGate) -> None:
    assert gate.decide(_fact_sheet(weapons_at=3, paragraphs=6)).windows == ()  # too few paragraphs
    dense = "\n\n".join(f"Paragraph {i}: the battery of S-400 launchers moved again." for i in range(12))
    assert gate.decide(dense).windows == ()  # the windows would keep it all
    crisis = "\n\n".join([CRISIS_NARRATIVE] + [_FILLER[i % 4].format(n=i) for i in range(12)])
    decision = gate.decide(crisis)
    assert decision.passed and decision.reason.startswith("vocabulary") and decision.windows == ()


def test_a_gate_without_the_window_rule_parses_every_body_whole() -> None:
    decision = RelevanceGate(windows=False).decide(_fact_sheet(weapons_at=8))
    assert decision.passed and decision.windows == ()
    assert decision.parse_text("body") == "body"


def _transcript() -> list[str]:
    parts = ["The briefing began at noon."]
    parts += ["MS. RIVERA: Good afternoon. " + _FILLER[0].format(n=1) * 3]  # the opening
    parts += ["Q Thank you. A question on the budget."]
    parts += ["MS. RIVERA: Thanks for the question. Let me start with the budget."]
    parts += [_FILLER[i % 4].format(n=i) for i in range(6)]
    parts += ["We have also sent more Patriot interceptors this week."]  # still Ms. Rivera's turn
    parts += [_FILLER[i % 4].format(n=i + 20) for i in range(4)]
    parts += ["Q And on the clinics?"]
    parts += ["MR. OKAFOR: " + _FILLER[1].format(n=30)]
    parts += [_FILLER[i % 4].format(n=i + 40) for i in range(40)]
    return parts


def test_a_transcript_keeps_the_turn_and_the_question_of_each_hit(tmp_path: Path) -> None:
    parts = _transcript()
    body = "\n\n".join(parts)
    rule = RelevanceGate().window_rule
    assert rule is not None
    head = len(parts[0]) + 2 + 40  # the opening reaches into the second paragraph only
    gate = RelevanceGate(windows=replace(rule, transcript_head=head))
    decision = gate.decide(body)
    assert decision.passed and decision.windows, decision.reason
    text = decision.parse_text(body)
    spans = paragraph_spans(body)
    kept = [i for i, (s, e) in enumerate(spans) if text[s:e] == body[s:e]]
    hit = parts.index("We have also sent more Patriot interceptors this week.")
    # the lead and the opening, the question, the answer from its label to the hit, and a neighbour
    assert kept == [0, 1, *range(2, hit + 2)]
    assert "MR. OKAFOR" not in text and "And on the clinics" not in text
    whole = RelevanceGate(windows=replace(rule, transcript_head=-1)).decide(body)
    assert whole.windows == ()  # transcripts parsed whole, as before the rule
    untitled = body.replace("Q Thank you. A question", "Thank you for a question").replace("Q And on", "And on")
    for label in ("MS. RIVERA: ", "MR. OKAFOR: "):
        untitled = untitled.replace(label, "")  # no label: not a transcript, plain windows
    plain = gate.decide(untitled)
    assert plain.windows and "Let me start with the budget" not in plain.parse_text(untitled)


def test_masking_blanks_all_but_line_breaks() -> None:
    assert masked("ab\ncd\n\nef", ((3, 5),)) == "  \ncd\n\n  "
