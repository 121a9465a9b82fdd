"""Character-span helpers shared by the attribution modules (one trimming rule for all of them)."""
from __future__ import annotations

from collections.abc import Iterable

#: Punctuation that never begins or ends a content or speaker span ("…, said X" → "X").
EDGE_PUNCT = ",;:—–-"


def strip_span(text: str, start: int, end: int, punct: str = "", tail: str = "", keep: int = 0) -> tuple[int, int]:
    """``(start, end)`` without surrounding whitespace and the characters in ``punct``;
    ``tail`` are characters trimmed at the end only (a full stop). At least ``keep`` characters
    stay (a quote keeps its opening mark)."""
    while start < end - keep and (text[start].isspace() or text[start] in punct):
        start += 1
    while end > start + keep and (text[end - 1].isspace() or text[end - 1] in punct or text[end - 1] in tail):
        end -= 1
    return start, end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A content span without edge spaces, dashes, commas, colons and a final full stop."""
    return strip_span(text, start, end, EDGE_PUNCT, tail=".")


def extend_over(start: int, end: int, spans: Iterable[tuple[int, ...]]) -> tuple[int, int]:
    """Grow ``(start, end)`` so that it never cuts one of ``spans`` (quotations) in half."""
    for span in spans:
        s, e = span[0], span[1]
        if s < end and e > start:
            start, end = min(start, s), max(end, e)
    return start, end


def has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
