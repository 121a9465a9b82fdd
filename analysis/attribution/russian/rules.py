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
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from analysis.attribution.quotes import Quote, quoted_chars
from analysis.attribution.russian.cues import (
    ANAPHORIC_OBJECTS,
    BELIEF_ADJECTIVES,
    BELIEF_VERBS,
    EXPLAINING_VERBS,
    EXPRESS_VERBS,
    EXPRESSED_NOUNS,
    LIGHT_VERB_CUES,
    NAMING_VERBS,
    NEEDS_CLAUSE,
    ORDER_VERBS,
    QUOTING_VERBS,
    SPEECH_VERBS,
)
from analysis.attribution.russian.parsing import Sentence, Token
from analysis.attribution.spans import has_letters, strip_span, trim
from analysis.schema import Kind

__all__ = ["RuAttribution", "RuUnit", "analyse_unit"]

SUBJECTS = frozenset({"nsubj", "nsubj:pass"})
#: Children that are not part of a speaker's mention (relative clauses, asides, the next clause).
NOT_MENTION = frozenset({"acl:relcl", "acl", "parataxis", "ccomp", "advcl", "punct", "conj:relcl"})
SOURCE_PREPOSITIONS = frozenset({"в", "во", "у"})
#: Possessives that stand before "словам" / "мнению": "по его словам", "по её мнению".
POSSESSIVES = frozenset({"его", "ее", "её", "их"})
#: Rule confidence that the source is the speaker (named quote is surest, a trailing phrase least).
CONFIDENCE = {"direct_quote_with_cue": 0.95, "dash_dialogue": 0.95, "according_to": 0.9, "parenthetical_cue": 0.9,
              "verb_cue": 0.9, "nominal_cue": 0.85, "quoted_words_verb": 0.85, "trailing_attribution": 0.85}
_AUTHOR_GAP = re.compile(r"^[\s,.!?…]*[—–-]\s*$|^\s*,?\s*-\s*$|^\s*,\s*$")
_CLAUSE_LEAD = re.compile(r"^(?:[,\s]*(?:о|об)\s+том\s*,)?[,\s]*(?:что|чтобы|будто|как)\s+", re.IGNORECASE)
_ORDER_LEAD = re.compile(r"[\s,]*(?:о\s+том\s*,\s*)?чтобы\b", re.IGNORECASE)
_RELATIVE_LEAD = re.compile(r"(?:^|[\s,])(?:где|куда|откуда|котор(?:ый|ая|ое|ые|ого|ой|ых|ому|ым|ую))\s*,$", re.IGNORECASE)
_ACCORDING_FORMS = re.compile(r"^(?:словам|данным|мнению|сообщению|сообщениям|сведениям|информации|оценке|оценкам|"
                              r"версии|подсчётам|подсчетам)$", re.IGNORECASE)


@dataclass
class RuAttribution:
    """An attribution in a Russian unit; ``source_tokens`` and ``cue_token`` feed speaker resolution."""

    kind: Kind
    content: tuple[int, int]
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    rule: str = "narrator"
    confidence: float = 1.0
    flags: list[str] = field(default_factory=list)
    source_tokens: tuple[Token, ...] = ()
    source_head: Token | None = None
    cue_token: Token | None = None


@dataclass
class RuUnit:
    """Sentences ``text[start:end]`` (one, or several that a quotation spans) and their quotes."""

    text: str
    start: int
    end: int
    sentences: list[Sentence]
    quotes: list[Quote]
    dash: bool = False  # the quotes come from dash dialogue

    def in_quote(self, token: Token) -> bool:
        return any(q.start <= token.start < q.end for q in self.quotes)

    def kind_of(self, content: tuple[int, int]) -> Kind:
        inside = quoted_chars(self.quotes, *content)
        letters = sum(ch.isalnum() for ch in self.text[content[0]:content[1]])
        quoted_letters = sum(ch.isalnum() for q in self.quotes
                             for ch in self.text[max(q.start, content[0]):min(q.end, content[1])])
        if inside and quoted_letters >= letters:
            return "direct"
        quoted_words = [q for q in self.quotes if q.start < content[1] and content[0] < q.end
                        and not _is_name_quote(self.text[q.start:q.end])]
        return "mixed" if quoted_words else "indirect"


def _span(tokens) -> tuple[int, int]:
    return min(t.start for t in tokens), max(t.stop for t in tokens)


