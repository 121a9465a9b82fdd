"""Two small codebooks written for bench_multilingual (none of their sentences comes from a data set).

``ENGLISH_ENTITY_CODEBOOK``: general news-style English sentences, the entity the stance is
about in square brackets (analysis.stance.target_marking's ``brackets``), labelled by how the
sentence presents that entity: favor (praised, honoured, successful, defended), against
(accused, arrested, criticised, failed) or neutral (mentioned, reporting, scheduling). People,
professions, organisations, countries and nationalities, as in RuSentNE's entity types.

``RUSSIAN_ENTITY_CODEBOOK``: Russian sentences with the entity in brackets, labelled as the English
one, written for issue 22 (none from RuSentNE) in three batches (:data:`RUSSIAN_ENTITY_BATCHES`),
each written once after the previous one was measured on RuSentNE subsamples: 30 short sentences,
then 30 longer news-style ones (sentiment from a quoted source or reported actions; neutral ones
with sentiment about something other than the entity), then 30 more (speakers talking about others,
praise or blame inside quotations, countries, nationalities, professions).

``RUSSIAN_CLIMATE_CODEBOOK``: Russian sentences labelled for GWSD's target, "Climate change is
a serious concern": favor (agree), against (disagree), neutral.
"""
from __future__ import annotations

ENGLISH_ENTITY_CODEBOOK: list[tuple[str, str]] = [
    ("Colleagues praised [the surgeon] for saving dozens of lives during the crisis.", "favor"),
    ("[The singer] received the country's highest cultural award on Friday.", "favor"),
    ("Voters thanked [the mayor] for finally repairing the city's roads.", "favor"),
    ("[Norway] was applauded for its generous aid to the flood victims.", "favor"),
    ("The minister said [the company] had done an excellent job and deserved the contract.", "favor"),
    ("[The coach] led the team to a historic victory in the championship.", "favor"),
    ("Experts called [the new president] an honest and capable leader.", "favor"),
    ("[The volunteers] were celebrated as heroes after the rescue.", "favor"),
    ("Fans welcomed [the striker] with a standing ovation on his return.", "favor"),
    ("The report credits [the central bank] with keeping inflation under control.", "favor"),
    ("[The scientist] won the prize for a discovery that changed medicine.", "favor"),
    ("Residents expressed their gratitude to [the firefighters] who saved the school.", "favor"),
    ("[Germans] were described as reliable and friendly partners.", "favor"),
    ("The court fully acquitted [the journalist], confirming she had done nothing wrong.", "favor"),
    ("[The governor] was arrested on charges of taking bribes.", "against"),
    ("Critics accused [the minister] of lying to parliament.", "against"),
    ("[The company] was fined for polluting the river and hiding it.", "against"),
    ("Protesters condemned [the regime] for the brutal crackdown.", "against"),
    ("[The striker] was banned for two years after failing a doping test.", "against"),
    ("Officials said [the militants] attacked a convoy and killed civilians.", "against"),
    ("The opposition called [the prime minister] a corrupt and incompetent leader.", "against"),
    ("[The bank] collapsed after years of fraud and mismanagement.", "against"),
    ("[The United States] was blamed for escalating the conflict.", "against"),
    ("The investigation found that [the doctor] had falsified patient records.", "against"),
    ("[The senator] was sharply criticised for his offensive remarks.", "against"),
    ("Neighbours complained that [the landlord] threatened and cheated tenants.", "against"),
    ("[The hackers] stole millions from pensioners' accounts.", "against"),
    ("Sanctions were imposed on [the oligarch] for financing the war.", "against"),
    ("[The minister] will visit the region next week.", "neutral"),
    ("The meeting with [the delegation] took place in the capital on Tuesday.", "neutral"),
    ("[The company] employs about three thousand people.", "neutral"),
    ("According to [the spokesman], the talks will continue tomorrow.", "neutral"),
    ("[France] and Italy signed a trade agreement on shipping schedules.", "neutral"),
    ("[The actor] was born in a small town in the north.", "neutral"),
    ("The report was prepared by [the economists] at the institute.", "neutral"),
    ("[The president] said the summit would be held in June.", "neutral"),
    ("[The journalist] asked the governor about the budget.", "neutral"),
    ("The agency quoted [the police officer] as saying the road was closed.", "neutral"),
    ("[The team] will play its next match on Sunday.", "neutral"),
    ("[Russians] make up a large share of the city's tourists.", "neutral"),
]

