"""Layer 2: where each voice stands. Stance and frame scores for statements, from zero-shot
backends (``backends/``: an offline instruction LLM, an NLI cross-encoder) or few-shot
adaptation, with a persistent score cache, batch calibration and verified model files.

Imports the root and :mod:`analysis.attribution`, never :mod:`analysis.report`.
"""
