"""Layer 1: who says what. Quotes, the spaCy parse, cue words and syntactic rules turn an
article into attributed statements (:func:`analysis.attribution.statements.extract_statements`);
speakers are resolved and grouped into actors; ``evaluate`` scores the result against brat gold.

Imports only the package root (``analysis.article``, ``schema``, ``errors``, ``config``).
"""
