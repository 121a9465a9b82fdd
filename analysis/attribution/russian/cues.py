"""Russian attribution cues, as lemmas (natasha/pymorphy2), so every form counts: заявил, заявила,
заявили, заявляет, заявив, заявивший all have the lemma "заявить".

The verbs are the reporting verbs of Russian news (the glagoly rechi of Апресян's «Активный
словарь русского языка» and the PARC 3.0 cue classes of Pareti 2016: speech, writing, belief),
with both aspects listed since pymorphy2 gives each aspect its own lemma.
"""
from __future__ import annotations

#: Verbs of saying and writing: their subject is the source of the content.
SPEECH_VERBS = frozenset("""
заявить заявлять сообщить сообщать отметить отмечать подчеркнуть подчёркивать подчеркивать добавить добавлять
пояснить пояснять признать признавать напомнить напоминать сказать говорить рассказать рассказывать написать
писать предупредить предупреждать указать указывать объяснить объяснять уточнить уточнять заключить
ответить отвечать утверждать заверить заверять констатировать подтвердить подтверждать опровергнуть
опровергать заметить замечать высказаться признаться пожаловаться жаловаться призвать призывать пообещать
обещать возмутиться настаивать уверять цитировать процитировать передать передавать сообщаться говориться
отмечаться указываться произносить произнести воскликнуть спросить спрашивать поделиться объявить объявлять
подытожить резюмировать прокомментировать комментировать требовать потребовать сослаться ссылаться
разъяснить разъяснять возразить возражать парировать посетовать сетовать проинформировать информировать
известить уведомить доложить докладывать повторить повторять пошутить сознаться поведать изложить излагать
предостеречь упомянуть упоминать выразиться подчёркиваться подчеркиваться утверждаться разъясняться уточняться
констатироваться
""".split())
#: Verbs of belief and conclusion: a source holds the content ("X считает, что …").
BELIEF_VERBS = frozenset("""
считать полагать думать предположить предполагать убедиться доказать выяснить прогнозировать
ожидать опасаться надеяться сомневаться верить поверить допустить допускать согласиться соглашаться
предсказать предсказывать спрогнозировать подозревать заподозрить бояться
""".split())
#: Short adjectives of certainty ("X уверен, что …").
BELIEF_ADJECTIVES = frozenset("уверенный убеждённый убежденный".split())
#: "выразил уверенность / надежду, что …": the noun makes the verb a cue.
EXPRESSED_NOUNS = frozenset("уверенность надежда мнение сожаление опасение озабоченность сомнение убеждённость "
                            "убежденность".split())
