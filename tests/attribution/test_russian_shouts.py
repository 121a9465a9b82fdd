"""Russian attribution, round 8: shouts, "охарактеризовал X как «…»", "звать" as a naming verb, a quotation left
open before ", - cue" (a hyphen for the dash), and requests or reasons that are no report. Invented sentences in
the style of Russian wire copy (people and outlets invented); each failed before the rule it names."""
from __future__ import annotations

import pytest

from tests.support import assert_one_statement
from tests.support import ru_attributed as attributed
from tests.support import ru_statements as statements

# (sentence, rule, kind, speaker in the nominative, cue, the content)
RULES = [
    # a noun of shouting right before a quotation: the quotation was shouted, by the subject of the verb it hangs on
    ("Зритель Иван Петров выбежал на поле с криком «Судью на мыло!».",
     "shout", "direct", "Иван Петров", "криком", "«Судью на мыло!»"),
    # ... or by the verb's object when the noun gives the reason ("оштрафовал её за выкрик")
    ("Арбитр оштрафовал теннисистку за выкрик «Ну, давай!» после подачи.",
     "shout", "direct", "теннисистка", "выкрик", "«Ну, давай!»"),
    # a verb of shouting: even a short capitalised quotation is what was shouted, not a name
    ("Толпа скандировала «Позор!», пока министр выходил из здания.",
     "shout", "direct", "Толпа", "скандировала", "«Позор!»"),
    # "охарактеризовал X как «…»": the parse hangs the "как" predicate on the verb as a clause
    ("Министр Иван Петров охарактеризовал положение на рынке как «очень тревожное».",
     "quoted_words_verb", "mixed", "Иван Петров", "охарактеризовал", "положение на рынке как «очень тревожное»"),
    # ... and a participle the tagger calls a noun, with a quoted title as the object
    ("Ранее это сделал депутат от «Справедливой России» Иван Петров, в своем выступлении охарактеризовавший "
     "«Единую Россию» как «партию лжецов».",
     "quoted_words_verb", "mixed", "Иван Петров", "охарактеризовавший", "«Единую Россию» как «партию лжецов»"),
    # "звать" names like "называть"; the named predicate ends at the comma after its quotation
    ("Некоторые критики зовут режиссёра «нашим Феллини», сравнивая его с великим итальянцем.",
     "quoted_words_verb", "mixed", "Некоторые критики", "зовут", "режиссёра «нашим Феллини»"),
    # a quotation left open, closed by ", - cue X" (wire copy's hyphen for the author's dash)
    ("«Если бы мы знали это раньше, мы бы не подписали договор, - отметил министр.",
     "direct_quote_with_cue", "direct", "министр", "отметил", "«Если бы мы знали это раньше, мы бы не подписали договор"),
]


@pytest.mark.parametrize(("sentence", "rule", "kind", "speaker", "cue", "content"), RULES, ids=[r[0][:30] for r in RULES])
def test_each_rule(sentence, rule, kind, speaker, cue, content):
    assert_one_statement(statements(sentence), rule, kind, speaker, cue, content)


def test_a_shout_reported_inside_a_statement_is_a_second_statement():
    frame = attributed("Во время драки он кричал «Всех уволю», сообщил следователь Иван Петров.")
    assert frame[["rule", "cue", "content"]].values.tolist() == [
        ["trailing_attribution", "сообщил", "Во время драки он кричал «Всех уволю»"],
        ["shout", "кричал", "«Всех уволю»"]]


def test_characterised_as_with_a_comma_where_the_parse_hangs_the_verb_elsewhere():
    """A comma before "как" and a second verb: the parse makes "охарактеризовал" a clause of the second one."""
    frame = attributed("Президент США Иван Петров охарактеризовал ситуацию с Северной Кореей, как «очень опасную», однако "
                       "выразил надежду на то, что кризис удастся разрешить.")
    assert frame[["rule", "speaker", "cue", "content"]].values.tolist() == [
        ["quoted_words_verb", "Иван Петров", "охарактеризовал", "ситуацию с Северной Кореей, как «очень опасную»"],
        ["verb_cue", "Иван Петров", "выразил", "кризис удастся разрешить"]]


def test_inviting_is_no_naming():
    """Guard on "звать" as a naming verb (narrator before it too, when "звать" was no cue): "зовут … на «…»" invites."""
    assert attributed("Власти зовут жителей на «народный сход».").empty


@pytest.mark.parametrize("sentence", [
    # a request with an infinitive, in quotation marks or not, is no statement (the gold set's narrator)
    "Участники митинга осуждают решение властей и призывают депутатов \"решать все споры мирными средствами\".",
    "Министр призвал граждан «не поддаваться панике».",
    # ("в этой связи" is a circumstance, not a place that speaks)
    "В письме адвокаты выражают протест против выбора судьи, который состоялся в их отсутствии, и призывают коллегию в "
    "этой связи взять самоотвод и не участвовать в «позорном процессе».",
    # ... and a request with a purpose clause: "чтобы" after a verb of requesting reports nothing
    "Адвокаты призывают коллегию взять самоотвод, чтобы не участвовать в «позорном процессе».",
    # "за то, что": a reason, not what was written
    "В 2015 году актриса написала министру письмо с благодарностью за то, что он запретил «варварскую» охоту.",
])
def test_narrator_sentences(sentence):
    frame = statements(sentence)
    assert frame.kind.tolist() == ["narrator"] and frame.speaker.tolist() == [""]
