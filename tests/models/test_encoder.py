"""analysis.models.encoder: resolution, windows, normalisation and the embedding cache.

Most tests run a tiny 2-layer BERT (tests.support.build_tiny_model) with a 16-token window;
one test runs the real all-mpnet-base-v2 when ``models fetch`` has put it in the cache.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import InputError, ModelNotAvailableError
from analysis.models import encoder as enc
from analysis.models.encoder import load_encoder
from tests.support import HEADS, build_tiny_model, fetched_encoder_dir, words

WINDOW = 16


@pytest.fixture(scope="module")
def tiny_encoder_dir(tmp_path_factory) -> Path:
    d = build_tiny_model(tmp_path_factory.mktemp("tiny_enc") / "enc", HEADS["3way"])
    (d / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": WINDOW}))
    return d


@pytest.fixture
def tiny(tiny_encoder_dir, private_cache):
    return load_encoder(tiny_encoder_dir)


def test_vectors_are_unit_float32_and_deterministic(tiny):
    texts = ["The Kremlin said the block was lawful.", "WhatsApp said it would fight the block."]
    v = tiny.encode(texts, progress=False)
    assert v.shape == (2, tiny.dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(v[0], v[1])
    assert np.allclose(tiny.encode(texts[::-1], progress=False, cache=False), v[::-1], atol=1e-5)


def test_long_text_is_split_into_windows_not_truncated(tiny):
    long, short = words(60, seed=1), words(5, seed=1)
    assert tiny.count_windows([short, long]).tolist() == [1, len(tiny._windows(long))]
    assert len(tiny._windows(long)) >= 4
    assert all(len(w) <= WINDOW for w in tiny._windows(long))
    # the tail beyond the first window changes the vector: it was read, not dropped
    head = tiny.tokenizer.decode(tiny._windows(long)[0][1:-1])
    a, b = tiny.encode([long, head], progress=False, cache=False)
    assert not np.allclose(a, b, atol=1e-4)


def test_cache_skips_the_model_and_is_keyed_by_text(tiny, monkeypatch):
    texts = ["Moscow restricted calls.", "Durov criticised the ban."]
    first = tiny.encode(texts, progress=False)

    def boom(*a, **k):
        raise AssertionError("the model must not run for cached texts")

    monkeypatch.setattr(enc.Encoder, "_encode_uncached", boom)
    assert np.array_equal(tiny.encode(texts, progress=False), first)
    with pytest.raises(AssertionError, match="must not run"):
        tiny.encode(["A text never seen before."], progress=False)


def test_identity_names_model_weights_hash_and_runtime(tiny, tiny_encoder_dir):
    import hashlib

    ident = tiny.identity()
    assert set(ident) == {"model", "model_sha256", "runtime"}
    assert ident["model_sha256"] == hashlib.sha256((tiny_encoder_dir / "model.safetensors").read_bytes()).hexdigest()
    assert load_encoder(tiny_encoder_dir) is tiny  # one per process


def test_missing_model_names_the_fix(tmp_path, private_cache, monkeypatch):
    monkeypatch.delenv("ANALYSIS_ENCODER_MODEL", raising=False)
    with pytest.raises(ModelNotAvailableError, match="python -m analysis models fetch"):
        load_encoder()
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tmp_path / "nope"))
    with pytest.raises(ModelNotAvailableError, match="ANALYSIS_ENCODER_MODEL"):
        load_encoder()


def test_env_var_selects_a_local_directory(tiny_encoder_dir, private_cache, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_encoder_dir))
    assert load_encoder().path == tiny_encoder_dir.resolve()


def test_bad_texts_are_refused(tiny):
    with pytest.raises(InputError):
        tiny.encode("one string", progress=False)
    with pytest.raises(InputError):
        tiny.encode(["ok", 3], progress=False)


@pytest.mark.real_model
@pytest.mark.skipif(fetched_encoder_dir() is None, reason="all-mpnet-base-v2 not fetched (python -m analysis models fetch)")
def test_real_mpnet_is_pinned_and_meaningful():
    e = load_encoder(fetched_encoder_dir())
    assert e.dim == 768 and e.max_seq_length == 384
    v = e.encode(["The government blocked the messaging app.",
                  "Authorities restricted the messenger service.",
                  "The recipe needs two cups of flour."], progress=False, cache=False)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


def test_layers_concatenate_normalised_blocks_and_the_last_is_the_sentence_embedding(tiny):
    texts = ["The regulator blocked the app.", "Users protested."]
    final = tiny.encode(texts, progress=False)
    both = tiny.encode(texts, progress=False, layers=(1, tiny.n_layers))
    assert both.shape == (2, 2 * tiny.dim)
    assert np.allclose(np.linalg.norm(both, axis=1), 1.0, atol=1e-5)
    assert np.allclose(both[:, tiny.dim:] * np.sqrt(2), final, atol=1e-5)  # last block = final layer
    assert not np.allclose(both[:, :tiny.dim], both[:, tiny.dim:], atol=1e-3)
