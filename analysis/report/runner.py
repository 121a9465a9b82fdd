"""Run the notebook suites headless: one article in, figures and an HTML view out.

The four article notebooks in ``notebooks/`` are thin: each reads the self-contained scored
file (``scored_file``, :func:`analysis.pipeline.read_scored`) and calls
:mod:`analysis.report.charts`, :mod:`analysis.report.tables` and :mod:`analysis.report.html_view`.
:func:`run_suite` scores each article once (:func:`analysis.pipeline.score_article`, into the
one build folder beside the executed notebooks), then :func:`run_notebooks` executes them with
papermill, in a kernel that runs *this* interpreter (``sys.executable``), so a fresh virtualenv
needs no ``jupyter kernelspec install`` and never picks up another Python's ``python3`` kernel.
The corpus suite (:mod:`analysis.report.corpus_suite`) runs through the same executor.
"""
from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError, NotebookError
from analysis.pipeline import ScoredArticle, ScoreOptions, load_scored_article, read_scored, score_article

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = REPO_ROOT / "notebooks"
DEFAULT_ARTICLE = REPO_ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"
#: The repository's figures: written for the seed, or for any article when ``out_dir`` says so.
SEED_OUT_DIR = REPO_ROOT / "figures"
#: Where other articles' figures go unless ``out_dir`` is given: ``./out/<article stem>/``.
DEFAULT_OUT_ROOT = Path("out")
#: The one build folder: scored files and executed notebooks (outside git).
DEFAULT_BUILD_DIR = REPO_ROOT / "build"

# Each notebook, in run order, with the files it must leave in the output directory.
NOTEBOOK_OUTPUTS: dict[str, tuple[str, ...]] = {
    "01_statements.ipynb": ("voice_share.png", "voice_share.svg", "statements.csv"),
    "02_stance.ipynb": ("stance_by_actor.png", "stance_by_actor.svg", "stance_by_speaker.png",
                        "stance_by_speaker.svg", "stance_along_article.png", "stance_along_article.svg",
                        "article.html"),
    "03_framing.ipynb": ("frames_by_actor.png", "frames_by_actor.svg", "frames_author_vs_quoted.png",
                         "frames_author_vs_quoted.svg"),
    "04_report.ipynb": ("report.png", "report.svg"),
}
NOTEBOOKS = tuple(NOTEBOOK_OUTPUTS)

# Quiet kernels: no progress bars or widget warnings in executed notebooks (set values win).
KERNEL_ENV_DEFAULTS = {"TQDM_DISABLE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                       "PYTHONWARNINGS": "ignore:IProgress not found"}


def resolve_article(article: str | os.PathLike | None) -> Path:
    """The article path, the seed article when None."""
    path = Path(article) if article else DEFAULT_ARTICLE
    if not path.is_file():
        raise InputError(f"{path}: no such article file" + (" (it is a directory)" if path.is_dir() else ""))
    return path.resolve()


def output_dir(out_dir: str | os.PathLike | None) -> Path:
    """The figure directory (created), the checkout's ``figures/`` when None."""
    path = Path(out_dir) if out_dir else SEED_OUT_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def load(scored_file: str | os.PathLike | None = None) -> ScoredArticle:
    """What each notebook calls: the scored file the runner wrote, else the seed article scored
    now (or reused from the build folder when nothing changed)."""
    if scored_file:
        return read_scored(scored_file)
    return load_scored_article(DEFAULT_ARTICLE, DEFAULT_BUILD_DIR)


def write_statements_csv(statements: pd.DataFrame, out_dir: str | os.PathLike) -> Path:
    """All statement, stance and frame columns as ``out_dir/statements.csv`` (UTF-8, ``\n``)."""
    path = Path(out_dir) / "statements.csv"
    statements.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def _kernel_manager_class():
    """A jupyter_client KernelManager whose kernel is ``sys.executable -m ipykernel_launcher``
    (the interpreter the package is installed in), whatever kernelspecs the machine has installed."""
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    env = {**KERNEL_ENV_DEFAULTS, **{k: v for k, v in os.environ.items() if k in KERNEL_ENV_DEFAULTS}}
    spec = KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                            "--IPKernelApp.log_level=CRITICAL"],
                      display_name=f"Python ({sys.executable})", language="python", env=env,
                      metadata={"debugger": False})

    class CurrentInterpreterKernelManager(AsyncKernelManager):  # nbclient drives kernels async
        @property
        def kernel_spec(self) -> KernelSpec:
            return spec

    return CurrentInterpreterKernelManager


