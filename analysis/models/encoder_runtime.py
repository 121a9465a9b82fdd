"""How the sentence encoder's transformer runs: ONNX Runtime (the default), PyTorch eager, or
PyTorch eager in bfloat16.

Both take padded token ids and return the hidden states of the requested layers as numpy
arrays; :mod:`analysis.models.encoder` pools them. The ONNX graph is exported once per
weights file from the PyTorch model (``torch.onnx.export``), written atomically under the
cache root (``onnx/``), and checked against PyTorch on a padded probe batch before it is
used: if any state differs by more than :data:`TOLERANCE`, the graph is refused with an
error that says how to run on PyTorch instead (``ANALYSIS_ENCODER_RUNTIME=torch``); nothing
switches runtime silently. ONNX Runtime fuses attention, GELU and layer norm on CPU, which
PyTorch eager does not (Microsoft's transformer optimisations), so it encodes faster with
the same fp32 arithmetic. ``torch-bf16`` runs PyTorch's matrix products in bfloat16 under
``torch.autocast`` (layer norms and softmax stay fp32; Kalamkar et al. 2019, "A Study of
BFLOAT16 for Deep Learning Training"): faster on CPUs with native bfloat16 (AVX512-BF16,
AMX), with vectors very close to fp32's (MEASUREMENTS.md has both). It is opt-in, since a
machine without those instructions emulates bfloat16 and runs slower than fp32, and vectors
then differ between machines; such a machine gets a warning. The runtime and its version are
part of the encoder's identity, hence of every embedding cache key and provenance record.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from analysis.config import ENCODER_RUNTIME_VAR, cache_root, cpu_threads, env
from analysis.errors import InputError, ModelNotAvailableError, ModelVerificationError

RUNTIMES = ("onnx", "torch", "torch-bf16")
TOLERANCE = 1e-4  # largest |ONNX - PyTorch| accepted on the probe batch's real tokens
EXPORT_VERSION = "1"  # bump when the exported graph changes: it names the cached file
OPSET = 17
_PROBE = ["Short.", "A longer probe sentence, so that the batch is padded and the mask matters for every layer."]


def chosen_runtime() -> str:
    """``$ANALYSIS_ENCODER_RUNTIME`` if set, else ``onnx`` when onnxruntime is installed, else ``torch``."""
    value = (env(ENCODER_RUNTIME_VAR) or "").lower()
    if value:
        if value not in RUNTIMES:
            raise InputError(f"${ENCODER_RUNTIME_VAR}={value!r}: choose one of {', '.join(RUNTIMES)}")
        if value == "onnx" and importlib.util.find_spec("onnxruntime") is None:
            raise ModelNotAvailableError(
                f"${ENCODER_RUNTIME_VAR}=onnx but onnxruntime is not installed: pip install onnxruntime")
        return value
    return "onnx" if importlib.util.find_spec("onnxruntime") is not None else "torch"


def runtime_label(runtime: str) -> str:
    """``onnxruntime 1.32.0`` / ``torch 2.13.0+cpu`` / ``torch 2.13.0+cpu bf16``: what provenance records."""
    package = "onnxruntime" if runtime == "onnx" else "torch"
    suffix = " bf16" if runtime == "torch-bf16" else ""
    try:
        return f"{package} {version(package)}{suffix}"
    except PackageNotFoundError:
        return package + suffix


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX), as PyTorch sees it."""
    import torch

    probes = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    return any(bool(probe()) for probe in probes if probe is not None)


class TorchRunner:
    """PyTorch eager under ``inference_mode``: fp32, or bfloat16 matrix products with ``bf16``."""

    def __init__(self, path: Path, bf16: bool = False) -> None:
        import torch
        from transformers import AutoModel

        try:
            self.model = AutoModel.from_pretrained(str(path), dtype=torch.float32).eval()
        except (OSError, ValueError) as e:
            raise ModelNotAvailableError(f"could not load the encoder from {path}: {e}") from None
        self.bf16 = bf16
        if bf16 and not native_bf16():
            print(f"WARNING: {ENCODER_RUNTIME_VAR}=torch-bf16 on a CPU without native bfloat16 (AVX512-BF16 or "
                  "AMX): PyTorch emulates it, slower than fp32. Unset the variable to run in fp32.",
                  file=sys.stderr, flush=True)

    def states(self, input_ids: np.ndarray, mask: np.ndarray, layers: tuple[int, ...]) -> list[np.ndarray]:
        import torch

        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            result = self.model(input_ids=torch.from_numpy(input_ids), attention_mask=torch.from_numpy(mask),
                                output_hidden_states=True)
            return [result.hidden_states[x].float().numpy() for x in layers]


