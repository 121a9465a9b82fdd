"""Corpus-level correction of a stance model's label bias ("batch calibration").

A zero-shot model leans toward some labels whatever the text: the small default LLM calls
most on-topic sentences "favor" and almost never says "neutral". Contextual calibration
(Zhao et al. 2021, applied per statement by the LLM backend) divides by the answer to
content-free inputs, which does not remove the lean that the topic's own words cause. When a
*large and mixed* set of statements is scored for one target, the set itself shows the lean:
Batch Calibration (Zhou et al. 2024, "Batch Calibration: Rethinking Calibration for In-Context
Learning and Prompt Engineering", ICLR) divides each row by the set's mean prediction.

:func:`calibrate_to_batch` takes that correction to its fixed point: label weights ``w`` such
that the mean of ``normalise(p_i * w)`` over the set equals a stated label prior (uniform
unless given). It is found by iterative proportional fitting (Deming & Stephan 1940;
Sinkhorn & Knopp 1967), whose first step is Zhou et al.'s estimate; iterating matters because
each row is renormalised (GWSD numbers in MEASUREMENTS.md). The fixed point does not depend
on any per-label factor applied before, so contextual calibration and this one do not stack:
on a corpus this one replaces it.

The assumption is strong and stated: the statements, taken together, mix the labels about
as the prior says. That holds for a corpus of news sentences on one issue; it fails for a
single article whose voices mostly agree, so sets smaller than ``min_items`` are refused
instead of being silently pushed toward balance.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.schema import PROB_COLUMNS as _PROB_COLUMNS
from analysis.schema import STANCES
from analysis.stance.base import normalised_entropy, rows_are_distributions

MIN_ITEMS = 100
PROB_COLUMNS = list(_PROB_COLUMNS)
BEFORE = "_before_batch"  # suffix of the columns that keep the backend's values


def balance(probs: np.ndarray, prior: np.ndarray, *, tol: float = 1e-6,
            max_iter: int = 1000) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """(q, w, iterations, converged): q = rows of ``probs * w`` renormalised, with mean(q) == prior.

    ``probs`` must be valid distributions in which every label has some mass (see
    :func:`check_probabilities`); ``w`` sums to 1.
    """
    p = np.asarray(probs, dtype=float)
    w = np.ones(p.shape[1])
    for it in range(1, max_iter + 1):
        q = p * w
        q /= q.sum(axis=1, keepdims=True)
        mean = q.mean(axis=0)
        if np.max(np.abs(mean - prior)) < tol:
            return q, w / w.sum(), it, True
        w = w * prior / mean
        w /= w.sum()
    q = p * w
    return q / q.sum(axis=1, keepdims=True), w, max_iter, False


def check_probabilities(probs: np.ndarray) -> None:
    """ValueError unless the rows are distributions and no label is absent from the whole set."""
    if not rows_are_distributions(probs):
        raise InputError("stance probabilities must be finite, non-negative and sum to 1 in every row")
    absent = [s for s, m in zip(STANCES, probs.mean(axis=0)) if m < 1e-9]
    if absent:
        raise InputError(f"the scores never give {absent}; no reweighting can create a label the model never predicts")


def prior_vector(prior: Mapping[str, float] | None) -> np.ndarray:
    """The label shares in STANCES order (uniform for None); ValueError unless a distribution."""
    if prior is None:
        return np.full(len(STANCES), 1 / len(STANCES))
    if set(prior) != set(STANCES):
        raise InputError(f"prior must give a share for each of {STANCES}, got {sorted(prior)}")
    pi = np.array([float(prior[s]) for s in STANCES])
    if not np.isfinite(pi).all() or (pi <= 0).any() or not np.isclose(pi.sum(), 1.0, atol=1e-6):
        raise InputError(f"prior shares must be positive and sum to 1, got {dict(prior)}")
    return pi


def check_batch_size(n: int, min_items: int = MIN_ITEMS) -> None:
    """ValueError unless ``n`` statements are enough to assume they mix the labels."""
    if n < max(min_items, 1):
        raise InputError(
            f"batch calibration assumes the {n} statements mix the stance labels as the prior says; "
            f"that needs a corpus of at least {max(min_items, 1)} statements (one article's voices often agree). "
            "Score a larger set for one target, or lower the minimum (min_items, --min-items) knowingly.")


def calibrate_to_batch(scored: pd.DataFrame, *, prior: Mapping[str, float] | None = None,
                       min_items: int = MIN_ITEMS) -> pd.DataFrame:
    """A copy of a :func:`analysis.score_stance` result with the label bias of the whole set removed.

    ``p_favor``/``p_against``/``p_neutral`` are reweighted (see the module docstring),
    ``stance`` is their new argmax and ``uncertainty`` their normalised entropy (0 certain,
    1 uniform); the backend's values are kept as ``p_<label>_before_batch``,
    ``stance_before_batch`` and ``uncertainty_before_batch``. ``attrs["batch_calibration"]``
    and ``attrs["provenance"]["batch_calibration"]`` (which the CLI writes out) record the
    method, the prior, the weights, the set size and whether the iteration converged (a
    warning is also raised when it did not). ``prior``: the label shares assumed for the set
    (default one third each).
    """
    missing = [c for c in PROB_COLUMNS if c not in scored.columns]
    if missing:
        raise InputError(f"calibrate_to_batch needs a score_stance result; columns {missing} are missing")
    if "batch_calibration" in scored.attrs or any(c + BEFORE in scored.columns for c in PROB_COLUMNS):
        raise InputError("these scores are already batch-calibrated; calibrate the backend's scores once")
    pi = prior_vector(prior)
    check_batch_size(len(scored), min_items)
    probs = scored[PROB_COLUMNS].to_numpy(dtype=float)
    check_probabilities(probs)
    q, w, iterations, converged = balance(probs, pi)
    out = scored.copy()
    for j, col in enumerate(PROB_COLUMNS):
        out[col + BEFORE] = probs[:, j]
        out[col] = q[:, j]
    for col in ("stance", "uncertainty"):
        if col in out.columns:
            out[col + BEFORE] = scored[col]
    out["stance"] = [STANCES[j] for j in q.argmax(axis=1)]
    out["uncertainty"] = normalised_entropy(q)

    def record() -> dict:
        return {
            "method": "batch calibration to a fixed label prior (Zhou et al. 2024), solved by iterative "
                      "proportional fitting",
            "prior": {s: float(f"{x:.6g}") for s, x in zip(STANCES, pi)},
            "weights": {s: float(f"{x:.6g}") for s, x in zip(STANCES, w)},
            "n_items": len(scored), "iterations": iterations, "converged": converged,
        }

    out.attrs = {**scored.attrs, "batch_calibration": record()}
    if isinstance(scored.attrs.get("provenance"), dict):  # written out with every file
        out.attrs["provenance"] = {**scored.attrs["provenance"], "batch_calibration": record()}
    if not converged:
        warnings.warn(f"batch calibration did not converge in {iterations} iterations; "
                      "see attrs['batch_calibration']", RuntimeWarning, stacklevel=2)
    return out
