"""The syntactic rules on parsed real-news-style sentences: sources, mentions, contents, surface fallbacks."""
from __future__ import annotations

import pytest

from analysis.attribution.cue_syntax import (
    according_to,
    complement_span,
    cue_extent,
    find_source,
    inverted_subject,
    is_cue,
    mention_span,
)
from analysis.attribution.parsing import parse_paragraphs
from analysis.attribution.quote_syntax import direct_quote_span, trailing_attribution
from analysis.attribution.quotes import find_quotes


def parse(sentence: str):
    (doc,) = parse_paragraphs(sentence, [(0, len(sentence))])
    return doc


def token(doc, text: str):
    return next(t for t in doc if t.text == text)


def never_quoted(_token) -> bool:
    return False


@pytest.mark.parametrize("sentence,cue,source", [
    ("Hugh Hill, a doctor at the clinic, said the hospital was overwhelmed.", "said", "Hill"),
    ("The finance minister warned that prices would rise sharply next year.", "warned", "minister"),
    ("Opposition leaders responded angrily, alleging the vote had been rigged.", "alleging", "leaders"),
    ("The officials who said the plan would fail were ignored.", "said", "officials"),
    ("The report was praised by the mayor on Monday.", "praised", "mayor"),
])
def test_find_source(sentence, cue, source):
    doc = parse(sentence)
    assert find_source(token(doc, cue)).text == source


def test_no_source_for_a_passive_without_agent_or_a_demonstrative():
    assert find_source(token(parse("The decision was announced on Monday."), "announced")) is None
    assert find_source(token(parse("This shows that the plan failed."), "shows")) is None


@pytest.mark.parametrize("sentence,head,mention", [
    ("Hugh Hill, a doctor at the clinic, said the hospital was overwhelmed.", "Hill", "Hugh Hill"),
    ("Telegram founder Pavel Durov echoed these concerns.", "Durov", "Telegram founder Pavel Durov"),
    ("The company Acme Corp denied the report.", "company", "The company Acme Corp"),
])
def test_mention_span_keeps_titles_and_drops_appositives(sentence, head, mention):
    doc = parse(sentence)
    start, end = mention_span(token(doc, head), 0)
    assert sentence[start:end] == mention


def test_inverted_subject_after_a_quotation():
    sentence = '"We will rebuild," said Edward Ross, an economist.'
    doc = parse(sentence)
    assert inverted_subject(token(doc, "said")).text == "Ross"  # the head; mention_span adds "Edward"


@pytest.mark.parametrize("sentence,word,expected", [
    ("She pointed out that the law had changed.", "pointed", True),
    ("The police called the fire brigade.", "called", True),  # a cue word; NEEDS_CLAUSE decides later
    ("The storm destroyed the bridge.", "destroyed", False),
])
def test_is_cue(sentence, word, expected):
    assert is_cue(token(parse(sentence), word), never_quoted) is expected


def test_cue_extent_takes_the_particle():
    sentence = "She pointed out that the law had changed."
    start, end = cue_extent(token(parse(sentence), "pointed"), 0)
    assert sentence[start:end] == "pointed out"


@pytest.mark.parametrize("sentence,cue,content", [
    ("The finance minister warned that prices would rise sharply.", "warned", "that prices would rise sharply"),
    ("Activists accused the government of silencing its critics.", "accused", "the government of silencing its critics"),
])
def test_complement_span(sentence, cue, content):
    doc = parse(sentence)
    start, end = complement_span(token(doc, cue), 0, set())
    assert sentence[start:end] == content


def test_complement_of_a_circumstance_only_is_none():
    doc = parse("The senator testified in 1998.")
    assert complement_span(token(doc, "testified"), 0, set()) is None


@pytest.mark.parametrize("sentence,source", [
    ("According to the health ministry, 40 people were injured.", "ministry"),
    ("Forty people were injured, according to local officials.", "officials"),
])
def test_according_to(sentence, source):
    head, (start, end) = according_to(parse(sentence), 0, never_quoted)
    assert head.text == source and sentence[start:end].lower() == "according to"


@pytest.mark.parametrize("sentence,source,cue", [
    ('"Go home," the officer barked.', "the officer", "barked"),
    ('"This is not over," Ramos, 58, told reporters.', "Ramos", "told"),
])
def test_trailing_attribution(sentence, source, cue):
    doc = parse(sentence)
    (quote,) = find_quotes(sentence)
    (s0, s1), (c0, c1) = trailing_attribution(sentence, doc[:], 0, quote)
    assert (sentence[s0:s1], sentence[c0:c1]) == (source, cue)


@pytest.mark.parametrize("sentence,source,cue,expected", [
    ('"We will win," Jane Smith said.', "Jane Smith", "said", '"We will win,"'),
    ('Jane Smith said: "We will win. Not now, not ever."', "Jane Smith", "said", '"We will win. Not now, not ever."'),
    ('"The risk," said Edward Ross, "is that jobs will leave."', "Edward Ross", "said",
     '"The risk," said Edward Ross, "is that jobs will leave."'),
    ('Mayor Ana Lopez called the decision "a disgrace."', "Mayor Ana Lopez", "called", None),
    # a second quotation with its own attribution, after one that awaited its own (AP convention)
    ('"It is over," Lopez said, though she said, "We may try again."', "she", "said, \"", '"We may try again."'),
    ('"It is over," Lopez said, though she said, "We may try again."', "Lopez", "said", '"It is over,"'),
    # a quotation introduced by the narrator's clause and a colon, then attributed
    ('The mayor turned to the budget: "We are broke," she said.', "she", "said", '"We are broke,"'),
    # a quotation inside a paraphrase is no direct quote, nor one after a "that" clause
    ('He said he hoped with his "whole heart" that the bill passes: "It would help."', "the bill", "passes", None),
    ('She tells voters that after all these years, "It is time."', "She", "tells", None),
])
def test_direct_quote_span(sentence, source, cue, expected):
    quotes = find_quotes(sentence)
    s = sentence.index(source)
    c = sentence.index(cue, s) if cue.startswith("said, ") else sentence.index(cue)  # 'said, "' names the second "said"
    cue = cue.split(",")[0]
    span = direct_quote_span(sentence, (0, len(sentence)), quotes, (s, s + len(source)), (c, c + len(cue)))
    assert (sentence[span[0]:span[1]] if span else None) == expected