EXPRESS_VERBS = frozenset("выразить выражать высказать высказывать".split())
#: Verbs that need a finite clause or a quotation to attribute (others also take "о …" or a
#: quoted object): "передал оружие", "доказал теорему", "ожидать поезда" are no attribution.
NEEDS_CLAUSE = frozenset("""
передать передавать доказать выяснить ожидать опасаться надеяться сомневаться думать требовать потребовать
призвать призывать обещать пообещать подтвердить подтверждать признать признавать указать указывать
считать полагать ответить отвечать спросить спрашивать верить поверить допустить допускать согласиться
соглашаться предсказать предсказывать спрогнозировать подозревать заподозрить бояться повторить повторять
пошутить возразить возражать
""".split())
#: Verbs that take a quoted second object: "назвал выборы «мошенничеством»" (mixed), and the
#: accusations whose "в …" phrase holds a quotation: "обвинил Кремль в попытке «…»" (mixed; an
#: accusation without quoted words, "обвинил в убийстве X", is the narrator's report of an act).
NAMING_VERBS = frozenset("""назвать называть охарактеризовать характеризовать обвинить обвинять определить определять
окрестить квалифицировать звать""".split())
#: "зовут жителей на «…»": "звать" names only when the quotation is no preposition's phrase (else it invites).
INVITING_VERBS = frozenset({"звать"})
#: "суд признал его виновным": a verdict (the court's act), not a report of speech; "признал себя виновным" is.
VERDICT_VERBS = frozenset("признать признавать".split())
VERDICT_WORDS = frozenset("виновный невиновный виновен невиновен".split())
#: "настаивает на своей невиновности": the "на" phrase is the content, as "о" is for "заявил о".
INSISTING_VERBS = frozenset("настаивать настоять".split())
#: Naming verbs that define only with "как" ("определил блокировку как «…»"); without it they mean "to determine".
DEFINING_VERBS = frozenset("определить определять".split())
#: Verbs whose object, not subject, is the source: "цитирует «Росбалт» Сулика" (Сулик speaks).
QUOTING_VERBS = frozenset("цитировать процитировать".split())
#: "дал понять, что …": the infinitive under "дать" is the cue.
LIGHT_VERB_CUES = {"понять": frozenset({"дать", "давать"})}
#: "обратил внимание, что …" / "обратил внимание на то, что …": the verb with this object is a cue.
ATTENTION_VERBS = {"обратить": "внимание", "обращать": "внимание", "акцентировать": "внимание"}
#: Orders and requests with "чтобы" report an act, not content (the gold set's labelling rule):
#: "потребовали, чтобы им пользовались студенты" is the narrator's.
ORDER_VERBS = frozenset("требовать потребовать попросить просить".split())
#: Verbs of requesting: with an infinitive ("призвали решать …", "просил переквалифицировать") they ask for an act
#: and report no statement (the gold set labels such requests narrator, tests/gold/README.md).
REQUEST_VERBS = ORDER_VERBS | frozenset("призвать призывать".split())
#: "объяснил эту меру нежеланием Meta …": the object and the instrumental reason are the content.
EXPLAINING_VERBS = frozenset("объяснить объяснять".split())
#: "по словам X", "по данным X", …: the noun after "по" whose genitive names the source.
ACCORDING_NOUNS = frozenset("слово данные мнение сообщение сведение информация оценка версия подсчёт подсчет".split())
#: Content that only points back ("Об этом сообщил X"): no content in the sentence.
ANAPHORIC_OBJECTS = frozenset("это этот то тот".split())
#: Documents whose genitive author speaks for them: "согласно заявлению Белого дома" (Белый дом).
DOCUMENT_NOUNS = frozenset("""заявление сообщение доклад отчёт отчет документ письмо завещание постановление решение
коммюнике пресс-релиз релиз исследование опрос данные информация оценка прогноз расчёт расчет""".split())
#: Norms that "согласно" follows without anyone speaking: "согласно закону", "согласно расписанию".
NORM_NOUNS = frozenset("""закон правило конституция устав договор соглашение график расписание план традиция обычай
условие требование норма регламент порядок инструкция приказ указ кодекс статья пункт принцип""".split())
#: "отвечать требованиям / интересам": "отвечать" with one of these in the dative means "to meet", not
#: "to answer" (Ожегов, отвечать 3: "соответствовать чему-н.").
MEETING_OBJECTS = frozenset("""требование интерес стандарт норма критерий запрос ожидание реальность условие задача
цель дух потребность принцип вкус""".split())
ANSWER_VERBS = frozenset("ответить отвечать".split())
#: "в газете X появилась информация о …": a report that appeared in a source (the gold set counts it).
APPEARING_VERBS = frozenset("появиться появляться".split())
REPORT_NOUNS = frozenset("информация сообщение сведение данные заявление".split())
#: Nouns of saying that report an "о" phrase: "заявления властей о «…»", "с заявлением о том, что …".
STATEMENT_NOUNS = frozenset("заявление утверждение предупреждение предостережение обещание".split())
#: Verbs of making a statement, whose subject speaks it: "выступила с заявлением", "отреагировал заявлением".
MAKING_STATEMENT_VERBS = frozenset("""выступить выступать сделать делать отреагировать реагировать распространить
распространять опубликовать публиковать обратиться обращаться""".split())
