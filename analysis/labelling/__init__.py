"""The labelling page (``news-stance label``): label statements for few-shot stance and frames in a browser.

:mod:`~analysis.labelling.pool` gathers the statements with their context,
:mod:`~analysis.labelling.session` keeps the labels file and chooses what to show,
:mod:`~analysis.labelling.estimate` says how good the head is so far,
:mod:`~analysis.labelling.pace` how long the labelling took, and
:mod:`~analysis.labelling.server` serves the page on 127.0.0.1.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any


def run_labelling(inputs: Sequence[str | os.PathLike], labels: str | os.PathLike, *, target: str | None = None,
                  port: int = 8765, model: Any = None, encoding: str | None = None, announce: Any = None) -> int:
    """Serve the labelling page until it is finished; the number of labels in the file then."""
    from analysis.labelling.pool import build_pool
    from analysis.labelling.server import serve
    from analysis.labelling.session import LabellingSession
    from analysis.languages import detect_language
    from analysis.models.encoder_choice import load_encoder_for
    from analysis.stance.labels_file import check_target

    if target:
        check_target(target)  # before any model is loaded: a bad target is a one-line error at once
    pool = build_pool(inputs, encoding)
    languages = {detect_language(c.paragraph or c.text) for c in pool.candidates}  # Russian: the multilingual encoder
    session = LabellingSession(pool, labels, target, load_encoder_for(model, sorted(languages) or None), progress=True)
    serve(session, port, announce)
    return len(session.state.labelled)
