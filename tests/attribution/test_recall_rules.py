"""Rules added for recall on news conventions: coordinated cues, two quotations in one sentence,
quoted words after any verb, "according to" over a subordinate verb, control and misparsed
subjects. Each pattern is a written real-news-style sentence (none is copied from a corpus)."""
from __future__ import annotations

import pytest

from analysis.article import parse_article
from analysis.attribution.statements import extract_statements


def spoken(body: str):
    article = parse_article(f"A headline about events\n\n{body}\n")
    frame = extract_statements(article)
    return frame[frame.kind != "narrator"]


def find(frame, cue: str):
    rows = frame[frame.cue == cue]
    assert len(rows) == 1, frame[["rule", "cue", "speaker_mention", "content"]].to_string()
    return rows.iloc[0]


# Coordinated verbs share their subject; each cue is a statement, and one's content stops at the "and".
@pytest.mark.parametrize("body,first,first_content,second,second_piece,speaker", [
    ("The senator criticised the budget, called it “a disgrace” and walked out of the chamber.",
     "criticised", "the budget", "called", "a disgrace", "The senator"),
    ("The minister denied the report and said the talks would continue next week.",
     "denied", "the report", "said", "the talks would continue", "The minister"),
    ("The governor praised the firefighters and warned that the drought would get worse.",
     "praised", "the firefighters", "warned", "the drought would get worse", "The governor"),
])
def test_coordinated_cues_are_separate_statements(body, first, first_content, second, second_piece, speaker):
    frame = spoken(body)
    one, two = find(frame, first), find(frame, second)
    assert one.content == first_content and second_piece in two.content
    assert one.speaker_mention == two.speaker_mention == speaker


def test_headline_verbs_joined_by_a_comma_stay_one_statement():
    article = parse_article("Ministry defends fuel price caps, promotes state retailer\n\nPrices rose again in May.\n")
    frame = extract_statements(article)
    title = frame[(frame.paragraph == 0) & (frame.kind != "narrator")]
    assert len(title) == 1 and "promotes" in title.iloc[0].content


@pytest.mark.parametrize("body,cue", [
    ("The bank is advising the company on its merger with a rival.", "advising"),
    ("He decided to found his own firm in 2008.", "decided"),
])
def test_acts_without_a_clause_are_no_attribution(body, cue):
    assert cue not in set(spoken(body).cue)


def test_advise_with_a_clause_is_an_attribution():
    row = find(spoken("Lawyers advised that the sale should be delayed until the audit is done."), "advised")
    assert row.content.startswith("that the sale")


# ", adding that …" after a direct quotation is a statement of its own.
@pytest.mark.parametrize("body,speaker", [
    ('"We are ready," the spokesman said, adding that talks would resume on Friday.', "the spokesman"),
    ("''The threat has changed,'' the company said in a statement, adding that it condemns the attacks.", "the company"),
])
def test_adding_after_a_direct_quote(body, speaker):
    frame = spoken(body)
    added = find(frame, "adding")
    assert added.content.startswith("that") and added.speaker_mention == speaker
    assert frame.iloc[0].kind == "direct" and "adding" not in frame.iloc[0].content


# Two quotations with an attribution each in one sentence.
@pytest.mark.parametrize("body,second_speaker,second_quote", [
    ('"The plan is dead," Smith said on Monday, though she said, "We may revisit it."', "she", "We may revisit it"),
    ('"His tone is harsh," she said, but despite the criticism, "I think he means well," said Jones.',
     "Jones", "I think he means well"),
])
def test_two_direct_quotations_in_one_sentence(body, second_speaker, second_quote):
    frame = spoken(body).sort_values("content_start")
    assert list(frame.kind) == ["direct", "direct"] and sorted(frame.parent_id) == [-1, frame.statement_id.min()]
    first, second = frame.iloc[0], frame.iloc[1]
    assert second_quote not in first.content and second_quote in second.content
    assert second.speaker_mention == second_speaker


@pytest.mark.parametrize("body,quote", [
    ('The mayor ended on a somber note: "We lost too many people this year," she said.', "We lost too many people"),
    ('Murphy went on about fundraising: "There is a ton of nonsense in this job," he said.', "There is a ton"),
])
def test_quotation_after_a_colon_then_its_attribution(body, quote):
    row = spoken(body).iloc[0]
    assert row.kind == "direct" and row.content.startswith('"') and quote in row.content


