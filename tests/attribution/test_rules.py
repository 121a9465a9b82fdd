"""Each named rule on real-news sentence patterns; nesting, word counting and speaker confidence."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.article import parse_article
from analysis.attribution.rules import UNIT_RULES
from analysis.attribution.statements import extract_statements, own_spans, top_level, voice_words
from analysis.schema import STATEMENT_COLUMNS


def statements_of(body: str, title: str = "A headline about events"):
    article = parse_article(f"{title}\n\n{body}\n")
    return article, extract_statements(article)


def last_top(body: str):
    return top_level(statements_of(body)[1]).iloc[-1]


# (sentence, rule, speaker mention, cue, kind, a piece of the content)
RULE_PATTERNS = [
    ('"We will not back down," Senator Jane Smith said on Tuesday.', "direct_quote_with_cue", "Senator Jane Smith", "said", "direct", "We will not back down"),
    ('The minister told AFP on Monday: "The border stays closed."', "direct_quote_with_cue", "The minister", "told", "direct", "The border stays closed"),
    ("The finance minister warned that prices would rise sharply next year.", "verb_cue", "The finance minister", "warned", "indirect", "prices would rise"),
    ("Opposition leaders walked out of the chamber, alleging the vote had been rigged.", "participial_cue", "Opposition leaders", "alleging", "indirect", "the vote had been rigged"),
    ("The plan, officials said, would cost far more than expected.", "parenthetical_cue", "officials", "said", "indirect", "would cost far more"),
    ("In particular, the senator said, the bill fails rural voters.", "parenthetical_cue", "the senator", "said", "indirect", "the bill fails rural voters"),
    ('"Go home," the officer barked.', "direct_quote_with_cue", "the officer", "barked", "direct", "Go home"),
    ("Forty people were injured in the blast, according to local officials.", "according_to", "local officials", "according to", "indirect", "Forty people were injured"),
    ("Prices rose by four percent, according to a statement by the central bank.", "according_to", "the central bank", "according to", "indirect", "Prices rose"),
    ("His claim that the election was stolen has been rejected by every court.", "nominal_cue", "His", "claim", "indirect", "the election was stolen"),
    ("The mayor's warning that the river could flood went unheeded.", "nominal_cue", "The mayor's", "warning", "indirect", "the river could flood"),
    ('Jane Smith, The Daily Planet: "This is a disaster for the city."', "roundup", "Jane Smith", ":", "direct", "This is a disaster"),
    ("''We cannot allow this,'' Mr. Hanson said.", "direct_quote_with_cue", "Mr. Hanson", "said", "direct", "We cannot allow this"),
    ("In their view, the reform could cost the party its majority.", "nominal_cue", "their", "In their view", "indirect", "the reform could cost"),
    ("The governor was, in the words of one aide, exhausted by the campaign.", "nominal_cue", "one aide", "in the words", "indirect", "The governor was"),
    ("I continue to believe that the plan will work.", "verb_cue", "I", "believe", "indirect", "the plan will work"),
    ("The senator sees the treaty as a threat to national security.", "verb_cue", "The senator", "sees", "indirect", "the treaty as a threat"),
    ('The Washington Post took note of the decision, writing: "This is a turning point for the region."', "direct_quote_with_cue", "The Washington Post", "writing", "direct", "turning point"),
    ("A member of Congress said the bill was dead.", "verb_cue", "A member of Congress", "said", "indirect", "the bill was dead"),
    ("The White House urged the technology industry to do more.", "verb_cue", "The White House", "urged", "indirect", "the technology industry to do more"),
    ("She also referenced the “Charleston loophole,” a flaw in the background check system.", "quoted_words_verb", "She", "referenced",
     "mixed", "Charleston loophole"),
]


@pytest.mark.parametrize("sentence,rule,mention,cue,kind,piece", RULE_PATTERNS)
def test_named_rule_fires(sentence, rule, mention, cue, kind, piece):
    row = last_top(sentence)
    assert (row.rule, row.speaker_mention, row.cue, row.kind) == (rule, mention, cue, kind), row.to_dict()
    assert piece in row.content


def test_every_unit_rule_has_a_docstring_and_a_test():
    tested = {p[1] for p in RULE_PATTERNS} | {"colon_introduction", "trailing_attribution", "headline_colon"}  # test_recall_rules
    for rule in UNIT_RULES:
        assert rule.__doc__ and rule.__name__ in tested


def test_trailing_attribution_when_the_tagger_misreads_a_name():
    row = last_top('"This might, and should, end the campaign," Will wrote.')
    assert (row.kind, row.speaker_mention, row.cue) == ("direct", "Will", "wrote")


def test_colon_introduction_rule_column():
    _, frame = statements_of('The ministry responded:\n\n"We reject these claims entirely."')
    assert frame.iloc[-1].rule == "colon_introduction"


@pytest.mark.parametrize("body,rule", [
    ('"We will win this," Kasich said. "I hate to say it."\n\n"But we will," he went on.', "direct_quote_with_cue"),
    ('"The first part is simple," Smith said.\n\n"The second part is harder. We must grow."', "speaker_carry_over"),
])
def test_rules_across_units(body, rule):
    row = statements_of(body)[1].iloc[-1]
    assert row.rule == rule and row.speaker in ("Smith", "Kasich")


def test_question_quote_split_from_its_attribution_is_joined():
    row = last_top("“You know, it happens, right?” Trump went on, as if he did not hear her.")
    assert (row.kind, row.speaker, row.cue) == ("direct", "Trump", "went on")


@pytest.mark.parametrize("body,speaker", [
    ("WASHINGTON (AFP) - The Pentagon said on Monday that the troops would stay.", "Pentagon"),
    ("PHILADELPHIA ― Two survivors said they had forgiven the gunman.", "survivors"),
])
def test_dateline_is_never_the_speaker(body, speaker):
    row = last_top(body)
    assert speaker in row.speaker and not row.content.startswith(("WASHINGTON", "PHILADELPHIA"))


def test_definite_description_of_a_newspaper_resolves_to_it():
    body = ("The Washington Post reported the talks had stalled. Twitter declined to comment. "
            "The influential US daily said the deal was off.")
    row = last_top(body)
    assert (row.speaker_mention, row.speaker) == ("The influential US daily", "Washington Post")


NESTED = ("The Kremlin has defended its decision to restrict the service, with spokesman Dmitry Peskov "
          "attributing the measure to the company's unwillingness to follow Russian law.")


def test_nested_statement_with_its_own_speaker():
    _, frame = statements_of(NESTED)
    parent, child = frame.iloc[-2], frame.iloc[-1]
    assert (parent.parent_id, child.parent_id) == (-1, parent.statement_id)
    assert (child.speaker, child.cue, child.rule) == ("Dmitry Peskov", "attributing", "participial_cue")
    assert child.content.startswith("the measure to") and parent.content_start <= child.content_start
    assert child.sentence_start == parent.sentence_start and child.content_end <= parent.content_end


def test_voice_words_count_every_word_once():
    article, frame = statements_of(NESTED + " Protesters gathered outside on Monday.")
    words = voice_words(frame)
    parent, child = frame.iloc[-3], frame.iloc[-2]
    assert words[child.name] == len(child.content.split())
    assert words[parent.name] == len(parent.content.split()) - len(child.content.split())
    spans = [span for pieces in own_spans(frame) for span in pieces]
    chars = [i for s, e in spans for i in range(s, e)]
    assert len(chars) == len(set(chars))  # no character of content belongs to two rows
    assert voice_words(frame, article.text).equals(words)


def test_own_spans_of_overlapping_children():
    frame = pd.DataFrame({"statement_id": [0, 1, 2], "parent_id": [-1, 0, 0], "content_start": [0, 10, 15],
                          "content_end": [40, 20, 30], "content": ["x" * 40, "x" * 10, "x" * 15]})
    assert own_spans(frame) == [[(0, 10), (30, 40)], [(10, 20)], [(20, 30)]]  # the smaller span wins


def test_new_columns_are_typed_and_in_range():
    _, frame = statements_of(NESTED + ' "It is over," she said. Nobody replied.')
    assert list(frame.columns) == list(STATEMENT_COLUMNS)
    assert frame["parent_id"].dtype.kind == "i" and frame["speaker_confidence"].between(0, 1).all()
    narrator = frame[frame.kind == "narrator"]
    assert (narrator.rule == "narrator").all() and (narrator.speaker_confidence == 0).all()
    spoken = frame[frame.kind != "narrator"]
    assert (spoken.speaker_confidence > 0).all()
    pronoun = spoken[spoken.speaker_mention == "she"].iloc[0]
    named = spoken[spoken.speaker_mention == "The Kremlin"].iloc[0]
    assert pronoun.speaker_confidence < named.speaker_confidence
