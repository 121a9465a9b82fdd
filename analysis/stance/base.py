"""What every scoring backend implements and returns, and the numeric checks they share.

A backend turns premises (statements that name their speaker, see :mod:`.premises`) into
stance probabilities over :data:`analysis.schema.STANCES` and frame probabilities. It reports
how it scores in ``provenance()`` (model, hash, prompt or template version) and, without
loading any model, a cheap ``identity()`` that keys caches and score files.
"""
from __future__ import annotations

from typing import NamedTuple, Protocol, runtime_checkable

import numpy as np

from analysis.schema import Frame


def rows_are_distributions(probs: np.ndarray) -> bool:
    """True when every row is finite, non-negative and sums to 1 (within 1e-4)."""
    return bool(np.isfinite(probs).all() and (probs >= 0).all() and np.allclose(probs.sum(axis=1), 1.0, atol=1e-4))


def normalised_entropy(probs: np.ndarray) -> np.ndarray:
    """Entropy of each row divided by log(k): 0 = certain, 1 = uniform."""
    p = np.clip(probs, 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=1) / np.log(probs.shape[1])


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


class StanceResult(NamedTuple):
    """What a backend's ``stance`` returns for n premises."""

    probs: np.ndarray        # (n, 3): favor, against, neutral; rows sum to 1
    uncertainty: np.ndarray  # (n,)
    n_windows: np.ndarray    # (n,) int, 1 unless the premise was split


@runtime_checkable
class ScoringBackend(Protocol):
    """The interface of the "llm" and "nli" backends (and any object a caller passes in)."""

    name: str

    def provenance(self) -> dict: ...

    def stance(self, premises: list[str], target: str, labels: dict[str, str]) -> StanceResult: ...

    def frames(self, premises: list[str], frames: list[Frame]) -> np.ndarray: ...
