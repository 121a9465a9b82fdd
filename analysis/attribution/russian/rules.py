"""The named attribution rules for one Russian sentence unit (names as in the English
:mod:`analysis.attribution.rules` where the rule carries over).

- ``direct_quote_with_cue``: «…», — заявил Песков. / X заявил: «…». / — Мы …, — сказал он.
  (a dash paragraph's speech counts as a quotation, :func:`~.quotes.dash_quotes`; the rule is then
  named ``dash_dialogue``);
- ``according_to``: по словам / по данным / по мнению / по сообщению / по сведениям X, …;
- ``parenthetical_cue``: как сообщает X, … / как заявили в X, …;
- ``verb_cue``: X заявил, что … / X считает, что … / X уверен, что … / X выразил уверенность, что …
  (indirect; mixed when the clause holds a quotation; direct when it is all quotation);
- ``nominal_cue``: X заявил о своей невиновности (the "о" phrase is the content);
- ``quoted_words_verb``: X назвал выборы «мошенничеством» (mixed);
- ``trailing_attribution``: Content, заявил X. / Content, передаёт Reuters.

The speaker is the cue's subject (nsubj), else its "в X" adjunct (заявили в Минфине, говорится в
заявлении); a relative "который" stands for the noun it modifies; a gerund or a second verb
shares the subject of its head. Each cue gives one attribution; the first is the unit's top-level
statement and the others nest in it (PARC 3.0, Pareti 2016, annotates both).

The source is found by :mod:`.sources`, the content by :mod:`.contents`; :mod:`.unit` holds the
records they share.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from analysis.attribution.russian.contents import (
    SECOND_QUOTE_GAP,
    about_phrase,
    adjacent_quotation,
    clause_span,
    explained_reason,
    named_predicate,
    quoted_object,
    reported_clause,
    rest_of_unit,
)
from analysis.attribution.russian.cues import (
    ANAPHORIC_OBJECTS,
    APPEARING_VERBS,
    ATTENTION_VERBS,
    DEFINING_VERBS,
    DOCUMENT_NOUNS,
    EXPLAINING_VERBS,
    EXPRESS_VERBS,
    LIGHT_VERB_CUES,
    MAKING_STATEMENT_VERBS,
    NAMING_VERBS,
    NEEDS_CLAUSE,
    NORM_NOUNS,
    QUOTING_VERBS,
    REPORT_NOUNS,
    REQUEST_VERBS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
)
from analysis.attribution.russian.fallbacks import colon_headline, unattributed_quotations
from analysis.attribution.russian.parsing import Sentence, Token
from analysis.attribution.russian.sources import is_cue, mention_tokens, subject_of
from analysis.attribution.russian.surface_rules import characterised_as, shouts
from analysis.attribution.russian.unit import RuAttribution, RuUnit, is_name_quote, is_short_name, span_of
from analysis.attribution.spans import extend_over, has_letters, strip_span, trim
from analysis.schema import Kind

__all__ = ["RuAttribution", "RuUnit", "analyse_unit"]

#: Possessives that stand before "словам" / "мнению": "по его словам", "по её мнению".
POSSESSIVES = frozenset({"его", "ее", "её", "их"})
#: Rule confidence that the source is the speaker (named quote is surest, a trailing phrase least).
CONFIDENCE = {"direct_quote_with_cue": 0.95, "dash_dialogue": 0.95, "according_to": 0.9, "parenthetical_cue": 0.9,
              "verb_cue": 0.9, "nominal_cue": 0.85, "quoted_words_verb": 0.85, "trailing_attribution": 0.85,
              "colon_headline": 0.8, "quote_fallback": 0.5, "shout": 0.85}
_ORDER_LEAD = re.compile(r"[\s,]*(?:о\s+том\s*,\s*)?чтобы\b", re.IGNORECASE)
_PURPOSE = re.compile(r"\bчтобы\s*$", re.IGNORECASE)
_RELATIVE_LEAD = re.compile(r"(?:^|[\s,])(?:где|куда|откуда|котор(?:ый|ая|ое|ые|ого|ой|ых|ому|ым|ую))\s*,$", re.IGNORECASE)
#: "…, где, считают власти, …" / "…, что, по словам X, …": a clause opened just before a parenthetical cue.
_SUBORDINATOR_LEAD = re.compile(r"(?:^|[\s,])(?:где|куда|откуда|когда|что|чтобы|если|хотя|поскольку|котор(?:ый|ая|ое|ые|ого|ой|"
                                r"ых|ому|ым|ую))\s*,$", re.IGNORECASE)
#: A clause that opens with a relative or subordinating word is no author's aside ("…, чего опасались X").
_SUBORDINATE_OPENING = re.compile(r"^\s*(?:(?:о|об|в|на|с|за|от|из|по|для|к)\s+)?(?:чего|чему|чем|что|чём|когда|где|куда|откуда|"
                                  r"если|хотя|потому|поскольку|котор\w*)\b", re.IGNORECASE)
_TEMPORAL_AS = re.compile(r"\b(?:(?:после|до|перед|прежде|вместо|по\s+мере)\s+(?:того|тем)|с\s+тех\s+пор|в\s+то\s+время)\s*,\s*$",
                          re.IGNORECASE)
_ACCORDING_FORMS = re.compile(r"^(?:словам|данным|мнению|сообщению|сообщениям|сведениям|информации|оценке|оценкам|"
                              r"версии|подсчётам|подсчетам)$", re.IGNORECASE)


def quoted_name_source(unit: RuUnit, head: Token, content: tuple[int, int]) -> bool:
    """The source is a name in quotation marks ("пишет «Коммерсантъ»", пишет "Житье-бытье"): a short
    quotation (at most four words, no sentence punctuation) outside the content."""
    for q in unit.quotes:
        if q.start <= head.start < q.end:
            return is_short_name(unit.text[q.start:q.end]) and (q.end <= content[0] or q.start >= content[1])
    return True


def _make(unit: RuUnit, rule: str, content, sentence: Sentence, head: Token | None, cue_span, cue_token,
          kind: Kind | None = None) -> RuAttribution | None:
    if content is None or not has_letters(unit.text[content[0]:content[1]]) or head is None:
        return None
    if unit.in_quote(head) and not quoted_name_source(unit, head, content):
        return None
    tokens = mention_tokens(sentence, head)
    if cue_token is not None and cue_token in sentence.tokens:  # a mis-attached word across the cue is not the source's
        side = head.index < cue_token.index
        tokens = [t for t in tokens if (t.index < cue_token.index) == side]
    if not tokens:
        return None
    source = strip_span(unit.text, *span_of(tokens))
    mention = unit.text[source[0]:source[1]]
    if mention.count("«") > mention.count("»") and unit.text[source[1]:source[1] + 1] == "»":
        source = (source[0], source[1] + 1)  # the closing mark of a name in the mention
    if source[0] < content[1] and content[0] < source[1]:
        return None
    return RuAttribution(kind or unit.kind_of(content), content, source, cue_span, rule, CONFIDENCE[rule],
                         source_tokens=tuple(tokens), source_head=head, cue_token=cue_token)


def _according(unit: RuUnit, sentence: Sentence) -> Iterator[RuAttribution]:
    for token in sentence.tokens:
        if token.lemma not in ("по", "согласно") or unit.in_quote(token) or token.head < 0:
            continue
        noun = sentence.tokens[token.head]
        between = sentence.tokens[token.index + 1:noun.index]
        if token.lemma == "согласно":
            owner = _document_source(sentence, noun) if not between and noun.index > token.index else None
        elif not _ACCORDING_FORMS.match(noun.text) or noun.index <= token.index or any(
                t.text.lower() not in POSSESSIVES and not (t.pos == "ADJ" and t.rel == "amod" and t.head == noun.index)
                for t in between):  # "по неофициальным данным X": an adjective on the noun may stand between
            continue
        else:
            owners = [c for c in sentence.children(noun) if c.rel in ("nmod", "appos", "amod", "det")
                      and (c.index > noun.index or c.text.lower() in POSSESSIVES)]
            owner = next((c for c in owners if c.rel == "nmod"), owners[0] if owners else None)
            if owner is not None and any(g.rel == "case" and g.lemma in ("на", "за", "в", "во")
                                         for g in sentence.children(owner)):
                owner = None  # "по данным на 2016 год": a date, not a source
        if owner is None:
            continue
        phrase_tokens = [token] + sentence.subtree(noun, frozenset({"punct", "parataxis", "ccomp"}))
        phrase = span_of([t for t in phrase_tokens if t.index <= max([noun.index] + [x.index for x in sentence.subtree(owner)])])
        if owner.index < token.index:  # "согласно которым": the antecedent stands before the phrase
            phrase = (token.start, noun.stop)
        before = unit.text[unit.start:phrase[0]].rstrip()
        if before and not before.endswith((",", "—", "–", ":", "(", " что")):
            continue  # "поездка по оценке ситуации": not a source phrase
        after = strip_span(unit.text, phrase[1], unit.end, ",;:—–-)»\"”", tail=".")
        # a quotation that ends the content keeps its closing mark ("… соответствует «духу времени»")
        after = (after[0], max([after[1]] + [q.end for q in unit.quotes if after[0] <= q.start < after[1]]))
        if _RELATIVE_LEAD.search(before):  # "где, по данным опросов, лидирует X, …": the relative clause only
            comma = unit.text.find(",", after[0], after[1])
            if comma > 0:
                after = trim(unit.text, after[0], comma)
        content = after if has_letters(unit.text[after[0]:after[1]]) else rest_of_unit(unit, phrase)
        yield from filter(None, [_make(unit, "according_to", content, sentence, owner, (token.start, noun.stop), noun)])


def _appeared_report(unit: RuUnit, sentence: Sentence) -> Iterator[RuAttribution]:
    """"в газете «…» появилась информация о …": the outlet of the "в" phrase reports the "о" phrase."""
    for verb in sentence.tokens:
        if verb.lemma not in APPEARING_VERBS or unit.in_quote(verb):
            continue
        children = sentence.children(verb)
        noun = next((c for c in children if c.rel in ("nsubj", "nsubj:pass") and c.lemma in REPORT_NOUNS), None)
        where = next((c for c in children if c.rel == "obl" and c.index < verb.index and c.pos in ("NOUN", "PROPN")
                      and any(g.rel == "case" and g.lemma in ("в", "во") for g in sentence.children(c))), None)
        if noun is None or where is None:
            continue
        about = next((c for c in sentence.children(noun) if c.rel == "nmod" and c.index > noun.index
                      and any(g.rel == "case" and g.lemma in ("о", "об") for g in sentence.children(c))), None)
        if about is None or about.lemma in ANAPHORIC_OBJECTS:
            continue
        content = trim(unit.text, *span_of(sentence.subtree(about, frozenset({"parataxis", "punct"}))))
        cue = (min(verb.start, noun.start), max(verb.stop, noun.stop))
        yield from filter(None, [_make(unit, "nominal_cue", content, sentence, where, cue, verb)])


def _statement_noun(unit: RuUnit, sentence: Sentence) -> Iterator[RuAttribution]:
    """"заявления афганских властей о «…»", "выступила с заявлением о том, что …": a noun of saying with an "о"
    phrase that quotes, or with "о том, что" and a clause, reports it; its genitive author speaks, else the
    subject of the verb of making it that it hangs on ("выступила с", "сделал", "отреагировал"). PARC 3.0
    counts noun cues (Pareti 2016)."""
    for noun in sentence.tokens:
        if noun.lemma not in STATEMENT_NOUNS or noun.pos != "NOUN" or unit.in_quote(noun):
            continue
        children = sentence.children(noun)
        about = next((c for c in children if c.rel == "nmod" and c.index > noun.index
                      and any(g.rel == "case" and g.lemma in ("о", "об") for g in sentence.children(c))), None)
        if about is None:
            continue
        if about.text.lower() == "том":
            clause = next((c for c in sentence.children(about) if c.rel in ("acl", "acl:relcl", "ccomp")
                           and any(m.lemma == "что" for m in sentence.children(c))), None)
            content = clause_span(unit.text, sentence.subtree(clause)) if clause is not None else None
        else:
            content = trim(unit.text, *span_of(sentence.subtree(about, frozenset({"parataxis", "punct", "acl:relcl"}))))
            content = extend_over(*content, [(q.start, q.end) for q in unit.quotes if content[0] <= q.start < content[1]])
            if not any(content[0] <= q.start < content[1] and not is_name_quote(unit.text[q.start:q.end]) for q in unit.quotes):
                continue  # "заявления о переговорах": a topic, not words reported
        author = next((c for c in children if c.rel == "nmod" and noun.index < c.index < about.index
                       and c.pos in ("NOUN", "PROPN") and c.feats.get("Case") == "Gen"
                       and not any(g.rel == "case" for g in sentence.children(c))), None)
        verb = sentence.tokens[noun.head] if noun.head >= 0 and noun.rel in ("obl", "obj") else None
        if author is None and verb is not None and verb.lemma in MAKING_STATEMENT_VERBS:
            author = next((c for c in sentence.children(verb) if c.rel == "nsubj"), None)
        if author is None or content is None:
            continue
        yield from filter(None, [_make(unit, "nominal_cue", content, sentence, author, (noun.start, noun.stop), noun)])


def _document_source(sentence: Sentence, noun: Token) -> Token | None:
    """"согласно заявлению Белого дома" / "согласно газете «…»" / "свидетельства, согласно которым":
    a document introduced by "согласно" is a source, as "по данным" is (the gold set's labelling rule).
    Its author (a genitive after a document noun) speaks for it; a relative "который" stands for its
    antecedent."""
    if noun.lemma == "который":
        verb = sentence.tokens[noun.head] if noun.head >= 0 else None
        if verb is not None and verb.rel.startswith("acl") and verb.head >= 0:
            return sentence.tokens[verb.head]
        # the parser left the relative clause unattached: the noun phrase before the comma
        before = [t for t in sentence.tokens[:noun.index] if t.pos != "PUNCT" and t.lemma != "согласно"]
        antecedent = before[-1] if before and before[-1].pos in ("NOUN", "PROPN") else None
        while antecedent is not None and antecedent.rel == "nmod" and 0 <= antecedent.head < antecedent.index \
                and sentence.tokens[antecedent.head].pos in ("NOUN", "PROPN"):
            antecedent = sentence.tokens[antecedent.head]
        return antecedent
    if noun.pos not in ("NOUN", "PROPN") or noun.lemma in NORM_NOUNS:
        return None
    author = next((c for c in sentence.children(noun) if c.rel == "nmod" and c.index > noun.index
                   and c.feats.get("Case") == "Gen" and not any(g.rel == "case" for g in sentence.children(c))), None)
    return author if author is not None and noun.lemma in DOCUMENT_NOUNS else noun


def _cue_attribution(unit: RuUnit, sentence: Sentence, token: Token) -> RuAttribution | None:  # noqa: C901
    head = subject_of(sentence, token)
    quoting = token.lemma in QUOTING_VERBS
    if quoting:  # "цитирует «Росбалт» Сулика": the last noun after the verb is the quoted one, who speaks
        quoted = [c for c in sentence.children(token) if c.index > token.index and c.pos in ("NOUN", "PROPN")
                  and c.rel in ("obj", "nsubj", "iobj", "obl") and not any(g.rel == "case" for g in sentence.children(c))]
        head = quoted[-1] if quoted else head
    if head is None:
        return None
    cue_span = (token.start, token.stop)
    if token.lemma in LIGHT_VERB_CUES:  # "дал понять"
        cue_span = (sentence.tokens[token.head].start, token.stop)
    attention = next((c for c in sentence.children(token) if token.lemma in ATTENTION_VERBS and c.rel == "obj"
                      and c.lemma == ATTENTION_VERBS[token.lemma]), None)
    if attention is not None:  # "обратил внимание"
        cue_span = (token.start, attention.stop)
    mention = mention_tokens(sentence, head)
    source_span = span_of(mention) if mention else (head.start, head.stop)
    direct = adjacent_quotation(unit, token, source_span)
    if direct is not None:
        found = _make(unit, "dash_dialogue" if unit.dash else "direct_quote_with_cue", direct, sentence, head, cue_span,
                      token, "direct")
        if found is not None and quoting:
            found.flags.append("quoted_object")
        return found
    marker = next((c for c in sentence.children(token) if c.rel == "mark" and c.lemma == "как"), None)
    if marker is not None and _TEMPORAL_AS.search(unit.text[unit.start:marker.start]):
        marker = None  # "после того, как суд признал …": a conjunction, not "как сообщил X"
    if marker is not None and marker.index < token.index:
        # "Как заявил X, …": the phrase ends with the source's mention (the parse may hang the
        # content on it), then the content runs to the end of the unit.
        phrase_end = max(token.stop, span_of(mention)[1] if mention else head.stop)
        comma = unit.text.find(",", phrase_end, unit.end)
        content: tuple[int, int] | None = rest_of_unit(unit, (marker.start, phrase_end))
        if marker.start <= unit.start + 2 and comma > 0:
            content = trim(unit.text, comma, unit.end)
        return _make(unit, "parenthetical_cue", content, sentence, head, cue_span, token)
    clause = reported_clause(sentence, token)
    if clause is not None and not any(t.start <= token.start < t.stop for t in clause):
        reported = clause_span(unit.text, clause)
        if token.lemma in REQUEST_VERBS and (_ORDER_LEAD.match(unit.text, token.stop)
                                             or _PURPOSE.search(unit.text, 0, reported[0])):
            return None  # "просил, чтобы …", "призывают коллегию взять самоотвод, чтобы не …": a request, not a report
        return _make(unit, "verb_cue", reported, sentence, head, cue_span, token)
    if token.lemma in NAMING_VERBS:
        named = named_predicate(unit, sentence, token)
        if not named:
            return None
        if token.lemma in DEFINING_VERBS and not re.search(r"\bкак\b", unit.text[named[0]:named[1]]):
            return None  # "определит лучшую рецензию на альбом «…»": to determine, not to define as
        return _make(unit, "quoted_words_verb", trim(unit.text, *named), sentence, head, cue_span, token)
    if token.lemma in SPEECH_VERBS or token.lemma in EXPRESS_VERBS:  # "подчеркнули свою «поддержку …»": a quoted object
        said = quoted_object(unit, sentence, token)
        if said:
            return _make(unit, "quoted_words_verb", said, sentence, head, cue_span, token)
    if token.lemma in EXPLAINING_VERBS:
        explained = explained_reason(sentence, token)
        if explained:
            return _make(unit, "verb_cue", trim(unit.text, *explained), sentence, head, cue_span, token)
    last = max(token.index, head.index)
    own = [t for t in sentence.subtree(token, frozenset({"ccomp", "parataxis", "conj", "punct"})) if t.index <= last]
    clause_start = min(t.start for t in own) if own else token.start
    before = unit.text[unit.start:clause_start].rstrip()
    pointing = any(c.lemma in ANAPHORIC_OBJECTS for c in sentence.children(token) if c.rel in ("obl", "obj"))
    participle = token.feats.get("VerbForm") == "Part" and token.feats.get("Variant") != "Short"
    if before.endswith((",", "—", "–", "-", ":")) and has_letters(before) and (head.index > token.index or pointing) \
            and clause_start > unit.start and not participle:  # "книга «…», написанная X": an author, not a speaker
        if _SUBORDINATOR_LEAD.search(before):
            # "…, где, считают власти, он стал …": the cue is parenthetical inside the clause it opens
            phrase_end = max(token.stop, span_of(mention)[1] if mention else head.stop)
            comma = unit.text.find(",", phrase_end, unit.end)
            after = trim(unit.text, comma + 1, unit.end) if comma > 0 else None
            if after is not None and _RELATIVE_LEAD.search(before):
                stop = unit.text.find(",", after[0], after[1])
                after = trim(unit.text, after[0], stop) if stop > 0 else after
            return _make(unit, "parenthetical_cue", after, sentence, head, cue_span, token)
        if _SUBORDINATE_OPENING.match(unit.text[clause_start:token.start]):
            return None  # "…, чего опасались X", "…, когда о нём сообщил X": a subordinate clause, not the author's words
        return _make(unit, "trailing_attribution", trim(unit.text, unit.start, clause_start), sentence, head, cue_span, token)
    if token.lemma in SPEECH_VERBS and token.lemma not in NEEDS_CLAUSE \
            and not (token.lemma == "говорить" and token.feats.get("VerbForm") == "Conv"):  # "Говоря о …,": a topic
        about = about_phrase(sentence, token)
        if about:
            return _make(unit, "nominal_cue", trim(unit.text, *span_of(about)), sentence, head, cue_span, token)
    return None


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def analyse_unit(unit: RuUnit) -> list[RuAttribution]:
    """The unit's attributions, top-level first (empty: the narrator's)."""
    found: list[RuAttribution] = []
    for sentence in unit.sentences:
        found += list(_according(unit, sentence))
        found += list(_appeared_report(unit, sentence))
        found += list(_statement_noun(unit, sentence))
        found += [made for f in characterised_as(unit, sentence)
                  if (made := _make(unit, f.rule, f.content, f.sentence, f.head, f.cue, f.cue_token)) is not None]
        for token in sentence.tokens:
            if unit.in_quote(token) or not is_cue(sentence, token):
                continue
            attribution = _cue_attribution(unit, sentence, token)
            if attribution is not None:
                found.append(attribution)
    order = {"direct_quote_with_cue": 0, "dash_dialogue": 0}
    found.sort(key=lambda a: (order.get(a.rule, 1), a.cue[0] if a.cue else 0))
    kept: list[RuAttribution] = []
    for attribution in found:
        if any(_overlaps(attribution.cue, k.cue) or attribution.content == k.content or _overlaps(attribution.cue, k.source)
               or _overlaps(attribution.source, k.cue) for k in kept):
            continue
        if kept and _overlaps(attribution.content, kept[0].source):
            continue
        kept.append(attribution)
    kept += _second_quotations(unit, kept)
    kept += _shouts(unit, kept)
    return kept + _fallbacks(unit, kept)


def _fallbacks(unit: RuUnit, kept: list[RuAttribution]) -> list[RuAttribution]:
    """A headline "Name: «…»", then the quotations no rule attributed (:mod:`.fallbacks`)."""
    extra: list[RuAttribution] = []
    headline = colon_headline(unit) if not kept else None
    taken = [a.content for a in kept] + [a.source for a in kept if a.source is not None]
    for found in ([headline] if headline else []) + unattributed_quotations(unit, taken):
        if any(_overlaps(found.content, a.content) for a in extra):
            continue
        made = _make(unit, found.rule, found.content, found.sentence, found.head, found.cue, found.cue_token)
        if made is not None:
            extra.append(made)
            taken.append(made.content)
    return extra


def _shouts(unit: RuUnit, kept: list[RuAttribution]) -> list[RuAttribution]:
    """Shouted quotations (:func:`~.surface_rules.shouts`), nested in what else was found, unless already taken."""
    extra = []
    for sentence in unit.sentences:
        for f in shouts(unit, sentence):
            made = _make(unit, f.rule, f.content, f.sentence, f.head, f.cue, f.cue_token, "direct")
            if made is not None and not any(_overlaps(made.cue, k.cue) or made.content == k.content for k in kept):
                extra.append(made)
    return extra


def _second_quotations(unit: RuUnit, kept: list[RuAttribution]) -> list[RuAttribution]:
    """"«A», — говорит X, — «B»": a second pair of quotation marks after the author's words is X's too
    (a second statement with the same source and cue). One pair split by the author's words
    ("«A, — говорит X. — B»") stays one statement, as the gold set labels it."""
    extra = []
    for found in kept:
        if found.kind != "direct" or found.cue is None or found.source is None or found.content[1] > found.cue[0]:
            continue
        right = max(found.cue[1], found.source[1])
        following = next((q for q in unit.quotes if q.start >= right), None)
        if following is None or not SECOND_QUOTE_GAP.match(unit.text[right:following.start]) \
                or unit.text[following.start] not in "«„“\"'":
            continue
        if any(_overlaps((following.start, following.end), k.content) for k in kept):
            continue
        content = trim(unit.text, following.start, following.end)
        extra.append(replace(found, content=content, kind=unit.kind_of(content), flags=list(found.flags)))
    return extra
