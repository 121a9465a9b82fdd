"""Pronoun, role and document speakers resolved to the person or organisation the text names.

Sentences written in the style of wire copy, plus the issue's cases (a quote by a man after a
woman named earlier; a former president's attack not given to the candidate he attacked; a
senator named in the sentence before a "he said").
"""
from __future__ import annotations

import pytest

from analysis.article import parse_article
from analysis.attribution.statements import extract_statements
from analysis.speakers.first_names import first_name_gender
from analysis.speakers.mentions import Mention
from analysis.speakers.resolution import UNRESOLVED_ACTOR
from analysis.speakers.salience import Discourse, name_words


def speaker_of(body: str, cue: str, title: str = "A headline about events"):
    """The row of the statement whose cue is ``cue`` (the last such)."""
    frame = extract_statements(parse_article(f"{title}\n\n{body}\n"))
    rows = frame[(frame["kind"] != "narrator") & (frame["cue"] == cue)]
    assert len(rows), frame[["speaker_mention", "cue", "speaker"]].to_dict("records")
    return rows.iloc[-1]


# (body, cue of the statement, its resolved speaker)
RESOLVED = [
    # Gender: a man's quote after a woman named earlier (first names and honorifics).
    ("Senator Maria Lopez opened the hearing on Tuesday.\n\nGovernor Tom Baker followed her to the podium. "
     "\"We will not back down,\" he said.", "said", "Tom Baker"),
    ("Tom Baker took questions after Maria Lopez, the state's attorney general, introduced him. "
     "\"We are ready,\" he said.", "said", "Tom Baker"),
    ("Sarah Jensen met David Morales at the border crossing on Monday. \"The talks went well,\" he said.", "said",
     "David Morales"),
    ("Ms. Okafor and Mr. Lindqvist spoke after the vote. \"I am disappointed,\" she said.", "said", "Okafor"),
    # The subject, not the object: the attacker speaks, not the candidate he attacked.
    ("Former Mexican president Vicente Fox attacked the Republican candidate Donald Trump on Monday. "
     "\"His wall will never be built,\" he said in an interview.", "said", "Vicente Fox"),
    # The senator named in the sentence before, not the man named first.
    ("Mr. Trump spoke for an hour at the rally in Ohio.\n\nSenator Lindsey Graham of South Carolina was less kind. "
     "\"This is a disaster for the party,\" he said.", "said", "Lindsey Graham"),
    ("Senator Lindsey Graham of South Carolina said Mr. Trump was wrong about the wall. \"It makes no sense,\" "
     "he said.", "said", "Lindsey Graham"),
    # A quote run: the last speaker goes on through quotations.
    ("Mayor Ana Lopez defended the budget on Friday. \"Schools come first,\" she said. \"Roads can wait.\" "
     "\"Nobody will be laid off,\" she added.", "added", "Ana Lopez"),
    # Role appositions and titles make a description a person.
    ("Jim Manley, a spokesman for Mr. Reid, called the plan reckless on Tuesday. \"It will not pass,\" "
     "the spokesman said.", "said", "Jim Manley"),
    ("Sen. Chris Murphy filed the bill on Monday. Republicans said it would fail. \"This is the moment,\" "
     "the senator said.", "said", "Chris Murphy"),
    # An organisation's description, and an organisation marked by "it".
    ("Acme Corp. reported a loss on Friday, and it cut its forecast. The company said demand had fallen sharply.",
     "said", "Acme Corp."),
    # A document speaks for its issuer.
    ("The Sierra Club issued a statement on Monday. The statement said the rule would harm rivers.", "said",
     "Sierra Club"),
    ("Fifty doctors sent a letter to Congress on Monday. \"We cannot wait any longer,\" the letter reads.", "reads",
     "Fifty doctors"),
]


@pytest.mark.parametrize("body,cue,speaker", RESOLVED)
def test_pronoun_role_and_document_speakers_resolve(body, cue, speaker):
    row = speaker_of(body, cue)
    assert row.speaker == speaker, row.to_dict()
    assert 0 < row.speaker_confidence <= 1 and "unresolved_speaker" not in row["statement_flags"]


@pytest.mark.parametrize("body,cue,speaker", [
    ("\"We will win this fight,\" he said.", "said", "he (unresolved)"),
    ("The weather turned cold overnight. \"It is going to be a long winter,\" she said.", "said", "she (unresolved)"),
    ("The finance minister warned on Monday that prices would rise.", "warned", "finance minister"),
])
def test_nothing_agrees_leaves_the_speaker_unresolved(body, cue, speaker):
    row = speaker_of(body, cue)
    assert (row.speaker, row.actor) == (speaker, UNRESOLVED_ACTOR)
    assert "unresolved_speaker" in row["statement_flags"] and row.speaker_confidence < 0.5


