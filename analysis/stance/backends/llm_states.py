"""The zero-shot LLM's hidden state where it would answer: a feature vector for few-shot heads.

The LLM reads the zero-shot stance prompt of :mod:`analysis.stance.backends.llm` (code form,
label definitions, worked examples, the target) and the statement, up to where the answer word
would start; the final hidden state of that last token (after the output norm: llama.cpp's
per-token embedding) summarises what it is about to answer. A linear head on such states (a
probe; Alain & Bengio 2016, "Understanding intermediate layers using linear classifier probes")
learns the researcher's labels from a few examples, including what the LLM's three answer
probabilities lose. The prefix is evaluated once into the KV cache and each statement as its own
batch, exactly as the backend does, so a vector costs about one zero-shot call and does not
depend on what was encoded before. A statement longer than the window is split as the backend
splits it and the windows' states averaged, weighted by their token counts: nothing is
truncated. Vectors are cached in the embedding cache, keyed by the model's sha256, the prompt,
the target, the label definitions and the text.
"""
from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from analysis.models.fetching import LocalModel
from analysis.stance.backends.llm import LLMBackend, PromptStyle

STATES_VERSION = "answer-last-token-v1"  # bump when the prompt cut or the pooling changes


class LLMStates(LLMBackend):
    """The LLM in embedding mode: :meth:`states` instead of label probabilities."""

    name = "llm-states"

    def _llama_options(self) -> dict:
        return {"embedding": True, "pooling_type": self._lc.LLAMA_POOLING_TYPE_NONE}

    def _last_state(self, tokens: list[int], prefix_len: int) -> np.ndarray:
        # llama.cpp logs, on every batch, that embedding mode makes each token an output; that is
        # expected here, so its log is quiet meanwhile (a failed decode still raises)
        log = logging.getLogger("llama-cpp-python")
        level = log.level
        log.setLevel(logging.CRITICAL)
        try:
            self._eval_after_prefix(tokens, prefix_len)
        finally:
            log.setLevel(level)
        ptr = self._lc.llama_get_embeddings_ith(self.llm.ctx, -1)
        return np.ctypeslib.as_array(ptr, shape=(self.llm.n_embd(),)).astype(np.float32)

    def states(self, texts: Sequence[str], target: str, labels: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray]:
        """((n, dim) states at the answer position, (n,) window counts) of ``texts`` toward ``target``."""
        prefix, suffix_fn, _ = self._stance_prompt(target, labels)
        pre = self._tok(prefix)
        budget = self._window_budget(pre, suffix_fn)
        from tqdm.auto import tqdm

        out, nwin = [], []
        for text in tqdm(texts, desc="LLM states", unit="text", file=sys.stderr, leave=False, disable=len(texts) <= 8):
            windows = self._windows(text, budget)
            toks = [self._tok(suffix_fn(w)) for w in windows]
            vecs = np.array([self._last_state(pre + t, len(pre)) for t in toks], dtype=np.float64)
            weights = np.array([len(t) for t in toks], dtype=np.float64)
            out.append((weights[:, None] * vecs).sum(0) / weights.sum())
            nwin.append(len(windows))
        return np.asarray(out, dtype=np.float32).reshape(len(out), -1), np.asarray(nwin, dtype=int)

    @classmethod
    def _identity(cls, local: LocalModel, n_ctx: int, style: PromptStyle) -> dict:
        return {**super()._identity(local, n_ctx, style), "states": STATES_VERSION}


@lru_cache(maxsize=2)
def _model(model: str | None, mtime_ns: int) -> LLMStates:
    return LLMStates(model)


def forget_loaded() -> None:
    """Drop the LLMs this process loaded for their states (the next call loads again)."""
    _model.cache_clear()


atexit.register(_model.cache_clear)  # free the model while llama_cpp is still importable


def answer_states(texts: Sequence[str], target: str, labels: Mapping[str, str],
                  model: str | os.PathLike | None = None, cache: bool | None = None) -> np.ndarray:
    """(n, dim) float32 states of ``texts`` (see the module docstring); cached ones skip the model,
    which loads (once per process) only for texts missing from the cache."""
    from analysis.models.encoder import cached_vectors
    from analysis.models.fetching import resolve_model

    local = resolve_model(model)
    ident = LLMStates.identity(model)  # the defaults LLMStates(model) runs with, as in the features' spec
    keys = [hashlib.sha256(json.dumps([ident, target, dict(labels), t], sort_keys=True).encode()).hexdigest()
            for t in texts]

    def compute(todo: list[str]) -> np.ndarray:
        llm = _model(None if model is None else str(model), local.path.stat().st_mtime_ns)
        return llm.states(todo, target, labels)[0]

    found = cached_vectors(keys, list(texts), compute, None, cache)  # None: the width is the model's hidden size
    return np.array([found[k] for k in keys], dtype=np.float32).reshape(len(keys), -1)

