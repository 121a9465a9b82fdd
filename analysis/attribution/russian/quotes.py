"""Quotations in Russian text: « » with „ “ (or “ ”) inside, straight marks, and dash dialogue.

Russian typography (Мильчин & Чельцова, «Справочник издателя и автора», §4.6): the outer
quotation marks are «ёлочки», inner ones „лапки“ (or “ ”), and a quotation may also be set as
direct speech after a dash: a paragraph that opens with "—" is speech, and a dash after a comma
starts the author's words ("— Мы готовы, — сказал он. — Всё будет хорошо."). Only the outermost
quotation is reported; nested marks stay inside it. A mark left open closes where the author's
words begin ("«Ещё …, — напомнил он.", "«… порядком. — заявил он."), else at the end of the paragraph (flagged
``unbalanced``) unless the next paragraph opens with «, the
newsroom convention for a quotation over several paragraphs (``continues``).

The records are the English :class:`~analysis.attribution.quotes.Quote`, so the statement
builder treats both languages alike; :func:`dash_quotes` marks its quotes with ``DASH_MARKS``.
"""
from __future__ import annotations

import re

from analysis.attribution.quotes import Quote
from analysis.attribution.spans import has_letters, strip_span

__all__ = ["dash_quotes", "find_quotes", "opens_with_mark", "opens_with_dash"]

OPEN_TO_CLOSE = {"«": "»", "„": "“", "“": "”"}
DASHES = "—–"
MIN_QUOTE_CHARS = 2


def _straight_opens(text: str, i: int, start: int) -> bool:
    return i == start or text[i - 1].isspace() or text[i - 1] in "([{—–-/:«„“"


def find_quotes(text: str, start: int, end: int, *, next_paragraph_opens: bool = False) -> list[Quote]:
    """Outermost quoted spans of ``text[start:end]`` (marks included), in order."""
    quotes: list[Quote] = []
    stack: list[tuple[int, str]] = []  # (position, expected closing mark)
    i = start
    while i < end:
        ch = text[i]
        width = 2 if text.startswith("''", i) else 1 if ch == '"' else 0
        closing_straight = width and stack and text.startswith(stack[-1][1], i) and stack[-1][1] in ('"', "''") \
            and (not _straight_opens(text, i, start) or text[i + width:i + width + 1] in ",.;:!?—– »")
        if stack and (ch == stack[-1][1] or closing_straight
                      or (ch == "»" and any(c == "»" for _, c in stack))):
            while stack and stack[-1][1] != ch and ch == "»":
                stack.pop()  # an inner mark left open inside « »: the » closes both
            opened, _ = stack.pop()
            close = i + (width if closing_straight else 1)
            if not stack and close - opened >= MIN_QUOTE_CHARS + 1:
                quotes.append(Quote(opened, close))
            i = close
            continue
        if ch == "»" and not stack and not quotes and has_letters(text[start:i]):
            # A closing mark with no opening one: the quotation opened before this paragraph
            # (or the source lost its «); it runs from the paragraph's start.
            quotes.append(Quote(strip_span(text, start, i)[0], i + 1, unbalanced=True))
        elif ch in OPEN_TO_CLOSE:
            stack.append((i, OPEN_TO_CLOSE[ch]))
        elif width and _straight_opens(text, i, start):
            stack.append((i, '"' if width == 1 else "''"))
            i += width
            continue
        i += 1
    if stack:
        opened = stack[0][0]
        close = strip_span(text, opened, end, keep=1)[1]
        # "«Ещё со времён …, — напомнил Медведев.": a quotation left open ends where the author's
        # words begin (", — " and a lower-case word), as in dash dialogue
        author = _AUTHOR_DASH.search(text, opened, end) or _AUTHOR_AFTER_PERIOD.search(text, opened, end)
        if author is not None and text[author.end():author.end() + 1].islower():
            quotes.append(Quote(opened, author.start(), unbalanced=True))
            return quotes
        if close > opened + 1:
            quotes.append(Quote(opened, close, unbalanced=not next_paragraph_opens, continues=next_paragraph_opens))
    return quotes


def opens_with_mark(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip()
    return stripped[:1] in ("«", "„", '"')


def opens_with_dash(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip()
    return stripped[:1] in DASHES


# ", — сказал он." / "! — воскликнул он" / "? — спросила она": the author's words after a dash.
_AUTHOR_DASH = re.compile(r"[,!?…]\s*[—–]\s+|[,!?…]\s+-\s+")  # wire copy sets the dash as a hyphen: ", - отметил он"
# "«… и порядком. — заявил Каприлес.": a quotation left open, then a period, a dash and a lower-case word
# (speech resumes with a capital, so the lower-case word starts the author's words).
_AUTHOR_AFTER_PERIOD = re.compile(r"\.\s*[—–]\s+(?=[a-zа-яё])")
# ". — Ещё слова": the speaker goes on after the author's words.
_SPEECH_AGAIN = re.compile(r"[.:]\s*[—–]\s+")


def dash_quotes(text: str, start: int, end: int) -> list[Quote]:
    """The speech of a paragraph that opens with a dash: from the dash to ", —" before the author's
    words, and again after ". —" to the next author's words or the end of the paragraph."""
    if not opens_with_dash(text, start, end):
        return []
    first = start + len(text[start:end]) - len(text[start:end].lstrip())
    quotes = []
    speech_from: int | None = first + 1
    while speech_from is not None:
        author = _AUTHOR_DASH.search(text, speech_from, end)
        speech_end = author.start() + 1 if author else end
        s, e = strip_span(text, speech_from, speech_end, tail=",")
        if e - s > MIN_QUOTE_CHARS:
            quotes.append(Quote(s, e))
        again = _SPEECH_AGAIN.search(text, author.end(), end) if author else None
        speech_from = again.end() if again else None
    return quotes
