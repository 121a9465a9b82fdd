"""Frame scores for statements: which Policy Frames Codebook dimensions a statement uses.

``score_frames`` gives one independent probability per frame (``frame:<name>`` columns), the
``top_frame`` and the frames present. The default scorer is the sentence encoder
(:mod:`analysis.frames.scorer`), measured against the LLM's lettered choice on FrAC and held-out
headlines (MEASUREMENTS.md); the zero-shot "llm" and "nli" stance backends score frames too, by
name. Scores pass through the same cache and provenance as stance
(:mod:`analysis.stance.scoring`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import BackendError, InputError
from analysis.frames.codebook import frames_for, parse_frames
from analysis.frames.scorer import FRAMES_PRESENT, EncoderFrameBackend, present_frames
from analysis.models.cache import ScoreCache, cache_key
from analysis.schema import PROB_DECIMALS, TOP_FRAME, Frame, frame_column
from analysis.stance.backends.llm import LLMBackend
from analysis.stance.backends.nli import NLIBackend
from analysis.stance.base import FrameScorer, ScorerRegistry
from analysis.stance.scoring import LazyBackend, items_frame, make_provenance, through_cache

#: The frame scorer used unless another is named: the sentence encoder.
DEFAULT_FRAME_BACKEND = "encoder"
#: The named frame scorers; the zero-shot stance backends score frames too.
FRAME_SCORERS = ScorerRegistry("frames", FrameScorer,
                               {"encoder": EncoderFrameBackend, "llm": LLMBackend, "nli": NLIBackend},
                               DEFAULT_FRAME_BACKEND)


def score_frames(
    items: Any,
    *,
    frames: Iterable[Frame | Mapping[str, Any]] | None = None,
    backend: str | FrameScorer | None = None,
    model: Any = None,
    cache: bool | ScoreCache | None = None,
) -> pd.DataFrame:
    """Multi-label frame probabilities: one ``frame:<name>`` column per frame, plus ``top_frame``.

    ``frames``: Frame records or ``{"name", "description"}`` objects; default the 15 Policy
    Frames Codebook dimensions (use ``frames_for(article.sidecar)`` to add a sidecar's frames).
    ``backend``: "encoder" (the default, :mod:`analysis.frames.scorer`) gives independent
    per-frame probabilities from the sentence encoder, read from the statement's content; "llm"
    and "nli" choose one frame zero-shot; or a :class:`FrameScorer` object. ``frames_present``
    (``;``-joined) lists the frames at or above the backend's present thresholds; a backend
    that makes one choice among the frames (llm, nli) marks only its top frame present.
    """
    chosen = frames_for() if frames is None else parse_frames(frames)
    if not chosen:
        raise InputError("frames must not be empty")
    df, premises = items_frame(items)
    lazy = LazyBackend(backend, model, None, FRAME_SCORERS)
    if lazy.identity.get("backend") == "encoder" and "content" in df.columns:
        # what is said (with the cue verb of reported speech), not who says it: the text that
        # few-shot stance embeds too, so the embedding cache serves both
        from analysis.stance.examples import statement_text

        col = lambda name: df[name].fillna("").astype(str).tolist() if name in df.columns else [""] * len(df)  # noqa: E731
        premises = [statement_text(c, q, k) for c, q, k in zip(col("content"), col("cue"), col("kind"))]
    frame_spec = [[f.name, f.description, f.source] for f in chosen]
    keys = [cache_key("frames", lazy.identity, frame_spec, p) for p in premises]

    def compute(todo: list[str]) -> list[list[float]]:
        be = lazy.backend
        p = np.asarray(be.frames(todo, list(chosen)), dtype=float)
        if p.shape != (len(todo), len(chosen)) or (p < 0).any() or (p > 1).any():
            raise BackendError(f"backend {be.name!r} returned invalid frame probabilities of shape {p.shape}")
        return p.tolist()

    values, attrs_cache, prov = through_cache(cache, lazy, "frames", keys, premises, compute)
    probs = np.array([values[k] for k in keys], dtype=float).reshape(len(keys), len(chosen)).round(PROB_DECIMALS)  # as stance's
    for j, f in enumerate(chosen):
        df[frame_column(f.name)] = probs[:, j]
    df[TOP_FRAME] = [chosen[j].name for j in probs.argmax(1)] if len(keys) else pd.Series([], dtype=object)
    scorer = lazy.backend if lazy.identity.get("backend") == "encoder" else backend  # the encoder loads lazily
    per_frame = getattr(scorer, "thresholds", None)  # backends with independent per-frame probabilities
    thresholds = per_frame(chosen) if callable(per_frame) else None
    df[FRAMES_PRESENT] = present_frames(probs, chosen, df[TOP_FRAME].tolist(), thresholds)
    frames_record = [{"name": f.name, "description": f.description, "source": f.source} for f in chosen]
    df.attrs["provenance"] = make_provenance("frames", prov, frames=frames_record,
                                             present_thresholds=thresholds or "top frame only").to_dict()
    df.attrs["score_cache"] = attrs_cache
    return df
