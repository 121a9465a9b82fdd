"""Wall time of the whole notebook suite on one article, with a cold and then a warm score cache.

    .venv/bin/python -m benchmarks.bench_suite [--backend llm|nli] [--model M] [ARTICLE]

The cold run gets a fresh ``$ANALYSIS_CACHE_DIR`` (an empty score cache) whose ``models/``
is a link to the real models directory, so the model is reused, not fetched; the warm run
repeats the suite in a new build directory with the cache the cold run filled (the article
is parsed again, every score comes from the cache); the rerun repeats the warm run in the
same build directory, where the scored-article file is still valid (no parse, no model:
what ``figures`` costs when nothing changed). Prints the times, the time per notebook, and
whether the runs wrote byte-identical figures.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from analysis.config import models_dir
from analysis.errors import NotebookError
from analysis.pipeline import ScoreOptions
from analysis.report import runner as suite


def notebook_seconds(build_dir: Path) -> dict[str, float]:
    """Papermill's recorded duration of each executed notebook (``build_dir/<article stem>/``)."""
    (folder,) = [p for p in build_dir.iterdir() if p.is_dir()]
    return {name: json.loads((folder / name).read_text())["metadata"]["papermill"]["duration"]
            for name in suite.NOTEBOOKS}


def timed_run(article: Path, root: Path, label: str, backend: str | None, model: str | None) -> tuple[float, list[Path]]:
    start = time.perf_counter()
    written = suite.run_suite([article], root / f"figures_{label}", ScoreOptions(backend=backend, model=model),
                              build_dir=root / f"build_{label}")
    return time.perf_counter() - start, written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("article", nargs="?", type=Path, default=suite.DEFAULT_ARTICLE)
    parser.add_argument("--backend", choices=("llm", "nli"), default=None, help="default: the package default (llm)")
    parser.add_argument("--model", default=None, help="model path or id (default: the backend's)")
    args = parser.parse_args()

    real_models = models_dir()  # resolved before the cache root moves
    with tempfile.TemporaryDirectory(prefix="bench_suite_") as tmp:
        root = Path(tmp)
        cache = root / "cache"
        cache.mkdir()
        (cache / "models").symlink_to(real_models, target_is_directory=True)
        os.environ["ANALYSIS_CACHE_DIR"] = str(cache)
        os.environ.pop("ANALYSIS_SCORE_CACHE", None)

        try:
            cold, written = timed_run(args.article, root, "cold", args.backend, args.model)
            warm, written_warm = timed_run(args.article, root, "warm", args.backend, args.model)
            rerun, _ = timed_run(args.article, root, "warm", args.backend, args.model)
        except NotebookError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        per_cold, per_warm = notebook_seconds(root / "build_cold"), notebook_seconds(root / "build_warm")
        figures = [p for p in written if p.suffix in (".png", ".svg")]
        same = sum(a.read_bytes() == b.read_bytes() for a, b in zip(figures, [p for p in written_warm
                                                                              if p.suffix in (".png", ".svg")]))
        html_same = (root / "figures_cold" / "article.html").read_bytes() == \
            (root / "figures_warm" / "article.html").read_bytes()

    backend = args.backend or "default (few-shot where the sidecar has examples, else llm)"
    print(f"suite on {args.article.name}: backend {backend}, model {args.model or 'default'}, "
          f"{os.cpu_count()} CPUs")
    print(f"cold score cache: {cold:8.1f} s")
    print(f"warm score cache: {warm:8.1f} s")
    print(f"rerun (scored file kept): {rerun:8.1f} s   (goal <= 15 s on 2 cores)")
    print(f"ratio cold / warm: {cold / warm:6.1f}x")
    print("per notebook (papermill duration, cold / warm):")
    for name in suite.NOTEBOOKS:
        print(f"  {name:22s} {per_cold[name]:8.1f} s / {per_warm[name]:6.1f} s")
    print(f"figures byte-identical between the two runs: {same}/{len(figures)}; article.html identical: {html_same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
