"""Where the package keeps models and scores: outside the clone, shared by every checkout.

The root is ``$ANALYSIS_CACHE_DIR`` when set, else the platform's user cache directory
(``~/.cache/news-stance-analysis`` on Linux), so a CI run on the same machine reuses the
model that an earlier run fetched instead of downloading 1.1 GB again.
"""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir

APP_NAME = "news-stance-analysis"


def cache_root() -> Path:
    """The cache root, created on first use."""
    root = Path(os.environ.get("ANALYSIS_CACHE_DIR") or user_cache_dir(APP_NAME))
    root.mkdir(parents=True, exist_ok=True)
    return root


def models_dir() -> Path:
    path = cache_root() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def score_cache_path() -> Path:
    """The SQLite score cache (one file, safe for several processes)."""
    return cache_root() / "scores.sqlite3"