class OnnxRunner:
    """ONNX Runtime on CPU, with the graph exported from the same weights and verified."""

    def __init__(self, path: Path, sha256: str, n_layers: int) -> None:
        self.graph = cache_root() / "onnx" / f"{sha256[:20]}-v{EXPORT_VERSION}-opset{OPSET}.onnx"
        if not self.graph.is_file():
            _export(path, self.graph, n_layers)
        self.session = _session(self.graph)

    def states(self, input_ids: np.ndarray, mask: np.ndarray, layers: tuple[int, ...]) -> list[np.ndarray]:
        return self.session.run([f"h{x}" for x in layers], {"input_ids": input_ids, "attention_mask": mask})


def make_runner(runtime: str, path: Path, sha256: str, n_layers: int) -> TorchRunner | OnnxRunner:
    if runtime == "onnx":
        return OnnxRunner(path, sha256, n_layers)
    return TorchRunner(path, bf16=runtime == "torch-bf16")


def _session(graph: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = cpu_threads()
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting between batches
    try:
        return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    except Exception as e:  # onnxruntime raises its own Fail/InvalidGraph types
        raise ModelNotAvailableError(f"ONNX Runtime cannot load {graph} ({e}); delete it to export it again") from None


def _export(path: Path, graph: Path, n_layers: int) -> None:
    """Export every hidden state (h0 = embeddings ... hN), verify against PyTorch, then publish."""
    import torch

    print(f"Exporting the encoder to ONNX once (about 20 s; kept in {graph.parent})", file=sys.stderr, flush=True)

    runner = TorchRunner(path)
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(path))
    probe = tok(_PROBE, padding=True, return_tensors="np")
    ids, mask = probe["input_ids"].astype(np.int64), probe["attention_mask"].astype(np.int64)
    names = [f"h{x}" for x in range(n_layers + 1)]
    # the reference first: after tracing, MPNet's eager outputs were seen to differ from a fresh model's
    ids2, mask2 = np.repeat(ids, 2, axis=0)[:3], np.repeat(mask, 2, axis=0)[:3]  # not the traced batch shape
    want = runner.states(ids2, mask2, tuple(range(n_layers + 1)))

    class _AllStates(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> tuple:
            return tuple(self.model(input_ids=input_ids, attention_mask=attention_mask,
                                    output_hidden_states=True).hidden_states)

    graph.parent.mkdir(parents=True, exist_ok=True)
    tmp = graph.with_name(f".{graph.name}.{os.getpid()}.tmp")
    axes = {name: {0: "batch", 1: "tokens"} for name in ["input_ids", "attention_mask", *names]}
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on Python-level shape checks
            try:
                torch.onnx.export(_AllStates(runner.model), (torch.from_numpy(ids), torch.from_numpy(mask)), str(tmp),
                                  input_names=["input_ids", "attention_mask"], output_names=names,
                                  dynamic_axes=axes, opset_version=OPSET, dynamo=False)
            except Exception as e:  # torch.onnx raises its own error types (onnx missing, unsupported operator)
                raise ModelNotAvailableError(
                    f"could not export {path} to ONNX ({type(e).__name__}: {e}). Install onnx (pip install onnx) "
                    f"or run on PyTorch: export {ENCODER_RUNTIME_VAR}=torch") from None
        got = _session(tmp).run(names, {"input_ids": ids2, "attention_mask": mask2})
        real = mask2.astype(bool)
        worst = max(float(np.abs(g - w)[real].max()) for g, w in zip(got, want))
        if not worst <= TOLERANCE:
            raise ModelVerificationError(
                f"the ONNX export of {path} differs from PyTorch by {worst:.2e} (> {TOLERANCE:g}); "
                f"it was not kept. Run on PyTorch instead: export {ENCODER_RUNTIME_VAR}=torch")
        tmp.with_suffix(".json").write_text(json.dumps({"max_abs_diff": worst, "torch": version("torch")}))
        os.replace(tmp.with_suffix(".json"), graph.with_suffix(".json"))
        os.replace(tmp, graph)
    finally:
        for leftover in (tmp, tmp.with_suffix(".json")):
            leftover.unlink(missing_ok=True)
