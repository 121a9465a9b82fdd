"""Layer 1: who says what. Quotes, the spaCy parse, cue words and the named rules of
:mod:`analysis.attribution.rules` (over the :class:`~analysis.attribution.unit.Unit` and its cue
candidates; syntax in ``cue_syntax``, quotations beside their attributions in ``quote_syntax``,
verbless cues and headlines in ``nominal``) turn an
article into attributed statements, nested ones included
(:func:`analysis.attribution.statements.extract_statements`); speakers are resolved and grouped
into actors; ``evaluate`` scores the result against brat gold, per rule and per cue class.
Count words per voice with :func:`analysis.attribution.statements.voice_words` (no double counting).

Imports only the package root (``analysis.article``, ``schema``, ``errors``, ``config``).
"""

import hashlib
from pathlib import Path


def extraction_fingerprint() -> str:
    """sha256 of this layer's source files: scored files and corpus parts keyed on it are redone
    when the extraction rules change, even without a version bump."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()
