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
