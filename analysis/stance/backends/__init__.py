"""Scoring backends, one module each; every one implements :class:`analysis.stance.base.ScoringBackend`."""
