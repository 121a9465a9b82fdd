"""Attributed statements: the seed against hand-made gold, real-news patterns, invariants."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.article import parse_article, read_article
from analysis.attribution.statements import extract_statements, top_level
from analysis.schema import STATEMENT_COLUMNS as COLUMNS
from tests.support import assert_statement_invariants

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"
GOLD = json.loads((ROOT / "tests" / "gold" / "seed_statements.json").read_text(encoding="utf-8"))


def statements_of(body: str, title: str = "A headline about events"):
    article = parse_article(f"{title}\n\n{body}\n")
    return article, extract_statements(article)


def _jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


@pytest.fixture(scope="module")
def seed():
    article = read_article(SEED)
    return article, extract_statements(article)


def test_seed_matches_gold_with_f1_at_least_095(seed):
    article, frame = seed
    predicted = frame[frame.kind != "narrator"]
    gold = []
    for g in GOLD["statements"]:
        start = article.text.index(g["content"])
        gold.append({**g, "span": (start, start + len(g["content"]))})
    used, correct = set(), 0
    for row in predicted.itertuples():
        for i, g in enumerate(gold):
            if i in used or _jaccard((row.content_start, row.content_end), g["span"]) < 0.5:
                continue
            if (row.speaker, row.actor, row.kind) == (g["speaker"], g["actor"], g["kind"]):
                used.add(i)
                correct += 1
                break
    precision, recall = correct / len(predicted), correct / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if correct else 0.0
    assert f1 >= 0.95, (precision, recall, predicted[["speaker", "kind", "content"]].to_string())


def test_contract_columns_and_offsets(seed):
    article, frame = seed
    assert list(frame.columns) == list(COLUMNS)
    assert list(frame.statement_id) == list(range(len(frame)))
    for row in frame.itertuples():
        assert article.text[row.content_start:row.content_end] == row.content
        assert row.sentence_start <= row.content_start < row.content_end <= row.sentence_end
        if row.kind == "narrator":
            assert row.speaker == "" and row.cue == ""
        else:
            assert article.text[row.speaker_start:row.speaker_end] == row.speaker_mention
            if row.cue_start >= 0:
                assert article.text[row.cue_start:row.cue_end] == row.cue


@pytest.mark.parametrize("path", [SEED, ROOT / "tests" / "data" / "wire_story.txt"])
def test_every_sentence_in_exactly_one_top_level_statement_heading_or_boilerplate(path):
    article = read_article(path)
    frame = extract_statements(article)
    assert_statement_invariants(article, frame)


def test_seed_headings_and_boilerplate_are_not_statements(seed):
    article, frame = seed
    headings = [article.text[s:e] for s, e in article.headings]
    assert headings == ["Domestic Alternative and Compliance Conditions", "Corporate Response and Accusations",
                        "Limited Scope of Domestic Alternative"]
    boilerplate = " ".join(article.text[s:e] for s, e in article.boilerplate)
    assert boilerplate.startswith("Advertisement") and "Please be respectful" in boilerplate
    assert not frame.content.str.contains("Advertisement|Please be respectful").any()
    assert frame.section.iloc[-1] == "Limited Scope of Domestic Alternative"


# Patterns from real wire copy: attribution before, inside and after the quote, appositives,
# participial cues, "according to", mixed quotes. (speaker, kind, cue, a piece of the content)
PATTERNS = [
    ('"We will not back down," Senator Jane Smith said on Tuesday.', "Jane Smith", "direct", "said", "We will not back down"),
    ('"We will not back down," said Jane Smith, a senator from Ohio.', "Jane Smith", "direct", "said", "We will not back down"),
    ('Jane Smith said: "We will not back down. Not now, not ever."', "Jane Smith", "direct", "said", "Not now, not ever"),
    ('"The risk," said Edward Ross, an economist, "is that jobs will leave."', "Edward Ross", "direct", "said", "is that jobs will leave"),
    ("Hugh Hill, a doctor at the clinic, said the hospital was overwhelmed.", "Hugh Hill", "indirect", "said", "the hospital was overwhelmed"),
    ("According to the health ministry, 40 people were injured in the blast.", "health ministry", "indirect", "According to", "40 people were injured"),
    ("Forty people were injured in the blast, according to local officials.", "local officials", "indirect", "according to", "Forty people were injured"),
    ("Activists accused the government of silencing its critics.", "Activists", "indirect", "accused", "silencing its critics"),
    ("The finance minister warned that prices would rise sharply next year.", "finance minister", "indirect", "warned", "prices would rise"),
    ('Mayor Ana Lopez called the decision "a disgrace to the city."', "Ana Lopez", "mixed", "called", "a disgrace to the city"),
    ('The union described the talks as "productive but unfinished."', "union", "mixed", "described", "productive but unfinished"),
    ("Opposition leaders responded angrily, alleging the vote had been rigged.", "Opposition leaders", "indirect", "responded", "alleging the vote had been rigged"),
    ('"This is not over," Ramos, 58, told reporters in Mexico City.', "Ramos", "direct", "told", "This is not over"),
    ('"Go home," the officer barked.', "officer", "direct", "barked", "Go home"),
]


@pytest.mark.parametrize("sentence,speaker,kind,cue,piece", PATTERNS)
def test_real_news_patterns(sentence, speaker, kind, cue, piece):
    _, frame = statements_of(sentence)
    row = top_level(frame).iloc[-1]
    assert (row.speaker, row.kind, row.cue) == (speaker, kind, cue), row.to_dict()
    assert piece in row.content


NARRATOR = [
    "Protesters gathered outside the parliament building on Monday evening.",
    "WhatsApp maintains approximately 100 million users in Russia, underscoring the scale of the market.",
    "The police called the fire brigade after the explosion.",
]


@pytest.mark.parametrize("sentence", NARRATOR)
def test_authors_own_voice_is_narrator(sentence):
    _, frame = statements_of(sentence)
    assert frame.iloc[-1].kind == "narrator"


def test_pronoun_resolves_to_named_person_before():
    _, frame = statements_of('Jane Smith arrived at the rally late on Monday. "We will win," she said.')
    row = frame.iloc[-1]
    assert (row.speaker, row.speaker_mention, row.kind) == ("Jane Smith", "she", "direct")


def test_quote_continued_in_next_sentence_joins_the_statement():
    _, frame = statements_of('"We will win this," Kasich replied. "I hate to say it. But we will."')
    row = frame.iloc[-1]
    assert row.kind == "direct" and row.speaker == "Kasich" and row.content.endswith('But we will."')
    assert len(frame) == 2  # title + one statement


def test_colon_introduction_before_quote_paragraph():
    _, frame = statements_of('The ministry responded:\n\n"We reject these claims entirely."')
    row = frame.iloc[-1]
    assert (row.kind, row.speaker, row.cue) == ("direct", "ministry", "responded")
    assert row.content == '"We reject these claims entirely."'


def test_multi_paragraph_quote_keeps_speaker():
    body = ('"The first part of the plan is simple," Smith said. "We cut costs.\n\n'
            '"The second part is harder. We must grow."')
    _, frame = statements_of(body)
    last = frame.iloc[-1]
    assert last.kind == "direct" and last.speaker == "Smith"
    assert "speaker_from_context" in last["statement_flags"]


def test_unbalanced_quote_is_closed_at_paragraph_end_and_flagged():
    article, frame = statements_of('The mayor said "we will rebuild everything.\n\nRepairs began the next day.')
    flagged = frame[frame["statement_flags"].str.contains("unbalanced_quote")]
    assert len(flagged) == 1 and "rebuild" in flagged.iloc[0].content
    assert frame.iloc[-1].content == "Repairs began the next day."


def test_crlf_and_non_breaking_spaces_keep_offsets():
    text = 'Headline here\r\n\r\n"We\u00a0will win," Jane\u00a0Smith said.\r\nThe vote is on Sunday.\r\n'
    article = parse_article(text)
    frame = extract_statements(article)
    for row in frame.itertuples():
        assert text[row.content_start:row.content_end] == row.content
    row = frame.iloc[1]
    assert row.kind == "direct"
    assert row.speaker_mention == "Jane\u00a0Smith" and row.speaker in ("Jane Smith", "Jane\u00a0Smith")


def test_extraction_is_deterministic(seed):
    article, frame = seed
    again = extract_statements(read_article(SEED))
    assert frame.equals(again)


@pytest.mark.slow
def test_long_article_is_processed_whole():
    paragraph = ('"Prices will keep rising," the economist said. Officials warned that supply was short. '
                 'Markets closed early on Friday.')
    body = "\n\n".join(paragraph for _ in range(700))  # ~12,000 words
    article, frame = statements_of(body)
    assert len(frame) == 1 + 3 * 700
    assert (frame.kind.value_counts()[["direct", "indirect", "narrator"]] >= 700).all()


def test_frame_rows_equal_the_records_own_rows():
    from analysis.attribution.statements import find_statements, statements_frame
    article = read_article(SEED)
    statements, _ = find_statements(article)
    frame = statements_frame(article, statements)
    assert frame.to_dict("records") == [s.row(article.text) for s in statements]
