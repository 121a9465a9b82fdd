"""The pinned sentence encoder: all-mpnet-base-v2 embeddings, cached on disk.

all-mpnet-base-v2 (Reimers & Gurevych 2019, Sentence-BERT; Apache-2.0) maps a text to a
768-dimensional vector: the mean of the last layer's token states over the attention mask,
L2-normalised, as its ``1_Pooling`` and ``2_Normalize`` modules specify. It is run here
through ``transformers`` directly (no sentence-transformers dependency). Its window is 384
tokens (``sentence_bert_config.json``); a longer text is split into consecutive windows whose
pooled vectors are averaged, weighted by their token counts, then normalised again, so
nothing is silently truncated (``count_windows`` says how many windows a text takes). The
transformer runs on ONNX Runtime when it is installed, else on PyTorch
(:mod:`analysis.models.encoder_runtime`); the runtime is part of the encoder's identity.

:func:`load_encoder` resolves the model: an explicit directory, else
``$ANALYSIS_ENCODER_MODEL``, else the pinned copy that ``python -m analysis models fetch``
puts in ``models_dir()/all-mpnet-base-v2`` (its ``model.safetensors`` checked against the
pin in :mod:`analysis.models.fetching`). Weights load lazily, on the first text missing from
the embedding cache: one SQLite file (``embeddings.sqlite3`` under the cache root, WAL, like
the score cache) keyed by the weights' sha256, the runtime, the window, the pooling and the text.
``ANALYSIS_SCORE_CACHE=0`` turns it off.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from analysis.config import ENCODER_MODEL_VAR, env, score_cache_enabled
from analysis.errors import InputError, ModelNotAvailableError, ModelVerificationError
from analysis.models import fetching as _models
from analysis.models.cache import vector_cache
from analysis.models.encoder_runtime import chosen_runtime, make_runner, runtime_label

FETCH_COMMAND = _models.FETCH_COMMAND
ENCODER_VERSION = "2"  # bump when pooling or windowing changes: it is part of every cache key
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def pinned_dir() -> Path:
    """Where ``models fetch`` puts the pinned encoder."""
    return _models.models_dir() / _models.ENCODER_SPEC.filename


#: ``load_encoder(PINNED)``: the pinned all-mpnet-base-v2 even when $ANALYSIS_ENCODER_MODEL is set
PINNED = "all-mpnet-base-v2"


def _resolve(model: str | os.PathLike | None) -> tuple[Path, bool]:
    """(model directory, is it the pinned default); ModelNotAvailableError when absent."""
    chosen = model if model is not None else env(ENCODER_MODEL_VAR)
    if chosen is None or chosen == PINNED:
        path = pinned_dir()
        if not path.is_dir():
            raise ModelNotAvailableError(
                f"The sentence encoder all-mpnet-base-v2 is not in {path.parent}. "
                f"Fetch it (438 MB, verified by sha256) with: {FETCH_COMMAND}")
        return path.resolve(), True
    path = Path(chosen).expanduser()
    if not path.is_dir():
        where = "the model argument" if model is not None else "$" + ENCODER_MODEL_VAR
        raise ModelNotAvailableError(
            f"Encoder directory {path} (from {where}) does not exist. Point it at a local "
            f"sentence-transformers / Hugging Face model directory, or unset it and run: {FETCH_COMMAND}")
    return path.resolve(), path.resolve() == pinned_dir().resolve()


def _weights(path: Path) -> Path:
    for name in _WEIGHT_FILES:
        if (path / name).is_file():
            return path / name
    raise ModelNotAvailableError(f"{path} has no {' or '.join(_WEIGHT_FILES)}; it is not a model directory")


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise ModelNotAvailableError(f"{path} is unreadable ({e})") from None


class Encoder:
    """A sentence encoder on CPU. Build it with :func:`load_encoder`."""

    def __init__(self, path: Path, pinned: bool, runtime: str | None = None) -> None:
        self.path = path
        weights = _weights(path)
        digest = _models.file_sha256(weights)
        if pinned:
            spec = _models.ENCODER_SPEC
            try:
                _models._check(spec, weights.stat().st_size, digest, str(weights))
            except ModelVerificationError as e:
                raise ModelVerificationError(f"{e}. Delete {path} and run: {FETCH_COMMAND}") from None
        self.name = _models.ENCODER_SPEC.model_id if pinned else str(path)
        self.sha256 = digest
        config = _read_json(path / "config.json")
        if "hidden_size" not in config:
            raise ModelNotAvailableError(f"{path}/config.json has no hidden_size; it is not a transformer model")
        self.dim = int(config["hidden_size"])
        self.n_layers = int(config.get("num_hidden_layers", 12))
        st = _read_json(path / "sentence_bert_config.json")
        self.max_seq_length = int(st.get("max_seq_length") or min(512, int(config.get("max_position_embeddings", 514)) - 2))
        pooling = _read_json(path / "1_Pooling" / "config.json")
        self.pooling = "cls" if pooling.get("pooling_mode_cls_token") else "mean"
        self.runtime = runtime or chosen_runtime()
        self.runtime_label = runtime_label(self.runtime)  # reads package metadata: once, not per text key
        self._tokenizer: Any = None
        self._runner: Any = None
        self._special_ids: tuple[list[int], list[int]] | None = None

    # ------------------------------------------------------------ identity

    def identity(self) -> dict:
        """What decides the vectors: the model's name, its weights' sha256 and the runtime."""
        return {"model": self.name, "model_sha256": self.sha256, "runtime": self.runtime_label}

    def _text_key(self, text: str, layers: tuple[int, ...] | None = None) -> str:
        parts: list[Any] = [ENCODER_VERSION, self.sha256, self.runtime_label, self.max_seq_length, self.pooling, text]
        if layers is not None:
            parts.append(list(layers))
        blob = json.dumps(parts, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    # ------------------------------------------------------------ model

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(str(self.path))
        return self._tokenizer

    def _load(self) -> Any:
        if self._runner is None:
            self._runner = make_runner(self.runtime, self.path, self.sha256, self.n_layers)
        return self._runner

    def _windows(self, text: str) -> list[list[int]]:
        """Token ids of each window of ``text``, special tokens included."""
        ids = self.tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
        head, tail = self._specials()
        budget = self.max_seq_length - len(head) - len(tail)
        chunks = [ids[i:i + budget] for i in range(0, len(ids), budget)] or [[]]
        return [head + c + tail for c in chunks]

    def _specials(self) -> tuple[list[int], list[int]]:
        """The special tokens the tokenizer puts before and after one text (e.g. <s> ... </s>)."""
        if self._special_ids is None:
            tok = self.tokenizer
            bare = tok("a", add_special_tokens=False)["input_ids"]
            full = tok("a", add_special_tokens=True)["input_ids"]
            at = next((i for i in range(len(full)) if full[i:i + len(bare)] == bare), None)
            if at is None:
                raise ModelNotAvailableError(f"cannot find where {self.path}'s tokenizer puts its special tokens")
            self._special_ids = (list(full[:at]), list(full[at + len(bare):]))
        return self._special_ids

    def count_windows(self, texts: list[str]) -> np.ndarray:
        """How many windows each text is split into (1 unless longer than the window)."""
        return np.array([len(self._windows(t)) for t in _check(texts)], dtype=int)

    # ------------------------------------------------------------ encoding

    def encode(self, texts: list[str], batch_size: int = 8, progress: bool = True,
               cache: bool | None = None, layers: tuple[int, ...] | None = None) -> np.ndarray:
        """(n, dim) float32 unit vectors, one per text; cached texts skip the model.

        ``layers`` (e.g. ``(6, 8, 10, 12)``; 0 = the token embeddings) concatenates the pooled,
        normalised states of those layers instead of the final sentence embedding: (n, dim *
        len(layers)) vectors of norm 1, each block weighted equally.
        """
        texts = _check(texts)
        if layers is not None:
            layers = tuple(int(x) for x in layers)
        width = self.dim * (len(layers) if layers else 1)
        keys = [self._text_key(t, layers) for t in texts]
        found = cached_vectors(keys, texts, lambda todo: self._encode_uncached(todo, batch_size, progress, layers),
                               width, cache)
        out = np.zeros((len(texts), width), dtype=np.float32)
        for i, k in enumerate(keys):
            out[i] = found[k]
        return out

    def _encode_uncached(self, texts: list[str], batch_size: int, progress: bool,
                         layers: tuple[int, ...] | None = None) -> np.ndarray:
        from tqdm.auto import tqdm

        runner, tok = self._load(), self.tokenizer
        wanted = layers if layers else (self.n_layers,)
        blocks = len(layers) if layers else 1
        windows = [(i, w) for i, t in enumerate(texts) for w in self._windows(t)]
        order = sorted(range(len(windows)), key=lambda j: -len(windows[j][1]))  # less padding
        pooled = np.zeros((len(windows), blocks, self.dim), dtype=np.float32)
        bar = tqdm(total=len(order), desc="encoding", unit="text", file=sys.stderr,
                   disable=not progress or len(order) <= batch_size, leave=False)
        with bar:
            for b in range(0, len(order), max(1, batch_size)):
                idx = order[b:b + batch_size]
                batch = tok.pad({"input_ids": [windows[j][1] for j in idx]}, return_tensors="np")
                ids, mask = batch["input_ids"].astype(np.int64), batch["attention_mask"].astype(np.int64)
                weights = mask[..., None].astype(np.float32)
                for block, states in enumerate(runner.states(ids, mask, wanted)):
                    if self.pooling == "cls":
                        vec = states[:, 0]
                    else:
                        vec = (states * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
                    pooled[idx, block] = vec
                bar.update(len(idx))
        # windows of one text: average weighted by their token counts, then normalise (per block)
        out = np.zeros((len(texts), blocks, self.dim), dtype=np.float64)
        for j, (i, w) in enumerate(windows):
            v = pooled[j] / np.maximum(np.linalg.norm(pooled[j], axis=-1, keepdims=True), 1e-12)
            out[i] += len(w) * v
        out /= np.maximum(np.linalg.norm(out, axis=-1, keepdims=True), 1e-12)
        return (out / np.sqrt(blocks)).reshape(len(texts), blocks * self.dim).astype(np.float32)


def cached_vectors(keys: list[str], texts: list[str], compute: Callable[[list[str]], Any], width: int | None,
                   cache: bool | None = None) -> dict[str, np.ndarray]:
    """key -> vector for every key: from the embedding cache (vectors of ``width``, any width if
    None), the rest from ``compute(texts missing)``, which are then stored. ``cache`` None follows
    ``ANALYSIS_SCORE_CACHE``; False computes everything and stores nothing."""
    store = vector_cache() if (score_cache_enabled() if cache is None else cache) else None
    try:
        found = store.get_many(keys) if store is not None else {}
        if width is not None:
            found = {k: v for k, v in found.items() if v.shape == (width,)}
        todo: dict[str, str] = {}
        for k, t in zip(keys, texts):
            if k not in found:
                todo.setdefault(k, t)
        if todo:
            new = dict(zip(todo, compute(list(todo.values()))))
            if store is not None:
                store.put_many("vectors", new)
            found.update(new)
    finally:
        if store is not None:
            store.close()
    return found


def _check(texts: Any) -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise InputError("encode takes a list of strings, not one string")
    texts = list(texts)
    bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if bad:
        raise InputError(f"texts {bad[:10]} are not strings")
    return texts


@lru_cache(maxsize=4)
def _load_cached(path: str, pinned: bool, mtime_ns: int, runtime: str) -> Encoder:
    return Encoder(Path(path), pinned, runtime)


def load_encoder(model: str | os.PathLike | None = None) -> Encoder:
    """The encoder (one per process and directory): ``model`` (a local directory, or
    :data:`PINNED` for the pinned copy whatever the variable says), else
    ``$ANALYSIS_ENCODER_MODEL``, else the pinned all-mpnet-base-v2; on the runtime that
    ``$ANALYSIS_ENCODER_RUNTIME`` chooses (:func:`~analysis.models.encoder_runtime.chosen_runtime`)."""
    path, pinned = _resolve(model)
    return _load_cached(str(path), pinned, _weights(path).stat().st_mtime_ns, chosen_runtime())
