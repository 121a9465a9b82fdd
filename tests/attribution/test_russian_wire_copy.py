"""Russian wire copy across sentences (analysis.attribution.russian.wire_copy): datelines, "Об этом
заявил X", headlines "Name: text", and the speakers they bring (roles and organisations named
before). Sentences in the form of TASS / RIA Novosti / Interfax copy; people and companies invented."""
from __future__ import annotations

import pytest

import analysis
from analysis.article import parse_article
from analysis.attribution.russian.wire_copy import dateline_end
from analysis.attribution.statements import extract_statements, top_level
from tests.support import ROOT, assert_statement_invariants

STORY = ROOT / "tests" / "data" / "ru_wire_story.txt"
TITLE = "Звонки в WhatsApp ограничат до конца года"
LEAD = "Ограничения звонков в мессенджере WhatsApp продлятся до конца года."


def read(text: str):
    article = parse_article(text, sidecar={"language": "ru"})
    return article, extract_statements(article)


@pytest.mark.parametrize(("dateline", "agency"), [
    ("МОСКВА, 4 декабря. /ТАСС/. ", "TASS"),
    ("МОСКВА, 4 дек — РИА Новости. ", "RIA Novosti"),
    ("МОСКВА, 4 дек — РИА Новости, Мария Иванова. ", "RIA Novosti with a byline"),
    ("Москва. 4 декабря. INTERFAX.RU - ", "Interfax"),
    ("САНКТ-ПЕТЕРБУРГ, 4 декабря 2025 (Рейтер) - ", "Reuters' Russian service"),
])
def test_a_dateline_joins_its_sentence_and_is_nobodys_content(dateline, agency):
    article, frame = read(f"{TITLE}\n\n{dateline}{LEAD} Об этом сообщил эксперт Олег Ветров.\n\nДругой абзац.")
    body = article.content_paragraphs[1]
    assert dateline_end(article.text, body.start, body.end) == body.start + len(dateline), agency
    first = top_level(frame).iloc[1]
    assert (first.sentence_start, first.kind, first.speaker) == (body.start, "indirect", "Олег Ветров")
    assert first.content == LEAD.rstrip(".")
    assert_statement_invariants(article, frame)


@pytest.mark.parametrize("opening", [
    "Москва, 4 декабря, по данным властей, стала первой", "МОСКВА — столица России. В ней", "В 4 декабря",
])
def test_no_dateline_where_the_paragraph_opens_with_words(opening):
    text = f"{opening} звонки ограничили."
    assert dateline_end(text, 0, len(text)) == 0


# (second sentence, kind, speaker, cue): the first sentence is LEAD, the content of the statement
BACK = [
    ("Об этом журналистам заявил эксперт Олег Ветров.", "indirect", "Олег Ветров", "заявил"),
    ("Об этом сообщила директор компании «Цифровые решения» Ирина Соколова.", "indirect", "Ирина Соколова", "сообщила"),
    ("Такое мнение высказал эксперт Олег Ветров.", "indirect", "Олег Ветров", "высказал"),
    ("Об этом говорится в сообщении Роскомнадзора.", "indirect", "сообщение Роскомнадзора", "говорится"),
]


@pytest.mark.parametrize(("second", "kind", "speaker", "cue"), BACK, ids=[b[3] for b in BACK])
def test_ob_etom_makes_the_sentence_before_its_speakers(second, kind, speaker, cue):
    article, frame = read(f"{TITLE}\n\n{LEAD} {second}")
    body = top_level(frame)[frame.paragraph == 1]
    assert len(body) == 1
    row = body.iloc[0]
    assert (row.rule, row.kind, row.speaker, row.cue, row.content) == ("back_reference", kind, speaker, cue,
                                                                        LEAD.rstrip("."))
    assert row.sentence_end == article.content_paragraphs[1].end
    assert_statement_invariants(article, frame)


