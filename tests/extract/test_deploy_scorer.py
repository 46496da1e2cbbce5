"""Deployments as scored candidates: the candidate generator, its features, the model,
its weights file and the training script's cross-validation. Sentences written for these
tests."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from armswatch.extract import NlpExtractor
from armswatch.extract.claims import extract_claims
from armswatch.extract.deploy_scorer import FEATURES, WEIGHTS_FILE, Candidate, Evidence, Scorer, load_scorer, select, vector
from armswatch.extract import logistic
from armswatch.extract.logistic import fit, folds, probabilities
from armswatch.extract.deployments import Deployment, deployment_candidates, extract_deployments

REPO = Path(__file__).resolve().parents[2]


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("train_deploy_scorer", REPO / "scripts" / "train_deploy_scorer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_deploy_scorer", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def candidates_of(model_extractor: NlpExtractor) -> Any:
    def candidates(text: str, published: str | None = "2025-05-02") -> list[Candidate]:
        doc = model_extractor.nlp(text)
        return deployment_candidates(doc, extract_claims(doc), published=published)

    return candidates


def _by_key(candidates: list[Candidate]) -> dict[tuple[str, str, str], Candidate]:
    return {(c.record.by, c.record.system, c.record.where): c for c in candidates}


# ----- the candidate generator -----


def test_the_rules_reading_is_one_candidate_among_the_sentences_others(candidates_of: Any) -> None:
    found = _by_key(candidates_of("Moscow stationed S-400 batteries near Vitebsk after talks with Poland."))
    rule = [c for c in found.values() if c.evidence.rule]
    assert [(c.record.by, c.record.where) for c in rule] == [("RU", "Vitebsk")]
    e = rule[0].evidence
    assert e.cue == "deploy" and e.holder_subject and e.place_prep == "locative" and e.place_governed
    assert e.place_kind == "town" and not e.place_fallback and e.status == "in_place"
    # other readings the sentence supports: another state as holder, the holder's own country
    assert ("PL", "ru.s-400", "Vitebsk") in found and not found[("PL", "ru.s-400", "Vitebsk")].evidence.rule
    assert found[("PL", "ru.s-400", "Vitebsk")].evidence.holder_subject is False
    country = found[("RU", "ru.s-400", "RU")].evidence
    assert country.place_is_holder and country.place_kind == "country" and not country.place_rule


def test_a_bare_mention_gives_no_candidate(candidates_of: Any) -> None:
    assert candidates_of("The Iskander is a short-range missile that Armenia bought years ago.") == []


def test_a_launch_place_hangs_on_from_and_a_target_does_not(candidates_of: Any) -> None:
    found = _by_key(candidates_of("Iran launched Fateh-110 missiles from Tabriz at bases in Iraq on Sunday."))
    launch = next(c for k, c in found.items() if k[0] == "IR" and k[2] == "Tabriz").evidence
    assert launch.cue == "fire" and launch.place_prep == "from" and launch.place_governed and launch.rule
    target = next(c for k, c in found.items() if k[0] == "IR" and k[2] == "IQ")
    assert not target.evidence.rule and target.evidence.place_prep == "locative"
    assert target not in select([target], [0.99], threshold=0.5)  # a target is no place of holding


def test_planned_negated_and_quoted_readings(candidates_of: Any) -> None:
    planned = candidates_of("Hungary will deploy NASAMS launchers in Szeged next spring.")
    assert {c.evidence.status for c in planned if c.evidence.rule} == {"planned"}
    assert candidates_of("Hungary has not deployed NASAMS launchers in Szeged.") == []  # no holding stated
    quoted = candidates_of("The minister said: \u201cOur army has placed Polish Patriot batteries in Rzeszow.\u201d")
    assert quoted and all(c.evidence.in_quote for c in quoted)


def test_the_scorer_method_runs_end_to_end(model_extractor: NlpExtractor) -> None:
    doc = model_extractor.nlp("Moscow stationed S-400 batteries near Vitebsk after talks with Poland.")
    claims = extract_claims(doc)
    scored = extract_deployments(doc, claims, published="2025-05-02", method="scorer")
    rules = extract_deployments(doc, claims, published="2025-05-02", method="rules")
    assert all(isinstance(d, Deployment) for d in scored)
    assert {(d.by, d.system, d.where) for d in rules} == {("RU", "ru.s-400", "Vitebsk")}


# ----- features and selection -----


def test_the_vector_sets_one_slot_per_category_and_scales_distances() -> None:
    x = vector(Evidence(cue="transfer", status="planned", place_kind="site", place_distance=15, holder_distance=None))
    named = dict(zip(FEATURES, x))
    assert named["cue_transfer"] == 1.0 and sum(named[f"cue_{c}"] for c in ("deploy", "fire", "none")) == 0.0
    assert named["planned"] == 1.0 and named["temporary"] == 0.0
    assert named["place_site"] == 1.0 and named["place_country"] == 0.0
    assert named["place_distance"] == pytest.approx(0.5) and named["holder_distance"] == 1.0
    assert vector(Evidence(cue="an unknown cue"))[FEATURES.index("cue_none")] == 1.0


def _candidate(by: str, place: str, kind: str, mention: tuple[int, int], cue: str = "deploy", status: str = "in_place",
               **evidence: Any) -> Candidate:
    record = Deployment(by, "xx.system", place, place, None, None, status, None, None, None, None, None, (), False, 0, 1)
    evidence.setdefault("place_is_holder", place == by)
    return Candidate(record, mention, Evidence(cue=cue, status=status, place_kind=kind, **evidence))


def test_selection_one_holder_per_mention_finest_place_and_cued_status() -> None:
    cands = [
        _candidate("AA", "AA", "country", (0, 1)),
        _candidate("AA", "gn:1", "town", (0, 1)),
        _candidate("BB", "gn:1", "town", (0, 1)),  # the other holder of the same mention
        _candidate("AA", "gn:1", "town", (2, 7), cue="none"),  # a cue-less repeat of a cued key
        _candidate("CC", "CC", "country", (3, 2)),
    ]
    chosen = select(cands, [0.9, 0.8, 0.85, 0.7, 0.2], threshold=0.5)
    assert [(c.record.by, c.record.where, c.mention) for c in chosen] == [("AA", "gn:1", (0, 1))]


# ----- the model, its weights and the training script -----


def test_fit_is_deterministic_and_separates_a_learnable_signal() -> None:
    rng = np.random.default_rng(7)
    x = rng.random((60, len(FEATURES)))
    y = (x[:, 0] > 0.5).astype(float)
    first, second = fit(x, y, l2=1.0), fit(x, y, l2=1.0)
    assert np.array_equal(first, second)
    p = probabilities(first, x)
    assert p[y == 1].mean() > p[y == 0].mean() + 0.3


def test_the_weights_file_loads_and_names_every_feature() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert list(data["weights"]) == [*FEATURES, "bias"]
    scorer = load_scorer()
    assert scorer.weights.shape == (len(FEATURES) + 1,) and np.all(np.isfinite(scorer.weights))
    assert 0.0 < scorer.threshold < 1.0
    assert Scorer.from_json(scorer.to_json()).weights.tolist() == scorer.weights.tolist()


def test_the_training_script_reproduces_the_weights_from_its_data() -> None:
    script = _script()
    data = json.loads(script.DATA.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    x = np.array([row[2] for row in data["rows"]])
    y = np.array([row[1] for row in data["rows"]], dtype=float)
    weights = fit(x, y, l2=data["l2"])
    assert np.allclose(weights, load_scorer().weights, atol=2e-6)
    assert set(row[0] for row in data["rows"]) <= set(json.loads(WEIGHTS_FILE.read_text())["trained_on"])


def test_the_training_data_holds_no_check_half_document() -> None:
    script = _script()
    check = set(script.read_doc_list(REPO / "eval" / "dev-check.txt"))
    rows = json.loads(script.DATA.read_text(encoding="utf-8"))["rows"]
    assert check and not check & {row[0] for row in rows}


def test_folds_never_train_on_the_document_they_test() -> None:
    groups = ["a", "b", "a", "c", "b", "a"]
    seen = []
    for name, train, test in folds(groups):
        assert {groups[i] for i in test} == {name}
        assert name not in {groups[i] for i in train}
        assert len(train) + len(test) == len(groups)
        seen.extend(test.tolist())
    assert sorted(seen) == list(range(len(groups)))


def test_cross_validation_fits_without_the_held_out_document(monkeypatch: pytest.MonkeyPatch) -> None:
    groups = ["d1"] * 3 + ["d2"] * 2 + ["d3"] * 4
    x = np.arange(len(groups) * len(FEATURES), dtype=float).reshape(len(groups), len(FEATURES))
    y = np.array([1, 0, 0, 1, 0, 0, 1, 0, 0], dtype=float)
    trained_on: list[set[float]] = []

    def spy(rows: np.ndarray, labels: np.ndarray, **_: Any) -> np.ndarray:
        trained_on.append(set(rows[:, 0].tolist()))
        return np.zeros(len(FEATURES) + 1)

    monkeypatch.setattr(logistic, "fit", spy)
    probs = logistic.cross_validate(["d1", "d2", "d3"], x, y, groups, 1.0)
    for (name, rows), fold in zip(probs.items(), trained_on):
        held_out = {x[i, 0] for i, g in enumerate(groups) if g == name}
        assert not held_out & fold and len(rows) == groups.count(name)


def test_the_plateau_is_chosen_over_a_knife_edge() -> None:
    script = _script()
    grid = {(l2, t): {"f1": 0.5} for l2 in script.L2_GRID for t in script.THRESHOLD_GRID}
    edge = (script.L2_GRID[0], script.THRESHOLD_GRID[3])
    grid[edge] = {"f1": 0.9}  # a lone peak
    plateau = script.L2_GRID[1]
    for t in script.THRESHOLD_GRID[1:4]:
        grid[(plateau, t)] = {"f1": 0.8}
    assert logistic.choose(grid, script.L2_GRID, script.THRESHOLD_GRID) == (plateau, script.THRESHOLD_GRID[2])



def test_selection_drops_what_the_sentence_does_not_state() -> None:
    cands = [
        _candidate("AA", "gn:1", "town", (0, 1), negated=True),  # "has not deployed"
        _candidate("AA", "gn:2", "town", (1, 1), place_other_system=True),  # another system's place
        _candidate("AA", "gn:3", "town", (1, 1), place_other_system=True, place_rule=True),  # shared, as the rules say
        _candidate("BB", "AA", "country", (2, 1)),  # "AA delivered ... to BB": the donor is no place
        _candidate("BB", "CC", "country", (3, 1), place_governed=True),  # "... in CC": a host on the cue
        _candidate("DD", "DD", "country", (4, 1), place_fallback=True),  # the holder's country stands in ...
        _candidate("DD", "gn:4", "town", (4, 1)),  # ... only when the reading names no place
    ]
    chosen = select(cands, [0.9] * len(cands), threshold=0.5)
    assert [(c.record.by, c.record.where) for c in chosen] == [("AA", "gn:3"), ("BB", "CC"), ("DD", "gn:4")]
