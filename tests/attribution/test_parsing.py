"""spaCy wrapper: same-length normalisation and the news repairs of sentence splitting."""
from __future__ import annotations

import pytest

from analysis.attribution.parsing import normalise_for_parser, parse_paragraphs, sentence_spans
from analysis.errors import ParserUnavailableError


def test_normalisation_keeps_length_and_offsets():
    text = "Jane\u00a0Smith said\r\nit\u2009works.\t"
    norm = normalise_for_parser(text)
    assert len(norm) == len(text) and norm == "Jane Smith said  it works. "


def _sentences(paragraph: str) -> list[str]:
    (doc,) = parse_paragraphs(paragraph, [(0, len(paragraph))])
    return [paragraph[s:e] for s, e in sentence_spans(doc)]


@pytest.mark.parametrize("paragraph,expected", [
    ('"We will win this one," Kasich replied. The rally ended at nine.',
     ['"We will win this one," Kasich replied.', "The rally ended at nine."]),
    ("The council met on Monday. It approved the budget after a long debate.",
     ["The council met on Monday.", "It approved the budget after a long debate."]),
])
def test_sentence_spans_are_trimmed_and_repaired(paragraph, expected):
    assert _sentences(paragraph) == expected


def test_sentence_spans_offsets_index_the_paragraph():
    paragraph = "  Officials warned that supply was short.  Markets closed early.  "
    (doc,) = parse_paragraphs(paragraph, [(0, len(paragraph))])
    for start, end in sentence_spans(doc):
        assert paragraph[start:end] == paragraph[start:end].strip() and paragraph[start:end]


def test_parser_error_is_the_package_error():
    assert issubclass(ParserUnavailableError, RuntimeError)
    from analysis.attribution import parsing
    assert parsing.ParserUnavailableError is ParserUnavailableError
