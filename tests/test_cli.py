"""The command line: formats, exit codes, errors on stderr."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"


def run(*args: str):
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True)


def test_statements_jsonl_and_csv():
    out = run("statements", str(SEED), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0]["kind"] == "indirect" and rows[0]["speaker"] == "Kremlin"
    assert any(r["kind"] == "direct" and r["speaker"] == "Dmitry Peskov" for r in rows)
    csv = run("statements", str(SEED), "--format", "csv")
    assert csv.returncode == 0 and csv.stdout.splitlines()[0].startswith("statement_id,kind,content")


def test_errors_go_to_stderr_with_nonzero_exit(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = run("statements", str(empty))
    assert out.returncode == 2 and "empty" in out.stderr and out.stdout == "" and "Traceback" not in out.stderr
    out = run("evaluate-attribution", str(tmp_path))
    assert out.returncode == 2 and "no .txt files" in out.stderr


def test_corpus_stance_calibrates_over_all_articles(tiny_models, tmp_path):
    """Several articles, one target; the tiny NLI model keeps it fast (its scores mean nothing)."""
    import os

    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
    wire = ROOT / "tests" / "data" / "wire_story.txt"
    args = [sys.executable, "-m", "analysis", "corpus-stance", str(SEED), str(wire), "--target",
            "the blocking of WhatsApp in Russia", "--backend", "nli", "--model", str(tiny_models["3way"])]
    small = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)
    assert small.returncode == 2 and "at least 100 statements" in small.stderr and small.stdout == ""

    out = subprocess.run(args + ["--min-items", "10", "--format", "jsonl", "--prior", "0.4,0.3,0.3"],
                         cwd=ROOT, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    head, *rows = [json.loads(line) for line in out.stdout.splitlines()]
    record = head["provenance"]["batch_calibration"]
    assert record["n_items"] == len(rows) and record["prior"] == {"favor": 0.4, "against": 0.3, "neutral": 0.3}
    assert {r["article"] for r in rows} == {str(SEED), str(wire)}
    assert all(abs(r["p_favor"] + r["p_against"] + r["p_neutral"] - 1) < 1e-9 and "p_favor_before_batch" in r for r in rows)

    bad = subprocess.run(args + ["--min-items", "10", "--prior", "0.5,0.5"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "three shares" in bad.stderr
