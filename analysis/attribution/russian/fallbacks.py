"""Quotations no named rule attributed: a headline "Name: «…»" and the generic fallback.

- ``colon_headline``: "Уго Чавес: «США и Израиль провоцируют ядерную войну»" — a short verbless
  phrase with a name, a colon, and a quotation that ends the unit: the newsroom form of a headline
  quote (the gold set labels it direct, the colon as cue).
- ``quote_fallback``: a quotation of several words («…», „…“, "…") that no other rule attributed, in
  a sentence with a cue verb, with the author's dash after it ("«…», — возмущается X") or after a colon
  that a finite verb comes before ("выразил соболезнования: «…»", the quotation ending the sentence), is at
  least a statement: direct, or mixed with the few words between the cue and the quotation
  ("предложил в обмен «…»"). The source is the cue's subject, else the name nearest to the
  quotation. The speaker is a guess (low confidence, its own rule name) so that a quotation is
  never left to the narrator only because its verb or its sentence shape is not in the rules; the
  regex baseline's recall on quotations is what this closes (PARC 3.0 counts every quotation with a
  source, Pareti 2016).

Each returns the parts :func:`~.rules._make` builds an attribution from.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from analysis.attribution.russian.contents import PREPOSITION_BEFORE, clause_span, embedded_quotation, reported_clause
from analysis.attribution.russian.cues import REQUEST_VERBS
from analysis.attribution.russian.parsing import Sentence, Token
from analysis.attribution.russian.sources import agreeing_nominative, is_cue, subject_of
from analysis.attribution.russian.unit import RuUnit, is_name_quote, span_of
from analysis.attribution.spans import has_letters, trim

__all__ = ["Found", "colon_headline", "nearest_name", "unattributed_quotations"]

#: A quotation shorter than this (in words) is a name or a catchword, not a statement.
MIN_WORDS = 3
#: "предложил в обмен «…»": at most this many words between the cue and the quotation.
MAX_LEAD_WORDS = 6
_OPENING = "«„“\"'"
_HEADLINE = re.compile(r"^\s*([^:«»\"„“.!?;]{2,60}?)\s*:\s*$")
_AUTHOR_DASH_AFTER = re.compile(r"^['\"»“]*[,!?…]?\s*[—–-]\s+(?=\w)")
_TITLE_BEFORE = re.compile(r"\b(?:заголов|лозунг|назван|надпис|девиз|слоган|рубрик|плакат|книг|стать|фильм|песн|"
                           r"программ|операци|проект|номинаци|акци|кампани)[а-яё]*[\s:]*$", re.IGNORECASE)
_JOINED = re.compile(r"^\s*(?:,|и|,\s*а также)\s*$")
#: "призвал к «…»", "заявил о «…»": only a preposition between the cue and the quotation.
_PREPOSITION_LEAD = re.compile(r"^\s*(?:к|ко|о|об|на|за|против)\s*$", re.IGNORECASE)


class Found(NamedTuple):
    rule: str
    content: tuple[int, int]
    sentence: Sentence
    head: Token
    cue: tuple[int, int]
    cue_token: Token | None


def colon_headline(unit: RuUnit) -> Found | None:
    """"Name: «…»" with no verb before the colon and the quotation running to the end of the unit."""
    if not unit.quotes or unit.dash:
        return None
    first = unit.quotes[0]
    lead = _HEADLINE.match(unit.text[unit.start:first.start])
    if lead is None or has_letters(unit.text[first.end:unit.end]) or len(first_words := lead.group(1).split()) > 6 \
            or not first_words or len(unit.text[first.start:first.end].split()) < MIN_WORDS:
        return None
    sentence = next((s for s in unit.sentences if s.start <= unit.start + lead.start(1) < s.end), None)
    if sentence is None:
        return None
    phrase = sentence.tokens_in(unit.start + lead.start(1), unit.start + lead.end(1))
    if not phrase or any(t.pos in ("VERB", "AUX") for t in phrase):
        return None
    names = [t for t in phrase if t.pos == "PROPN"]
    if not names:
        return None
    inside = {t.index for t in phrase}
    head = next((t for t in names if t.head not in inside), names[0])
    colon = unit.start + lead.end()
    colon = unit.text.rindex(":", unit.start, colon)
    return Found("colon_headline", trim(unit.text, first.start, first.end), sentence, head, (colon, colon + 1), None)


def nearest_name(unit: RuUnit, sentence: Sentence, start: int, end: int, among: list[Token] | None = None) -> Token | None:
    """The name (or animate nominative noun) outside quotations nearest to ``start:end``, among ``among`` if given."""
    candidates = [t for t in (sentence.tokens if among is None else among) if not unit.in_quote(t) and (t.pos == "PROPN" or (
        t.pos == "NOUN" and t.feats.get("Animacy") == "Anim" and t.feats.get("Case") == "Nom"))]
    return min(candidates, key=lambda t: min(abs(t.start - end), abs(start - t.stop)), default=None)


def _cue_near(unit: RuUnit, sentence: Sentence, start: int, end: int) -> Token | None:
    cues = [t for t in sentence.tokens if not unit.in_quote(t) and is_cue(sentence, t)
            and t.feats.get("VerbForm") != "Part"]  # "«…», написанная X": a participle describes a book
    return min(cues, key=lambda t: min(abs(t.start - end), abs(start - t.stop)), default=None)


def _verb_before_colon(unit: RuUnit, sentence: Sentence, start: int, end: int) -> Token | None:
    """"… выразил соболезнования: «…»", "… отшутилась: «…»": a quotation after a colon that ends the unit
    is what the finite verb before the colon introduces, whatever the verb (not a title: see _TITLE_BEFORE)."""
    if not unit.text[unit.start:start].rstrip().endswith(":") or has_letters(unit.text[end:unit.end]):
        return None
    colon = unit.text.rindex(":", unit.start, start)
    verbs = [t for t in sentence.tokens if t.stop <= colon and not unit.in_quote(t) and t.pos in ("VERB", "AUX")
             and t.feats.get("VerbForm") == "Fin"]
    return verbs[-1] if verbs else None


def _only_addressee(sentence: Sentence, start: int, end: int) -> bool:
    """Between a request verb and its quotation, only whom it asks ("призывают Россию и Грузию «…»"): no verb, a noun."""
    words = [t for t in sentence.tokens_in(start, end) if t.pos != "PUNCT"]
    return any(t.pos in ("NOUN", "PROPN", "PRON") for t in words) and not any(t.pos in ("VERB", "AUX") for t in words)


def _opens_with_infinitive(sentence: Sentence, quote) -> bool:
    words = [t for t in sentence.tokens_in(quote.start, quote.end) if t.pos != "PUNCT" and t.lemma != "не"]
    return bool(words) and words[0].feats.get("VerbForm") == "Inf"


def unattributed_quotations(unit: RuUnit, taken: list[tuple[int, int]]) -> list[Found]:
    """Quotations of several words outside every span in ``taken`` (contents and sources found),
    in a sentence with a cue or followed by the author's dash."""
    found: list[Found] = []
    quotes = [q for q in unit.quotes if unit.text[q.start] in _OPENING]
    used: set[int] = set()
    for i, q in enumerate(quotes):
        quoted = unit.text[q.start:q.end]
        if i in used or len(quoted.split()) < MIN_WORDS or is_name_quote(quoted) or unit.dash \
                or any(s < q.end and q.start < e for s, e in taken):
            continue
        end = q.end
        for j in range(i + 1, len(quotes)):  # "«A» и «B»": quotations joined by "и" or a comma run together
            if not _JOINED.match(unit.text[end:quotes[j].start]):
                break
            end = quotes[j].end
            used.add(j)
        sentence = next((s for s in unit.sentences if s.start <= q.start < s.end), None)
        if sentence is None:
            continue
        if _TITLE_BEFORE.search(unit.text[max(unit.start, q.start - 40):q.start]):
            continue  # "под заголовком «…»", "с лозунгами «…»": a title, not words said
        cue = _cue_near(unit, sentence, q.start, end)
        dash = _AUTHOR_DASH_AFTER.match(unit.text[end:unit.end])
        if PREPOSITION_BEFORE.search(unit.text[unit.start:q.start]) and not (
                cue is not None and cue.stop <= q.start and _PREPOSITION_LEAD.match(unit.text[cue.stop:q.start])):
            continue  # "совместно с «изобретателем …» X": a phrase of the sentence, not words said (but "призвал к «…»")
        if cue is not None and cue.start >= end and dash is None and embedded_quotation(unit, q.start, dashed=False):
            continue  # "производителя «Кто хочет стать миллионером?», цитирует X": a title before the cue
        if cue is not None and dash is None and not any(q.start <= t.start < end for t in sentence.subtree(cue)) \
                and not (cue.stop <= q.start and _PREPOSITION_LEAD.match(unit.text[cue.stop:q.start])):
            continue  # a scare quote in another clause than the cue's (the parse may hang "к «…»" elsewhere)
        if cue is not None and cue.lemma in REQUEST_VERBS and cue.stop <= q.start and _opens_with_infinitive(sentence, q) \
                and _only_addressee(sentence, cue.stop, q.start):
            continue  # "призывают Россию «решать все конфликты …»": a request to someone, in quotation marks, not a statement
        head = subject_of(sentence, cue) if cue is not None else None
        if cue is None and dash is not None:
            after = sentence.tokens_in(end + dash.end(), unit.end)
            verb = next((t for t in after if t.pos in ("VERB", "AUX")), None)
            head = subject_of(sentence, verb) if verb is not None else None
            cue = verb
        if cue is None and dash is None:
            cue = _verb_before_colon(unit, sentence, q.start, end)
            if cue is None:
                continue
            head = subject_of(sentence, cue)
        if (head is None or unit.in_quote(head)) and cue is not None:
            # the parser took a word of the quotation for the subject: a nominative outside it that agrees
            # with the cue ("правительство Великобритании заявило: «…»"), before the nearest name
            head = agreeing_nominative(sentence, cue)
        if head is None or unit.in_quote(head):
            head = nearest_name(unit, sentence, cue.start if cue is not None and cue.stop <= q.start else q.start, end)
        if head is None:
            continue
        clause = reported_clause(sentence, cue) if cue is not None and cue.stop <= q.start else None
        if cue is not None and clause and span_of(clause)[0] <= q.start and end <= span_of(clause)[1] + 1:
            # the cue's own "что" clause holds the quotation: it is the content (mixed), as verb_cue reads it
            found.append(Found("quote_fallback", clause_span(unit.text, clause), sentence, head,
                               (cue.start, cue.stop), cue))
            continue
        start = q.start
        if cue is not None and cue.stop <= q.start:
            lead = unit.text[cue.stop:q.start]
            if not re.search(r"[.;:!?,—–]", lead) and len(lead.split()) <= MAX_LEAD_WORDS and head.start < cue.start:
                start = cue.stop
        if cue is not None:
            cue_span = (cue.start, cue.stop)
        elif dash is not None:
            cue_span = (end + dash.start(), end + dash.end())
        else:
            continue
        found.append(Found("quote_fallback", trim(unit.text, start, end), sentence, head, cue_span, cue))
    return found
