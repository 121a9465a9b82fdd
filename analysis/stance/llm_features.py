"""The zero-shot LLM's reading of each text as extra features of the few-shot head (opt-in).

``score_stance(..., examples=..., llm_features=True)``: the LLM reads every example and every
statement in its zero-shot stance prompt (:mod:`analysis.stance.backends.llm_states`), and its
hidden state where it would answer (one vector per text, cached) joins the encoder's features:
each dimension standardised with the examples' own mean and spread (kept with the head, so a
statement's scores never depend on the other statements), the vector scaled to length
:data:`SCALE`. The linear head then learns from the examples what in the LLM's reading goes
with each label, including what its three answer probabilities lose; a first version used those
log-probabilities (``benchmarks/fewshot_levers.py``, ``log_prob_features``) and scored lower
(MEASUREMENTS.md, "Few-shot stance"). The LLM reads the same text as the encoder (a
statement's cue verb and content). Scoring runs at the LLM's speed wherever its vectors are not
cached yet. Without the LLM model the option fails with the fetch command; it never falls back
silently to the encoder alone.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from analysis.errors import ModelNotAvailableError, ModelVerificationError

#: Length of the standardised LLM state appended to the encoder's features (chosen on GWSD,
#: checked on a held-out set; MEASUREMENTS.md).
SCALE = 0.5
VERSION = "llm-answer-state-z-v2"
MODE = "few-shot + LLM features"
_SD_FLOOR = 1e-6  # a dimension constant over the examples is not divided by zero


Stats = tuple[tuple[float, ...], tuple[float, ...]]  # per-dimension mean and standard deviation


class LLMFeatures:
    """The LLM's states of texts as head features; ``spec()`` keys caches and provenance.

    ``identity``: returns the LLM's identity (model, sha256, prompt version, states version)
    without loading it; a missing model raises ModelNotAvailableError, re-raised here naming the
    option. ``vectors``: ``(texts, target) -> (n, dim)`` states through the cache (see
    :func:`default_llm_features`).
    """

    def __init__(self, identity: Callable[[], Mapping[str, Any]],
                 vectors: Callable[[list[str], str], np.ndarray] | None = None, scale: float = SCALE) -> None:
        try:
            self.identity = dict(identity())
        except (ModelNotAvailableError, ModelVerificationError) as e:
            raise type(e)(f"llm_features=True (CLI --llm-features) needs the zero-shot LLM: {e}") from None
        self._vectors = vectors
        self.scale = float(scale)

    def spec(self) -> dict[str, Any]:
        """What the features depend on: this recipe and the LLM's identity (model, hash, prompt)."""
        keep = ("backend", "model", "model_sha256", "prompt_version", "n_ctx", "states")
        return {"version": VERSION, "scale": self.scale, "llm": {k: self.identity[k] for k in keep if k in self.identity}}

    def vectors(self, texts: Sequence[str], target: str) -> np.ndarray:
        """(n, dim) LLM states of ``texts`` toward ``target``, cached ones reused."""
        if self._vectors is None:
            raise TypeError("this LLMFeatures was built without a vectors function")
        return np.asarray(self._vectors(list(texts), target), dtype=np.float64)

    @staticmethod
    def fit_stats(V: np.ndarray) -> Stats:
        """Per-dimension mean and standard deviation of the examples' states."""
        V = np.asarray(V, dtype=np.float64)
        return tuple(V.mean(0).tolist()), tuple(V.std(0).tolist())

    def transform(self, V: np.ndarray, stats: Stats) -> np.ndarray:
        """States standardised with ``stats``, each row scaled to length :attr:`scale`."""
        mean, sd = (np.asarray(x, dtype=np.float64) for x in stats)
        Z = (np.asarray(V, dtype=np.float64) - mean) / (sd + _SD_FLOOR)
        return self.scale * Z / np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-12)


def default_llm_features(labels: Callable[[str], Mapping[str, str]] | None = None, cache: bool | None = None,
                         model: str | None = None) -> LLMFeatures:
    """The LLM features of ``llm_features=True``: the pinned (or ``$ANALYSIS_LLM_MODEL``) LLM's
    answer states (:mod:`analysis.stance.backends.llm_states`) for the label definitions that
    ``labels(target)`` gives; without ``labels``, for its :meth:`~LLMFeatures.spec` only."""
    from analysis.stance.backends import llm_states

    def vectors(texts: list[str], target: str) -> np.ndarray:
        if labels is None:
            raise TypeError("default_llm_features was built without label definitions")
        return llm_states.answer_states(texts, target, labels(target), model=model, cache=cache)

    return LLMFeatures(lambda: llm_states.LLMStates.identity(model), vectors)