def test_a_woman_is_not_given_a_mans_quote_when_only_she_was_named():
    row = speaker_of("Maria Lopez left the meeting early. \"The plan is dead,\" he said.", "said")
    assert row.speaker == "he (unresolved)"


def test_resolved_pronoun_is_less_sure_than_the_name_itself():
    body = "Governor Tom Baker spoke on Monday. \"We are ready,\" Baker said. \"The roads are open,\" he said."
    frame = extract_statements(parse_article(f"Storm\n\n{body}\n"))
    named, pronoun = frame[frame["speaker_mention"] == "Baker"].iloc[0], frame[frame["speaker_mention"] == "he"].iloc[0]
    assert named.speaker == pronoun.speaker == "Tom Baker"
    assert named.speaker_confidence > pronoun.speaker_confidence > 0.3


@pytest.mark.parametrize("name,words", [
    ("Donald J. Trump", ("donald", "j", "trump")), ("Mr. Trump", ("trump",)), ("Trump's", ("trump",)),
    ("Sen. Chris Murphy", ("chris", "murphy")),
])
def test_name_words_drop_titles_and_possessives(name, words):
    assert name_words(name) == words


@pytest.mark.parametrize("first,gender", [("Donald", "m"), ("nancy", "f"), ("Lindsey", ""), ("Kelly", ""), ("Zzyx", "")])
def test_first_name_gender_only_for_clear_names(first, gender):
    assert first_name_gender(first) == gender


def _mention(start, text, kind, sentence, role="subj", gender="", lemma=""):
    return Mention(start, start + len(text), text, kind, sentence, 0, role, False, gender, lemma=lemma)


def test_salience_decays_and_the_subject_outweighs_the_object():
    mentions = [_mention(0, "", "SENT", 0), _mention(0, "Anna Berg", "PERSON", 0), _mention(20, "Paul Stein", "PERSON", 0, "obj"),
                _mention(40, "", "SENT", 1), _mention(40, "Carl Weiss", "PERSON", 1, "obj"),
                _mention(60, "", "SENT", 2), _mention(60, "they", "PRON", 2, gender="p", lemma="they")]
    discourse = Discourse(mentions)
    discourse.advance(61)
    values = {e.name: e.value(2) for e in discourse.entities}
    assert values["Carl Weiss"] > values["Anna Berg"] > values["Paul Stein"] > 0
    assert discourse.by_start[60] is None  # "they" is not resolved to a person


@pytest.mark.parametrize("title,speaker", [
    ("Trump calls Flynn treatment 'unfair,' claims Clinton 'lied'", "Trump"),
    ("Trump calls Flynn treatment \"unfair,\" claims Clinton \"lied\"", "Trump"),
    ("Mayor Lopez praises budget, warns council \"cuts will come\"", "Lopez"),
])
def test_headline_first_subject_speaks_for_coordinated_verbs(title, speaker):
    frame = extract_statements(parse_article(f"{title}\n\nThe council met on Friday.\n"))
    row = frame.iloc[0]
    assert row.kind != "narrator" and row.speaker == speaker, row.to_dict()


@pytest.mark.parametrize("body,speaker", [
    ("\"Prices will rise this winter,\" said Edward Ross, an economist at the bank.", "Edward Ross"),
    ("\"We are not going anywhere,\" insisted Maria Lopez on Monday.", "Maria Lopez"),
])
def test_inverted_attribution_still_takes_the_name_after_the_cue(body, speaker):
    row = speaker_of(body, body.split('," ')[1].split()[0])
    assert row.speaker == speaker


QUOTE_RUN = ("Flood\n\nThe river rose overnight and closed the valley road on Monday.\n\n"
             "\u201cThe water came faster than anyone expected. We lost three pumping stations in an hour.\n\n"
             "\u201cNobody will be left without help,\u201d said Governor Tom Baker, who toured the damage.\n\n"
             "The road reopened on Tuesday.\n")


def test_quote_run_takes_the_attribution_of_its_next_paragraph():
    frame = extract_statements(parse_article(QUOTE_RUN))
    opening = frame[frame["content"].str.contains("pumping stations")].iloc[0]
    assert (opening.kind, opening.speaker, opening.rule) == ("direct", "Tom Baker", "quote_run")
    assert "speaker_from_context" in opening["statement_flags"] and 0 < opening.speaker_confidence < 1


def test_an_open_quotation_without_attribution_stays_the_narrators():
    text = QUOTE_RUN.replace("help,\u201d said Governor Tom Baker, who toured the damage.", "help.\u201d")
    assert text != QUOTE_RUN
    frame = extract_statements(parse_article(text))
    opening = frame[frame["content"].str.contains("pumping stations")].iloc[0]
    assert opening.kind == "narrator"