def _mention_tokens(sentence: Sentence, head: Token) -> list[Token]:
    tokens = sentence.subtree(head, NOT_MENTION)
    # a contiguous run around the head: an aside in commas is not the mention
    while tokens and tokens[0].pos == "ADP" and tokens[0].lemma in SOURCE_PREPOSITIONS:
        tokens = tokens[1:]
    while tokens and tokens[-1].pos == "PUNCT" and tokens[-1].text not in "»\")”":
        tokens = tokens[:-1]
    while tokens and tokens[0].pos == "PUNCT" and tokens[0].text not in "«\"(“„":
        tokens = tokens[1:]
    return tokens


def _subject(sentence: Sentence, verb: Token, depth: int = 0) -> Token | None:
    """The cue's source: its subject, its "в X" adjunct, or its head verb's (gerunds, conjuncts)."""
    children = sentence.children(verb)
    subject = next((c for c in children if c.rel in SUBJECTS), None)
    if subject is not None:
        if subject.lemma == "который" and verb.rel.startswith("acl") and verb.head >= 0:
            return sentence.tokens[verb.head]
        return subject
    impersonal = verb.lemma in ("говориться", "сообщаться", "отмечаться", "указываться")
    for c in children:
        in_phrase = c.rel in ("obl", "nmod") and any(g.rel == "case" and g.lemma in ("в", "во") for g in sentence.children(c))
        if not in_phrase or c.lemma in ("время", "ход", "рамка", "день", "год", "месяц", "неделя"):
            continue
        if impersonal or (verb.feats.get("Number") == "Plur" and c.index > verb.index - 6):
            return c
    if depth < 2 and verb.head >= 0 and (verb.feats.get("VerbForm") == "Conv" or verb.rel in ("conj", "xcomp")):
        return _subject(sentence, sentence.tokens[verb.head], depth + 1)
    return _agreeing_nominative(sentence, verb) if depth == 0 else None


def _agrees(noun: Token, verb: Token) -> bool:
    number = verb.feats.get("Number")
    if number and noun.feats.get("Number") and number != noun.feats.get("Number"):
        return False
    gender = verb.feats.get("Gender")
    return not (number == "Sing" and gender and noun.feats.get("Gender") and gender != noun.feats.get("Gender")
                and noun.feats.get("Animacy") != "Anim")


def _agreeing_nominative(sentence: Sentence, verb: Token) -> Token | None:
    """The parser missed the subject ("Также на заседании Председатель … заявил"): the nearest
    nominative noun of the same clause that agrees with the verb, before it, else right after it."""
    def usable(t: Token) -> bool:
        return t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == "Nom" and _agrees(t, verb) \
            and not any(c.rel == "case" for c in sentence.children(t))
    for t in reversed(sentence.tokens[:verb.index]):
        if t.text in ",;:—–" and t.index < verb.index - 1:
            break
        if usable(t):
            return t
    for t in sentence.tokens[verb.index + 1:verb.index + 6]:
        if t.pos == "PUNCT":
            break
        if usable(t):
            return t
    return None


def _is_cue(sentence: Sentence, token: Token) -> bool:
    if token.lemma in SPEECH_VERBS or token.lemma in BELIEF_VERBS or token.lemma in NAMING_VERBS:
        return token.pos in ("VERB", "AUX")
    if token.pos == "ADJ" and token.feats.get("Variant") == "Short":  # pymorphy2 lemmatises "уверена" as "уверить"
        return token.lemma in BELIEF_ADJECTIVES or token.text.lower().replace("ё", "е").startswith(("уверен", "убежден"))
    if token.lemma in EXPRESS_VERBS:
        return any(c.rel == "obj" and c.lemma in EXPRESSED_NOUNS for c in sentence.children(token))
    if token.lemma in LIGHT_VERB_CUES and token.head >= 0:  # "дал понять, что …"
        return sentence.tokens[token.head].lemma in LIGHT_VERB_CUES[token.lemma]
    return False


_LEADS = frozenset({",", "в", "о", "об", "том", ":"})


