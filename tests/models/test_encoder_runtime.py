"""analysis.models.encoder_runtime: ONNX Runtime and PyTorch give the same vectors; a bad export is refused.

On the tiny 2-layer BERT of tests.support, and on the real all-mpnet-base-v2 when it is fetched.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import InputError, ModelVerificationError
from analysis.models import encoder_runtime as runtime
from analysis.models.encoder import Encoder, load_encoder
from tests.support import HEADS, build_tiny_model, fetched_encoder_dir

TEXTS = ["Roskomnadzor said the restrictions would continue.",
         "WhatsApp accused the authorities of trying to push users toward a state app that could be used "
         "for surveillance, a charge the Kremlin rejected.",
         "No."]


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny_rt") / "enc", HEADS["3way"])


@pytest.mark.parametrize("layers", [None, (0, 1, 2)])
def test_onnx_and_torch_agree(tiny_dir, private_cache, layers):
    onnx = Encoder(tiny_dir, False, "onnx").encode(TEXTS, progress=False, cache=False, layers=layers)
    torch = Encoder(tiny_dir, False, "torch").encode(TEXTS, progress=False, cache=False, layers=layers)
    assert onnx.shape == torch.shape
    assert np.abs(onnx - torch).max() < 1e-5


def test_graph_is_exported_once_with_its_check(tiny_dir, private_cache, monkeypatch):
    Encoder(tiny_dir, False, "onnx").encode(TEXTS[:1], progress=False, cache=False)
    graphs = list((private_cache / "onnx").glob("*.onnx"))
    assert len(graphs) == 1
    check = json.loads(graphs[0].with_suffix(".json").read_text())
    assert check["max_abs_diff"] <= runtime.TOLERANCE
    monkeypatch.setattr(runtime, "_export", lambda *a: pytest.fail("exported again"))
    Encoder(tiny_dir, False, "onnx").encode(TEXTS[1:2], progress=False, cache=False)


def test_an_export_that_differs_is_refused_and_not_kept(tiny_dir, private_cache, monkeypatch):
    monkeypatch.setattr(runtime, "TOLERANCE", -1.0)  # any difference at all fails the check
    with pytest.raises(ModelVerificationError, match="ANALYSIS_ENCODER_RUNTIME=torch"):
        Encoder(tiny_dir, False, "onnx").encode(TEXTS[:1], progress=False, cache=False)
    assert not list((private_cache / "onnx").iterdir())


def test_runtime_is_chosen_by_the_variable_and_named_in_the_identity(tiny_dir, private_cache, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ENCODER_RUNTIME", "torch")
    t = load_encoder(tiny_dir)
    monkeypatch.setenv("ANALYSIS_ENCODER_RUNTIME", "onnx")
    o = load_encoder(tiny_dir)
    assert t is not o
    assert t.identity()["runtime"].startswith("torch ") and o.identity()["runtime"].startswith("onnxruntime ")
    assert t._text_key("a") != o._text_key("a")  # the embedding cache keeps each runtime's vectors apart
    monkeypatch.setenv("ANALYSIS_ENCODER_RUNTIME", "tensorflow")
    with pytest.raises(InputError, match="onnx, torch, torch-bf16"):
        load_encoder(tiny_dir)
    monkeypatch.setenv("ANALYSIS_ENCODER_RUNTIME", "torch-bf16")
    b = load_encoder(tiny_dir)
    assert b.identity()["runtime"].endswith(" bf16") and b._text_key("a") not in (t._text_key("a"), o._text_key("a"))


def test_bf16_is_close_to_fp32_but_not_the_same(tiny_dir, private_cache):
    """bfloat16 keeps 8 bits of mantissa: the vectors move a little, never by a lot."""
    bf16 = Encoder(tiny_dir, False, "torch-bf16").encode(TEXTS, progress=False, cache=False)
    fp32 = Encoder(tiny_dir, False, "torch").encode(TEXTS, progress=False, cache=False)
    assert bf16.dtype == np.float32 and bf16.shape == fp32.shape
    cosine = (bf16 * fp32).sum(1)
    assert cosine.min() > 0.99
    assert np.abs(bf16 - fp32).max() > 0  # it really ran in bfloat16


def test_bf16_without_native_support_warns(tiny_dir, private_cache, monkeypatch, capsys):
    monkeypatch.setattr(runtime, "native_bf16", lambda: False)
    Encoder(tiny_dir, False, "torch-bf16").encode(TEXTS[:1], progress=False, cache=False)
    assert "without native bfloat16" in capsys.readouterr().err


def test_onnx_is_the_default_when_installed(monkeypatch):
    monkeypatch.delenv("ANALYSIS_ENCODER_RUNTIME", raising=False)
    assert runtime.chosen_runtime() == "onnx"
    monkeypatch.setattr(runtime.importlib.util, "find_spec", lambda name: None)
    assert runtime.chosen_runtime() == "torch"


@pytest.mark.real_model
@pytest.mark.skipif(fetched_encoder_dir() is None, reason="all-mpnet-base-v2 not fetched (python -m analysis models fetch)")
def test_real_mpnet_agrees_across_runtimes():
    """The default cache root, where the real graph is exported once and kept."""
    path = fetched_encoder_dir()
    assert path is not None
    onnx = Encoder(path, True, "onnx").encode(TEXTS, progress=False, cache=False, layers=(6, 12))
    torch = Encoder(path, True, "torch").encode(TEXTS, progress=False, cache=False, layers=(6, 12))
    assert np.abs(onnx - torch).max() < 1e-5


@pytest.mark.real_model
@pytest.mark.skipif(fetched_encoder_dir() is None, reason="all-mpnet-base-v2 not fetched (python -m analysis models fetch)")
def test_real_mpnet_in_bf16_keeps_the_vectors():
    path = fetched_encoder_dir()
    assert path is not None
    bf16 = Encoder(path, True, "torch-bf16").encode(TEXTS, progress=False, cache=False, layers=(6, 12))
    onnx = Encoder(path, True, "onnx").encode(TEXTS, progress=False, cache=False, layers=(6, 12))
    assert (bf16 * onnx).sum(1).min() > 0.999
