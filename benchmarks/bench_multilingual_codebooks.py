"""Two small codebooks written for bench_multilingual (none of their sentences comes from a data set).

``ENGLISH_ENTITY_CODEBOOK``: general news-style English sentences, the entity the stance is
about in square brackets (analysis.stance.target_marking's ``brackets``), labelled by how the
sentence presents that entity: favor (praised, honoured, successful, defended), against
(accused, arrested, criticised, failed) or neutral (mentioned, reporting, scheduling). People,
professions, organisations, countries and nationalities, as in RuSentNE's entity types.

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
