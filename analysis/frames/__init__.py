"""Which frames a statement uses: the Policy Frames Codebook (Boydstun et al. 2014) plus an
article's own frames (``codebook``, ``descriptions``), scored by the sentence encoder
(``scorer``, the default) or a zero-shot backend of :mod:`analysis.stance` (``scoring``), and
evaluated against human labels (``evaluate``).

Imports the root, :mod:`analysis.models` and :mod:`analysis.stance`.
"""
