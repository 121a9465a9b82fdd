"""Shared fixtures: tiny NLI models built in-process (no download), and a private cache dir."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import HEADS, build_tiny_model


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """Directories of tiny NLI models: "3way", "3way_permuted" (same weights) and "2way"."""
    root = tmp_path_factory.mktemp("tiny_nli")
    return {name: build_tiny_model(root / name, id2label) for name, id2label in HEADS.items()}


@pytest.fixture(scope="session")
def tiny_dir(tiny_models) -> Path:
    """The tiny model most tests use as their sentence encoder (the "3way" one: one model to build)."""
    return tiny_models["3way"]


@pytest.fixture(autouse=True)
def reset_process_caches():
    """Every test starts with the process-wide caches of built scorers and loaded models empty,
    so a model or a factory one test patched in is never handed to the next (spaCy's parser and
    the encoder stay: they are keyed by everything that changes them)."""
    from analysis.stance.backends.llm_states import forget_loaded as forget_llm_states
    from analysis.stance.backends.nli import load_nli
    from analysis.stance.base import build_scorer

    for clear in (build_scorer.cache_clear, load_nli.cache_clear, forget_llm_states):
        clear()
    yield


@pytest.fixture
def private_cache(tmp_path, monkeypatch) -> Path:
    """A private ANALYSIS_CACHE_DIR (score cache on, NLI model unset) for one test.

    Not autouse: tests of the real LLM need the default cache root, where its model lives.
    """
    path = tmp_path / "cache"
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(path))
    monkeypatch.delenv("ANALYSIS_SCORE_CACHE", raising=False)
    monkeypatch.delenv("ANALYSIS_NLI_MODEL", raising=False)
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test of a real model or of the browser is slow too, so `-m "not slow"` leaves it out."""
    for item in items:
        if item.get_closest_marker("real_model") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