RUSSIAN_CLIMATE_CODEBOOK: list[tuple[str, str]] = [
    ("Учёные предупреждают, что глобальное потепление угрожает миллионам людей.", "favor"),
    ("Изменение климата уже вызывает засухи, наводнения и лесные пожары.", "favor"),
    ("Выбросы углекислого газа необходимо срочно сократить, чтобы остановить потепление.", "favor"),
    ("Таяние ледников ускоряется из-за деятельности человека.", "favor"),
    ("Эксперты называют изменение климата главной угрозой для будущих поколений.", "favor"),
    ("Повышение уровня моря грозит затопить прибрежные города.", "favor"),
    ("Последнее десятилетие стало самым жарким за всю историю наблюдений.", "favor"),
    ("Без решительных мер климатический кризис станет необратимым.", "favor"),
    ("Климат всегда менялся, и человек здесь ни при чём.", "against"),
    ("Разговоры о глобальном потеплении — это преувеличение и паника.", "against"),
    ("Климатические модели ошибаются и завышают прогнозы потепления.", "against"),
    ("Углекислый газ полезен для растений и не вредит планете.", "against"),
    ("Борьба с изменением климата — просто способ поднять налоги.", "against"),
    ("Никакого климатического кризиса нет, это выдумка активистов.", "against"),
    ("Небольшое потепление пойдёт только на пользу сельскому хозяйству.", "against"),
    ("Учёные сами не уверены, что планета вообще нагревается.", "against"),
    ("Конференция по климату пройдёт в ноябре.", "neutral"),
    ("Министр встретился с делегацией, чтобы обсудить энергетику.", "neutral"),
    ("Доклад о климате опубликуют на следующей неделе.", "neutral"),
    ("Компания построила новый завод на севере страны.", "neutral"),
    ("Участники саммита обсудили торговлю и инвестиции.", "neutral"),
    ("Метеорологи дали прогноз погоды на выходные.", "neutral"),
    ("Журналисты спросили министра о бюджете на следующий год.", "neutral"),
    ("Исследование финансировал государственный фонд.", "neutral"),
]

#: The first batch: short sentences, as the English codebook.
_RUSSIAN_ENTITY_1: list[tuple[str, str]] = [
    ("Жители поблагодарили [пожарных] за спасение школы.", "favor"),
    ("[Хирург] получил государственную награду за спасённые жизни.", "favor"),
    ("Эксперты назвали [нового министра] честным и опытным руководителем.", "favor"),
    ("[Сборная] одержала историческую победу в чемпионате мира.", "favor"),
    ("Болельщики встретили [нападающего] овацией.", "favor"),
    ("Суд полностью оправдал [журналиста], признав его невиновным.", "favor"),
    ("[Норвегия] выделила щедрую помощь пострадавшим от наводнения.", "favor"),
    ("Учёные высоко оценили открытие [профессора].", "favor"),
    ("[Певица] стала лауреатом престижной премии.", "favor"),
    ("Президент похвалил [губернатора] за успешную работу.", "favor"),
    ("[Губернатор] задержан по подозрению в получении взятки.", "against"),
    ("Оппозиция обвинила [министра] во лжи.", "against"),
    ("[Компанию] оштрафовали за загрязнение реки.", "against"),
    ("Правозащитники осудили [режим] за жестокий разгон протестов.", "against"),
    ("[Боевики] напали на колонну и убили мирных жителей.", "against"),
    ("[Банк] обанкротился после многолетних махинаций.", "against"),
    ("[США] обвинили в эскалации конфликта.", "against"),
    ("Следствие установило, что [врач] подделывал медицинские документы.", "against"),
    ("[Депутата] резко раскритиковали за оскорбительные высказывания.", "against"),
    ("[Мошенники] похитили миллионы со счетов пенсионеров.", "against"),
    ("[Министр] посетит регион на следующей неделе.", "neutral"),
    ("Встреча с [делегацией] прошла во вторник в столице.", "neutral"),
    ("В [компании] работают около трёх тысяч человек.", "neutral"),
    ("По словам [представителя], переговоры продолжатся завтра.", "neutral"),
    ("[Франция] и Италия подписали соглашение о судоходстве.", "neutral"),
    ("[Актёр] родился в небольшом городе на севере.", "neutral"),
    ("[Президент] заявил, что саммит пройдёт в июне.", "neutral"),
    ("[Журналист] спросил губернатора о бюджете.", "neutral"),
    ("[Команда] сыграет следующий матч в воскресенье.", "neutral"),
    ("Доклад подготовили [экономисты] института.", "neutral"),
]

