"""The vectors story grouping compares: each article's title and lead, embedded.

English-only corpora use all-mpnet-base-v2 (the threshold was tuned on it); a corpus with other
languages uses the multilingual encoder, which lets a story cross languages
(:mod:`analysis.models.encoder_choice`, task "stories"). Such a corpus embeds its English
articles with the English encoder as well (:func:`english_rows`), so that two English articles
are compared as an English-only run compares them and adding a Russian outlet does not regroup
the English ones.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Embed = Callable[[list[str]], np.ndarray]


def encoder_embed(texts: list[str], encoder: Any = None) -> np.ndarray:
    """Unit vectors of the texts from ``encoder`` (an :class:`analysis.models.encoder.Encoder`;
    default the pinned all-mpnet-base-v2), cached on disk like every embedding. The one place
    grouping embeds: a multilingual encoder here lets stories cross languages."""
    if encoder is None:
        from analysis.models.encoder import load_encoder

        encoder = load_encoder()
    return encoder.encode(texts, progress=len(texts) > 50)


def corpus_encoder(languages: Sequence[str | None]) -> Any:
    """The encoder for a corpus's leads: all-mpnet-base-v2 when every article is English (or of no
    known language), else the multilingual one (:mod:`analysis.models.encoder_choice`)."""
    from analysis.models.encoder_choice import load_encoder_for

    known = {lang for lang in languages if lang}
    return load_encoder_for(None, sorted(known) or ["en"], task="stories")


def english_rows(languages: Sequence[str | None]) -> tuple[int, ...]:
    """The rows the English encoder reads in a mixed corpus: English articles, and those of no known
    language (an English-only corpus reads them as English too); () when no other language is present."""
    rows = tuple(i for i, lang in enumerate(languages) if lang in (None, "", "en"))
    return rows if len(rows) < len(languages) else ()
