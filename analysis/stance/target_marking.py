"""Which entity a sentence's stance is about, marked in the text the encoder reads.

A few-shot head on frozen sentence embeddings sees one vector per sentence; when the target
changes from sentence to sentence (RuSentNE: sentiment toward the entity at given character
offsets, Golubeva et al. 2023), two sentences that differ only in which entity is meant
would get the same vector. Marking the entity in the text makes the vector depend on it, as
entity markers do for relation classification (Baldini Soares et al. 2019, "Matching the
Blanks"; Zhou & Chen 2022, "An Improved Baseline for Sentence-level Relation Extraction").

Styles (:data:`MARK_STYLES`):

- ``none``: the sentence as it is;
- ``brackets``: the entity's span wrapped in ``[`` ``]``;
- ``prefix``: ``"<entity> | "`` before the sentence (the target named first);
- ``both``: brackets and prefix.

:func:`mark_span` takes character offsets; :func:`mark_name` finds a name (an English person
target, say "Peskov") in the sentence itself, every occurrence, case-insensitively; when the
name does not occur, ``brackets`` cannot mark anything and the text is returned with the
prefix only if the style has one (never an invented span).
"""
from __future__ import annotations

import re

from analysis.errors import InputError

MARK_STYLES = ("none", "brackets", "prefix", "both")
OPEN, CLOSE = "[", "]"


def _style(style: str) -> str:
    if style not in MARK_STYLES:
        raise InputError(f"unknown target marking {style!r}: choose one of {', '.join(MARK_STYLES)}")
    return style


def mark_span(text: str, start: int, end: int, style: str = "brackets") -> str:
    """``text`` with the entity at ``text[start:end]`` marked in ``style``."""
    style = _style(style)
    if not (0 <= start < end <= len(text)):
        raise InputError(f"entity offsets {start}:{end} are outside the text of {len(text)} characters")
    entity = text[start:end]
    if not entity.strip():
        raise InputError(f"entity offsets {start}:{end} cover only white space")
    out = text
    if style in ("brackets", "both"):
        out = f"{text[:start]}{OPEN}{entity}{CLOSE}{text[end:]}"
    if style in ("prefix", "both"):
        out = f"{entity.strip()} | {out}"
    return out


def mark_name(text: str, name: str, style: str = "brackets") -> str:
    """``text`` with every occurrence of ``name`` (whole words, any case) marked in ``style``."""
    style = _style(style)
    name = name.strip()
    if not name:
        raise InputError("the target name is empty")
    out = text
    if style in ("brackets", "both"):
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        out = pattern.sub(lambda m: f"{OPEN}{m.group(0)}{CLOSE}", text)
    if style in ("prefix", "both"):
        out = f"{name} | {out}"
    return out