def test_that_clause_before_a_quotation_is_a_paraphrase():
    row = spoken('She jokingly tells audiences that after 44 presidents, "It is time."').iloc[0]
    assert (row.kind, row.cue) == ("mixed", "tells") and row.content.startswith("that")


@pytest.mark.parametrize("body,speaker", [
    ("In an interview with hosts John Smith and Mary Jones, the candidate stated that the race was tight.", "the candidate"),
])
def test_subject_the_parser_hangs_on_the_opening_phrase(body, speaker):
    assert speaker in spoken(body).iloc[0].speaker_mention


@pytest.mark.parametrize("body,cue", [
    ("While Will acknowledges the risks of the plan, he backs it anyway.", "acknowledges"),
    ("From the first debate to the last, Will described the nominee as a caricature of a candidate.", "described"),
])
def test_a_name_the_tagger_reads_as_a_modal(body, cue):
    assert find(spoken(body), cue).speaker_mention == "Will"


def test_title_case_modal_is_no_name():
    assert "Will" not in set(spoken("Why Conservatives Will Say No to the Plan").speaker_mention)


def test_paraphrase_ending_in_a_quotation_with_a_trailing_attribution():
    row = spoken('He would be a better leader than his rival "no matter what," one reader commented.').iloc[0]
    assert (row.rule, row.kind, row.speaker_mention) == ("trailing_attribution", "mixed", "one reader")
    assert row.content.startswith("He would be")


@pytest.mark.parametrize("body,piece", [
    ("After the reporter asked about the loan, the couple became “agitated,” according to a station employee.",
     "After the reporter asked"),
    ("Nearly two million workers would see their pay rise next year, according to a fact sheet released Monday.",
     "would see their pay rise"),
])
def test_according_to_attributes_the_whole_clause(body, piece):
    row = spoken(body).iloc[0]
    assert row.rule == "according_to" and piece in row.content


def test_according_to_inside_brackets_attributes_the_bracket():
    row = spoken("Rural states like Iowa (93 percent of voters there were white, according to exit polls) top the list.").iloc[0]
    assert row.content == "93 percent of voters there were white"


@pytest.mark.parametrize("body,speaker,content", [
    ("She also referenced the “Charleston loophole,” a flaw in the background check system.", "She",
     "the “Charleston loophole,”"),
    ('The American Bar Association completed its review and deemed him "well qualified," its highest rating.',
     "The American Bar Association", 'him "well qualified,"'),
    ("For years, Twitter has positioned itself as a ''global town square'' for all.", "Twitter",
     "itself as a ''global town square'' for all"),
])
def test_quoted_words_after_any_verb(body, speaker, content):
    row = spoken(body).iloc[0]
    assert (row.rule, row.kind, row.speaker_mention, row.content) == ("quoted_words_verb", "mixed", speaker, content)


@pytest.mark.parametrize("body", [
    'Collins joined the group this week, publishing an op-ed that blasted his "unsuitability for office."',
    'She took to wearing a “spouse’s pin” at every event.',
    'Netflix released "Stranger Things" on Friday.',  # a title in quotation marks
])
def test_quoted_titles_and_quotes_inside_a_participle_are_not_the_subjects(body):
    assert "quoted_words_verb" not in set(spoken(body).rule)


def test_quotation_after_a_trailing_attribution_continues_the_paraphrase():
    row = spoken('But the benefit is "ten times the size of the losses," he said. "Free trade helps working people."').iloc[0]
    assert row.content.endswith('working people."') and row.content.startswith("But the benefit")


def test_in_the_words_of_before_a_quotation():
    row = spoken('Clinton was, in the words of a senior adviser, "the torchbearer" of his legacy.').iloc[0]
    assert row.rule == "nominal_cue" and row.content.startswith('"the torchbearer"')


def test_as_clause_with_its_own_object_is_not_as_x_said():
    row = find(spoken("She relies on her husband, mentioning him in every speech as she praises his economic record."),
               "praises")
    assert row.content == "his economic record"


@pytest.mark.parametrize("body,cue,speaker", [
    ("The survivor hugged her family before explaining why she forgave the gunman.", "explaining", "The survivor"),
    ("Activists immediately began calling for the mayor to resign.", "calling", "Activists"),
])
def test_speaker_of_a_gerund(body, cue, speaker):
    row = spoken(body)
    assert speaker in set(row.speaker_mention) and cue in " ".join(row.cue)


