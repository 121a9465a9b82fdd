"""A fresh run of the seed regenerates the committed figures and table byte for byte.

Scores are rounded where they leave the scorer (analysis.schema.PROB_DECIMALS), so the last float
digits that differ between CPUs never reach a figure. Runs the real models (from the score cache
on a machine where ``scripts/setup_and_run.sh`` ran) and compares with ``git show HEAD:figures/...``,
the committed bytes, not the working tree that the setup script has just rewritten.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from analysis.report import runner as suite
from tests.support import fetched_encoder_dir, fetched_llm_file

pytestmark = [pytest.mark.slow, pytest.mark.real_model]


def _committed(name: str) -> bytes | None:
    if shutil.which("git") is None:
        return None
    done = subprocess.run(["git", "show", f"HEAD:figures/{name}"], cwd=suite.REPO_ROOT, capture_output=True)
    return done.stdout if done.returncode == 0 else None


@pytest.mark.skipif(fetched_encoder_dir() is None or fetched_llm_file() is None,
                    reason="the seed's models are not fetched (python -m analysis models fetch)")
def test_the_seed_run_reproduces_the_committed_figures(tmp_path, monkeypatch):
    if _committed("statements.csv") is None:
        pytest.skip("not a git checkout with committed figures")
    for name in ("ANALYSIS_ENCODER_MODEL", "ANALYSIS_LLM_MODEL", "ANALYSIS_CACHE_DIR", "ANALYSIS_SCORE_CACHE"):
        monkeypatch.delenv(name, raising=False)
    written = suite.run_suite(out_dir=tmp_path / "figures", build_dir=tmp_path / "build")
    differ = [path.name for path in written if path.read_bytes() != _committed(path.name)]
    assert differ == [], f"regenerated files differ from the committed ones: {differ} (run `python -m analysis figures`)"
