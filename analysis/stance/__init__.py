"""Where each voice stands: stance of statements toward a target.

Few-shot from a researcher's labelled examples (``fewshot``, the route that works; ``active``
chooses which statements to label; ``llm_features`` adds the local LLM's reading), or zero-shot
from ``backends/`` (an offline instruction LLM, an NLI cross-encoder), with batch
``calibration``. ``scoring.score_stance`` is the entry point; ``base`` holds the scorer
protocols and their registry, which :mod:`analysis.frames` shares.

Imports the root, :mod:`analysis.models` and :mod:`analysis.attribution`.
"""