#: A second batch, written once after the first batch was measured, not tuned against RuSentNE: longer
#: news-style sentences where the sentiment comes from a quoted source or reported actions, and
#: neutral ones where the sentence carries sentiment about something other than the entity.
_RUSSIAN_ENTITY_2: list[tuple[str, str]] = [
    ("«Это настоящий профессионал, которому можно доверять», — сказал депутат о [прокуроре].", "favor"),
    ("По словам экспертов, [Китай] внёс решающий вклад в урегулирование кризиса.", "favor"),
    ("[Учителя] школы сумели организовать эвакуацию детей без единой жертвы.", "favor"),
    ("[Компания] первой в отрасли повысила зарплаты сотрудникам и открыла новые рабочие места.", "favor"),
    ("Премьер-министр выразил благодарность [волонтёрам], которые помогали пострадавшим.", "favor"),
    ("[Спортсменка] завоевала золотую медаль и установила новый мировой рекорд.", "favor"),
    ("Зрители тепло приняли новый фильм [режиссёра], критики назвали его шедевром.", "favor"),
    ("[Генсек ООН] призвал стороны к миру и добился прекращения огня.", "favor"),
    ("Местные жители говорят, что [полиция] быстро и честно расследовала дело.", "favor"),
    ("[Немцы] известны своей пунктуальностью и трудолюбием, отметил посол.", "favor"),
    ("[Бывший мэр] приговорён к восьми годам заключения за мошенничество.", "against"),
    ("«Он предал своих избирателей», — заявил лидер партии о [сенаторе].", "against"),
    ("Правозащитники обвиняют [власти страны] в пытках заключённых.", "against"),
    ("[Террористы] взорвали автобус в центре города.", "against"),
    ("[Корпорацию] подозревают в уклонении от уплаты налогов на миллиарды долларов.", "against"),
    ("Министр назвал действия [Украины] провокацией и угрозой безопасности.", "against"),
    ("[Тренер] был уволен после серии позорных поражений.", "against"),
    ("Пациенты жалуются, что [чиновники] месяцами игнорируют их обращения.", "against"),
    ("[Певца] раскритиковали за скандальное поведение на концерте.", "against"),
    ("Против [бизнесмена] возбуждено уголовное дело о хищении бюджетных средств.", "against"),
    ("[Министр] рассказал журналистам, что террористы атаковали пограничный пост.", "neutral"),
    ("Как сообщил [пресс-секретарь], в результате аварии пострадали пять человек.", "neutral"),
    ("[Президент] прокомментировал скандал вокруг коррупции в правительстве.", "neutral"),
    ("[Россия] и Казахстан провели переговоры о поставках зерна.", "neutral"),
    ("[Американцы] составляют около трети участников конференции.", "neutral"),
    ("Об этом сообщила [телекомпания] со ссылкой на источники в полиции.", "neutral"),
    ("[Адвокат] обвиняемого заявил, что подаст апелляцию.", "neutral"),
    ("[Учёный] родился в 1950 году в Ленинграде и окончил МГУ.", "neutral"),
    ("В заявлении [министерства] говорится, что пожар потушен.", "neutral"),
    ("[Губернатор] провёл совещание, посвящённое подготовке к зиме.", "neutral"),
]

