"""Quotation spans: mark styles, multi-paragraph quotes, unbalanced marks."""
from __future__ import annotations

import pytest

from analysis.attribution.quotes import find_quotes, starts_with_opening_mark


@pytest.mark.parametrize("text,expected", [
    ('He said "yes" and "no" today.', ['"yes"', '"no"']),
    ("She called it “a backwards step” yesterday.", ["“a backwards step”"]),
    ("«Nous restons» dit-il.", ["«Nous restons»"]),
    ('Sloppy copy: "mixed marks” end here.', ['"mixed marks”']),
    ('"Starts the paragraph," he said.', ['"Starts the paragraph,"']),
])
def test_quote_spans(text, expected):
    assert [text[q.start:q.end] for q in find_quotes(text)] == expected


def test_unbalanced_quote_closes_at_paragraph_end():
    text = 'The mayor said "we will rebuild everything.   '
    (quote,) = find_quotes(text)
    assert quote.unbalanced and text[quote.start:quote.end] == '"we will rebuild everything.'


def test_quote_continuing_into_next_paragraph_is_not_unbalanced():
    text = '"The first part is simple. We cut costs.'
    (quote,) = find_quotes(text, next_paragraph_opens=True)
    assert quote.continues and not quote.unbalanced


def test_opening_mark_detection():
    text = 'x\n  “Quoted paragraph”'
    assert starts_with_opening_mark(text, 2, len(text))
    assert not starts_with_opening_mark(text, 0, 1)


@pytest.mark.parametrize("text,expected", [
    ("''We cannot do this,'' she told an audience. ''They are using websites.''",
     ["''We cannot do this,''", "''They are using websites.''"]),
    ("''When Twitter says, 'We can't,' I don't believe that,'' said Hany Farid.",
     ["''When Twitter says, 'We can't,' I don't believe that,''"]),
    ("The dogs' bowls and the cats' toys were 'fine'.", []),
])
def test_double_apostrophes_are_quotation_marks(text, expected):
    assert [text[q.start:q.end] for q in find_quotes(text)] == expected


def test_paragraph_opening_with_double_apostrophes():
    assert starts_with_opening_mark("''Quoted paragraph,'' he said.", 0, 30)
