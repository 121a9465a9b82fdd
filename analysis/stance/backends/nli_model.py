"""Loading an NLI cross-encoder for the "nli" backend: a local directory or a Hugging Face hub id
(its local cache first), the head's label order read from the config, and the weights' sha256 for
provenance. A missing model is a ModelNotAvailableError that names the download command.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.config import NLI_MODEL_VAR, env
from analysis.errors import InputError, ModelNotAvailableError
from analysis.models.fetching import file_sha256, hub_unreachable_reason

DEFAULT_MODEL = "MoritzLaurer/deberta-v3-base-zeroshot-v2.0"


def nli_head(id2label: Mapping[Any, str]) -> tuple[str, int, int]:
    """(kind, entailment id, other id) from a config's id2label.

    kind is "3-way" (other = contradiction) or "2-way" (other = not_entailment). Names are
    matched case-insensitively in any order; anything else raises ValueError.
    """
    canon: dict[str, int] = {}
    for i, raw in id2label.items():
        n = str(raw).strip().lower().replace("-", "_").replace(" ", "_")
        if n.startswith("entail"):
            key = "entailment"
        elif n.startswith("contradict"):
            key = "contradiction"
        elif n == "neutral":
            key = "neutral"
        elif n in ("not_entailment", "non_entailment", "not_entail", "no_entailment"):
            key = "not_entailment"
        else:
            key = f"?{raw}"
        if key in canon:
            key = f"?{raw}"  # a repeated name makes the head ambiguous
        canon[key] = int(i)
    if set(canon) == {"entailment", "neutral", "contradiction"}:
        return "3-way", canon["entailment"], canon["contradiction"]
    if set(canon) == {"entailment", "not_entailment"}:
        return "2-way", canon["entailment"], canon["not_entailment"]
    raise InputError(
        f"id2label {dict(id2label)} is not an NLI head: expected entailment/neutral/contradiction "
        f"or entailment/not_entailment (any order or case)"
    )


@dataclass
class LoadedNLI:
    """A loaded model with what scoring and provenance need."""

    ref: str
    tokenizer: Any
    model: Any
    head: str
    entail_id: int
    other_id: int
    max_length: int
    provenance: dict = field(default_factory=dict)


def _fix_hint(ref: str) -> str:
    return (
        f"On a machine with internet access run `huggingface-cli download {ref} --local-dir DIR` "
        f"(or `hf download {ref} --local-dir DIR`), copy DIR here and pass `--model DIR` "
        f"(model=DIR in Python, or set ${NLI_MODEL_VAR}=DIR)."
    )


def _weights_sha256(directory: Path) -> str:
    """sha256 of the weights file, or of ``name sha256`` lines when there are several shards."""
    files = sorted(
        p for p in directory.iterdir()
        if p.is_file() and (p.suffix == ".safetensors" or (p.suffix == ".bin" and "model" in p.name))
    )
    if not files:
        raise ModelNotAvailableError(f"no *.safetensors or pytorch_model*.bin weights in {directory}")
    digests = [(p.name, file_sha256(p)) for p in files]
    if len(digests) == 1:
        return digests[0][1]
    return hashlib.sha256("".join(f"{n} {d}\n" for n, d in digests).encode()).hexdigest()


def _hub_snapshot(ref: str) -> Path:
    """The local snapshot directory of hub model ``ref``: from the hub cache, else downloaded."""
    from huggingface_hub import snapshot_download

    patterns = ["*.json", "*.safetensors", "pytorch_model*.bin", "*.model", "*.txt"]  # config, tokenizer, weights
    try:  # the local cache first: no network wait when the model was fetched before
        return Path(snapshot_download(ref, local_files_only=True, allow_patterns=patterns))
    except Exception as cached_error:  # noqa: BLE001 - not cached (any reason): try the hub, else explain
        reason = hub_unreachable_reason()
        if reason:
            raise ModelNotAvailableError(
                f"NLI model {ref!r} is not in the local Hugging Face cache and the hub is not reachable "
                f"({reason}). {_fix_hint(ref)}"
            ) from cached_error
    try:
        return Path(snapshot_download(ref, allow_patterns=patterns))
    except Exception as e:  # noqa: BLE001
        raise ModelNotAvailableError(
            f"could not download NLI model {ref!r} from the Hugging Face hub ({type(e).__name__}: {e}). {_fix_hint(ref)}"
        ) from e


def model_ref(model: str | os.PathLike | None) -> str:
    """The model to load: ``model``, else $ANALYSIS_NLI_MODEL, else the default hub id."""
    return str(model) if model is not None else (env(NLI_MODEL_VAR) or DEFAULT_MODEL)


def _model_dir(ref: str) -> Path:
    """The local directory of ``ref``: itself, or its hub snapshot (ModelNotAvailableError if neither)."""
    path = Path(ref).expanduser()
    if path.is_dir():
        return path.resolve()
    if path.exists() or ref.startswith((".", "/", "~")) or ref.count("/") > 1:
        raise ModelNotAvailableError(f"NLI model {ref!r} is neither a model directory nor a hub id. {_fix_hint(DEFAULT_MODEL)}")
    return _hub_snapshot(ref)


@lru_cache(maxsize=2)
def load_nli(ref: str, device: str = "cpu") -> LoadedNLI:
    """Load tokenizer and model from a local directory or a hub id (cached per process).

    Raises analysis.models.fetching.ModelNotAvailableError, with the command that fixes it, when
    the model is neither a local directory nor loadable from the hub or its local cache.
    """
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    source = _model_dir(ref)
    revision = None if Path(ref).expanduser().is_dir() else source.name  # snapshots/<commit hash>
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(source))
        model = AutoModelForSequenceClassification.from_pretrained(str(source), dtype=torch.float32)
    except (OSError, ValueError) as e:
        raise ModelNotAvailableError(f"{source} is not a loadable NLI model directory ({e}). {_fix_hint(DEFAULT_MODEL)}") from e
    if not getattr(tokenizer, "is_fast", False) or getattr(tokenizer, "backend_tokenizer", None) is None:
        raise InputError(f"NLI model {ref!r}: a fast tokenizer (tokenizer.json) is needed for token windows")
    if tokenizer.backend_tokenizer.post_processor is None:
        raise InputError(f"NLI model {ref!r}: its tokenizer has no post-processor to build premise/hypothesis pairs")
    if tokenizer.pad_token_id is None:
        raise InputError(f"NLI model {ref!r}: its tokenizer has no padding token")
    head, entail_id, other_id = nli_head(model.config.id2label)
    candidates = [getattr(model.config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None)]
    limits = [int(x) for x in candidates if isinstance(x, int) and 0 < x < 100_000]
    if not limits:
        raise InputError(f"NLI model {ref!r}: neither config.max_position_embeddings nor tokenizer.model_max_length is set")
    model.eval().to(device)
    prov = {
        "model": ref,
        "model_sha256": _weights_sha256(source),
        "revision": revision,
        "head": head,
        "id2label": {str(k): str(v) for k, v in sorted(model.config.id2label.items())},
        "max_length": min(limits),
    }
    return LoadedNLI(ref, tokenizer, model, head, entail_id, other_id, min(limits), prov)


def model_weights_sha256(ref: str) -> str:
    """The weights' sha256 of model ``ref`` without loading it (what identities and cache keys need)."""
    return _weights_sha256(_model_dir(ref))