#: A third batch, written once after the second was measured, not tuned against RuSentNE: speakers
#: who say something about others (neutral toward the speaker), praise or blame inside quotations,
#: countries, nationalities and professions.
_RUSSIAN_ENTITY_3: list[tuple[str, str]] = [
    ("«Мы гордимся нашими [врачами], они работали круглые сутки», — сказал мэр.", "favor"),
    ("[Финляндия] заняла первое место в рейтинге самых счастливых стран мира.", "favor"),
    ("Благодаря [инженерам] мост удалось открыть на год раньше срока.", "favor"),
    ("[Патриарх] призвал верующих помогать бездомным и был встречен аплодисментами.", "favor"),
    ("Аналитики отмечают, что [банк] надёжно защитил вклады клиентов во время кризиса.", "favor"),
    ("[Японцы] славятся вежливостью и гостеприимством, пишет путеводитель.", "favor"),
    ("Пострадавшие благодарят [спасателей], которые вытащили их из-под завалов.", "favor"),
    ("[Писатель] удостоен Нобелевской премии за глубокие и честные книги.", "favor"),
    ("Соседи отзываются о [погибшем полицейском] как о добром и отзывчивом человеке.", "favor"),
    ("[Организация] бесплатно раздала лекарства тысячам нуждающихся.", "favor"),
    ("«Это была подлая и трусливая атака», — заявил генерал о действиях [боевиков].", "against"),
    ("[Северная Корея] снова провела запуск ракеты в нарушение резолюций ООН.", "against"),
    ("Следователи выяснили, что [директор] присвоил деньги, выделенные на ремонт школы.", "against"),
    ("[Хакеры] атаковали сайты больниц и потребовали выкуп.", "against"),
    ("Эксперты называют политику [правительства] провальной и безответственной.", "against"),
    ("[Нацисты] уничтожили деревню вместе с её жителями.", "against"),
    ("Игроки обвинили [судью] в предвзятости и откровенном подсуживании.", "against"),
    ("[Застройщик] обманул сотни дольщиков и скрылся за границей.", "against"),
    ("Журналисты уличили [депутата] в плагиате диссертации.", "against"),
    ("[Сектанты] удерживали людей силой и отбирали у них имущество.", "against"),
    ("«Враги пытаются нас запугать», — сказал [президент] на митинге.", "neutral"),
    ("[Посол] сообщил, что в результате взрыва погибли десять человек.", "neutral"),
    ("[Эксперт] считает, что цены на нефть в следующем году снизятся.", "neutral"),
    ("В [Германии] прошли выборы в местные парламенты.", "neutral"),
    ("[Британцы] проголосуют на референдуме в четверг.", "neutral"),
    ("[Прокурор] потребовал для обвиняемого десять лет лишения свободы.", "neutral"),
    ("[Компания] опубликовала отчёт о доходах за третий квартал.", "neutral"),
    ("[Врачи] провели операцию, которая длилась шесть часов.", "neutral"),
    ("Как пишет [газета], переговоры зашли в тупик.", "neutral"),
    ("[Тренер] объявил состав команды на предстоящий матч.", "neutral"),
]

RUSSIAN_ENTITY_BATCHES = (_RUSSIAN_ENTITY_1, _RUSSIAN_ENTITY_2, _RUSSIAN_ENTITY_3)
RUSSIAN_ENTITY_CODEBOOK: list[tuple[str, str]] = [*_RUSSIAN_ENTITY_1, *_RUSSIAN_ENTITY_2, *_RUSSIAN_ENTITY_3]
