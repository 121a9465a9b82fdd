"""The zero-shot LLM's stance as three extra features of the few-shot head (opt-in).

``score_stance(..., examples=..., llm_features=True)``: the LLM backend
(:mod:`analysis.stance.backends.llm`, default prompt and label definitions) scores every
example and every statement toward the target, through the score cache like any zero-shot
call; its log-probabilities of favor / against / neutral, centred per text and multiplied by
:data:`SCALE`, are appended to the encoder's features. The linear head then learns how far to
trust them, and undoes the LLM's label bias, from the examples themselves (fusing at the
output instead was measured worse, MEASUREMENTS.md). The LLM reads the same text as the
encoder (a statement's cue verb and content). Scoring runs at the LLM's speed wherever its
scores are not cached yet. Without the LLM model the option fails with the fetch command; it
never falls back silently to the encoder alone.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from analysis.errors import ModelNotAvailableError, ModelVerificationError
from analysis.schema import STANCES

#: Multiplier of the centred log-probabilities (chosen on GWSD, held on a held-out set; MEASUREMENTS.md).
SCALE = 0.3
VERSION = "llm-logp-centred-v1"
MODE = "few-shot + LLM features"
_FLOOR = 1e-6  # probabilities are clipped here before the log


def log_prob_features(probs: np.ndarray, scale: float = SCALE) -> np.ndarray:
    """(n, 3) features from (n, 3) probabilities: log, centred per row, times ``scale``."""
    lp = np.log(np.clip(np.asarray(probs, dtype=np.float64), _FLOOR, 1.0))
    return scale * (lp - lp.mean(axis=1, keepdims=True))


class LLMFeatures:
    """The LLM's zero-shot stance of texts as head features; ``spec()`` keys caches and provenance.

    ``identity``: returns the LLM backend's identity (model, sha256, prompt version) without
    loading it; a missing model raises ModelNotAvailableError, re-raised here naming the option.
    ``score``: ``(texts, target) -> stance table`` of the LLM through the score cache
    (:func:`analysis.stance.scoring.score_stance` with ``backend="llm"``; passed in by the caller,
    as this module sits below scoring).
    """

    def __init__(self, identity: Callable[[], Mapping[str, Any]],
                 score: Callable[[list[str], str], Any] | None = None, scale: float = SCALE) -> None:
        try:
            self.identity = dict(identity())
        except (ModelNotAvailableError, ModelVerificationError) as e:
            raise type(e)(f"llm_features=True (CLI --llm-features) needs the zero-shot LLM: {e}") from None
        self._score = score
        self.scale = float(scale)

    def spec(self) -> dict[str, Any]:
        """What the features depend on: this recipe and the LLM's identity (model, hash, prompt)."""
        keep = ("backend", "model", "model_sha256", "prompt_version", "n_ctx")
        return {"version": VERSION, "scale": self.scale, "llm": {k: self.identity[k] for k in keep if k in self.identity}}

    def probs(self, texts: Sequence[str], target: str) -> np.ndarray:
        """(n, 3) zero-shot LLM probabilities (favor, against, neutral), cached ones reused."""
        if self._score is None:
            raise TypeError("this LLMFeatures was built without a score function")
        if not len(texts):
            return np.zeros((0, 3))
        scored = self._score(list(texts), target)
        return scored[[f"p_{s}" for s in STANCES]].to_numpy(dtype=np.float64)

    def features(self, texts: Sequence[str], target: str) -> np.ndarray:
        return log_prob_features(self.probs(texts, target), self.scale)
