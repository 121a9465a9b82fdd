"""Embedded posts (issue 18, item 2): a block-quoted tweet or post is a statement of its author."""
from __future__ import annotations

import pytest

from analysis.article import POST_SIGNATURE, parse_article
from analysis.attribution.statements import extract_statements
from tests.support import assert_statement_invariants

TITLE = "Candidates trade barbs online after the debate"
LEAD = "The exchange began shortly after the debate ended on Saturday night."


def statements_of(body: str):
    article = parse_article(f"{TITLE}\n\n{LEAD}\n\n{body}\n\nThe campaigns did not respond to requests for comment.\n")
    return article, extract_statements(article)


POSTS = [
    pytest.param(  # Twitter's fallback: the signature on its own line
        "Should have been much rougher. He was so obnoxious and loud. Nice crowd though!\n"
        "— Donald J. Trump (@realDonaldTrump) November 21, 2015",
        "Should have been much rougher. He was so obnoxious and loud. Nice crowd though!", "Donald J. Trump", "",
        id="twitter-signature-line"),
    pytest.param(  # the signature as a paragraph of its own, "--" for the dash
        "We need a political revolution. Join us in Iowa tonight.\n\n"
        "-- Bernie Sanders (@SenSanders) Feb. 1, 2016",
        "We need a political revolution. Join us in Iowa tonight.", "Bernie Sanders", "",
        id="twitter-signature-paragraph"),
    pytest.param(  # one line: text, picture link, signature; the link is not content
        "Love trumps hate. pic.twitter.com/xyZ12abC — Hillary Clinton (@HillaryClinton) November 8, 2016",
        "Love trumps hate.", "Hillary Clinton", "", id="twitter-inline-with-picture"),
    pytest.param(  # an introduction before a signed post: the signature names the author
        "The president answered within minutes. He tweeted:\n\n"
        "Congratulations to the Republicans on a great night! https://t.co/a1B2c3D4e5\n"
        "— Barack Obama (@BarackObama) November 4, 2015",
        "Congratulations to the Republicans on a great night!", "Barack Obama", "tweeted",
        id="introduction-and-signature"),
    pytest.param(  # "X wrote on Twitter:" before a post whose text ends in a hashtag
        "Senator Ted Cruz wrote on Twitter:\n\nA sad day for the Constitution. We will fight on. #SCOTUS\n"
        "— Ted Cruz (@tedcruz) June 26, 2015",
        "A sad day for the Constitution. We will fight on. #SCOTUS", "Ted Cruz", "wrote", id="wrote-on-twitter"),
    pytest.param(  # Instagram's fallback text
        "Thank you, Iowa. We are just getting started.\n"
        "A post shared by Ted Cruz (@tedcruz) on Feb 2, 2016 at 9:15pm PST",
        "Thank you, Iowa. We are just getting started.", "Ted Cruz", "", id="instagram"),
    pytest.param(  # Facebook's fallback text
        "Today I signed the bill into law. It protects every family in this state.\n"
        "Posted by John Kasich on Tuesday, March 15, 2016",
        "Today I signed the bill into law. It protects every family in this state.", "John Kasich", "",
        id="facebook"),
    pytest.param(  # PolNeAR's markup after an introduction: the handle gives way to the introduction
        "One BLM activist tweeted:\n\n"
        '<tweet tweet-author="@DMVBlackLives" tweet-date="February 16, 2016">PREACH! She should resign '
        "instead of pimping black votes… https://t.co/gwzQMEyL6R<tweet/>.",
        "PREACH! She should resign instead of pimping black votes…", "One BLM activist", "tweeted",
        id="polnear-tag-with-introduction"),
    pytest.param(  # PolNeAR's markup alone: the handle speaks
        '<tweet tweet-author="@GovMikeHuckabee" tweet-date="March 1, 2016">Proud of Arkansas tonight.<tweet/>.',
        "Proud of Arkansas tonight.", "@GovMikeHuckabee", "", id="polnear-tag"),
]


@pytest.mark.parametrize(("body", "content", "mention", "cue"), POSTS)
def test_embedded_post_is_a_direct_statement_of_its_author(body, content, mention, cue):
    article, frame = statements_of(body)
    assert_statement_invariants(article, frame)
    posts = frame[frame.rule == "embedded_post"]
    assert len(posts) == 1, frame[["kind", "rule", "content"]].to_string()
    row = posts.iloc[0]
    assert (row.kind, row.content, row.speaker_mention, row.cue) == ("direct", content, mention, cue)
    assert row.parent_id == -1 and row.speaker_confidence >= 0.8
    signature = article.text[row.content_end:row.sentence_end]
    assert "(@" in signature or "tweet" in signature or "Posted by" in signature
    assert not article.headings  # a signature line is no subheading


NOT_POSTS = [
    pytest.param("The decision — made by Senator John Smith (R-Texas) on Monday — was final.", id="em-dash-aside"),
    pytest.param("The vote was close — Smith (@jsmith) said so on November 21, 2015, and so did others.",
                 id="handle-and-date-mid-sentence"),
    pytest.param("Readers can follow the senator at @jsmith, where he posted on November 21, 2015 about the vote.",
                 id="handle-in-running-text"),
    pytest.param("The mayor's office said the figures were wrong. -- Jane Doe, Springfield", id="dash-byline"),
    pytest.param('<tweet tweet-id="667366217527767040"><tweet/>.', id="polnear-tag-without-text"),
    pytest.param("Trump tweeted:\n\n— Donald J. Trump (@realDonaldTrump) November 21, 2015", id="signature-without-text"),
    pytest.param("Posted by Staff Writer on March 3, 2016", id="byline-without-weekday"),
]


@pytest.mark.parametrize("body", NOT_POSTS)
def test_not_an_embedded_post(body):
    article, frame = statements_of(body)
    assert_statement_invariants(article, frame)
    assert "embedded_post" not in set(frame.rule)


def test_empty_tag_after_introduction_leaves_the_introduction_to_the_narrator():
    article, frame = statements_of('Trump tweeted:\n\n<tweet tweet-id="667366217527767040"><tweet/>.')
    assert_statement_invariants(article, frame)
    assert "embedded_post" not in set(frame.rule)


@pytest.mark.parametrize("line", [
    "— Donald J. Trump (@realDonaldTrump) November 21, 2015",
    "- Marco Rubio (@marcorubio) Jan. 9, 2016",
    "A post shared by Barack Obama (@barackobama) on Nov 8, 2016 at 10:00am PST",
    "Posted by Bernie Sanders on Monday, February 1, 2016",
])
def test_signature_lines(line):
    assert POST_SIGNATURE.search(line)


def test_post_between_quotations_keeps_the_speakers_apart():
    body = ('"We will win this state," Rubio said at a rally in Miami.\n\n'
            "Big night in Florida. Thank you!\n— Marco Rubio (@marcorubio) March 15, 2016\n\n"
            '"It is not over," he added.')
    article, frame = statements_of(body)
    assert_statement_invariants(article, frame)
    assert list(frame[frame.kind != "narrator"].rule)[:2] == ["direct_quote_with_cue", "embedded_post"]
