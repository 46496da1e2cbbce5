"""Claims as scored candidates: the evidence of each candidate, the (speaker, stance) pair
vector, keeping and dropping by the model, the weights file, the training script's data,
and the fall-back to the rules. Sentences written for these tests."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract import claim_scorer
from armswatch.extract.claim_scorer import (
    FEATURES, GENRES, WEIGHTS_FILE, Candidate, Evidence, Scorer, active_scorer, group, load_scorer, pair_vector, vector,
)
from armswatch.extract.claims import claim_candidates, extract_claims
from armswatch.extract.logistic import fit

REPO = Path(__file__).resolve().parents[2]

STATEMENT_TITLE = "Statement from President Anna Velkova on the Missile Launch"
STATEMENT = (
    "We condemn the ballistic missile launch that Pyongyang carried out this morning in the strongest terms. "
    "The launch violated several resolutions of the Security Council. "
    "We will deploy additional Patriot batteries to the region next month. "
    "Officials in the port city said the weather was lovely this week."
)
BRIEFING = (
    "MS. OKAFOR:  Good afternoon. We will send two more Patriot batteries to Poland next month.\n\n"
    "Q    Is Russia violating the treaty with these launchers?\n\n"
    "MS. OKAFOR:  Russia is in clear violation of the treaty, and it should return to compliance.\n"
)
NEWS = "Russia's foreign ministry denied on Tuesday that it had moved Iskander launchers closer to the border."


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("train_claim_scorer", REPO / "scripts" / "train_claim_scorer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_claim_scorer", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def candidates_of(model_extractor: NlpExtractor) -> Any:
    def read(text: str, title: str | None = None, published: str | None = "2025-05-02") -> list[Candidate]:
        return claim_candidates(model_extractor.nlp(text), title=title, published=published)

    return read


def _evidence(origin: str = "speech", stance: str = "assert", speaker_kind: str = "person",
              genre: str = "statement", **values: Any) -> Evidence:
    return Evidence(origin=origin, stance=stance, speaker_kind=speaker_kind, genre=genre, **values)


def _scorer(**weights: float) -> Scorer:
    """A hand-set model: the named weights, the rest zero, bias 0, threshold 0.5."""
    table = np.zeros(len(FEATURES) + 1)
    for name, value in weights.items():
        table[FEATURES.index(name)] = value
    return Scorer(table, 0.5, True)


# ----- the evidence of each candidate -----


def test_a_statement_s_voice_is_its_issuer_s_and_the_genre_is_read(candidates_of: Any) -> None:
    found = candidates_of(STATEMENT, title=STATEMENT_TITLE)
    voiced = [c for c in found if c.claim.speaker == "Anna Velkova"]
    assert voiced and all(c.evidence.genre == "statement" and c.evidence.speaker_issuer for c in voiced)
    assert all(c.evidence.speaker_in_title and c.evidence.origin == "statement" for c in voiced)
    assert any(c.evidence.about_schema for c in voiced)  # "Patriot batteries" is a weapon of the schema
    assert any(c.evidence.first_person for c in voiced)


def test_a_briefing_s_answers_are_turns_and_its_genre_briefing(candidates_of: Any) -> None:
    found = candidates_of(BRIEFING)
    assert found and {c.evidence.genre for c in found} == {"briefing"}
    assert {c.evidence.origin for c in found} == {"briefing"}
    assert not any("?" in c.claim.content for c in found)  # the reporter's question is no candidate


def test_news_and_an_undated_narrative_differ_in_genre(candidates_of: Any) -> None:
    dated = candidates_of(NEWS)
    undated = candidates_of(NEWS, published=None)
    assert dated and {c.evidence.genre for c in dated} == {"news"}
    assert {c.evidence.genre for c in undated} == {"narrative"}
    denial = next(c for c in dated if c.claim.stance == "deny")
    assert denial.evidence.origin == "speech" and denial.evidence.speaker_kind == "state"
    assert denial.evidence.speaker_in_sentence and denial.evidence.stance_by_cue


def test_pair_support_and_shares_count_the_documents_candidates(candidates_of: Any) -> None:
    text = ("Norway said on Monday it would send NASAMS launchers to Ukraine. "
            "Norway also said the launchers would arrive before winter. "
            "Sweden accused Moscow of violating the treaty.")
    found = candidates_of(text)
    by_speaker = {c.claim.speaker: c.evidence for c in found}
    assert by_speaker["NO"].main_speaker and not by_speaker["SE"].main_speaker
    assert by_speaker["NO"].speaker_share > by_speaker["SE"].speaker_share
    assert by_speaker["SE"].target and by_speaker["SE"].stance == "accuse"


# ----- vectors -----


def test_the_vector_sets_one_slot_per_category_and_scales_counts() -> None:
    named = dict(zip(FEATURES, vector(_evidence("quote", "deny", "body", "briefing", pair_support=20, length=300))))
    assert named["origin_quote"] == named["stance_deny"] == named["speaker_body"] == named["genre_briefing"] == 1.0
    assert sum(named[f"origin_{o}"] for o in claim_scorer.ORIGINS) == 1.0
    assert named["pair_support"] == 1.0 and named["length"] == 0.5
    assert dict(zip(FEATURES, vector(_evidence(pair_support=1))))["pair_support"] < 0.3


def test_a_pairs_vector_takes_the_most_the_share_and_the_earliest() -> None:
    base = _evidence(position=0.8, question=True, about_schema=False)
    other = replace(base, position=0.2, question=False, about_schema=True)
    claim = _dummy_claim()
    named = dict(zip(FEATURES, pair_vector([Candidate(claim, base), Candidate(claim, other)])))
    assert named["about_schema"] == 1.0  # any of its statements names a weapon
    assert named["question"] == 0.5  # half of them ask
    assert named["position"] == pytest.approx(0.2)  # its first statement


def _dummy_claim(speaker: str = "Ana Diaz", stance: str = "assert") -> Any:
    from armswatch.extract.claim_base import Claim
    from armswatch.extract.stance import Modality

    return Claim(speaker=speaker, speaker_kind="person", speaker_text=speaker, cue="said", stance=stance,
                 stance_evidence="said", content="words", start=0, end=5, target=None, about=(), cited=(),
                 modality=Modality(False, False, False, False, False))


# ----- keeping and dropping -----


def test_an_unresolved_speaker_is_dropped_and_a_named_one_kept(candidates_of: Any) -> None:
    found = candidates_of(STATEMENT, title=STATEMENT_TITLE)
    scorer = _scorer(speaker_unresolved=-4.0, speaker_person=2.0)
    kept = {c.speaker for c in scorer.keep(found)}
    assert "Anna Velkova" in kept
    unresolved = {c.claim.speaker for c in found if c.evidence.speaker_kind == "unresolved"}
    assert unresolved and not unresolved & kept  # "Officials in the port city said": no name the schema can code


def test_a_question_is_dropped_and_an_answer_kept() -> None:
    asked = Candidate(_dummy_claim("Kim Lee", "assert"), _evidence(question=True))
    told = Candidate(_dummy_claim("Ana Diaz", "announce"), _evidence(stance="announce"))
    kept = _scorer(question=-3.0, stance_announce=1.0).keep([asked, told])
    assert [c.speaker for c in kept] == ["Ana Diaz"]


def test_a_pair_is_kept_or_dropped_whole() -> None:
    strong = Candidate(_dummy_claim(), _evidence(about_schema=True))
    weak = Candidate(_dummy_claim(), _evidence(about_schema=False))
    assert len(_scorer(about_schema=3.0).keep([weak, strong])) == 2  # the same (speaker, stance): one decision
    assert len(group([weak, strong])) == 1


def test_the_scorer_leaves_genres_it_was_not_trained_for_to_the_rules() -> None:
    news = Candidate(_dummy_claim(), _evidence(genre="news"))
    statement = Candidate(_dummy_claim("Kim Lee"), _evidence(genre="statement"))
    scorer = replace(_scorer(speaker_person=-5.0), genres=("statement", "briefing"))
    assert [c.speaker for c in scorer.keep([news, statement])] == ["Ana Diaz"]


def test_the_trained_model_learnt_what_an_annotator_codes() -> None:
    """Signs that should survive retraining: a reporter's question, an unnamed speaker and a
    lone reading count against; a pair read many times and a named person count for."""
    weights = dict(zip(FEATURES, load_scorer().weights))
    assert weights["question"] < 0 and weights["speaker_unresolved"] < 0
    assert weights["pair_support"] > 0 and weights["speaker_person"] > weights["speaker_unresolved"]


# ----- the weights file, the training data, the fall-back -----


def test_the_weights_file_loads_and_names_every_feature() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert list(data["weights"]) == [*FEATURES, "bias"]
    scorer = load_scorer()
    assert scorer is not None and scorer.weights.shape == (len(FEATURES) + 1,) and np.all(np.isfinite(scorer.weights))
    assert 0.0 < scorer.threshold < 1.0 and set(scorer.genres) <= set(GENRES)
    again = Scorer.from_json(scorer.to_json())
    assert again.weights.tolist() == scorer.weights.tolist() and again.genres == scorer.genres


def test_the_training_script_reproduces_the_weights_from_its_data() -> None:
    script = _script()
    data = json.loads(script.DATA.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES) and data["genres"] == list(load_scorer().genres)
    x = np.array([row[2] for row in data["rows"]])
    y = np.array([row[1] for row in data["rows"]], dtype=float)
    assert 0 < y.sum() < len(y)
    weights = fit(x, y, l2=data["l2"])
    assert np.allclose(weights, load_scorer().weights, atol=1e-3)
    shuffled = fit(x, y[::-1], l2=data["l2"])
    assert not np.allclose(shuffled, load_scorer().weights, atol=1e-3)  # the labels matter


def test_the_training_data_holds_no_check_half_document() -> None:
    script = _script()
    check = set(script.read_doc_list(REPO / "eval" / "dev-check.txt"))
    halves = [line.split("\t") for line in script.SAMPLE.read_text(encoding="utf-8").splitlines()
              if "\t" in line and not line.startswith("#")]
    check |= {url.strip() for url, half in halves if half.strip() == "check"}
    rows = json.loads(script.DATA.read_text(encoding="utf-8"))["rows"]
    assert check and rows and not check & {row[0] for row in rows}


def test_without_a_weights_file_the_rules_stand_alone(model_extractor: NlpExtractor, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "none.json"
    assert load_scorer(str(missing)) is None and active_scorer(str(missing)) is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load_scorer(str(broken)) is None
    monkeypatch.setattr(claim_scorer, "WEIGHTS_FILE", missing)
    load_scorer.cache_clear()
    try:
        doc = model_extractor.nlp(STATEMENT)
        default = extract_claims(doc, title=STATEMENT_TITLE)
        rules = extract_claims(doc, title=STATEMENT_TITLE, method="rules")
        assert default and [(c.speaker, c.stance, c.start) for c in default] == [(c.speaker, c.stance, c.start) for c in rules]
    finally:
        load_scorer.cache_clear()


def test_the_setting_switches_the_scorer_on_and_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "weights.json"
    path.write_text(_scorer().to_json(), encoding="utf-8")  # enabled in the file
    load_scorer.cache_clear()
    monkeypatch.setenv(claim_scorer.ENV_SETTING, "off")
    assert active_scorer(str(path)) is None
    monkeypatch.setenv(claim_scorer.ENV_SETTING, "on")
    assert active_scorer(str(path)) is not None
    path.write_text(replace(_scorer(), enabled=False).to_json(), encoding="utf-8")
    load_scorer.cache_clear()
    monkeypatch.delenv(claim_scorer.ENV_SETTING)
    assert active_scorer(str(path)) is None
    load_scorer.cache_clear()


def test_the_scorer_method_keeps_a_subset_of_the_rules(model_extractor: NlpExtractor) -> None:
    doc = model_extractor.nlp(STATEMENT)
    rules = {(c.speaker, c.stance) for c in extract_claims(doc, title=STATEMENT_TITLE, method="rules")}
    scored = {(c.speaker, c.stance) for c in extract_claims(doc, title=STATEMENT_TITLE, method="scorer")}
    assert scored <= rules and ("Anna Velkova", "accuse") in rules


def test_the_store_gets_the_kept_claims_and_the_other_extractors_all(model_extractor: NlpExtractor,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A scorer that keeps nothing empties the stored claims, not what the other extractors read."""
    import armswatch.extract.claims as claims_module
    from armswatch.extract.claims import read_claims
    from armswatch.extract.nlp import annotations_from_doc

    nothing = Scorer(np.r_[np.zeros(len(FEATURES)), -50.0], 0.5, True)
    monkeypatch.setattr(claims_module, "active_scorer", lambda: nothing)
    doc = model_extractor.nlp(NEWS)
    everything, stored = read_claims(doc, published="2025-05-02")
    assert everything and stored == []
    seen: list[Any] = []
    monkeypatch.setattr("armswatch.extract.nlp.extract_allegations", lambda _doc, claims: seen.extend(claims) or [])
    annotations = annotations_from_doc(doc, "test", published="2025-05-02")
    assert annotations.claims == () and [c.stance for c in seen] == [c.stance for c in everything]
