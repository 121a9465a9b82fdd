"""Conventions of Russian wire copy that span sentences, or that only a headline uses.

- **Datelines.** TASS opens a story with "МОСКВА, 4 декабря. /ТАСС/.", RIA Novosti with
  "МОСКВА, 4 дек — РИА Новости.", Interfax with "Москва. 4 декабря. INTERFAX.RU -", Reuters'
  Russian service with "МОСКВА, 4 дек (Рейтер) -". The sentence splitter cuts the dateline into
  sentences of its own; they are joined to the sentence they open and are nobody's voice (as the
  English ``dateline_end``, AP Stylebook "datelines"): an attribution's content starts after them.
- **"Об этом заявил X".** Russian agencies put the source of a lead in the next sentence:
  "Кремль не принимает таких решений. Об этом журналистам заявил Дмитрий Песков." The pointer
  ("об этом", "такое мнение высказал", "соответствующее заявление сделал") names the sentence
  before as the content, so both sentences become one statement with the cue and the source of the
  second (PARC's cross-sentence attribution, Pareti 2016, whose content and source sit in
  different sentences).
- **Headlines "Name: text".** "Песков: Кремль не участвует в решениях об ограничении WhatsApp": a
  headline names its source before a colon, with or without quotation marks (the English
  ``headline_colon``; PolNeAR marks the colon as the cue). Only for the title, and only when the
  words before the colon are a person (the NER's, or names by pymorphy2's dictionary: the NER often
  misses a bare "Песков:"), so "WhatsApp: что известно о блокировке" stays the narrator's.
"""
from __future__ import annotations

import re

from analysis.attribution.russian.parsing import Name, Sentence
from analysis.attribution.russian.sources import is_cue, mention_tokens, subject_of
from analysis.attribution.russian.unit import RuAttribution, RuUnit, is_name_quote, span_of
from analysis.attribution.spans import has_letters, strip_span, trim
from analysis.speakers.russian import load_morph_vocab

__all__ = ["BACK_REFERENCE_CONFIDENCE", "HEADLINE_CONFIDENCE", "back_reference", "dateline_end", "title_colon"]

BACK_REFERENCE_CONFIDENCE = 0.9
HEADLINE_CONFIDENCE = 0.85

_MONTHS = r"(?:янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек)[а-яё]*\.?"
_AGENCY = (r"(?:[.,]?\s*/\s*[^/\n]{2,30}?\s*/\s*\.?"  # /ТАСС/.
           r"|[.,]?\s*\(\s*[^()\n]{2,30}\)\s*[-—–]"  # (Рейтер) -
           r"|\s*[-—–]\s+[^.\n]{2,40}?\."  # — РИА Новости.   — РИА Новости, Мария Иванова.
           r"|[.,]\s*[A-Z][A-Z.]{2,20}\s*[-—–])")  # . INTERFAX.RU -
#: A Russian wire dateline: a place (in capitals, or capitalised; group ``place``), a day and month
#: (a year may follow), the agency; the body starts after the space that follows.
DATELINE = re.compile(r"\s*(?P<place>[А-ЯЁ][А-ЯЁ-]+(?:\s[А-ЯЁ][А-ЯЁ-]+){0,2}|[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)*)[,.]\s+"
                      rf"\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}}(?:\s*(?:г\.|года))?)?{_AGENCY}\s+")

#: What points back at the sentence before: "Об этом", "О том же", "Такое мнение", "Эти данные" ...
_POINTER = re.compile(
    r"\s*(?:Об\s+этом(?:\s+же)?|О\s+том\s+же|Так(?:ое|ую|ой|ие|им)\s+(?:мнение|заявление|оценку|оценка|прогноз|данные|"
    r"информацию|позицию|точку|вывод|предположение|версию|сведения|слова|заявления)|Эт(?:о|у|и|от)\s+(?:информацию|данные|"
    r"сведения|заявление|слова|мнение|оценку|позицию)|Соответствующ(?:ее|ую|ие|ий)\s+\w+)\b")
_TITLE_LEAD = re.compile(r"\s*([^:«»\"„“.!?;]{2,60}?)\s*:\s+(?=\S)")


def dateline_end(text: str, start: int, end: int) -> int:
    """Where a Russian wire dateline that opens ``text[start:end]`` ends (``start`` when there is none)."""
    match = DATELINE.match(text, start, end)
    return match.end() if match and has_letters(text[match.end():end]) else start


def back_reference(unit: RuUnit) -> RuAttribution | None:
    """"Об этом заявил X": the source and cue of a sentence whose content is the sentence before it.
    The attribution's ``content`` is left empty here: the statement builder fills it from that sentence."""
    if any(not is_name_quote(unit.text[q.start:q.end]) for q in unit.quotes) or len(unit.sentences) != 1 \
            or not _POINTER.match(unit.text, unit.start, unit.end):
        return None
    sentence = unit.sentences[0]
    for token in sentence.tokens:
        if not is_cue(sentence, token) or token.feats.get("VerbForm") in ("Part", "Conv", "Inf"):
            continue
        head = subject_of(sentence, token)
        tokens = list(mention_tokens(sentence, head)) if head is not None else []
        if not tokens:
            return None
        source = strip_span(unit.text, *span_of(tokens))
        return RuAttribution("indirect", (unit.start, unit.start), source, (token.start, token.stop), "back_reference",
                             BACK_REFERENCE_CONFIDENCE, source_tokens=tuple(tokens), source_head=head, cue_token=token)
    return None


def _may_be_a_name(word: str) -> bool:
    """Whether pymorphy2 reads ``word`` as a first name or surname in the nominative (headlines are
    short of context, and the NER often misses "Песков:" there)."""
    return any(("Surn" in p.tag or "Name" in p.tag) and "nomn" in p.tag for p in load_morph_vocab().parse(word.lower()))


def title_colon(unit: RuUnit, names: tuple[Name, ...]) -> RuAttribution | None:
    """A headline "Name: text" whose lead before the colon is a person's name, with no verb."""
    lead = _TITLE_LEAD.match(unit.text, unit.start, unit.end)
    if lead is None or len(unit.sentences) != 1 or len(lead.group(1).split()) > 4:
        return None
    sentence: Sentence = unit.sentences[0]
    start, end = lead.start(1), lead.end(1)
    phrase = sentence.tokens_in(start, end)
    if not phrase or any(t.pos in ("VERB", "AUX") for t in phrase):
        return None
    named = any(n.type == "PER" and n.start <= start and end <= n.end + 1 for n in names)
    if not named and not all(t.text[:1].isupper() and _may_be_a_name(t.text) for t in phrase):
        return None  # "WhatsApp: что известно о блокировке" names a topic, not a source
    content = trim(unit.text, lead.end(), unit.end)
    if len(unit.text[content[0]:content[1]].split()) < 3:
        return None
    inside = {t.index for t in phrase}
    head = next((t for t in phrase if t.pos == "PROPN" and t.head not in inside), phrase[-1])
    colon = unit.text.index(":", end)
    return RuAttribution(unit.kind_of(content), content, strip_span(unit.text, start, end), (colon, colon + 1),
                         "headline_colon", HEADLINE_CONFIDENCE, ["nominative_as_written"], tuple(phrase), head)
