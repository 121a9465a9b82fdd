"""Russian attribution, round 7: quotation marks that are not quotations (titles, terms and scare quotes
governed by a preposition or continued by the clause), quoted words a cue's clause goes on after, and
parenthetical cues inside a clause. Invented sentences in the style of Russian wire copy (people and
outlets invented); each failed before the rule it names."""
from __future__ import annotations

import pytest

from tests.support import assert_one_statement
from tests.support import ru_attributed as attributed
from tests.support import ru_statements as statements

# (sentence, rule, kind, speaker in the nominative, cue, the content)
RULES = [
    # quoted words that the clause goes on after are a named predicate, not a quotation of their own
    ("Министерство назвало «абсурдным» и «лицемерным» заявление Минцифры.",
     "quoted_words_verb", "mixed", "Министерство", "назвало", "«абсурдным» и «лицемерным» заявление Минцифры"),
    # "выразил «озабоченность» …": one quoted word of attitude, its phrase to the end of the clause
    ("Компания выразила «озабоченность» решением регулятора.",
     "quoted_words_verb", "mixed", "Компания", "выразила", "«озабоченность» решением регулятора"),
    # a verb in the content followed by a quoted dative is no cue of its own: the "по словам" phrase reports it all
    ("По словам Ивана Петрова, закон отвечает «воле народа» и соответствует «духу времени».",
     "according_to", "mixed", "Иван Петров", "По словам", "закон отвечает «воле народа» и соответствует «духу времени»"),
    # a parenthetical cue just after "где," reports the clause it stands in
    ("Петров жил в Казани, где, считают следователи, он и создал сеть.",
     "parenthetical_cue", "indirect", "следователи", "считают", "он и создал сеть"),
    # an adjective between "по" and "данным"
    ("По предварительным данным полиции, пострадавших нет.",
     "according_to", "indirect", "полиция", "По предварительным данным", "пострадавших нет"),
    # "как выразился X"
    ("Как выразился один из экспертов, компания «стреляет себе в ногу».",
     "parenthetical_cue", "mixed", "один из экспертов", "выразился", "компания «стреляет себе в ногу»"),
    # a short passive participle with no subject is impersonal: the "в X" document speaks
    ("В обращении союза журналистов сказано, что блокировка «недопустима».",
     "verb_cue", "mixed", "обращение союза журналистов", "сказано", "блокировка «недопустима»"),
    # "…, где говорится": the document the "где" clause hangs on speaks, not the subject of the clause before
    ("Прокурор представил характеристику из колонии, где говорится, что осуждённый не раскаялся.",
     "verb_cue", "indirect", "характеристика из колонии", "говорится", "осуждённый не раскаялся"),
    # "настаивает на …" reports its "на" phrase, as "заявил о …" its "о" phrase
    ("Иван Петров настаивает на своей невиновности.",
     "nominal_cue", "indirect", "Иван Петров", "настаивает", "на своей невиновности"),
    # an outlet's name in quotation marks right after the cue is whom it was said to, not a quotation
    ("Глава компании Иван Петров заявил «Вестнику», что компания не уйдёт с рынка.",
     "verb_cue", "indirect", "Иван Петров", "заявил", "компания не уйдёт с рынка"),
    # a noun of saying: its genitive author speaks an "о" phrase that quotes, or the subject of the verb of making it
    # speaks its "о том, что" clause
    ("Регулятор отверг заявления компании о «временных» перебоях.",
     "nominal_cue", "mixed", "компания", "заявления", "о «временных» перебоях"),
    ("Компания выступила с заявлением о том, что звонки восстановят к осени.",
     "nominal_cue", "indirect", "Компания", "заявлением", "звонки восстановят к осени"),
    # "Говоря о …," frames a topic; the statement is the finite cue's
    ("Говоря о будущем сети, Иван Петров заявил, что звонки восстановят.",
     "verb_cue", "indirect", "Иван Петров", "заявил", "звонки восстановят"),
]


