"""Score a whole corpus on Dask: a LocalCluster on this machine, or any ``dask.distributed`` cluster.

:func:`run_corpus` reads the input twice, streaming (once to count and key the articles, once to
submit them), and keeps a bounded number of articles in flight (a few per worker thread), so
memory stays flat however many articles there are. Each article is one task
(:func:`analysis.corpus.analyse.analyse_record`); its result comes back to this process, which
writes the article's Parquet parts at once (:mod:`analysis.corpus.store`). Workers therefore
need the package and the models, but no access to the output folder.

- **Resume.** Articles whose parts exist under their current key are skipped; half-written
  articles are redone under the same file names. Kill the run at any point and start it again.
- **Worker death.** Dask reschedules the tasks of a worker that died on the others (up to
  ``distributed.scheduler.allowed-failures`` times; an article that kills workers that often is
  recorded as an error). Results are written only by this process, once per article.
- **Worker memory.** Dask's statistical profiler is switched off on the workers while the run
  lasts (:class:`ProfilerOff`): its history of the tasks' call trees grew with every article.
- **Model loaded once per worker.** Each worker process keeps its backend (see
  :mod:`analysis.corpus.analyse`); on a LocalCluster each worker also gets its own share of the
  CPU cores (affinity and ``OMP_NUM_THREADS``), so N workers do not fight over the same cores.
- **Stories** (``stories="auto"``, see :mod:`analysis.corpus.stories`) are decided once every
  article is scored: given by the input or found, written as a ``story`` column into every
  ``articles/`` and ``statements/`` part and listed in the manifest. ``errors/`` always exists,
  empty when every article was analysed.
- **Batch calibration** (``batch_calibration=True``) runs once every article is scored, over all
  statements (:func:`analysis.stance.calibration.calibrate_to_batch`), into ``calibrated/``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from distributed.diagnostics.plugin import WorkerPlugin

from analysis.config import cpu_count
from analysis.corpus import names, store
from analysis.corpus.analyse import ArticleResult, analyse_record, article_key
from analysis.corpus.inputs import DEFAULT_MAX_BYTES, ArticleRecord, BadArticle, input_kind, read_corpus
from analysis.corpus.stories import StoryOptions, apply_stories
from analysis.errors import CorpusError
from analysis.parquet_files import read_parquet_meta, write_parquet
from analysis.pipeline import ScoreOptions, options_identity
from analysis.stance.calibration import MIN_ITEMS

IN_FLIGHT_PER_THREAD = 2
RETRY_KEY = "0" * 12


def bad_key(item: BadArticle) -> str:
    return hashlib.sha256(f"{item.source}\n{item.reason}".encode()).hexdigest()[:12]


def _keyed(path: Path, options: ScoreOptions, read_opts: Mapping[str, Any]) -> Iterator[tuple[Any, str]]:
    """(item, key) of every input (:func:`~analysis.corpus.analyse.article_key`)."""
    for item in read_corpus(path, **read_opts):
        yield item, (article_key(item, options) if isinstance(item, ArticleRecord) else bad_key(item))


class _CpuShare(WorkerPlugin):
    """Worker plugin: pin each LocalCluster worker process to its own slice of the cores."""

    name = "analysis-cpu-share"

    def __init__(self, n_workers: int) -> None:
        self.n_workers = n_workers

    def setup(self, worker: Any) -> None:
        cpus = sorted(os.sched_getaffinity(0))
        share = len(cpus) // self.n_workers
        try:
            index = int(worker.name)
        except (TypeError, ValueError):
            return
        if share < 1:
            return
        mine = set(cpus[index * share:(index + 1) * share])
        for tid in os.listdir("/proc/self/task"):  # every thread, so the executor's children inherit it
            try:
                os.sched_setaffinity(int(tid), mine)
            except OSError:
                pass


class ProfilerOff(WorkerPlugin):
    """Worker plugin: stop Dask's statistical profiler on each worker and drop its history.

    The profiler keeps a call tree of the running task per cycle for
    ``distributed.admin.low-level-log-length`` cycles; spaCy's and torch's deep, varied stacks
    make those trees large, so a busy worker's memory grew with every article it analysed until
    that history was full. Teardown (the plugin unregistered) starts the profiler again."""

    name = "analysis-profiler-off"
    CALLBACKS = ("profile", "profile-cycle")

    def __init__(self) -> None:
        self.removed: dict[str, Any] = {}

    def setup(self, worker: Any) -> None:
        from distributed import profile

        for name in self.CALLBACKS:  # out of the dict too: a worker that is still starting would start them
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
                self.removed[name] = callback
        worker.profile_history.clear()
        worker.profile_keys_history.clear()
        worker.profile_keys.clear()
        worker.profile_recent = profile.create()

    def teardown(self, worker: Any) -> None:
        from distributed.core import Status

        for name, callback in self.removed.items():
            worker.periodic_callbacks[name] = callback
            if worker.status == Status.running:  # not while the worker closes
                callback.start()
        self.removed = {}


@contextmanager
def dask_client(scheduler: str | None, workers: int | None, processes: bool = True) -> Iterator[Any]:
    """A ``distributed.Client``: to ``scheduler`` if given, else to a new LocalCluster of
    ``workers`` single-threaded processes (default: one per core)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise CorpusError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            client.register_plugin(ProfilerOff())
            try:
                yield client
            finally:  # the cluster is shared: give its workers their profiler back
                try:
                    client.unregister_worker_plugin(ProfilerOff.name)
                except Exception as exc:  # the run's results are written; say what was left behind
                    print(f"WARNING: could not switch Dask's profiler back on at {scheduler} ({exc}); "
                          "restart its workers to get it back", file=sys.stderr)
        return
    n = workers or cpu_count()
    if n < 1:
        raise CorpusError(f"--workers must be at least 1, got {n}")
    threads = str(max(1, cpu_count() // n))
    extra = {"env": {"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads, "TQDM_DISABLE": "1"}} if processes else {}
    # dashboard on a free port: the scheduler's HTTP server (health, dashboard link) never collides with another
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=processes, dashboard_address=":0",
                      silence_logs=logging.ERROR, **extra) as cluster, Client(cluster) as client:
        if processes:
            client.register_plugin(_CpuShare(n))
        client.register_plugin(ProfilerOff())
        yield client


def _worker_info(dask_worker: Any = None) -> dict[str, Any]:
    import resource

    import psutil

    me = psutil.Process()
    return {"pid": os.getpid(), "rss_mb": round(me.memory_info().rss / 2**20, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "cpu_s": round(me.cpu_times().user + me.cpu_times().system, 2),
            "profiler": dask_worker is not None and "profile" in dask_worker.periodic_callbacks}


def run_corpus(source: str | os.PathLike, out: str | os.PathLike, options: ScoreOptions | None = None, *,
               scheduler: str | None = None, workers: int | None = None, processes: bool = True,
               name_pattern: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
               batch_calibration: bool = False, prior: Mapping[str, float] | None = None,
               min_items: int = MIN_ITEMS, progress: bool = True, stories: str = "auto",
               story_options: StoryOptions | None = None, aliases: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Score every article of ``source`` into the dataset at ``out``; the run's manifest.

    The manifest's ``names`` is the run's name table (:mod:`analysis.corpus.names`; ``aliases``
    add to it): one canonical name per person across the articles; its ``stories`` the stories
    found (:mod:`analysis.corpus.stories`)."""
    from tqdm import tqdm

    source, out = Path(source), Path(out)
    options = options or ScoreOptions()
    kind = input_kind(source)
    read_opts = {"name_pattern": name_pattern, "max_bytes": max_bytes, "encoding": encoding}
    identity = options_identity(options)
    current = {item.id_hash: key for item, key in _keyed(source, options, read_opts)}
    if not current:
        raise CorpusError(f"{source}: no articles")
    out.mkdir(parents=True, exist_ok=True)
    for dataset in store.DATASETS:  # errors/ too: an empty folder says no article failed
        (out / dataset).mkdir(exist_ok=True)
    (out / store.CALIBRATED).unlink(missing_ok=True)  # an earlier run's calibration would not fit this one's scores
    index = store.index_parts(out)
    cleaned = store.clean_stale(out, index, current)
    skipped = sum(index.finished(h, k) for h, k in current.items())
    before = store.read_manifest(out)
    same_options = json.dumps(before.get("options"), sort_keys=True, default=str) == json.dumps(
        identity, sort_keys=True, default=str)
    manifest: dict[str, Any] = {
        "status": "running", "input": str(source.resolve()), "input_kind": kind, "options": identity,
        "read_options": {k: v for k, v in read_opts.items()}, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "counts": {"total": len(current), "skipped_done": skipped, **cleaned},
        "provenance": before.get("provenance", {}) if same_options else {},
    }
    counts: dict[str, Any] = {"scored": 0, "failed": 0}
    bar = tqdm(total=len(current), initial=skipped, unit="article", desc="corpus", file=sys.stderr,
               disable=not progress, smoothing=0.1)
    started = time.perf_counter()
    with dask_client(scheduler, workers, processes) as client:
        manifest["scheduler"] = {"address": scheduler or "LocalCluster", "workers": _safe_run(client)}
        store.write_manifest(out, manifest)
        scoring = time.perf_counter()
        _drive(client, source, out, options, read_opts, index, manifest, counts, bar)
        counts["seconds_scoring"] = round(time.perf_counter() - scoring, 2)  # without the cluster's start
        manifest["scheduler"]["workers"] = _safe_run(client)
    bar.close()
    manifest["counts"].update(counts, seconds=round(time.perf_counter() - started, 2))
    manifest["counts"]["done"] = len(store.index_parts(out).parts["articles"])
    manifest["counts"]["errors"] = len(store.index_parts(out).parts["errors"])
    if not manifest["provenance"]:
        manifest["provenance"] = _stored_provenance(out)
    manifest["names"] = names.corpus_table(store.read_dataset(out / "statements", ["kind", *names.NAME_COLUMNS]), aliases)
    manifest["stories"] = apply_stories(out, stories, story_options)
    if batch_calibration:
        manifest["batch_calibration"] = calibrate_corpus(out, prior=prior, min_items=min_items)
    manifest.update(status="complete", finished=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    store.write_manifest(out, manifest)
    return manifest


def _safe_run(client: Any) -> dict[str, Any]:
    try:
        return client.run(_worker_info)
    except Exception:  # a worker that is restarting does not stop the run
        return {}


def _drive(client: Any, source: Path, out: Path, options: ScoreOptions, read_opts: Mapping[str, Any],
           index: store.PartIndex, manifest: dict[str, Any], counts: dict[str, Any], bar: Any) -> None:
    """Submit the articles not yet done, a bounded number at a time, and write each result."""
    from distributed import as_completed

    window = max(4, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    pending = as_completed()
    meta: dict[str, tuple[str, str, str]] = {}
    in_flight = 0
    items = _keyed(source, options, read_opts)
    exhausted = False
    while True:
        while not exhausted and in_flight < window:
            nxt = next(items, None)
            if nxt is None:
                exhausted = True
                break
            item, key = nxt
            if index.finished(item.id_hash, key):
                continue
            if isinstance(item, BadArticle):
                _write_error(out, item.id, item.id_hash, key, item.source, item.reason, "input")
                counts["failed"] += 1
                bar.update(1)
                continue
            future = client.submit(analyse_record, item, options, key, key=f"article-{item.id_hash}-{key}", pure=False)
            meta[future.key] = (item.id, item.id_hash, item.source)
            pending.add(future)
            in_flight += 1
        if in_flight == 0:
            return
        future = next(pending)
        in_flight -= 1
        article_id, idhash, where = meta.pop(future.key)
        key = future.key.rsplit("-", 1)[-1]
        try:
            result: ArticleResult = future.result()
        except Exception as exc:  # the task's worker died too often (KilledWorker), or was cancelled
            # recorded under a key no input has, so the next run retries the article
            result = ArticleResult(article_id, RETRY_KEY, reason=f"worker failure {type(exc).__name__}: {exc}")
        future.release()
        _write_result(out, result, idhash, where, manifest)
        if result.worker_pid:  # how many articles each worker process did, and how often it built a model
            seen = manifest.setdefault("worker_stats", {}).setdefault(str(result.worker_pid), {"articles": 0, "backend_loads": 0})
            seen["articles"] += 1
            seen["backend_loads"] = max(seen["backend_loads"], result.backend_loads)
        counts["scored" if result.ok else "failed"] += 1
        bar.update(1)


def _write_result(out: Path, result: ArticleResult, idhash: str, where: str, manifest: dict[str, Any]) -> None:
    name = store.part_name(idhash, result.key)
    if not result.ok:
        stage = "worker" if result.key == RETRY_KEY else "analysis"
        _write_error(out, result.article_id, idhash, result.key, where, str(result.reason), stage)
        return
    if not manifest["provenance"]:
        manifest["provenance"] = result.provenance
        store.write_manifest(out, manifest)
    assert result.statements is not None
    write_parquet(result.statements, out / "statements" / name, {"provenance": result.provenance})
    write_parquet(pd.DataFrame([result.article]), out / "articles" / name)  # last: marks the article done
    store.remove_parts(out, idhash, keep={"statements": name, "articles": name})


def _write_error(out: Path, article_id: str, idhash: str, key: str, where: str, reason: str, stage: str) -> None:
    name = store.part_name(idhash, key)
    frame = pd.DataFrame([{"article_id": article_id, "source": where, "reason": reason, "stage": stage}])
    write_parquet(frame, out / "errors" / name)
    store.remove_parts(out, idhash, keep={"errors": name})


def _stored_provenance(out: Path) -> dict[str, Any]:
    first = next(iter(sorted((out / "statements").glob("part-*.parquet"))), None)
    return read_parquet_meta(first).get("provenance", {}) if first else {}


def calibrate_corpus(out: str | os.PathLike, *, prior: Mapping[str, float] | None = None,
                     min_items: int = MIN_ITEMS) -> dict[str, Any]:
    """Batch-calibrate the stance of all statements of the run (one target); the record of it."""
    from analysis.schema import PROB_COLUMNS
    from analysis.stance.calibration import calibrate_to_batch

    out = Path(out)
    frame = store.read_dataset(out / "statements", ["article_id", "statement_id", *PROB_COLUMNS, "stance", "uncertainty"])
    if frame.empty:
        raise CorpusError(f"{out}: no scored statements to calibrate")
    targets = store.read_dataset(out / "articles", ["target"])["target"].unique()
    if len(targets) > 1:
        raise CorpusError(f"batch calibration needs one target; this run has {sorted(targets)}")
    calibrated = calibrate_to_batch(frame, prior=prior, min_items=min_items)
    keep = ["article_id", "statement_id", *PROB_COLUMNS, "stance", "uncertainty"]
    keep += [c for c in calibrated.columns if c.endswith("_before_batch")]
    write_parquet(calibrated[keep], out / store.CALIBRATED, {"batch_calibration": calibrated.attrs["batch_calibration"]})
    return dict(calibrated.attrs["batch_calibration"])
