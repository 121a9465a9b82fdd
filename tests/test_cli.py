"""The command line: formats, exit codes, errors on stderr."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # subprocesses, Dask clusters or notebooks

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


@pytest.mark.parametrize("fmt, read", [("csv", pd.read_csv), ("jsonl", lambda f: pd.read_json(f, lines=True))])
def test_outputs_are_rows_that_pandas_reads_as_they_are(tmp_path, fmt, read):
    """No provenance row or comment lines in the table: it sits beside it, and offsets stay integers."""
    out = tmp_path / f"statements.{fmt}"
    done = run("statements", str(SEED), "--format", fmt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    table = read(out)
    assert list(table.columns[:3]) == ["statement_id", "kind", "content"] and "provenance" not in table.columns
    for column in ("statement_id", "content_start", "content_end", "speaker_start", "parent_id"):
        assert pd.api.types.is_integer_dtype(table[column]), column
    assert "statement_flags" in table.columns and "flags" not in table.columns


def test_stance_provenance_goes_beside_the_rows(tiny_models, tmp_path):
    import os

    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "stance.csv"
    args = [sys.executable, "-m", "analysis", "stance", str(SEED), "--backend", "nli", "--model",
            str(tiny_models["3way"]), "--format", "csv"]
    done = subprocess.run(args + ["--out", str(out)], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out)
    assert ((table[["p_favor", "p_against", "p_neutral"]].sum(axis=1) - 1).abs() < 2e-6).all()
    provenance = json.loads((tmp_path / "stance.provenance.json").read_text(encoding="utf-8"))
    assert provenance["backend"] == "nli" and provenance["target"] == "the blocking of WhatsApp in Russia"
    piped = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)
    assert pd.read_csv(io.StringIO(piped.stdout)).equals(table)  # the same rows, the provenance on stderr
    note, prov_line = piped.stderr.splitlines()  # the zero-shot note, then the provenance
    assert "zero-shot" in note and "0.39" in note and "news-stance label" in note
    assert prov_line.startswith("provenance: {") and json.loads(prov_line.split(": ", 1)[1]) == provenance


def test_help_shows_the_defaults():
    text = " ".join(run("figures", "--help").stdout.split())
    assert "./out/<article stem>/" in text and "(default: llm)" in text
    assert "(default: table)" in " ".join(run("stance", "--help").stdout.split())
