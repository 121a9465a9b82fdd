"""Every environment variable the package reads, and where it keeps models and scores.

| variable | effect |
|---|---|
| ``ANALYSIS_CACHE_DIR`` | root of models, the score cache and adapted few-shot heads (default: the user cache dir) |
| ``ANALYSIS_SCORE_CACHE`` | ``0`` / ``false`` / ``no`` / ``off`` turns the SQLite score cache off |
| ``ANALYSIS_LLM_MODEL`` | a GGUF file to use instead of the pinned default LLM |
| ``ANALYSIS_NLI_MODEL`` | hub id or local directory of the NLI cross-encoder |
| ``ANALYSIS_ENCODER_MODEL`` | encoder directory for English text instead of the default (EmbeddingGemma; stories: mpnet) |
| ``ANALYSIS_ENCODER_RUNTIME`` | how the encoder runs: ``onnx`` (default if installed), ``torch`` or ``torch-bf16`` (opt-in) |
| ``OMP_NUM_THREADS`` | threads for the encoder and the LLM (default: the CPUs this process may use) |
| ``HF_HUB_OFFLINE`` / ``HF_ENDPOINT`` | the Hugging Face hub's own switches, honoured before any probe |

The cache root lives outside the clone (``~/.cache/news-stance-analysis`` on Linux), so a CI
run on the same machine reuses the models that an earlier run fetched.
"""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir

APP_NAME = "news-stance-analysis"

CACHE_DIR_VAR = "ANALYSIS_CACHE_DIR"
SCORE_CACHE_VAR = "ANALYSIS_SCORE_CACHE"
LLM_MODEL_VAR = "ANALYSIS_LLM_MODEL"
NLI_MODEL_VAR = "ANALYSIS_NLI_MODEL"
ENCODER_MODEL_VAR = "ANALYSIS_ENCODER_MODEL"
ENCODER_RUNTIME_VAR = "ANALYSIS_ENCODER_RUNTIME"
_FALSE = ("0", "false", "no", "off")


def env(name: str) -> str | None:
    """The variable's value, None when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or None


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def cpu_threads() -> int:
    """Threads for one model: ``$OMP_NUM_THREADS`` when set (corpus workers set it), else :func:`cpu_count`."""
    value = env("OMP_NUM_THREADS")
    return max(1, int(value)) if value and value.isdigit() else cpu_count()


def score_cache_enabled() -> bool:
    """False when ``$ANALYSIS_SCORE_CACHE`` is 0/false/no/off."""
    return (env(SCORE_CACHE_VAR) or "1").lower() not in _FALSE


def hub_offline_reason() -> str | None:
    """Why the Hugging Face hub must not be asked, from its own variables; None when it may be."""
    if (env("HF_HUB_OFFLINE") or "").lower() in ("1", "true", "yes"):
        return "HF_HUB_OFFLINE is set"
    return None


def hub_endpoint() -> str:
    return env("HF_ENDPOINT") or "https://huggingface.co"


def cache_root() -> Path:
    """The cache root, created on first use."""
    root = Path(env(CACHE_DIR_VAR) or user_cache_dir(APP_NAME))
    root.mkdir(parents=True, exist_ok=True)
    return root


def models_dir() -> Path:
    path = cache_root() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def score_cache_path() -> Path:
    """The SQLite score cache (one file, safe for several processes)."""
    return cache_root() / "scores.sqlite3"
