"""The shared model of the scored extractors: fitting, leave-one-document-out folds, and
the choice of penalty and threshold on a plateau."""

from __future__ import annotations

import numpy as np

from armswatch.extract.logistic import choose, cross_validate, fit, folds, probabilities


def test_fit_separates_a_separable_feature_and_is_deterministic() -> None:
    x = np.array([[0.0], [0.1], [0.9], [1.0]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    first, second = fit(x, y, l2=0.1), fit(x, y, l2=0.1)
    assert np.array_equal(first, second)
    p = probabilities(first, x)
    assert p[0] < 0.5 < p[3]


def test_a_document_never_trains_its_own_fold() -> None:
    groups = ["a", "a", "b", "c", "c"]
    seen = {name: (set(train), set(test)) for name, train, test in folds(groups)}
    assert seen["a"] == ({2, 3, 4}, {0, 1})
    assert all(not train & test for train, test in seen.values())


def test_cross_validation_scores_every_document_and_leaves_empty_ones_empty() -> None:
    x = np.array([[0.0], [1.0], [0.0], [1.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    out = cross_validate(["d1", "d2", "empty"], x, y, ["d1", "d1", "d2", "d2"], l2=0.1)
    assert out["empty"].size == 0
    assert out["d1"][1] > out["d1"][0] and out["d2"][1] > out["d2"][0]


def test_choose_prefers_a_plateau_to_a_knife_edge() -> None:
    l2_grid, thresholds = (1.0,), (0.1, 0.2, 0.3, 0.4, 0.5)
    f1 = {0.1: 0.70, 0.2: 0.71, 0.3: 0.72, 0.4: 0.71, 0.5: 0.50}
    grid = {(1.0, t): {"f1": f} for t, f in f1.items()}
    grid[(1.0, 0.5)] = {"f1": 0.80}  # a lone peak at the edge: its neighbour is far lower
    grid[(1.0, 0.4)] = {"f1": 0.40}
    assert choose(grid, l2_grid, thresholds) == (1.0, 0.2)


def test_a_tie_goes_to_the_weaker_or_the_stronger_penalty_as_asked() -> None:
    l2_grid, thresholds = (0.1, 10.0), (0.2, 0.3)
    grid = {(l2, t): {"f1": 0.5} for l2 in l2_grid for t in thresholds}
    assert choose(grid, l2_grid, thresholds) == (0.1, 0.2)
    assert choose(grid, l2_grid, thresholds, stronger_on_tie=True) == (10.0, 0.2)