def _clause(sentence: Sentence, token: Token) -> list[Token] | None:
    """The reported clause: from "что" after the cue (its object, "в том", "о том" between) to the
    end of the sentence, or to a second cue joined to the first ("…, и отметил, что …"); else a
    ccomp ("заявил, что …"), a clause under "о том" / "уверенность в том"."""
    tokens = sentence.tokens
    i = token.index + 1
    # "заявил журналистам после вынесения вердикта в четверг, что …": the cue's own words, then "что"
    while i < len(tokens) and i <= token.index + 12 and tokens[i].lemma not in ("что", "чтобы", "будто") \
            and not (tokens[i].pos in ("VERB", "AUX") and tokens[i].feats.get("VerbForm") == "Fin") \
            and not (tokens[i].text in "«\"„" or tokens[i].text == ":"):
        i += 1
    lead_ok = i < len(tokens) and (tokens[i - 1].text == "," or tokens[i - 1].index == token.index)
    if lead_ok and tokens[i].lemma in ("что", "чтобы", "будто") and tokens[i].pos in ("SCONJ", "PRON"):
        end = len(tokens)
        for t in tokens[i + 1:]:
            if t.head == token.index and t.rel == "conj" and _is_cue(sentence, t):
                end = t.index
                while end > i + 1 and (tokens[end - 1].pos in ("CCONJ", "PUNCT") and tokens[end - 1].text not in "»\"”"):
                    end -= 1
                break
        body = list(tokens[i + 1:end])
        if body:
            return body
    for c in sentence.children(token):
        if c.rel == "ccomp":
            return sentence.subtree(c)
        if c.rel in ("obj", "obl") and (c.lemma in EXPRESSED_NOUNS or c.lemma == "то"):
            for g in sentence.children(c):
                if g.rel in ("acl", "ccomp", "acl:relcl") and any(m.lemma in ("что", "чтобы") for m in sentence.children(g)):
                    return sentence.subtree(g)
                if g.rel in ("obl", "nmod") and g.lemma == "то":
                    for h in sentence.children(g):
                        if h.rel in ("acl", "ccomp", "acl:relcl"):
                            return sentence.subtree(h)
    return None


def _clause_span(text: str, tokens: list[Token]) -> tuple[int, int]:
    start, end = _span(tokens)
    lead = _CLAUSE_LEAD.match(text[start:end])
    if lead:
        start += lead.end()
    return trim(text, start, end)


def _about(sentence: Sentence, token: Token) -> list[Token] | None:
    """"заявил о своей невиновности": the "о" phrase (not "об этом", which points back)."""
    for c in sentence.children(token):
        if c.rel in ("obl", "nmod") and c.index > token.index and any(
                g.rel == "case" and g.lemma in ("о", "об") for g in sentence.children(c)):
            if c.lemma in ANAPHORIC_OBJECTS:
                return None
            return sentence.subtree(c, frozenset({"parataxis", "punct"}))
    return None


def _naming(unit: RuUnit, sentence: Sentence, token: Token) -> tuple[int, int] | None:
    """"назвал выборы «мошенничеством»": object and predicate, one of them quoted."""
    parts = [c for c in sentence.children(token) if c.rel in ("obj", "xcomp", "obl") and c.index > token.index]
    if not parts:
        return None
    tokens = [t for p in parts for t in sentence.subtree(p, frozenset({"parataxis", "conj"}))]
    span = _span(tokens)
    # the parser may hang the quoted predicate elsewhere ("назвал Max «альтернативой …» и подчеркнул"):
    # a quotation right after the object belongs to it
    following = next((q for q in unit.quotes if q.start >= span[1] and not has_letters(unit.text[span[1]:q.start])), None)
    if following is not None:
        span = (span[0], following.end)
    return span if quoted_chars(unit.quotes, *span) else None


def _explained(sentence: Sentence, token: Token) -> tuple[int, int] | None:
    """"объяснил эту меру нежеланием Meta …": the object and the instrumental reason."""
    parts = [c for c in sentence.children(token) if c.index > token.index and c.rel in ("obj", "obl", "iobj", "xcomp")]
    if not any(p.rel == "obj" for p in parts) or not any(p.rel != "obj" and p.pos == "NOUN" and p.feats.get("Case") == "Ins"
                                                           for p in parts):
        return None
    return _span([t for p in parts for t in sentence.subtree(p, frozenset({"parataxis", "conj", "punct"}))])