@pytest.mark.parametrize(("sentence", "rule", "kind", "speaker", "cue", "content"), RULES, ids=[r[0][:30] for r in RULES])
def test_each_rule(sentence, rule, kind, speaker, cue, content):
    assert_one_statement(statements(sentence), rule, kind, speaker, cue, content)


@pytest.mark.parametrize("sentence", [
    # a quotation governed by a preposition, then a dash and a clause with no cue: a legal term, not speech
    "Суд признал компанию виновной в «нарушении тайны переписки» — сотрудники читали письма клиентов.",
    # a programme's title before the cue, after a noun and a comma (no author's dash): not a quotation
    "Пресс-служба студии «Лента», производителя «Кто хочет стать звездой?», цитирует директора Ивана Петрова:",
    # a quotation governed by a preposition far from any cue: an epithet
    "Совместно с «изобретателем мировой сети» Иваном Петровым Анна Соколова написала несколько статей.",
    # "после того, как" is a conjunction, not "как сообщил X"
    "Компания ушла с рынка через месяц после того, как суд признал её виновной в «нарушении закона о связи».",
    # "определить" without "как" means "to determine"
    "Жюри определит лучшую рецензию на альбом «Море и небо».",
    # a participle names the author of a book, not a speaker
    # a court's verdict is its act, not a report of speech
    "Суд признал Ивана Петрова виновным в том, что он скрыл доходы.",
    # "по данным на 2020 год": a date, not a source
    "По данным на 2020 год, аудитория «Вестника» составляла миллион человек.",
    # a cue in a subordinate or relative clause is no author's aside on the clause before it
    "Блокировка означает конец связи, чего больше всего опасались пользователи.",
    "Петров привлёк внимание полиции год назад, когда о нём сообщил информатор.",
    "Первой в списке стоит книга «Уроки большого бизнеса», написанная главой Acme Holdings Иваном Петровым.",
])
def test_narrator_sentences(sentence):
    frame = statements(sentence)
    assert frame.kind.tolist() == ["narrator"] and frame.speaker.tolist() == [""]


def test_a_second_cue_with_its_own_clause_ends_the_first_content():
    frame = attributed("Власти заявляют, что сообщения о блокировке выдуманы, министр Иван Петров заявлял, что это "
                       "«провокация».")
    assert frame[["speaker", "cue", "content"]].values.tolist() == [
        ["Власти", "заявляют", "сообщения о блокировке выдуманы"],
        ["Иван Петров", "заявлял", "это «провокация»"]]


def test_a_gerund_cue_is_its_own_statement_not_the_content_of_the_verb_before():
    frame = attributed("Иван Петров настаивает на своей невиновности, утверждая, что дело сфабриковано.")
    assert frame[["cue", "content"]].values.tolist() == [
        ["настаивает", "на своей невиновности"], ["утверждая", "дело сфабриковано"]]


@pytest.mark.parametrize("sentence", [
    "Эксперты обсуждают предупреждение о том, что звонки ограничат.",  # discussing is not making it
    "Заявление министра о переговорах удивило экспертов.",  # an "о" phrase with no quoted words is a topic
])
def test_a_noun_of_saying_needs_its_maker_and_reported_words(sentence):
    """Guards on the noun-cue rule (true before it too): who only handles the statement does not speak it."""
    assert attributed(sentence).empty


def test_which_agrees_with_its_antecedent_not_with_the_noun_the_parse_hangs_it_on():
    """"замечание Госдепартамента, который выразил …": "который" (masculine) stands for the department, not the
    (neuter) remark, though the parse hangs the relative clause on the remark."""
    frame = attributed("Министерство назвало «абсурдным» замечание Госдепартамента, который выразил «озабоченность» "
                       "решением суда.")
    assert frame[["speaker", "cue", "content"]].values.tolist() == [
        ["Министерство", "назвало", "«абсурдным» замечание Госдепартамента"],
        ["Госдепартамент", "выразил", "«озабоченность» решением суда"]]
