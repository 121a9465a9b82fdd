"""benchmarks/fewshot_levers.py: the first llm_features recipe (the LLM's log-probabilities as features)."""
from __future__ import annotations

import math

import numpy as np

from benchmarks.fewshot_levers import LOGP_SCALE, log_prob_features


def test_log_prob_features_are_centred_scaled_log_probabilities():
    """For (1/2, 1/4, 1/4) the log-probabilities are (-1, -2, -2) ln 2, centred (2/3, -1/3, -1/3) ln 2."""
    f = log_prob_features(np.array([[0.5, 0.25, 0.25], [1.0, 0.0, 0.0]]))
    assert f.shape == (2, 3) and np.allclose(f.sum(axis=1), 0)
    assert np.allclose(f[0], LOGP_SCALE * math.log(2) * np.array([2 / 3, -1 / 3, -1 / 3]))
    assert np.isfinite(f[1]).all() and f[1, 0] > 0 > f[1, 1]  # a zero probability is clipped, not -inf
    assert np.allclose(log_prob_features(np.array([[0.5, 0.25, 0.25]]), scale=1.0)[0],
                       math.log(2) * np.array([2 / 3, -1 / 3, -1 / 3]))
