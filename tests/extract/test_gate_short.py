"""Short official texts that speak of weapons in a few plain words pass the gate.

Every text here was written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.extract.gate import RelevanceGate, load_vocabulary

# A notice of two paragraphs: two kinds of weapons words, no name, no strong term.
NOTICE = (
    "The emergency declared with respect to the northern region is to continue in effect for one year.\n\n"
    "The continuing supply of arms to armed groups in the region, including ever more capable weapons, "
    "undermines its stability and threatens the security of its neighbours."
)
# As short, but only words of war and statecraft in general: nothing names a weapon.
GENERAL = (
    "The war of words between the two parties entered a new phase on Monday as the crisis over the "
    "budget deepened; the committee chair said the attack on her proposal was a threat to the county."
)
# One kind of weapons word only, repeated.
ONE_KIND = "The museum will open a new wing on the history of weapons. Weapons from five centuries are shown."


@pytest.fixture(scope="module")
def gate() -> RelevanceGate:
    return RelevanceGate()


def test_a_short_notice_with_two_kinds_of_weapons_words_passes(gate: RelevanceGate) -> None:
    decision = gate.decide(NOTICE)
    assert decision.passed, decision.reason
    assert decision.reason.startswith("short text") and "2 kinds" in decision.reason


def test_words_of_war_in_general_or_one_kind_of_weapon_do_not_pass(gate: RelevanceGate) -> None:
    assert not gate.decide(GENERAL).passed
    assert not gate.decide(ONE_KIND).passed


def test_the_same_words_in_a_long_text_do_not_pass(gate: RelevanceGate) -> None:
    filler = "\n\n".join(
        f"Paragraph {n}: the agency reported on its grants to schools, clinics and libraries for the year." for n in range(60)
    )
    long_text = NOTICE + "\n\n" + filler
    assert len(long_text) > load_vocabulary().short_chars
    assert not gate.decide(long_text).passed


def test_a_strong_term_counts_as_one_kind() -> None:
    vocabulary = load_vocabulary()
    score = vocabulary.score("A missile and two missiles, and a drone.")
    assert vocabulary.weapon_kinds(score) == 2  # "missile*" (strong) and "drone*" (materiel)


def test_materiel_words_must_be_support_terms(tmp_path: Path) -> None:
    path = tmp_path / "gate.toml"
    path.write_text(
        'strong_score = 6\ntotal_score = 18\nmax_per_term = 3\n[weights]\nstrong = 3\nsupport = 1\n'
        '[terms]\nstrong = ["missile*"]\nsupport = ["arms"]\n[short]\nmax_chars = 4000\nkinds = 2\n'
        'materiel = ["arms", "cannon"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="cannon"):
        load_vocabulary(path)
