"""Two Russian rules read from the words next to a quotation, because the parse of these shapes is
unreliable (natasha hangs "как «…»" on the wrong word and tags a participle as a noun):

- ``shout`` (direct): a verb or noun of shouting right before a quotation — "он кричал «…»",
  "выбежал с криком «…»", "оштрафовали за выкрик «…»". The quotation is what was shouted, however short
  («Позор!», «Аллаху акбар»): the gold set labels shouts as direct speech with the verb or noun as cue
  (tests/gold/README.md, batch 8). The shouter is the verb's subject; for a noun, the subject of the verb
  it hangs on ("с криком"), or that verb's object when the noun gives the reason ("оштрафовал её за выкрик":
  who is fined for a shout shouted it).
- ``quoted_words_verb`` (mixed): a verb of characterising followed in its clause by "как «…»" —
  "охарактеризовал ситуацию как «очень опасную»", "охарактеризовавший партию как «партию жуликов»":
  the object and the quoted predicate are what was said, as for "назвал X «…»" (PARC 3.0 counts a
  characterisation that quotes the source's words, Pareti 2016).

Each returns the parts :func:`~.rules._make` builds an attribution from (:class:`~.fallbacks.Found`).
"""
from __future__ import annotations

import re

from analysis.attribution.russian.fallbacks import Found, nearest_name
from analysis.attribution.russian.parsing import Sentence, Token
from analysis.attribution.russian.sources import agreeing_nominative, subject_of
from analysis.attribution.russian.unit import RuUnit, is_name_quote
from analysis.attribution.spans import trim

__all__ = ["characterised_as", "shouts"]

#: Verbs and nouns of shouting (both aspects): what follows in quotation marks was shouted.
SHOUT_VERBS = frozenset("кричать крикнуть закричать выкрикнуть выкрикивать прокричать скандировать".split())
SHOUT_NOUNS = frozenset("крик выкрик возглас клич".split())
#: Verbs that characterise their object "как «…»" (any form: the tagger may call a participle a noun).
CHARACTERISING_VERBS = frozenset("охарактеризовать характеризовать квалифицировать описать описывать".split())

#: Between a shout word and its quotation: nothing but spaces or a colon.
_SHOUT_GAP = re.compile(r"^\s*:?\s*$")
#: "… как «": the predicate's "как" right before a quotation, in the same clause as the verb.
_AS_QUOTE = re.compile(r"^[^.;:!?—–]{0,80}?\bкак\s*$", re.IGNORECASE)


def _verb_above(sentence: Sentence, token: Token) -> Token | None:
    while token.head >= 0:
        token = sentence.tokens[token.head]
        if token.pos in ("VERB", "AUX"):
            return token
    return None


def _shouter(unit: RuUnit, sentence: Sentence, word: Token) -> Token | None:
    if word.pos in ("VERB", "AUX"):
        head = subject_of(sentence, word) or agreeing_nominative(sentence, word)
    else:
        verb = _verb_above(sentence, word)
        if verb is None:
            return None
        reason = any(c.rel == "case" and c.lemma == "за" for c in sentence.children(word))
        punished = next((c for c in sentence.children(verb) if c.rel == "obj"), None) if reason else None
        head = punished or subject_of(sentence, verb) or agreeing_nominative(sentence, verb)
    if head is None or unit.in_quote(head):
        head = nearest_name(unit, sentence, word.start, word.stop)
    return head


def shouts(unit: RuUnit, sentence: Sentence) -> list[Found]:
    """"кричал «…»", "с криком «…»": the quotation right after a word of shouting, as direct speech."""
    found = []
    for word in sentence.tokens:
        if unit.in_quote(word) or not (word.lemma in SHOUT_VERBS and word.pos in ("VERB", "AUX")
                                       or word.lemma in SHOUT_NOUNS and word.pos == "NOUN"):
            continue
        quote = next((q for q in unit.quotes if q.start >= word.stop), None)
        if quote is None or not _SHOUT_GAP.match(unit.text[word.stop:quote.start]):
            continue
        head = _shouter(unit, sentence, word)
        if head is not None:
            found.append(Found("shout", trim(unit.text, quote.start, quote.end), sentence, head, (word.start, word.stop),
                               word))
    return found


def characterised_as(unit: RuUnit, sentence: Sentence) -> list[Found]:
    """"охарактеризовал X как «…»": the object and its quoted predicate (not a quoted title)."""
    found = []
    for word in sentence.tokens:
        if unit.in_quote(word) or word.lemma not in CHARACTERISING_VERBS:
            continue
        quote = next((q for q in unit.quotes if q.start >= word.stop and _AS_QUOTE.match(unit.text[word.stop:q.start])),
                     None)
        if quote is None or is_name_quote(unit.text[quote.start:quote.end]):
            continue
        head = subject_of(sentence, word) if word.pos in ("VERB", "AUX") else None
        if head is None and word.pos in ("VERB", "AUX"):
            head = agreeing_nominative(sentence, word)
        if head is None or unit.in_quote(head) or head.start > word.start:
            before = [t for t in sentence.tokens if t.stop <= word.start]
            head = nearest_name(unit, sentence, word.start, word.start, before)
        if head is not None and head.start < word.start:
            found.append(Found("quoted_words_verb", trim(unit.text, word.stop, quote.end), sentence, head,
                               (word.start, word.stop), word))
    return found
