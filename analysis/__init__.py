"""Who says what in a news story, and where each voice stands.

The tree is the pipeline; imports point down it (``tests/package/test_layers.py``):

- :mod:`analysis.article`, ``schema``, ``errors``, ``config``: the root (records, errors, settings)
- :mod:`analysis.models`       model files fetched and verified offline, the sentence encoder, the caches
- :mod:`analysis.speakers`     who a mention is: pronouns and role nouns resolved (salience, gender),
  canonical names, actors
- :mod:`analysis.attribution`  attributed statements (direct / indirect / mixed quotes, the author's
  voice), each with its resolved speaker
- :mod:`analysis.stance`       stance toward a target: few-shot from labelled examples (and the
  choice of what to label), zero-shot backends, batch calibration
- :mod:`analysis.frames`       frames (Policy Frames Codebook plus an article's own) and their evaluation
- :mod:`analysis.pipeline`     one article scored for every caller: options resolved once, a
  self-contained scored file
- :mod:`analysis.corpus`       many articles on Dask into a Parquet dataset, stories, one name per person
- :mod:`analysis.labelling`    the labelling page (few-shot labels in the loop)
- :mod:`analysis.report`       tables, charts, the HTML views and the headless notebook runner
- :mod:`analysis.cli`          ``python -m analysis`` / ``news-stance``

The names below are the public face; heavy dependencies (spaCy, torch, llama.cpp) load only when
the stage that needs them runs.
"""
from __future__ import annotations

import importlib
from typing import Any

from analysis.version import __version__

_LAZY = {
    # entry points, in pipeline order
    "read_article": "analysis.article",
    "extract_statements": "analysis.attribution.statements",
    "score_stance": "analysis.stance.scoring",
    "suggest_labels": "analysis.stance.active",
    "calibrate_to_batch": "analysis.stance.calibration",
    "score_frames": "analysis.frames.scoring",
    "score_article": "analysis.pipeline",
    "read_scored": "analysis.pipeline",
    "load_scored_article": "analysis.pipeline",
    "run_corpus": "analysis.corpus.runner",
    "open_corpus": "analysis.corpus.store",
    "run_suite": "analysis.report.runner",
    # records and errors
    "Article": "analysis.article",
    "Statement": "analysis.schema",
    "Sidecar": "analysis.schema",
    "Frame": "analysis.schema",
    "Provenance": "analysis.schema",
    "ScoreOptions": "analysis.pipeline",
    "ScoredArticle": "analysis.pipeline",
    "Caption": "analysis.pipeline",
    "Corpus": "analysis.corpus.store",
    "AnalysisError": "analysis.errors",
    "InputError": "analysis.errors",
    "ArticleError": "analysis.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
