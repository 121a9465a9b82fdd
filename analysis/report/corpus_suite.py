"""Run ``notebooks/05_corpus.ipynb`` headless on a corpus run: ``python -m analysis figures --corpus DIR``.

The notebook is thin like the others: it opens the run (:func:`analysis.corpus.store.open_corpus`)
and calls :mod:`analysis.report.corpus_tables`, :mod:`analysis.report.corpus_charts` and
:mod:`analysis.report.corpus_index`. It is executed by :func:`analysis.report.runner.run_notebooks`
(papermill, this interpreter's kernel), which checks that it wrote its figures.
"""
from __future__ import annotations

import os
from pathlib import Path

from analysis.corpus.store import Corpus, open_corpus
from analysis.report.runner import DEFAULT_BUILD_DIR, run_notebooks

CORPUS_NOTEBOOK = "05_corpus.ipynb"
#: Figures 05 always writes (PNG + SVG each); ``stance_over_time`` only when articles have dates.
CORPUS_FIGURES = ("voice_share_by_outlet", "net_stance_by_outlet", "top_speakers_by_outlet",
                  "top_actors_by_outlet", "within_story", "actor_positions")
DATED_FIGURE = "stance_over_time"
FRAMES_FIGURE = "frames_by_outlet"
MIN_ACTOR_ARTICLES = 2


def has_dates(corpus: Corpus) -> bool:
    articles = corpus.articles(["article_id", "date"])
    return bool(len(articles)) and articles["date"].notna().any()


def has_frames(corpus: Corpus) -> bool:
    """Whether the run scored frames (``corpus --frames``): its statements have frame columns."""
    from analysis.report.corpus_tables import has_frames as table_has_frames

    return table_has_frames(corpus.statements().head(1))


def expected_outputs(corpus: Corpus, pages: bool = True) -> list[str]:
    names = (list(CORPUS_FIGURES) + ([DATED_FIGURE] if has_dates(corpus) else [])
             + ([FRAMES_FIGURE] if has_frames(corpus) else []))
    files = [f"{n}.{ext}" for n in names for ext in ("png", "svg")]
    return files + (["index.html"] if pages else [])


def run_corpus_report(corpus_dir: str | os.PathLike, out_dir: str | os.PathLike, *, pages: bool = True,
                      build_dir: str | os.PathLike | None = None, timeout: float | None = None) -> list[Path]:
    """Execute 05_corpus on the run in ``corpus_dir``; the files it wrote in ``out_dir``."""
    corpus = open_corpus(corpus_dir)
    out = Path(out_dir)
    params = {"corpus_dir": str(Path(corpus_dir).resolve()), "out_dir": str(out.resolve()), "pages": pages,
              "min_actor_articles": MIN_ACTOR_ARTICLES}
    return run_notebooks({CORPUS_NOTEBOOK: expected_outputs(corpus, pages)}, params,
                         Path(build_dir or DEFAULT_BUILD_DIR) / "corpus", out, timeout=timeout)
