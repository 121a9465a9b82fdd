"""Russian speakers (analysis.speakers.russian): names in the nominative, surnames linked to the
full name, pronouns resolved by the cue verb's gender and number. Sentences in the style of
Russian wire copy; the people in them are invented."""
from __future__ import annotations

import pytest

from analysis.article import parse_article
from analysis.attribution.statements import extract_statements
from analysis.speakers.russian import NameMention, RussianSpeakerResolver, SpeakerMention, name_word_nominative


def speakers(text: str) -> list[str]:
    frame = extract_statements(parse_article(text, sidecar={"language": "ru"}))
    return frame[frame.kind != "narrator"].speaker.tolist()


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("По словам пресс-секретаря компании Ивана Петрова, звонки ограничат.", "Иван Петров"),
    ("По мнению Ирины Соколовой, рынок изменится.", "Ирина Соколова"),
    ("«Рынок изменится», — заявила директору агентства Ирина Соколова.", "Ирина Соколова"),
    ("Как сообщили в комитете образования, занятия начнутся в сентябре.", "комитет образования"),
    ("По данным газеты «Цифровой вестник», загрузки выросли.", "Цифровой вестник"),
    ("Оппонент Петрова Олег Смирнов заявил, что признаёт поражение.", "Олег Смирнов"),  # not the genitive name
])
def test_speaker_in_the_nominative(sentence, speaker):
    assert speakers(sentence) == [speaker]


def test_surname_links_to_the_full_name():
    text = ("Эксперт Иван Петров заявил, что звонки ограничат.\n\n"
            "Петров добавил, что переписка продолжит работать.")
    frame = extract_statements(parse_article(text, sidecar={"language": "ru"}))
    quoted = frame[frame.kind != "narrator"]
    assert quoted.speaker.tolist() == ["Иван Петров", "Иван Петров"]
    assert quoted.speaker_confidence.iloc[1] < quoted.speaker_confidence.iloc[0]  # a surname is less sure


@pytest.mark.parametrize(("text", "expected"), [
    # the woman for заявила, the man for сказал, though the other was named last
    ("На форуме выступили Ирина Соколова и Иван Петров.\n\n«Рынок изменится», — заявила она.\n\n"
     "«Пользователи уйдут в VPN», — сказал он.", ["Ирина Соколова", "Иван Петров"]),
    ("Иван Петров и Ирина Соколова провели брифинг.\n\n— Мы готовы к диалогу, — заявила она.",
     ["Ирина Соколова"]),
    # a bare past-tense cue after a quote: the verb's gender decides
    ("Ирина Соколова выступила после Ивана Петрова.\n\n«Звонки ограничат», — сказал он.", ["Иван Петров"]),
    # nobody compatible: the pronoun stays unresolved
    ("«Рынок изменится», — заявила она.", ["она (unresolved)"]),
])
def test_pronoun_resolved_by_the_verbs_gender(text, expected):
    assert speakers(text) == expected


def test_resolver_prefers_agreement_over_recency():
    names = [NameMention(0, 10, "Ирина Соколова", "Fem"), NameMention(20, 30, "Иван Петров", "Masc")]
    resolver = RussianSpeakerResolver(names=names)
    she = resolver.resolve(40, "она", SpeakerMention("она", pronoun="она", gender="Fem", number="Sing", person=True))
    he = resolver.resolve(50, "он", SpeakerMention("он", pronoun="он", gender="Masc", number="Sing", person=True))
    they = resolver.resolve(60, "они", SpeakerMention("они", pronoun="они", number="Plur"))
    assert (she[0], he[0]) == ("Ирина Соколова", "Иван Петров")
    assert they[:2] == ("они (unresolved)", "(unresolved)") and they[3] == "unresolved_speaker"


@pytest.mark.parametrize(("word", "case", "gender", "expected"), [
    ("Сулика", "Acc", "Masc", "Сулик"),  # an unknown surname: the parse in the syntax's case
    ("Прусенковой", "Gen", "Fem", "Прусенкова"),  # a woman's surname keeps its feminine form
    ("Гонзалеса", "Gen", "Masc", "Гонзалес"),
    ("Москва", "Nom", "", "Москва"),  # already nominative
    ("врача", "Gen", "Masc", "врача"),  # not a capitalised name: left as written
])
def test_oblique_name_word_to_the_nominative(word, case, gender, expected):
    assert name_word_nominative(word, case, gender) == expected