@pytest.mark.parametrize("body,piece", [
    ("The union has called for the minimum wage to be raised to $15 by 2020.", "minimum wage to be raised"),
    ("So far, she has not called for him to resign.", "him to resign"),
])
def test_call_for_someone_to_act(body, piece):
    assert piece in spoken(body).iloc[0].content


@pytest.mark.parametrize("body,attributed", [
    ("A new poll shows the governor with an eight-point lead.", True),
    ("The photo shows the governor at the rally.", False),
])
def test_polls_show_findings(body, attributed):
    assert (len(spoken(body)) > 0) == attributed


def test_saying_after_an_object_is_a_second_statement_but_claiming_is_not():
    frame = spoken("The candidate mocked her qualifications, saying she lacked strength.")
    assert find(frame, "mocked").content == "her qualifications" and "she lacked strength" in find(frame, "saying").content
    frame = spoken("The regulator defended its position, claiming the app facilitates fraud.")
    assert len(frame) == 1 and "claiming" in frame.iloc[0].content


# Verbs of talking about a topic, expressing and declining (PolNeAR topic cues), with the
# complement they need; without it they are no attribution.
@pytest.mark.parametrize("body,cue,piece", [
    ("The two leaders discussed the recent violence at the border.", "discussed", "the recent violence"),
    ("The senator expressed concern that the bill would hurt farmers.", "expressed", "the bill would hurt farmers"),
    ("A spokesman for the ministry declined to comment.", "declined", "to comment"),
    ("She talked openly about her plans to run for governor.", "talked", "her plans to run"),
    ("He often speaks of his faith in the voters.", "speaks", "his faith"),
    ("The mayor was referring to the budget cuts announced last week.", "referring", "the budget cuts"),
    ("He also cited the case of a teacher who lost her job.", "cited", "the case of a teacher"),
    ("Several governors have endorsed the plan to expand the port.", "endorsed", "the plan to expand"),
])
def test_topic_and_expression_cues(body, cue, piece):
    assert piece in find(spoken(body), cue).content


@pytest.mark.parametrize("body", [
    "Shares of the company declined five percent on Friday.",
    "The two men talked for an hour before the meeting.",
    "The judge referred the case back to the lower court.",
])
def test_topic_verbs_without_their_complement(body):
    assert spoken(body).empty


@pytest.mark.parametrize("body,cue,content", [
    ("Several senators were unapologetic in their criticism of the new tariffs.", "criticism", "the new tariffs"),
    ("The minister's warning about the old dam went unheeded.", "warning", "the old dam"),
])
def test_topic_of_a_noun_of_judging(body, cue, content):
    row = find(spoken(body), cue)
    assert (row.rule, row.content) == ("nominal_cue", content)


def test_noun_of_judging_without_an_owner_is_no_attribution():
    assert spoken("The criticism of the tariffs grew louder over the summer.").empty


def headline_statements(title: str):
    frame = extract_statements(parse_article(f"{title}\n\nThe vote is on Tuesday.\n"))
    return frame[(frame.paragraph == 0) & (frame.kind != "narrator")]


@pytest.mark.parametrize("title,speaker,content,kind", [
    ("Obama: I'm optimistic voters will reject the plan", "Obama", "I'm optimistic voters will reject the plan", "indirect"),
    ('Angela Merkel: "We will not be blackmailed"', "Angela Merkel", '"We will not be blackmailed"', "direct"),
    ("Pentagon chief on Syria: Troops will stay until the job is done", "Pentagon chief",
     "Troops will stay until the job is done", "indirect"),
])
def test_headline_colon(title, speaker, content, kind):
    (row,) = headline_statements(title).itertuples()
    assert (row.rule, row.speaker_mention, row.content, row.kind) == ("headline_colon", speaker, content, kind)


@pytest.mark.parametrize("title", [
    "Breaking: Storm closes schools across the state",
    "The Latest: Polls close in three states",
    "Ukraine war: Troops advance near the river",
])
def test_headline_labels_and_topics_are_not_sources(title):
    assert "headline_colon" not in set(headline_statements(title).rule)


def test_colon_after_a_name_in_the_body_is_no_headline():
    assert "headline_colon" not in set(spoken("Merkel: the talks went well and will go on.").rule)
