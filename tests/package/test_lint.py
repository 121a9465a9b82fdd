"""ruff (style, imports, line length) and mypy (types) are clean on the package, its tests and benchmarks."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_is_clean() -> None:
    out = run("ruff", "check", "--no-cache", "analysis", "tests", "benchmarks")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_is_clean() -> None:
    out = run("mypy")  # configured in pyproject.toml: packages = ["analysis"]
    assert out.returncode == 0, out.stdout + out.stderr