def _direct(unit: RuUnit, cue: Token, source_span: tuple[int, int]) -> tuple[int, int] | None:  # noqa: C901
    """The quotation beside the attribution: before it ("«…», — заявил X") or after a colon ("X заявил: «…»")."""
    left = min(cue.start, source_span[0])
    right = max(cue.stop, source_span[1])
    before = [q for q in unit.quotes if q.end <= left and _AUTHOR_GAP.match(unit.text[q.end:left])
              and not (_is_short_name(unit.text[q.start:q.end]) and has_letters(unit.text[unit.start:q.start]))]
    if before:
        first = before[0]
        for q in reversed(unit.quotes):  # quotations joined by author-less text run together
            if q.end <= first.start and not has_letters(unit.text[q.end:first.start]):
                first = q
        return first.start, before[0].end
    after = [q for q in unit.quotes if q.start >= right]
    if after:
        gap = unit.text[right:after[0].start]
        colon = gap.rstrip().endswith(":") and len(gap) < 60 and "," not in gap and cue.lemma not in NEEDS_CLAUSE
        if colon or (not has_letters(gap) and gap.strip() == ""):
            return after[0].start, after[-1].end if not has_letters(unit.text[after[0].end:after[-1].start]) else after[0].end
        if _AUTHOR_GAP.match(gap.replace(".", ",")) and unit.dash:
            return after[0].start, after[0].end
    return None


def _rest(unit: RuUnit, phrase: tuple[int, int]) -> tuple[int, int] | None:
    """The unit without a parenthetical phrase: the longer side of it."""
    before = trim(unit.text, unit.start, phrase[0])
    after = trim(unit.text, phrase[1], unit.end)
    best = max((before, after), key=lambda s: s[1] - s[0])
    return best if has_letters(unit.text[best[0]:best[1]]) else None


def _is_name_quote(quoted: str) -> bool:
    """A title or name in quotation marks ("Спартак", «Единая Россия»): capitalised and short. It
    does not make a paraphrase mixed (the gold set's labelling rule)."""
    inner = quoted.strip("«»\"“”„' ")
    return _is_short_name(quoted) and inner[:1].isupper()


def _is_short_name(quoted: str) -> bool:
    inner = quoted.strip("«»\"“”„' ")
    return len(inner.split()) <= 4 and not any(ch in inner for ch in ",.!?:;")


def _quoted_name(unit: RuUnit, head: Token, content: tuple[int, int]) -> bool:
    """The source is a name in quotation marks ("пишет «Коммерсантъ»", пишет "Житье-бытье"): a short
    quotation (at most four words, no sentence punctuation) outside the content."""
    for q in unit.quotes:
        if q.start <= head.start < q.end:
            return _is_short_name(unit.text[q.start:q.end]) and (q.end <= content[0] or q.start >= content[1])
    return True


def _make(unit: RuUnit, rule: str, content, sentence: Sentence, head: Token | None, cue_span, cue_token,
          kind: Kind | None = None) -> RuAttribution | None:
    if content is None or not has_letters(unit.text[content[0]:content[1]]) or head is None:
        return None
    if unit.in_quote(head) and not _quoted_name(unit, head, content):
        return None
    tokens = _mention_tokens(sentence, head)
    if cue_token is not None and cue_token in sentence.tokens:  # a mis-attached word across the cue is not the source's
        side = head.index < cue_token.index
        tokens = [t for t in tokens if (t.index < cue_token.index) == side]
    if not tokens:
        return None
    source = strip_span(unit.text, *_span(tokens))
    mention = unit.text[source[0]:source[1]]
    if mention.count("«") > mention.count("»") and unit.text[source[1]:source[1] + 1] == "»":
        source = (source[0], source[1] + 1)  # the closing mark of a name in the mention
    if source[0] < content[1] and content[0] < source[1]:
        return None
    return RuAttribution(kind or unit.kind_of(content), content, source, cue_span, rule, CONFIDENCE[rule],
                         source_tokens=tuple(tokens), source_head=head, cue_token=cue_token)


