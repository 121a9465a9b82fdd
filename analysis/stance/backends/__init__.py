"""Zero-shot backends, one module each; each implements :class:`analysis.stance.base.StanceScorer`
and :class:`~analysis.stance.base.FrameScorer`."""
