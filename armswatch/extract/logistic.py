"""The small model behind the scored extractors (deployments, claims): L2-regularised
logistic regression fitted by Newton's method, and the leave-one-document-out
cross-validation that picks its penalty and threshold.

Deterministic: no random start and no sampling, so the weights a training script writes
can be checked against the matrix it saves (tests/extract/test_*_scorer.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, balanced: bool = True, iterations: int = 50) -> np.ndarray:
    """The weights, bias last (the bias is not penalised). With `balanced`, positives and
    negatives weigh the same in total (candidates are mostly negative)."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 1e-6
    positives = float(y.sum())
    if balanced and 0 < positives < n:
        rows = np.where(y > 0, n / (2 * positives), n / (2 * (n - positives)))
    else:
        rows = np.ones(n)
    for _ in range(iterations):
        p = _sigmoid(design @ w)
        gradient = design.T @ (rows * (p - y)) + penalty * w
        hessian = (design.T * (rows * p * (1 - p))) @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return w


def probabilities(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return np.zeros(0)
    return _sigmoid(x @ weights[:-1] + weights[-1])


def folds(groups: Sequence[str]) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Leave-one-document-out: for each document, the rows of every other document to
    train on and that document's rows to test on. A document never trains its own fold."""
    labels = np.array(list(groups), dtype=object)
    for name in dict.fromkeys(groups):
        test = np.flatnonzero(labels == name)
        train = np.flatnonzero(labels != name)
        yield name, train, test


def cross_validate(names: Iterable[str], x: np.ndarray, y: np.ndarray, groups: Sequence[str], l2: float) -> dict[str, np.ndarray]:
    """Each document's rows scored by a model trained on the other documents (a document
    with no rows gets an empty array)."""
    out: dict[str, np.ndarray] = {name: np.zeros(0) for name in names}
    for name, train, test in folds(groups):
        out[name] = probabilities(fit(x[train], y[train], l2=l2), x[test])
    return out


def choose(grid: dict[tuple[float, float], dict[str, float]], l2_grid: Sequence[float], threshold_grid: Sequence[float],
           *, stronger_on_tie: bool = False) -> tuple[float, float]:
    """The (l2, threshold) whose cross-validated F1, averaged with the thresholds next to
    it, is highest: a setting on a plateau, not on a knife edge. On a tie the lower
    threshold wins, and the weaker penalty, or the stronger one with `stronger_on_tie`."""
    def smoothed(key: tuple[float, float]) -> float:
        l2, threshold = key
        at = threshold_grid.index(threshold)
        near = threshold_grid[max(0, at - 1):at + 2]
        return sum(grid[(l2, t)]["f1"] for t in near) / len(near)

    def rank(key: tuple[float, float]) -> tuple[float, int, int]:
        penalty = l2_grid.index(key[0])
        if stronger_on_tie:
            return round(smoothed(key), 6), penalty, -threshold_grid.index(key[1])
        return smoothed(key), -penalty, -threshold_grid.index(key[1])

    return max(grid, key=rank)
