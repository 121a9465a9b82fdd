"""Find quoted spans in a paragraph: curly, straight and guillemet double quotes.

Rules follow common newsroom convention (AP Stylebook, "quotation marks"): a quotation that runs
over several paragraphs repeats the opening mark at the start of each new paragraph and closes
only at its end. A mark left open anywhere else is *unbalanced*: the quote is closed at the end
of its paragraph and flagged, so the text is never lost and never swallows the next paragraph.

Straight marks (``"``) carry no direction; one counts as opening when it follows whitespace,
an opening bracket or a dash (or starts the paragraph), and closing otherwise. Two apostrophes
(``''``) are a straight double mark too: the convention of several news archives (the New York
Times archive, Penn Treebank text), where ``''like this''`` is a quotation.
"""
from __future__ import annotations

from typing import NamedTuple

from analysis.attribution.spans import strip_span

OPENING = {"“": "”", "«": "»", "„": "“"}
CLOSING = {"”", "»"}
STRAIGHT = '"'
DOUBLE_APOSTROPHE = "''"
MIN_QUOTE_CHARS = 2


class Quote(NamedTuple):
    """A quoted span ``text[start:end]`` including its marks.

    ``unbalanced``: no closing mark before the paragraph ended (closed there).
    ``continues``: an open quote that carries on in the next paragraph (AP convention).
    """

    start: int
    end: int
    unbalanced: bool = False
    continues: bool = False


def _is_opening_straight(text: str, i: int, start: int) -> bool:
    if i == start:
        return True
    before = text[i - 1]
    return before.isspace() or before in "([{—–-/:"


def _straight_width(text: str, i: int, end: int) -> int:
    """1 for ``"``, 2 for ``''`` (not a third apostrophe's neighbour), 0 for anything else."""
    if text[i] == STRAIGHT:
        return 1
    if text.startswith(DOUBLE_APOSTROPHE, i) and i + 2 <= end and text[i + 2:i + 3] != "'":
        return 2
    return 0


def find_quotes(text: str, start: int = 0, end: int | None = None, *, next_paragraph_opens: bool = False) -> list[Quote]:
    """Quoted spans within ``text[start:end]`` (one paragraph), in order.

    ``next_paragraph_opens`` says whether the following paragraph starts with an opening mark;
    a quote still open at the end of this paragraph then ``continues`` instead of being
    ``unbalanced``.
    """
    end = len(text) if end is None else end
    quotes: list[Quote] = []
    open_at: int | None = None
    expected_close: str | None = None
    i = start
    while i < end:
        ch = text[i]
        width = _straight_width(text, i, end) if ch in "\"'" else 0
        if open_at is None:
            if ch in OPENING:
                open_at, expected_close = i, OPENING[ch]
            elif width and _is_opening_straight(text, i, start):
                open_at, expected_close = i, STRAIGHT
                i += width
                continue
        else:
            # Sloppy copy mixes marks ("…” or “…"): any closing-capable mark closes.
            closes = ch == expected_close or ch in CLOSING or (width and not _is_opening_straight(text, i, start))
            if closes:
                close = i + (width or 1)
                if close - open_at >= MIN_QUOTE_CHARS + 1:
                    quotes.append(Quote(open_at, close))
                open_at = expected_close = None
                i = close
                continue
            if ch in OPENING and expected_close != STRAIGHT and ch != expected_close:
                # A new opening curly mark while one is open: the first was never closed.
                quotes.append(Quote(open_at, _trim_end(text, open_at, i), unbalanced=True))
                open_at, expected_close = i, OPENING[ch]
        i += 1
    if open_at is not None:
        close_at = _trim_end(text, open_at, end)
        if close_at > open_at + 1:
            quotes.append(Quote(open_at, close_at, unbalanced=not next_paragraph_opens, continues=next_paragraph_opens))
    return quotes


def _trim_end(text: str, start: int, end: int) -> int:
    return strip_span(text, start, end, keep=1)[1]


def starts_with_opening_mark(text: str, start: int, end: int) -> bool:
    """Whether the paragraph ``text[start:end]`` begins with an opening quotation mark."""
    for i in range(start, end):
        if not text[i].isspace():
            return text[i] in OPENING or _straight_width(text, i, end) > 0
    return False


def quoted_chars(quotes: list[Quote], start: int, end: int) -> int:
    """How many characters of ``[start, end)`` lie inside the given quotes."""
    return sum(max(0, min(end, q.end) - max(start, q.start)) for q in quotes)
