"""Real kills: the whole run (SIGKILL to the CLI's process group) and one Dask worker process.

Each test starts ``python -m analysis corpus`` as a subprocess on a LocalCluster of worker
processes, kills mid-run once some articles are written, and checks that the result equals an
uninterrupted run: every article exactly once, the same statements and scores.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from analysis.corpus import store
from tests.support import ROOT, synthetic_corpus

pytestmark = pytest.mark.slow  # subprocesses, Dask clusters or notebooks

N = 12
TIMEOUT = 600


def start(corpus, out, model, workers):
    cmd = [sys.executable, "-m", "analysis", "corpus", str(corpus), "--out", str(out), "--backend", "nli",
           "--model", str(model), "--workers", str(workers), "--name-pattern", "outlet_date", "--no-progress"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group: the workers die with it


def finish(proc):
    stdout, stderr = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, stderr[-3000:]
    return json.loads(stdout.strip().splitlines()[-1])


def n_done(out):
    folder = out / "articles"
    return len(list(folder.glob("part-*.parquet"))) if folder.is_dir() else 0


def wait_until(condition, proc, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the run ended (rc {proc.returncode}) before {what}: {proc.stderr.read()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def tables(out):
    result = store.open_corpus(out)
    return result.articles(), result.statements()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    synthetic_corpus(folder, N, seed=3, stories=True)  # given stories: no encoder needed
    return folder


@pytest.fixture
def uninterrupted(corpus, tmp_path, tiny_models, private_cache):
    out = tmp_path / "whole"
    counts = finish(start(corpus, out, tiny_models["3way"], 1))
    assert counts["done"] == N
    return tables(out)


def test_killed_run_resumes_with_only_the_rest_and_equals_an_uninterrupted_one(corpus, tmp_path, tiny_models,
                                                                               private_cache, uninterrupted):
    out = tmp_path / "killed"
    proc = start(corpus, out, tiny_models["3way"], 1)
    wait_until(lambda: n_done(out) >= 3, proc, "three articles were written")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    at_kill = n_done(out)
    assert 3 <= at_kill < N, "the run finished before it could be killed"
    counts = finish(start(corpus, out, tiny_models["3way"], 1))
    assert counts["skipped_done"] == at_kill and counts["scored"] == N - at_kill and counts["done"] == N
    articles, statements = tables(out)
    assert articles["article_id"].is_unique and len(articles) == N
    pd.testing.assert_frame_equal(statements, uninterrupted[1])
    pd.testing.assert_frame_equal(articles, uninterrupted[0])


def test_a_killed_worker_loses_no_article_and_counts_none_twice(corpus, tmp_path, tiny_models, private_cache,
                                                               uninterrupted):
    out = tmp_path / "worker"
    proc = start(corpus, out, tiny_models["3way"], 2)

    def worker_pids():
        manifest = store.read_manifest(out) if (out / store.MANIFEST).exists() else {}
        return [w["pid"] for w in manifest.get("scheduler", {}).get("workers", {}).values()]

    wait_until(lambda: len(worker_pids()) == 2 and n_done(out) >= 2, proc, "two workers ran two articles")
    victim = worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    assert n_done(out) < N, "the run finished before a worker could be killed"
    counts = finish(proc)
    assert counts["done"] == N and counts["errors"] == 0
    manifest = store.read_manifest(out)
    final_pids = [w["pid"] for w in manifest["scheduler"]["workers"].values()]
    assert victim not in final_pids  # the killed worker did not come back (its nanny may start a new one)
    assert all(s["backend_loads"] <= 1 for s in manifest["worker_stats"].values())  # model built at most once per worker
    articles, statements = tables(out)
    assert articles["article_id"].is_unique and len(articles) == N
    pd.testing.assert_frame_equal(statements, uninterrupted[1])
