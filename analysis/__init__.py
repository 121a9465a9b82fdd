"""Who says what in a news story, and where each voice stands.

Pipeline stages, one module each, passing small typed records:

- :mod:`analysis.article`      reads and validates an article (paragraphs, headings, boilerplate, sentences)
- :mod:`analysis.attribution`  finds attributed statements (direct / indirect / mixed quotes, the narrator)
- :mod:`analysis.speakers`     resolves speaker mentions to people and groups them into actors
- :mod:`analysis.stance.scoring`      zero-shot stance and frame scores (LLM or NLI backends)
- :mod:`analysis.calibration`  corpus-level removal of a stance model's label bias
- :mod:`analysis.report.charts`, :mod:`analysis.report.html_view`, :mod:`analysis.suite`  figures and notebooks

Heavy dependencies (spaCy, torch, llama.cpp) load only when the stage that needs them runs.
"""
from __future__ import annotations

from analysis.version import __version__

__all__ = [
    "__version__",
    "read_article",
    "extract_statements",
    "score_stance",
    "score_frames",
    "calibrate_to_batch",
]

_LAZY = {
    "read_article": ("analysis.article", "read_article"),
    "Article": ("analysis.article", "Article"),
    "ArticleError": ("analysis.article", "ArticleError"),
    "extract_statements": ("analysis.attribution.statements", "extract_statements"),
    "Statement": ("analysis.attribution.statements", "Statement"),
    "score_stance": ("analysis.stance.scoring", "score_stance"),
    "score_frames": ("analysis.frames.scoring", "score_frames"),
    "calibrate_to_batch": ("analysis.stance.calibration", "calibrate_to_batch"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module_name, attr = _LAZY[name]
        return getattr(importlib.import_module(module_name), attr)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