@pytest.mark.parametrize("second", [
    "Об этом мало кто знал до начала ограничений.",  # a pointer without a cue
    "Эксперт Олег Ветров заявил об этом журналистам.",  # the pointer is not where the sentence opens
])
def test_no_back_reference_without_an_opening_pointer_and_a_cue(second):
    _, frame = read(f"{TITLE}\n\n{LEAD} {second}")
    first = top_level(frame)[frame.paragraph == 1].iloc[0]
    assert first.kind == "narrator" and first.content == LEAD


def test_a_sentence_that_only_places_a_statement_joins_it():
    said = "Эксперт Олег Ветров считает, что пользователи массово установят VPN."
    article, frame = read(f"{TITLE}\n\n{said} Такое мнение он высказал в интервью радиостанции «Городской эфир».")
    body = frame[frame.paragraph == 1]
    assert body.kind.tolist() == ["indirect"] and body.speaker.tolist() == ["Олег Ветров"]
    assert body.sentence_end.iloc[0] == article.content_paragraphs[1].end
    assert_statement_invariants(article, frame)


@pytest.mark.parametrize(("title", "speaker"), [
    ("Ветров: пользователи массово установят VPN", "Олег Ветров"),  # the surname links to the name given later
    ("Соколова: ограничения продлятся до конца года", "Ирина Соколова"),  # not "Соколов"
    ("WhatsApp: что известно об ограничении звонков", ""),  # a topic, not a source
    ("Москва: звонки в мессенджерах ограничат", ""),
])
def test_a_headline_names_its_source_before_a_colon(title, speaker):
    body = "Эксперт Олег Ветров и директор компании Ирина Соколова обсудили ограничения звонков."
    _, frame = read(f"{title}\n\n{body}")
    row = frame.iloc[0]
    assert (row.speaker, row.rule) == (speaker, "headline_colon" if speaker else "narrator")


@pytest.mark.parametrize(("text", "speaker", "actor"), [
    # a role noun: the last person introduced with that role
    ("Ограничения продлятся, заявила заместитель директора компании Ирина Соколова.\n\n"
     "Заместитель директора также отметила, что жалоб не было.", "Ирина Соколова", "Ирина Соколова"),
    # an agency: the government body that spoke last
    ("Ранее Роскомнадзор сообщил о частичном ограничении звонков.\n\n"
     "В ведомстве пояснили, что мессенджер не выполняет требования закона.", "Роскомнадзор", "Russia government"),
    # a company: the one introduced as a company, though another was named after it
    ("В компании Meta, которой принадлежит WhatsApp, ответили на ограничения.\n\n"
     "«Мы продолжим работу», — говорится в заявлении компании.", "Meta", "Meta"),
])
def test_a_role_or_an_organisation_noun_is_who_it_stands_for(text, speaker, actor):
    _, frame = read(f"{TITLE}\n\n{text}")
    last = frame[frame.kind != "narrator"].iloc[-1]
    assert (last.speaker, last.actor) == (speaker, actor)


def test_a_role_nobody_was_introduced_with_stays_as_written():
    text = ("Ограничения продлятся, заявила заместитель директора компании Ирина Соколова.\n\n"
            "Представитель регулятора отметил, что жалоб не было.")
    _, frame = read(f"{TITLE}\n\n{text}")
    assert frame[frame.kind != "narrator"].speaker.tolist() == ["Ирина Соколова", "Представитель регулятора"]


def test_the_wire_story_end_to_end():
    article = analysis.read_article(STORY)
    frame = analysis.extract_statements(article)
    assert_statement_invariants(article, frame)
    said = frame[frame.kind != "narrator"]
    assert set(said.speaker) == {"Ирина Соколова", "Роскомнадзор", "Meta", "Олег Ветров"}
    assert said.groupby("speaker").size().to_dict() == {"Ирина Соколова": 5, "Роскомнадзор": 2, "Meta": 2,
                                                        "Олег Ветров": 1}
    assert frame.iloc[-1].kind == "narrator"  # "Об этом мало кто знал": no cue
    furniture = [article.text[s:e] for s, e in article.boilerplate]
    assert furniture == ["Читайте также: Как перенести переписку из WhatsApp в Max"]
