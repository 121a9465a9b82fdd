"""Batch calibration (analysis/calibration.py) on scored frames whose bias is known."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stance.calibration import MIN_ITEMS, STANCES, balance, calibrate_to_batch


def biased_scores(n: int = 300, bias=(3.0, 0.0, -1.0), signal: float = 2.0, seed: int = 0):
    """A scored frame like score_stance's: true labels balanced, the model's logits get
    ``signal`` for the true label plus noise plus a fixed per-label ``bias``."""
    rng = np.random.default_rng(seed)
    truth = np.arange(n) % 3
    logits = rng.normal(0, 1, (n, 3)) + signal * np.eye(3)[truth] + np.asarray(bias)
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    df = pd.DataFrame({"text": [f"s{i}" for i in range(n)], **{f"p_{s}": p[:, j] for j, s in enumerate(STANCES)}})
    df["stance"] = [STANCES[j] for j in p.argmax(1)]
    df["uncertainty"] = 0.5
    df.attrs["provenance"] = {"backend": "test"}
    return df, [STANCES[j] for j in truth]


def accuracy(df, truth):
    return float(np.mean([a == b for a, b in zip(df["stance"], truth)]))


def test_removes_a_known_label_bias():
    df, truth = biased_scores()
    assert (df["stance"] == "favor").mean() > 0.6  # the bias dominates before
    out = calibrate_to_batch(df)
    assert accuracy(out, truth) > accuracy(df, truth) + 0.25
    shares = out["stance"].value_counts(normalize=True)
    assert all(0.25 < shares[s] < 0.42 for s in STANCES)


def test_mean_prediction_matches_the_prior():
    df, _ = biased_scores()
    prior = {"favor": 0.5, "against": 0.2, "neutral": 0.3}
    out = calibrate_to_batch(df, prior=prior)
    mean = out[[f"p_{s}" for s in STANCES]].mean().to_numpy()
    np.testing.assert_allclose(mean, [0.5, 0.2, 0.3], atol=1e-5)
    np.testing.assert_allclose(out[[f"p_{s}" for s in STANCES]].sum(axis=1), 1.0)


def test_keeps_the_backend_scores_and_records_what_it_did():
    df, _ = biased_scores()
    out = calibrate_to_batch(df)
    np.testing.assert_array_equal(out["p_favor_before_batch"], df["p_favor"])
    assert (out["stance_before_batch"] == df["stance"]).all() and (out["uncertainty_before_batch"] == 0.5).all()
    q = out[["p_favor", "p_against", "p_neutral"]].to_numpy()
    np.testing.assert_allclose(out["uncertainty"], -(q * np.log(q)).sum(axis=1) / np.log(3))
    rec = out.attrs["batch_calibration"]
    assert rec["n_items"] == len(df) and rec["converged"] and rec["weights"]["favor"] < rec["weights"]["neutral"]
    assert out.attrs["provenance"] == {"backend": "test", "batch_calibration": rec}
    assert "batch_calibration" not in df.attrs  # the input is not modified


def test_is_deterministic():
    df, _ = biased_scores()
    pd.testing.assert_frame_equal(calibrate_to_batch(df), calibrate_to_batch(df))


def test_a_single_article_is_too_small_a_set():
    df, _ = biased_scores(n=16)
    with pytest.raises(ValueError, match=f"at least {MIN_ITEMS} statements"):
        calibrate_to_batch(df)
    assert len(calibrate_to_batch(df, min_items=10)) == 16


def test_refuses_to_calibrate_twice():
    df, _ = biased_scores()
    once = calibrate_to_batch(df)
    with pytest.raises(ValueError, match="already batch-calibrated"):
        calibrate_to_batch(once)
    with pytest.raises(ValueError, match="already batch-calibrated"):  # pd.concat drops attrs
        calibrate_to_batch(pd.concat([once, once], ignore_index=True))


def test_a_label_the_model_never_gives_cannot_be_created():
    df, _ = biased_scores()
    df["p_favor"] += df["p_neutral"]
    df["p_neutral"] = 0.0
    with pytest.raises(ValueError, match="never give \\['neutral'\\]"):
        calibrate_to_batch(df)


@pytest.mark.parametrize("row", [[np.nan, 0.5, 0.5], [1.2, -0.2, 0.0], [1.0, 1.0, 0.0]])
def test_invalid_probabilities_are_errors(row):
    df, _ = biased_scores()
    df.loc[3, ["p_favor", "p_against", "p_neutral"]] = row
    with pytest.raises(ValueError, match="finite, non-negative and sum to 1"):
        calibrate_to_batch(df)


def test_an_empty_set_is_an_error():
    df, _ = biased_scores()
    with pytest.raises(ValueError, match="at least 1 statements"):
        calibrate_to_batch(df.iloc[:0], min_items=0)


@pytest.mark.parametrize("prior, match", [
    ({"favor": 0.5, "against": 0.5}, "a share for each"),
    ({"favor": 0.6, "against": 0.3, "neutral": 0.3}, "sum to 1"),
    ({"favor": 1.0, "against": 0.0, "neutral": 0.0}, "positive"),
])
def test_bad_priors_are_errors(prior, match):
    df, _ = biased_scores()
    with pytest.raises(ValueError, match=match):
        calibrate_to_batch(df, prior=prior)


def test_needs_stance_columns():
    with pytest.raises(ValueError, match="p_against"):
        calibrate_to_batch(pd.DataFrame({"p_favor": [1.0] * 200, "p_neutral": [0.0] * 200}))


def test_non_convergence_is_reported():
    df, _ = biased_scores()
    probs = df[[f"p_{s}" for s in STANCES]].to_numpy()
    q, w, iterations, converged = balance(probs, np.full(3, 1 / 3), max_iter=1)
    assert not converged and iterations == 1 and np.isclose(w.sum(), 1.0)
    np.testing.assert_allclose(q.sum(axis=1), 1.0)


def test_fixed_point_ignores_earlier_per_label_factors():
    """Why contextual and batch calibration do not stack: the fixed point absorbs any per-label scaling."""
    df, _ = biased_scores()
    probs = df[["p_favor", "p_against", "p_neutral"]].to_numpy()
    rescaled = probs * [0.2, 3.0, 1.5]
    rescaled /= rescaled.sum(axis=1, keepdims=True)
    a, *_ = balance(probs, np.full(3, 1 / 3), tol=1e-10)
    b, *_ = balance(rescaled, np.full(3, 1 / 3), tol=1e-10)
    np.testing.assert_allclose(a, b, atol=1e-6)
