"""What every scoring backend implements and returns, and the numeric checks they share.

A backend turns premises (statements that name their speaker, see :mod:`.premises`) into
stance probabilities over :data:`analysis.schema.STANCES` and frame probabilities. It reports
how it scores in ``provenance()`` (model, hash, prompt or template version) and, without
loading any model, a cheap ``identity()`` that keys caches and score files.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, Protocol, runtime_checkable

import numpy as np

from analysis.errors import InputError
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
class StanceScorer(Protocol):
    """What scores stance: the "llm" and "nli" backends, the few-shot head, or a caller's object."""

    name: str

    def provenance(self) -> dict: ...

    def stance(self, premises: list[str], target: str, labels: dict[str, str]) -> StanceResult: ...


@runtime_checkable
class FrameScorer(Protocol):
    """What scores frames: the sentence encoder's frame scorer, the "llm" and "nli" backends."""

    name: str

    def provenance(self) -> dict: ...

    def frames(self, premises: list[str], frames: list[Frame]) -> np.ndarray: ...


def cache_identity(provenance: Mapping[str, Any]) -> dict:
    """The provenance minus run-time details (device, batch size) that do not change scores."""
    return {k: v for k, v in provenance.items() if k != "runtime"}


@lru_cache(maxsize=4)
def build_scorer(factory: Any, model: str | None, templates: tuple[str, ...] | None) -> Any:
    """A named scorer, built once per (class, model, templates) in a process and shared by every
    registry that names it: the LLM that scores stance also scores frames, loaded once."""
    return factory(model=model) if templates is None else factory(model=model, templates=templates)


class ScorerRegistry:
    """Named scorers of one task (stance or frames): a name, or an object that implements the
    task's protocol, becomes a scorer; named ones are built (their model loaded) once per
    (name, model, templates) in a process, and their ``identity`` is known without loading."""

    def __init__(self, task: str, protocol: type, factories: dict[str, Any], default: str,
                 templated: Mapping[str, Callable[[Sequence[str]], tuple[str, ...]]] | None = None) -> None:
        self.task, self.protocol, self.factories, self.default = task, protocol, factories, default
        self.templated = dict(templated or {})  # name -> the check of its hypothesis templates

    def named(self, backend: str | None) -> str:
        name = self.default if backend is None else backend.strip().lower()
        if name not in self.factories:
            raise InputError(f"unknown {self.task} backend {backend!r}; available: {', '.join(self.factories)}")
        return name

    def _check(self, backend: Any, model: Any, templates: Sequence[str] | None) -> tuple[str, tuple[str, ...] | None]:
        name = self.named(backend)
        if templates is not None:
            if name not in self.templated:
                raise InputError(f"backend {name!r} takes no templates (they are NLI hypothesis templates); "
                                 "use backend='nli'")
            templates = self.templated[name](templates)
        return name, templates

    def _check_object(self, backend: Any, model: Any, templates: Any) -> Any:
        if not isinstance(backend, self.protocol):
            raise InputError(f"{self.task} backend must be one of {list(self.factories)} or a "
                             f"{self.protocol.__name__} object, got {backend!r}")
        if model is not None or templates is not None:
            raise InputError("model and templates cannot be given with a backend object; construct it with them")
        return backend

    def get(self, backend: Any = None, model: Any = None, templates: Sequence[str] | None = None) -> Any:
        """A scorer: ``backend`` itself if it is one, else the named one (default :attr:`default`)."""
        if backend is not None and not isinstance(backend, str):
            return self._check_object(backend, model, templates)
        name, checked = self._check(backend, model, templates)
        factory = self.factories[name]
        if getattr(factory, "builds_cheaply", False):  # its own model cache follows the environment
            return factory(model=model) if checked is None else factory(model=model, templates=checked)
        return build_scorer(factory, None if model is None else str(model), checked)

    def identity(self, backend: Any = None, model: Any = None, templates: Sequence[str] | None = None) -> dict[str, Any]:
        """What decides a scorer's scores (name, model hash, prompt or template version), found
        without loading the model: the key of the score cache and of scored-article files."""
        if backend is not None and not isinstance(backend, str):
            return cache_identity(self._check_object(backend, model, templates).provenance())
        name, checked = self._check(backend, model, templates)
        kwargs: dict[str, Any] = {"model": None if model is None else str(model)}
        if checked is not None:
            kwargs["templates"] = checked
        return dict(self.factories[name].identity(**kwargs))