def _according(unit: RuUnit, sentence: Sentence) -> Iterator[RuAttribution]:
    for token in sentence.tokens:
        if token.lemma != "по" or unit.in_quote(token) or token.head < 0:
            continue
        noun = sentence.tokens[token.head]
        between = sentence.tokens[token.index + 1:noun.index]
        if not _ACCORDING_FORMS.match(noun.text) or any(t.text.lower() not in POSSESSIVES for t in between) \
                or noun.index <= token.index:
            continue
        owners = [c for c in sentence.children(noun) if c.rel in ("nmod", "appos", "amod", "det")
                  and (c.index > noun.index or c.text.lower() in POSSESSIVES)]
        owner = next((c for c in owners if c.rel == "nmod"), owners[0] if owners else None)
        if owner is None:
            continue
        phrase_tokens = [token] + sentence.subtree(noun, frozenset({"punct", "parataxis", "ccomp"}))
        phrase = _span([t for t in phrase_tokens if t.index <= max([noun.index] + [x.index for x in sentence.subtree(owner)])])
        before = unit.text[unit.start:phrase[0]].rstrip()
        if before and not before.endswith((",", "—", "–", ":", "(", " что")):
            continue  # "поездка по оценке ситуации": not a source phrase
        after = strip_span(unit.text, phrase[1], unit.end, ",;:—–-)»\"”", tail=".")
        if _RELATIVE_LEAD.search(before):  # "где, по данным опросов, лидирует X, …": the relative clause only
            comma = unit.text.find(",", after[0], after[1])
            if comma > 0:
                after = trim(unit.text, after[0], comma)
        content = after if has_letters(unit.text[after[0]:after[1]]) else _rest(unit, phrase)
        yield from filter(None, [_make(unit, "according_to", content, sentence, owner, (token.start, noun.stop), noun)])


def _cue_attribution(unit: RuUnit, sentence: Sentence, token: Token) -> RuAttribution | None:  # noqa: C901
    head = _subject(sentence, token)
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
    mention = _mention_tokens(sentence, head)
    source_span = _span(mention) if mention else (head.start, head.stop)
    direct = _direct(unit, token, source_span)
    if direct is not None:
        found = _make(unit, "dash_dialogue" if unit.dash else "direct_quote_with_cue", direct, sentence, head, cue_span,
                      token, "direct")
        if found is not None and quoting:
            found.flags.append("quoted_object")
        return found
    marker = next((c for c in sentence.children(token) if c.rel == "mark" and c.lemma == "как"), None)
    if marker is not None and marker.index < token.index:
        # "Как заявил X, …": the phrase ends with the source's mention (the parse may hang the
        # content on it), then the content runs to the end of the unit.
        phrase_end = max(token.stop, _span(mention)[1] if mention else head.stop)
        comma = unit.text.find(",", phrase_end, unit.end)
        content: tuple[int, int] | None = _rest(unit, (marker.start, phrase_end))
        if marker.start <= unit.start + 2 and comma > 0:
            content = trim(unit.text, comma, unit.end)
        return _make(unit, "parenthetical_cue", content, sentence, head, cue_span, token)
    clause = _clause(sentence, token)
    if clause is not None and not any(t.start <= token.start < t.stop for t in clause):
        if token.lemma in ORDER_VERBS and _ORDER_LEAD.match(unit.text, token.stop):
            return None
        return _make(unit, "verb_cue", _clause_span(unit.text, clause), sentence, head, cue_span, token)
    if token.lemma in NAMING_VERBS:
        named = _naming(unit, sentence, token)
        if not named:
            return None
        return _make(unit, "quoted_words_verb", trim(unit.text, *named), sentence, head, cue_span, token)
    if token.lemma in EXPLAINING_VERBS:
        explained = _explained(sentence, token)
        if explained:
            return _make(unit, "verb_cue", trim(unit.text, *explained), sentence, head, cue_span, token)
    last = max(token.index, head.index)
    own = [t for t in sentence.subtree(token, frozenset({"ccomp", "parataxis", "conj", "punct"})) if t.index <= last]
    clause_start = min(t.start for t in own) if own else token.start
    before = unit.text[unit.start:clause_start].rstrip()
    pointing = any(c.lemma in ANAPHORIC_OBJECTS for c in sentence.children(token) if c.rel in ("obl", "obj"))
    if before.endswith((",", "—", "–", "-", ":")) and has_letters(before) and (head.index > token.index or pointing) \
            and clause_start > unit.start:
        return _make(unit, "trailing_attribution", trim(unit.text, unit.start, clause_start), sentence, head, cue_span, token)
    if token.lemma in SPEECH_VERBS and token.lemma not in NEEDS_CLAUSE:
        about = _about(sentence, token)
        if about:
            return _make(unit, "nominal_cue", trim(unit.text, *_span(about)), sentence, head, cue_span, token)
    return None


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def analyse_unit(unit: RuUnit) -> list[RuAttribution]:
    """The unit's attributions, top-level first (empty: the narrator's)."""
    found: list[RuAttribution] = []
    for sentence in unit.sentences:
        found += list(_according(unit, sentence))
        for token in sentence.tokens:
            if unit.in_quote(token) or not _is_cue(sentence, token):
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
    return kept
