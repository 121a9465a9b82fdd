"""Russian speakers (analysis.speakers.russian): names in the nominative, surnames linked to the
full name, pronouns resolved by the cue verb's gender and number. Sentences in the style of
Russian wire copy; the people in them are invented."""
from __future__ import annotations

import pytest

from analysis.article import parse_article
from analysis.attribution.statements import extract_statements
from analysis.speakers.russian import (
    NameMention,
    RussianSpeakerResolver,
    SpeakerMention,
    name_word_nominative,
    pronoun_nominative,
)


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
    # round 5: the parser makes the surname the subject: the whole name
    ("Также на заседании Председатель Государственного Совета Фарид Мухаметов заявил, что скоро будет объявлен конкурс.",
     "Фарид Мухаметов"),
    # a role word the NER took into the name
    ("Социалист Ларсен в своём докладе сообщает, что аэропорт использовался для пересадки пленников.", "Ларсен"),
    # a man's foreign name in the genitive that the dictionary lacks, and one natasha left half done
    ("По словам Крэппа, это произошло после вечеринки.", "Крэпп"),
    ("По словам шерифа Эда Робертсона, полиция устанавливает число пострадавших.", "Эд Робертсон"),
    # who acts for the source is not the source
    ("Партия ODS в лице своего нового председателя Ивана Петрова заявила, что не поддержит правительство.", "Партия ODS"),
    # a bracketed aside is not part of the name
    ("Британская газета «Вестник» (Vestnik) сообщила в субботу, что звонки ограничат.", "Вестник"),
    # a comma apposition the parser read as a conjunct of the role
    ("Президент «MicroFinance», Антонио Вила (Antonio Vila), рассказал, что программа стала успешной.", "Антонио Вила"),
    # a relative pronoun stands for its antecedent
    ("Компания подала иск, в котором говорится, что конкурент завышал цены.", "иск"),
    # the addressee the NER ran into the name (a dative after a nominative)
    ("«Мы чувствуем большую любовь к нашему городу», — сказал Баркер Ровлину и поблагодарил его за помощь.", "Баркер"),
    # a nominative inside a prepositional phrase is no subject ("в интервью Financial Times")
    ("Дело возобновили после того, как Петров в интервью Financial Times заявил, что уйдёт в отставку.", "Петров"),
    # a numeral keeps its noun's case ("два источника", not "два источник")
    ("Операторы получили рекомендации регулятора, рассказали два источника в отрасли.", "два источника в отрасли"),
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
    # an unresolved possessive is shown in the nominative, as every Russian speaker is
    ("По его словам, звонки ограничат к осени.", ["он (unresolved)"]),
    ("По её мнению, рынок изменится.", ["она (unresolved)"]),
    ("По их данным, аудитория выросла вдвое.", ["они (unresolved)"]),
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
    ("Крэппа", "Gen", "Masc", "Крэпп"),  # not in the dictionary: a man's consonant-stem name loses its -а
    ("Эда", "Gen", "Masc", "Эд"),
    ("Эда", "Gen", "Fem", "Эда"),  # a woman's name ending in -а is not cut
])
def test_oblique_name_word_to_the_nominative(word, case, gender, expected):
    assert name_word_nominative(word, case, gender) == expected


def test_a_leading_conjunction_is_not_part_of_the_speaker():
    assert speakers("Согласно газете «Вестник», полиция предоставила и письменные свидетельства, согласно которым "
                    "нападавших было трое.") == ["Вестник", "письменные свидетельства"]


@pytest.mark.parametrize(("word", "expected"), [("его", "он"), ("её", "она"), ("ее", "она"), ("их", "они"), ("Он", "он")])
def test_pronoun_nominative(word, expected):
    assert pronoun_nominative(word) == expected


# (text, NER spans as (start, end, normal), the case of each span's first and last token, expected names):
# two person spans with only a space between them are one name when they agree in case and the first
# can be nominative; a genitive before a name is another person.
JOIN = [
    ("актер Нейл Патрик Хэррис", [(6, 10, "Нейл"), (11, 24, "Патрик Хэррис")], ["Nom", "Nom", "Nom", "Nom"],
     ["Нейл Патрик Хэррис"]),
    ("оппонент Моралеса Хорхе Кирога", [(9, 17, "Моралес"), (18, 30, "Хорхе Кирога")], ["Gen", "Gen", "Nom", "Nom"],
     ["Моралес", "Хорхе Кирога"]),
    # the tagger calls "Алёхиной" nominative; its likeliest reading is genitive
    ("защитник Алёхиной Александр Подольский", [(9, 17, "Алёхиной"), (18, 38, "Александр Подольский")],
     ["Nom", "Nom", "Nom", "Nom"], ["Алёхиной", "Александр Подольский"]),
    ("Иван Петров, Олег Смирнов", [(0, 11, "Иван Петров"), (13, 25, "Олег Смирнов")], ["Nom", "Nom", "Nom", "Nom"],
     ["Иван Петров", "Олег Смирнов"]),
]


@pytest.mark.parametrize(("text", "spans", "cases", "expected"), JOIN, ids=[j[0] for j in JOIN])
def test_adjacent_person_names_join(text, spans, cases, expected):
    from analysis.attribution.russian.parsing import Name, _join_adjacent_people

    names = [Name(start, end, "PER", normal, "") for start, end, normal in spans]
    at = {spans[0][0]: cases[0], spans[0][1]: cases[1], spans[1][0]: cases[2], spans[1][1]: cases[3]}
    assert [n.normal for n in _join_adjacent_people(text, names, at)] == expected
