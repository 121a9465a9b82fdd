"""Who says what. Quotes, the spaCy parse, cue words and the named rules of
:mod:`analysis.attribution.rules` (over the :class:`~analysis.attribution.unit.Unit` and its cue
candidates; syntax in ``cue_syntax``, quotations beside their attributions in ``quote_syntax``,
verbless cues and headlines in ``nominal``) turn an
article into attributed statements, nested ones included
(:func:`analysis.attribution.statements.extract_statements`); speakers are resolved and grouped
into actors by :mod:`analysis.speakers`; Russian articles go through :mod:`analysis.attribution.russian`
(natasha) under the same schema; ``evaluate`` scores the result against brat gold, per rule and per cue class.
Count words per voice with :func:`analysis.attribution.statements.voice_words` (no double counting).

Imports the package root (``analysis.article``, ``schema``, ``errors``, ``config``) and
:mod:`analysis.speakers`.
"""

import hashlib
from pathlib import Path


def extraction_fingerprint() -> str:
    """sha256 of the source files of this layer and of :mod:`analysis.speakers`: scored files and
    corpus parts keyed on it are redone when the extraction or resolution rules change, even
    without a version bump."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for folder in ("attribution", "speakers"):
        for source in sorted((package / folder).rglob("*.py")):
            name = source.relative_to(package / folder).as_posix()
            digest.update(f"{folder}/{name}".encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()
