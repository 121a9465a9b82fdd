"""Dask's statistical profiler is off on the workers of a corpus run (its history grew with every
article), also on workers that join later, and an external cluster gets it back afterwards."""
from __future__ import annotations

import time

import pytest

from analysis.corpus.runner import ProfilerOff, run_corpus
from analysis.pipeline import ScoreOptions
from tests.support import synthetic_corpus

pytestmark = pytest.mark.slow  # subprocesses, Dask clusters or notebooks


def _profiling(dask_worker) -> dict:
    callbacks = dask_worker.periodic_callbacks
    return {"callbacks": sorted(n for n in ProfilerOff.CALLBACKS if n in callbacks),
            "running": all(callbacks[n].is_running() for n in ProfilerOff.CALLBACKS if n in callbacks),
            "history": len(dask_worker.profile_history) + len(dask_worker.profile_keys_history),
            "samples": dask_worker.profile_recent["count"]}


def _busy(seconds: float) -> int:
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


@pytest.fixture
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client


def test_the_plugin_stops_the_profiler_also_on_a_worker_that_joins_later_and_teardown_restores_it(client):
    on = {"callbacks": ["profile", "profile-cycle"], "running": True}
    assert [{k: v[k] for k in on} for v in client.run(_profiling).values()] == [on]
    client.register_plugin(ProfilerOff())
    client.cluster.scale(2)
    client.wait_for_workers(2)
    client.submit(_busy, 0.3, pure=False).result()
    off = {"callbacks": [], "running": True, "history": 0, "samples": 0}
    assert list(client.run(_profiling).values()) == [off, off]
    client.unregister_worker_plugin(ProfilerOff.name)
    assert [{k: v[k] for k in on} for v in client.run(_profiling).values()] == [on, on]


def test_a_run_on_an_existing_cluster_switches_the_profiler_off_and_back_on(tmp_path, tiny_models, private_cache):
    from distributed import Client, LocalCluster

    folder = tmp_path / "corpus"
    synthetic_corpus(folder, 2)
    options = ScoreOptions(backend="nli", model=str(tiny_models["3way"]), frames=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        manifest = run_corpus(folder, tmp_path / "out", options, scheduler=cluster.scheduler_address, progress=False,
                              stories="none")
        assert [w["profiler"] for w in manifest["scheduler"]["workers"].values()] == [False]
        assert [v["callbacks"] for v in client.run(_profiling).values()] == [["profile", "profile-cycle"]]
    assert manifest["counts"]["done"] == 2
