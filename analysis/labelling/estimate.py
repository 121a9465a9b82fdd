"""How good the head is so far, from the labels alone: cross-validated macro-F1 with an interval.

The labels are split into stratified folds (up to 5; as many as the rarest class allows); the
default few-shot head (:func:`analysis.stance.fewshot.fit_head`) is fitted on the other folds
and predicts each held-out fold, and macro-F1 (over the classes labelled) is taken on those
out-of-fold predictions. The interval is the 2.5th-97.5th percentile of macro-F1 over 500
bootstrap resamples of the out-of-fold (gold, predicted) pairs (Efron & Tibshirani 1993); it
ignores that the folds' heads were fitted on fewer labels, so it is a rough guide, and the
estimate itself is pessimistic by the same token (each fold's head saw 4/5 of the labels).
The labels are chosen, not drawn at random, so the estimate is biased either way: optimistic
at 48 typical labels, pessimistic at 96 once uncertain (harder) ones are added (GWSD dev,
benchmarks/bench_labelling.py; MEASUREMENTS.md). The page shows it as a guide to whether labels
still help, not as the model's score.

"Stopped rising": after :data:`PLATEAU_REFITS` refits in a row the estimate is no higher than
:data:`PLATEAU_DELTA` above the best before them; more labels of this kind add little then
(the curves of MEASUREMENTS.md flatten between 48 and 96 labels).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BOOTSTRAP = 500
PLATEAU_REFITS = 2
PLATEAU_DELTA = 0.01
MIN_LABELS = 12  # fewer labels give no estimate worth showing


@dataclass(frozen=True)
class Estimate:
    """Cross-validated macro-F1, its bootstrap interval, and on how many labels and folds."""

    f1: float
    low: float
    high: float
    n: int
    folds: int


def macro_f1(gold: np.ndarray, pred: np.ndarray, classes: Sequence[str]) -> float:
    """Mean over ``classes`` of per-class F1 (0 for a class never predicted nor present)."""
    scores = []
    for c in classes:
        tp = float(np.sum((pred == c) & (gold == c)))
        fp = float(np.sum((pred == c) & (gold != c)))
        fn = float(np.sum((pred != c) & (gold == c)))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def cv_macro_f1(X: np.ndarray, labels: Sequence[str], seed: int = 0) -> Estimate | None:
    """The estimate for the head fitted on ``X`` / ``labels``; None with fewer than 12 labels or
    fewer than two classes with two labels each."""
    from sklearn.model_selection import StratifiedKFold

    from analysis.schema import STANCES
    from analysis.stance.fewshot import fit_head

    y = np.asarray(labels)
    classes, counts = np.unique(y, return_counts=True)
    keep = np.isin(y, classes[counts >= 2])  # a class labelled once cannot be held out
    if len(y) < MIN_LABELS or int(np.sum(counts >= 2)) < 2:
        return None
    X, y = X[keep], y[keep]
    classes, counts = np.unique(y, return_counts=True)
    folds = int(min(5, counts.min()))
    pred = np.empty(len(y), dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
        head = fit_head(X[train], list(y[train]), calibrate=False)
        pred[test] = np.asarray(STANCES)[head.predict_proba(X[test], calibrated=False).argmax(1)]
    names = list(classes)
    f1 = macro_f1(y, pred, names)
    rng = np.random.default_rng(seed)
    boot = [macro_f1(y[s], pred[s], names) for s in (rng.integers(0, len(y), len(y)) for _ in range(BOOTSTRAP))]
    low, high = np.percentile(boot, [2.5, 97.5])
    return Estimate(round(f1, 3), round(float(low), 3), round(float(high), 3), int(len(y)), folds)


def stopped_rising(history: Sequence[Estimate | None]) -> str | None:
    """A sentence for the page when the last PLATEAU_REFITS estimates did not rise, else None."""
    seen = [e for e in history if e is not None]
    if len(seen) <= PLATEAU_REFITS:
        return None
    before = max(e.f1 for e in seen[:-PLATEAU_REFITS])
    recent = seen[-PLATEAU_REFITS:]
    if max(e.f1 for e in recent) > before + PLATEAU_DELTA:
        return None
    return (f"The estimate has stopped rising: {before:.2f} before, {recent[-1].f1:.2f} now at {recent[-1].n} labels. "
            "More labels of this kind add little; you can finish here.")
