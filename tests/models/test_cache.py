"""analysis.models.cache: keys, round trips, WAL, and two processes sharing one file."""
from __future__ import annotations

import multiprocessing as mp
import sqlite3

import pytest

from analysis.config import score_cache_enabled as cache_enabled_by_env
from analysis.config import score_cache_path
from analysis.models.cache import ScoreCache, cache_key

pytestmark = pytest.mark.usefixtures("private_cache")


def test_key_is_stable_and_sensitive():
    prov = {"backend": "nli", "model_sha256": "ab", "template_version": "t1"}
    k = cache_key("stance", prov, "target", {"favor": "f"}, "Peskov said: \"x\"")
    assert k == cache_key("stance", dict(reversed(list(prov.items()))), "target", {"favor": "f"}, "Peskov said: \"x\"")
    assert len(k) == 64
    changed = [
        cache_key("frames", prov, "target", {"favor": "f"}, "Peskov said: \"x\""),
        cache_key("stance", {**prov, "model_sha256": "cd"}, "target", {"favor": "f"}, "Peskov said: \"x\""),
        cache_key("stance", {**prov, "template_version": "t2"}, "target", {"favor": "f"}, "Peskov said: \"x\""),
        cache_key("stance", prov, "other target", {"favor": "f"}, "Peskov said: \"x\""),
        cache_key("stance", prov, "target", {"favor": "g"}, "Peskov said: \"x\""),
        cache_key("stance", prov, "target", {"favor": "f"}, "Peskov said: \"y\""),
    ]
    assert len({k, *changed}) == 7


def test_round_trip_in_wal_mode_at_the_default_path(private_cache):
    with ScoreCache() as cache:
        assert cache.path == score_cache_path() and cache.path.parent == private_cache
        cache.put_many("stance", {"k1": {"p": [0.2, 0.3, 0.5], "u": 0.01, "w": 1}, "k2": [0.5, 0.25]})
        assert cache.get_many(["k1", "k2", "absent"]) == {"k1": {"p": [0.2, 0.3, 0.5], "u": 0.01, "w": 1}, "k2": [0.5, 0.25]}
        assert len(cache) == 2
    mode = sqlite3.connect(score_cache_path()).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_many_keys_are_looked_up_in_chunks(tmp_path):
    with ScoreCache(tmp_path / "s.sqlite3") as cache:
        cache.put_many("frames", {f"k{i}": [i / 3000] for i in range(3000)})
        got = cache.get_many([f"k{i}" for i in range(0, 3200)])
        assert len(got) == 3000 and got["k2999"] == [2999 / 3000]
        cache.clear()
        assert len(cache) == 0


def test_two_connections_see_each_others_writes(tmp_path):
    path = tmp_path / "shared.sqlite3"
    a, b = ScoreCache(path), ScoreCache(path)
    a.put_many("stance", {"from-a": 1})
    b.put_many("stance", {"from-b": 2})
    assert a.get_many(["from-a", "from-b"]) == b.get_many(["from-a", "from-b"]) == {"from-a": 1, "from-b": 2}
    a.close()
    b.close()


def _writer(path: str, name: str, n: int, start, done) -> None:
    start.wait()
    cache = ScoreCache(path)
    for i in range(n):  # many small transactions, interleaved with the other process
        cache.put_many("stance", {f"{name}-{i}": [i]})
        cache.get_many([f"{name}-{i}"])
    cache.close()
    done.put(name)


def test_two_processes_share_one_cache(tmp_path):
    path = str(tmp_path / "mp.sqlite3")
    ScoreCache(path).close()
    ctx = mp.get_context("spawn")
    start, done = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, name, 150, start, done)) for name in ("p1", "p2")]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert sorted(done.get(timeout=5) for _ in procs) == ["p1", "p2"]
    with ScoreCache(path) as cache:
        assert len(cache) == 300
        assert cache.get_many(["p1-149", "p2-0"]) == {"p1-149": [149], "p2-0": [0]}


@pytest.mark.parametrize("value, enabled", [("0", False), ("false", False), ("OFF", False), ("1", True), ("", True)])
def test_env_var_turns_the_cache_off(monkeypatch, value, enabled):
    monkeypatch.setenv("ANALYSIS_SCORE_CACHE", value)
    assert cache_enabled_by_env() is enabled


def test_vectors_go_through_the_same_store_as_scores(tmp_path):
    """One key-value cache: vectors are float32 bytes in their own table of the embeddings file."""
    import numpy as np

    from analysis.models.cache import KeyValueCache, vector_cache

    store = vector_cache(tmp_path / "embeddings.sqlite3")
    assert isinstance(store, KeyValueCache) and isinstance(ScoreCache(tmp_path / "s.sqlite3"), KeyValueCache)
    vec = np.array([0.25, -1.5, 3.0], dtype=np.float32)
    store.put_many("vectors", {"k": vec})
    got = vector_cache(tmp_path / "embeddings.sqlite3").get_many(["k", "missing"])
    assert list(got) == ["k"] and got["k"].dtype == np.float32 and np.array_equal(got["k"], vec)
    assert len(store) == 1