def _first_line(source: str) -> str:
    lines = [ln for ln in source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return (lines[0].strip()[:80] if lines else "").replace("\n", " ")


def _failing_line(traceback: Sequence[str], source: str) -> str:
    """The cell's line marked ``---->`` in the first traceback frame, else its first code line."""
    for frame in traceback:
        for line in re.sub(r"\x1b\[[0-9;]*m", "", frame).splitlines():
            match = re.match(r"^-+> *\d+ (.*)$", line)
            if match:
                return match.group(1).strip()[:80]
    return _first_line(source)


def _running_cell(executed: Path) -> tuple[int, str] | None:
    """(index, first line) of the cell papermill marked as running in ``executed``, if any."""
    import nbformat

    try:
        book = nbformat.read(executed, as_version=4)
    except (OSError, ValueError):
        return None
    for index, cell in enumerate(book.cells):
        if cell.metadata.get("papermill", {}).get("status") == "running":
            return index, _first_line(cell.source)
    return None


def run_notebook(name: str, executed: Path, parameters: Mapping[str, Any], timeout: float | None = None) -> Path:
    """Execute ``notebooks/<name>`` with ``parameters`` into ``executed``; raise NotebookError
    with the failing cell's error."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = NOTEBOOK_DIR / name
    if not source.exists():
        raise NotebookError(name, f"not found in {NOTEBOOK_DIR} (run from a checkout of the repository)")
    executed.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(
            str(source), str(executed), parameters=dict(parameters), kernel_name="python3",
            kernel_manager_class=_kernel_manager_class(), progress_bar=False, log_output=False,
            cwd=str(REPO_ROOT), execution_timeout=timeout,
        )
    except PapermillExecutionError as exc:
        raise NotebookError(name, f"cell {exc.exec_count} ({_failing_line(exc.traceback, exc.source)}) raised {exc.ename}: "
                            f"{exc.evalue}", executed, exc.exec_count, exc.ename, exc.evalue) from exc
    except Exception as exc:  # the kernel died (a crash in native code), timed out, or could not start
        cell = _running_cell(executed)
        where = f"cell {cell[0]} ({cell[1]}): " if cell else ""
        raise NotebookError(name, f"{where}{type(exc).__name__}: {exc}", executed,
                            cell[0] if cell else None, type(exc).__name__, str(exc)) from exc
    return executed


def run_notebooks(expected: Mapping[str, Sequence[str]], parameters: Mapping[str, Any], build_dir: Path,
                  out_dir: Path, *, jobs: int = 1, timeout: float | None = None) -> list[Path]:
    """Execute each notebook (name -> the files it must write in ``out_dir``) with ``parameters``
    into ``build_dir``, ``jobs`` at a time; the files written, in order. Raises NotebookError for
    the first notebook, in order, whose cell failed or that did not (re)write its files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.time() - 1.0  # file timestamps use a coarser clock than time.time()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {name: pool.submit(run_notebook, name, build_dir / name, parameters, timeout) for name in expected}
    written: list[Path] = []
    for name, names in expected.items():
        futures[name].result()  # re-raises the notebook's NotebookError
        files = [out_dir / f for f in names]
        missing = [f.name for f in files if not f.is_file() or f.stat().st_size == 0 or f.stat().st_mtime < started]
        if missing:
            raise NotebookError(name, f"ran but did not (re)write {', '.join(missing)} in {out_dir}", build_dir / name)
        written += files
    return written


@dataclass(frozen=True)
class SuiteRun:
    """One article's run: where its figures and its build files (scored file, notebooks) go."""

    article: Path
    out_dir: Path
    build_dir: Path


def plan_runs(articles: Sequence[str | os.PathLike] | None, out_dir: str | os.PathLike | None = None,
              build_dir: str | os.PathLike | None = None) -> list[SuiteRun]:
    """One run per article (the seed when None). Without ``out_dir``, the seed's figures go to the
    repository's ``figures/`` and any other article's to ``./out/<stem>/``, so the committed
    figures are never overwritten unasked; with it, one article writes straight into ``out_dir``
    and several into ``out_dir/<stem>/``. Build files go to ``build_dir/<stem>/``."""
    paths = [resolve_article(a) for a in (articles or [DEFAULT_ARTICLE])]
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise InputError(f"two articles share a file name stem, their figures would collide: {stems}")
    build_root = Path(build_dir or DEFAULT_BUILD_DIR)

    def figures_for(path: Path) -> Path:
        if out_dir is None:
            return SEED_OUT_DIR if path == DEFAULT_ARTICLE.resolve() else DEFAULT_OUT_ROOT / path.stem
        return Path(out_dir) if len(paths) == 1 else Path(out_dir) / path.stem

    return [SuiteRun(p, figures_for(p), build_root / p.stem) for p in paths]


def run_suite(articles: Sequence[Path] | None = None, out_dir: Path | None = None,
              options: ScoreOptions | None = None, *, build_dir: Path | None = None, timeout: float | None = None,
              jobs: int | None = None, encoding: str | None = None) -> list[Path]:
    """Score every article once (:func:`analysis.pipeline.score_article` under ``options``), then
    execute every notebook on its scored file; return the files written, in order (see
    :func:`plan_runs` for where they go). Notebooks only read that file, so ``jobs`` of them run
    at once: by default all four, even on 2 cores, since a notebook spends much of its time
    waiting for its kernel to start (MEASUREMENTS.md, "The house, second step")."""
    jobs = jobs or len(NOTEBOOK_OUTPUTS)
    written: list[Path] = []
    for run in plan_runs(articles, out_dir, build_dir):
        scored = score_article(run.article, run.build_dir, options, encoding=encoding)
        params = {"out_dir": str(run.out_dir.resolve()), "scored_file": str(scored.resolve())}
        written += run_notebooks(NOTEBOOK_OUTPUTS, params, run.build_dir, run.out_dir, jobs=jobs, timeout=timeout)
    return written
