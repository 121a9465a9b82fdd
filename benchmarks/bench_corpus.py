"""Corpus mode on Dask: articles per minute with 1 and 2 workers (score cache cold and warm), scaling
efficiency, peak memory per worker, a projection for 100,000 articles, memory on a 2,000-article
synthetic corpus, and resume after a real kill.

    .venv/bin/python -m benchmarks.bench_corpus [--sections scaling,synthetic,resume] [--cold-articles 14]

Scoring uses a tiny in-process NLI model (tests/support.py) so the numbers measure the corpus
machinery (reading, spaCy attribution, Dask, Parquet) and not one model's speed; "cold" starts
from an empty score cache, "warm" reruns with every score cached (the model is not called). The
projection for the default LLM multiplies in its measured time per article (``--llm-run DIR``: a
finished or partial `corpus` run with the LLM; its manifest gives articles and seconds).
Article texts are read from ../shared/eval/polnear-train and never copied into the repository;
synthetic articles recombine its paragraphs in a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear-train"
TARGET = "Donald Trump"


def run(source: Path, out: Path, model: Path, workers: int, cache: Path) -> dict:
    """One CLI run in a fresh process (its own LocalCluster); its manifest counts and workers."""
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "analysis", "corpus", str(source), "--out", str(out), "--backend", "nli",
           "--model", str(model), "--workers", str(workers), "--name-pattern", "outlet_date", "--no-progress",
           "--target", TARGET]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]
    if not counts["scored"]:
        raise SystemExit(f"{out}: no article was scored; see {out}/errors/")
    peak = max((w["peak_rss_mb"] for w in manifest["scheduler"]["workers"].values()), default=float("nan"))
    cpu = sum(w.get("cpu_s", 0.0) for w in manifest["scheduler"]["workers"].values())
    return {"articles": counts["scored"], "seconds": counts["seconds_scoring"], "wall": time.perf_counter() - started,
            "per_min": 60 * counts["scored"] / counts["seconds_scoring"], "peak_worker_mb": peak,
            "cpu_per_article": cpu / counts["scored"]}


def subset(folder: Path, per_outlet: int, tmp: Path) -> Path:
    """Symlinks to the first ``per_outlet`` articles of each outlet."""
    out = tmp / f"subset{per_outlet}"
    out.mkdir()
    seen: dict[str, int] = {}
    for path in sorted(folder.glob("*.txt")):
        outlet = path.name.split("_")[0]
        if seen.get(outlet, 0) < per_outlet:
            (out / path.name).symlink_to(path)
            seen[outlet] = seen.get(outlet, 0) + 1
    return out


def scaling(model: Path, tmp: Path, cold_per_outlet: int) -> dict:
    results = {}
    cold_set = subset(POLNEAR, cold_per_outlet, tmp)
    n_cold = len(list(cold_set.glob("*.txt")))
    for workers in (1, 2):  # cold: an empty score cache; warm: the same set again, every score cached
        cache = tmp / f"cache{workers}"
        results[f"cold_{workers}"] = run(cold_set, tmp / f"cold{workers}", model, workers, cache)
        results[f"warm_{workers}"] = run(cold_set, tmp / f"warm{workers}", model, workers, cache)
    for kind in ("cold", "warm"):
        one, two = results[f"{kind}_1"]["per_min"], results[f"{kind}_2"]["per_min"]
        results[f"efficiency_{kind}"] = two / (2 * one)
    results["n_cold"] = n_cold
    return results


def projection(results: dict, llm_run: Path | None) -> list[str]:
    lines = []
    eff = min(1.0, results["efficiency_warm"])
    per_article = {"warm cache (no model calls)": 60 / results["warm_1"]["per_min"],
                   "tiny NLI, cold cache": 60 / results["cold_1"]["per_min"]}
    if llm_run and (llm_run / "manifest.json").exists():
        m = json.loads((llm_run / "manifest.json").read_text())
        c = m["counts"]
        if c.get("scored"):
            per_article["default LLM, cold cache (measured run)"] = c["seconds_scoring"] / c["scored"]
    for label, seconds in per_article.items():
        cells = []
        for n in (1, 2, 8, 32, 128):
            hours = 100_000 * seconds / (n * (eff if n > 1 else 1.0)) / 3600
            cells.append(f"{n}: {hours:,.1f} h")
        lines.append(f"  {label} ({seconds:.1f} s/article/worker): " + " · ".join(cells))
    return lines


def synthetic(model: Path, tmp: Path, n: int, workers: int, paragraphs: int) -> list[tuple[int, float, float]]:
    """Peak RSS of the driver and of the worker processes at each quarter of a run of ``n``
    synthetic articles (``(done, driver MB, max worker MB)``)."""
    import psutil

    folder = tmp / "synthetic"
    folder.mkdir()
    pool = []
    for path in sorted(POLNEAR.glob("*.txt")):
        pool += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")[1:] if len(p.split()) > 12]
    rng = random.Random(0)
    outlets = sorted({p.name.split("_")[0] for p in POLNEAR.glob("*.txt")})
    for k in range(n):
        name = f"{outlets[k % len(outlets)]}_2016-{1 + k % 12:02d}-{1 + k % 28:02d}_synthetic-{k:05d}.txt"
        body = "\n\n".join(rng.sample(pool, paragraphs))
        (folder / name).write_text(f"Synthetic story {k}\n\n{body}\n", encoding="utf-8")
    out = tmp / "synthetic-out"
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(tmp / "cache-synthetic")}
    cmd = [sys.executable, "-m", "analysis", "corpus", str(folder), "--out", str(out), "--backend", "nli",
           "--model", str(model), "--workers", str(workers), "--name-pattern", "outlet_date", "--no-progress",
           "--target", "Donald Trump"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[int, float, float]] = []
    parent = psutil.Process(proc.pid)

    def sample() -> None:
        step = n // 8
        while proc.poll() is None:
            try:
                driver = parent.memory_info().rss / 2**20
                kids = [c.memory_info().rss / 2**20 for c in parent.children(recursive=True)]
                done = len(list((out / "articles").glob("*.parquet"))) if (out / "articles").is_dir() else 0
                samples.append((done, driver, max(kids, default=0.0)))
                if done >= step:  # a line as the run goes, so a run stopped early still reports
                    print(f"synthetic: {done:>5} of {n} articles done: driver peak {max(s[1] for s in samples):.0f} MB, "
                          f"largest worker peak {max(s[2] for s in samples):.0f} MB", flush=True)
                    step += n // 8
            except psutil.Error:
                pass
            time.sleep(2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    proc.communicate()
    thread.join()
    quarters = []
    for q in (0.25, 0.5, 0.75, 1.0):
        upto = [s for s in samples if s[0] <= q * n]
        if upto:
            quarters.append((int(q * n), max(s[1] for s in upto), max(s[2] for s in upto)))
    return quarters


def resume(model: Path, tmp: Path) -> str:
    """Kill a run after a third of the articles (SIGKILL to its process group), rerun, compare."""
    from analysis.corpus.store import open_corpus

    (tmp / "resume-src").mkdir()
    source, cache = subset(POLNEAR, 2, tmp / "resume-src"), tmp / "cache1"  # the scaling run cached these
    whole = tmp / "resume-whole"
    run(source, whole, model, 1, cache)
    out = tmp / "resume-killed"
    cmd = [sys.executable, "-m", "analysis", "corpus", str(source), "--out", str(out), "--backend", "nli",
           "--model", str(model), "--workers", "1", "--name-pattern", "outlet_date", "--no-progress", "--target", TARGET]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "ANALYSIS_CACHE_DIR": str(cache)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    total = len(list(source.glob("*.txt")))
    while (len(list((out / "articles").glob("*.parquet"))) if (out / "articles").is_dir() else 0) < total // 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = len(list((out / "articles").glob("*.parquet")))
    second = run(source, out, model, 1, cache)
    a, b = open_corpus(whole), open_corpus(out)
    same = a.statements().equals(b.statements()) and a.articles().equals(b.articles())
    return (f"killed after {at_kill}/{total} articles; the rerun scored {second['articles']} (the rest); "
            f"union equals an uninterrupted run: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", default="scaling,synthetic,resume")
    parser.add_argument("--cold-articles-per-outlet", type=int, default=9, help="9: all 63 PolNeAR articles")
    parser.add_argument("--synthetic", type=int, default=2000)
    parser.add_argument("--synthetic-paragraphs", type=int, default=1, help="paragraphs per synthetic article")
    parser.add_argument("--llm-run", type=Path, default=ROOT / "build" / "corpus-polnear")
    args = parser.parse_args()
    from tests.support import HEADS, build_tiny_model

    sections = set(args.sections.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as name:
        tmp = Path(name)
        model = build_tiny_model(tmp / "tiny", HEADS["3way"])
        if "scaling" in sections:
            r = scaling(model, tmp, args.cold_articles_per_outlet)
            for key in ("cold_1", "cold_2", "warm_1", "warm_2"):
                v = r[key]
                print(f"{key}: {v['articles']} articles in {v['seconds']:.1f} s -> {v['per_min']:.1f} articles/min "
                      f"(wall with cluster start {v['wall']:.0f} s), worker CPU {v['cpu_per_article']:.1f} s/article, "
                      f"peak RSS per worker {v['peak_worker_mb']:.0f} MB")
            print(f"scaling efficiency cold {r['efficiency_cold']:.2f}, warm {r['efficiency_warm']:.2f} "
                  f"(both on {r['n_cold']} PolNeAR articles, {args.cold_articles_per_outlet} per outlet)")
            print("projection for 100,000 articles on N workers (warm efficiency applied for N > 1):")
            print("\n".join(projection(r, args.llm_run)))
        if "resume" in sections:
            if "scaling" not in sections:
                (tmp / "cache1").mkdir()
            print("resume:", resume(model, tmp))
        if "synthetic" in sections:
            quarters = synthetic(model, tmp, args.synthetic, 2, args.synthetic_paragraphs)
            for done, driver, worker in quarters:
                print(f"synthetic: up to {done:>5} articles done: driver peak {driver:.0f} MB, largest worker {worker:.0f} MB")
            if len(quarters) > 1:  # each of the 2 workers analyses about half of the articles
                (n0, _, w0), (n1, _, w1) = quarters[0], quarters[-1]
                print(f"synthetic: largest worker {1024 * (w1 - w0) / ((n1 - n0) / 2):+.0f} KB per article it analyses "
                      f"from {n0} to {n1} articles")


if __name__ == "__main__":
    main()
