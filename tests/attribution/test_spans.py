"""The one span-trimming helper all attribution modules use."""
from __future__ import annotations

import pytest

from analysis.attribution.spans import extend_over, strip_span, trim


@pytest.mark.parametrize("text,expected", [
    ("  , the budget was unrealistic. ", "the budget was unrealistic"),
    ("— prices will rise;", "prices will rise"),
    ("\u00a0she said:\u00a0", "she said"),
    ("", ""),
])
def test_trim(text, expected):
    start, end = trim(text, 0, len(text))
    assert text[start:end] == expected


def test_strip_span_keeps_at_least_keep_characters():
    text = '"   '
    assert strip_span(text, 0, len(text), keep=1) == (0, 1)
    assert strip_span("  word  ", 0, 8) == (2, 6)


def test_extend_over_never_cuts_a_quotation():
    quotes = [(10, 20, False, False), (30, 40, False, False)]
    assert extend_over(15, 25, quotes) == (10, 25)
    assert extend_over(22, 28, quotes) == (22, 28)
    assert extend_over(15, 35, quotes) == (10, 40)
