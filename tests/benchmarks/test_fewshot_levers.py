"""benchmarks/fewshot_levers.py: the first llm_features recipe (the LLM's log-probabilities as features)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))  # its sibling imports
from fewshot_levers import LOGP_SCALE, log_prob_features  # noqa: E402


def test_log_prob_features_are_centred_scaled_log_probabilities():
    p = np.array([[0.7, 0.2, 0.1], [1.0, 0.0, 0.0]])
    f = log_prob_features(p)
    assert f.shape == (2, 3) and np.allclose(f.sum(axis=1), 0)
    lp = np.log([0.7, 0.2, 0.1])
    assert np.allclose(f[0], LOGP_SCALE * (lp - lp.mean()))
    assert np.isfinite(f[1]).all()  # a zero probability is clipped, not -inf
    assert np.allclose(log_prob_features(p, scale=1.0), f / LOGP_SCALE)
