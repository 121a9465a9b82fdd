"""What is said: the content a Russian cue reports (a "что" clause, an "о" phrase, a named
predicate «…», an instrumental reason, or the quotation beside the author's words)."""
from __future__ import annotations

import re

from analysis.attribution.quotes import quoted_chars
from analysis.attribution.russian.cues import (
    ANAPHORIC_OBJECTS,
    EXPRESS_VERBS,
    EXPRESSED_NOUNS,
    INSISTING_VERBS,
    INVITING_VERBS,
    NEEDS_CLAUSE,
    ORDER_VERBS,
    REQUEST_VERBS,
)
from analysis.attribution.russian.parsing import Sentence, Token
from analysis.attribution.russian.sources import is_cue
from analysis.attribution.russian.unit import RuUnit, is_name_quote, is_short_name, span_of
from analysis.attribution.spans import has_letters, trim

__all__ = ["PREPOSITION_BEFORE", "SECOND_QUOTE_GAP", "about_phrase", "adjacent_quotation", "clause_span", "embedded_quotation",
           "explained_reason", "named_predicate",
           "quoted_object", "rest_of_unit", "reported_clause"]

_AUTHOR_GAP = re.compile(r"^[\s,.!?…'\"]*[—–-]\s*$|^\s*,?\s*-\s*$|^\s*,\s*$")
#: "«…», — упавшим голосом сказала она": a few words of manner between the dash and the cue.
_AUTHOR_GAP_WITH_MANNER = re.compile(r"^['\"]*[,!?…]['\"]*\s*[—–-]\s+[^«»\"“„—–.;:!?,]{2,40}$")
_DASH = re.compile(r"[—–]")
_RELATIVE_AFTER = re.compile(r"\s*,\s*котор(?:ый|ая|ое|ые|ого|ой|ых|ому|ым|ую)\b")
#: "«A», — говорит X, — «B»" / "«A, — говорит X. — B»": a second quotation after the author's words.
SECOND_QUOTE_GAP = re.compile(r"^[\s,.'\"]*[—–-]\s*$")
_CLAUSE_LEAD = re.compile(r"^(?:[,\s]*(?:о|об)\s+том\s*,)?[,\s]*(?:что|чтобы|будто|как)\s+", re.IGNORECASE)
#: "виновным в «…»", "совместно с «…» X": quoted words governed by a preposition are a phrase of the
#: sentence (a title, a term, a scare quote), not a quotation that stands for a whole utterance.
PREPOSITION_BEFORE = re.compile(r"(?:^|[\s(])(?:в|во|с|со|к|ко|о|об|обо|на|за|от|из|из-за|для|по|при|против|без|у|через|"
                                r"над|под|перед|до|после|между|про|ради|вроде|среди|из-под)\s*$", re.IGNORECASE)
#: What may stand right after a direct quotation that follows its cue: the clause ends there.
_CLAUSE_ENDS = re.compile(r"^['\"»“”]*\s*(?:[,.;:!?…)—–-]|$)")


#: "письмо с благодарностью за то, что …": a "что" clause after "за то" (or "из-за того", "благодаря тому", …)
#: gives a reason or a circumstance, not what was said ("о том, что", "в том, что" do report).
_REASON_LEAD = re.compile(r"(?:^|\s)(?:за|из-за|благодаря|несмотря\s+на|после|вместо|ради|перед)\s+"
                          r"(?:то|того|тому|тем)\s*,$", re.IGNORECASE)
_LEADS = frozenset({",", "в", "о", "об", "том", ":"})
#: "подчеркнули важность отношений … в условиях развития «…»": at most this many words between a quoted
#: object's own words and the quotation that continues it.
MAX_OBJECT_GAP_WORDS = 6
#: "выразил «озабоченность» визитом …": at most this many words of the clause after a quoted object.
MAX_CLAUSE_REST_WORDS = 10


def reported_clause(sentence: Sentence, token: Token) -> list[Token] | None:
    """The reported clause: from "что" after the cue (its object, "в том", "о том" between) to the
    end of the sentence, or to a second cue joined to the first ("…, и отметил, что …"); else a
    ccomp ("заявил, что …"), a clause under "о том" / "уверенность в том"."""
    tokens = sentence.tokens
    i = token.index + 1
    # "заявил журналистам после вынесения вердикта в четверг, что …": the cue's own words, then "что"
    while i < len(tokens) and i <= token.index + 12 and tokens[i].lemma not in ("что", "чтобы", "будто") \
            and not (tokens[i].pos in ("VERB", "AUX") and tokens[i].feats.get("VerbForm") == "Fin") \
            and not (tokens[i].feats.get("VerbForm") == "Conv" and is_cue(sentence, tokens[i])) \
            and not (tokens[i].text in "«\"„" or tokens[i].text == ":"):
        i += 1
    lead_ok = i < len(tokens) and (tokens[i - 1].text == "," or tokens[i - 1].index == token.index) \
        and not (i < len(tokens) and _REASON_LEAD.search(" ".join(t.text for t in tokens[token.index + 1:i])))
    if lead_ok and tokens[i].lemma in ("что", "чтобы", "будто") and tokens[i].pos in ("SCONJ", "PRON"):
        end = len(tokens)
        for t in tokens[i + 1:]:
            if t.head == token.index and t.rel == "conj" and is_cue(sentence, t):
                end = t.index
                while end > i + 1 and (tokens[end - 1].pos in ("CCONJ", "PUNCT") and tokens[end - 1].text not in "»\"”"):
                    end -= 1
                break
            if _opens_own_clause(sentence, t):
                # "…, что A, и заявлял, что B" / "…, что A, министр X заявлял, что B": a second cue with its own
                # "что" clause ends the first content at the comma before it (wherever the parse hangs it)
                comma = next((c.index for c in reversed(tokens[i + 1:t.index]) if c.text == ","), None)
                if comma is not None:
                    end = comma
                    break
        body = list(tokens[i + 1:end])
        if body:
            return body
    for c in sentence.children(token):
        if c.rel == "ccomp":
            if token.lemma in REQUEST_VERBS and c.feats.get("VerbForm") == "Inf":
                return None  # "призывают коллегию взять самоотвод": a request, not a report
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


def _opens_own_clause(sentence: Sentence, t: Token) -> bool:
    """A cue verb (finite or a gerund) followed by ", что"."""
    nxt = sentence.tokens[t.index + 1:t.index + 3]
    return t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") in ("Fin", "Conv") and is_cue(sentence, t) \
        and len(nxt) == 2 and nxt[0].text == "," and nxt[1].lemma == "что"


def clause_span(text: str, tokens: list[Token]) -> tuple[int, int]:
    start, end = span_of(tokens)
    lead = _CLAUSE_LEAD.match(text[start:end])
    if lead:
        start += lead.end()
    return trim(text, start, end)


def about_phrase(sentence: Sentence, token: Token) -> list[Token] | None:
    """"заявил о своей невиновности", "настаивает на своей невиновности": the "о" ("на") phrase (not "об этом",
    which points back)."""
    prepositions = ("о", "об", "на") if token.lemma in INSISTING_VERBS else ("о", "об")
    for c in sentence.children(token):
        if c.rel in ("obl", "nmod") and c.index > token.index and any(
                g.rel == "case" and g.lemma in prepositions for g in sentence.children(c)):
            if c.lemma in ANAPHORIC_OBJECTS:
                return None
            return sentence.subtree(c, frozenset({"parataxis", "punct"}))
    # the parser may hang the phrase elsewhere ("сообщается о «нескольких» убитых …"): "о" right
    # after the cue, to the end of the sentence
    tokens = sentence.tokens
    after = tokens[token.index + 1:]
    if len(after) > 2 and after[0].lemma in ("о", "об") and after[0].pos == "ADP" and after[1].lemma not in ANAPHORIC_OBJECTS \
            and after[1].pos != "PRON":
        body = [t for t in after[1:] if not (t.pos == "PUNCT" and t.index == len(tokens) - 1)]
        if any(t.text in ",;" or (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin") for t in body):
            return None
        return body
    return None


def named_predicate(unit: RuUnit, sentence: Sentence, token: Token) -> tuple[int, int] | None:
    """"назвал выборы «мошенничеством»": object and predicate, one of them quoted."""
    # "охарактеризовал ситуацию как «очень опасную»": the parse hangs the "как" predicate on the verb as a clause
    parts = [c for c in sentence.children(token) if c.index > token.index and (
        c.rel in ("obj", "xcomp", "obl")
        or c.rel == "advcl" and any(g.rel == "mark" and g.lemma == "как" for g in sentence.children(c)))]
    if not parts:
        return None
    tokens = [t for p in parts for t in sentence.subtree(p, frozenset({"parataxis", "conj"}))]
    span = span_of(tokens)
    # "назвал «…» замечание X, который выразил …": the parse may hang the relative clause's words on the cue
    cut = _RELATIVE_AFTER.search(unit.text, span[0], span[1])
    if cut is not None and quoted_chars(unit.quotes, span[0], cut.start()):
        span = (span[0], cut.start())
    # the parser may hang the quoted predicate elsewhere ("назвал Max «альтернативой …» и подчеркнул"):
    # a quotation right after the object belongs to it
    following = next((q for q in unit.quotes if q.start >= span[1] and not has_letters(unit.text[span[1]:q.start])), None)
    if following is not None:
        span = (span[0], following.end)
    # "зовут писательницу «нашим Чеховым», сравнивая её с …": the parse may hang a later clause on the object;
    # a verb after a comma after the last quotation starts another clause, not the named predicate
    last = max((q.end for q in unit.quotes if span[0] <= q.start < span[1]), default=None)
    comma = unit.text.find(",", last, span[1]) if last is not None else -1
    after = next((t for t in sentence.tokens if t.start > comma), None) if comma >= 0 else None
    if after is not None and after.pos in ("VERB", "AUX"):
        span = (span[0], comma)
    # "назвало нападавшего «солдатом ИГ», который осуществил «операцию …»": a relative clause on the
    # quoted predicate that quotes again belongs to what was said
    relative = _RELATIVE_AFTER.match(unit.text, span[1])
    if relative is not None:
        end = trim(unit.text, span[1], unit.end)[1]
        if any(span[1] < q.start and q.end <= end for q in unit.quotes if not is_short_name(unit.text[q.start:q.end])):
            span = (span[0], end)
    if token.lemma in INVITING_VERBS and all(PREPOSITION_BEFORE.search(unit.text[span[0]:q.start])
                                            for q in unit.quotes if span[0] <= q.start < span[1]):
        return None  # "зовут жителей на «народный сход»": an invitation, not a name
    return span if quoted_chars(unit.quotes, *span) else None


def quoted_object(unit: RuUnit, sentence: Sentence, token: Token) -> tuple[int, int] | None:
    """"подчеркнули свою «непоколебимую поддержку …»": a speech verb's direct object that holds quoted
    words (several words, not a title) is what was said."""
    # "выразил «озабоченность»": one quoted word is enough for the object of "выразить", which is a cue
    # only with a word of attitude; a speech verb's object needs several (a short one may be a title)
    short_name = is_name_quote if token.lemma in EXPRESS_VERBS else is_short_name

    def quoted_in(span: tuple[int, int]) -> bool:
        return any(q.start < span[1] and span[0] < q.end and not short_name(unit.text[q.start:q.end]) for q in unit.quotes)

    objects = [c for c in sentence.children(token) if c.rel == "obj" and c.index > token.index]
    if not objects or token.lemma in NEEDS_CLAUSE:
        return None
    span = span_of(sentence.subtree(objects[0], frozenset({"parataxis", "conj", "acl:relcl"})))
    if any(q.start <= span[0] and span[1] <= q.end and (q.start, q.end) != span for q in unit.quotes):
        # an object inside someone's quotation (not one that is all quoted: "выразил «озабоченность»")
        return None
    following = next((q for q in unit.quotes if q.start >= span[1] and not has_letters(unit.text[span[1]:q.start])), None)
    if following is not None:
        span = (span[0], following.end)
    # "подчеркнули важность отношений … в условиях развития «…»": the object runs on to quoted words a few
    # words later, with no punctuation and no verb between (the parse may hang them anywhere)
    later = next((q for q in unit.quotes if q.start >= span[1]), None)
    if not quoted_in(span) and later is not None and not is_short_name(unit.text[later.start:later.end]):
        gap = unit.text[span[1]:later.start]
        verbs = [t for t in sentence.tokens if span[1] <= t.start < later.start and t.pos in ("VERB", "AUX")]
        if not re.search(r"[,;:.!?—–]", gap) and not verbs and len(gap.split()) <= MAX_OBJECT_GAP_WORDS:
            span = (span[0], later.end)
    if quoted_in(span) and unit.text[span[1] - 1] in "»\"“”":
        # "выразил «озабоченность» визитом …": the quoted object's phrase runs on to the end of its clause
        rest = unit.text[span[1]:unit.end]
        rest = rest[:next((i for i, ch in enumerate(rest) if ch in ',;:.!?«»"—–()'), len(rest))]
        if has_letters(rest) and len(rest.split()) <= MAX_CLAUSE_REST_WORDS and not any(
                span[1] <= t.start < span[1] + len(rest) and t.pos in ("VERB", "AUX") for t in sentence.tokens):
            span = (span[0], span[1] + len(rest))
    return trim(unit.text, *span) if quoted_in(span) else None


def explained_reason(sentence: Sentence, token: Token) -> tuple[int, int] | None:
    """"объяснил эту меру нежеланием Meta …": the object and the instrumental reason."""
    parts = [c for c in sentence.children(token) if c.index > token.index and c.rel in ("obj", "obl", "iobj", "xcomp")]
    if not any(p.rel == "obj" for p in parts) or not any(p.rel != "obj" and p.pos == "NOUN" and p.feats.get("Case") == "Ins"
                                                           for p in parts):
        return None
    return span_of([t for p in parts for t in sentence.subtree(p, frozenset({"parataxis", "conj", "punct"}))])


def _manner_only(unit: RuUnit, start: int, end: int) -> bool:
    """The gap is a dash and a few words with no verb of their own before the cue."""
    if not _AUTHOR_GAP_WITH_MANNER.match(unit.text[start:end]):
        return False
    return not any(start <= t.start < end and t.pos in ("VERB", "AUX") for s in unit.sentences for t in s.tokens)


def _last_in_unit(unit: RuUnit, quote_end: int) -> bool:
    return not has_letters(unit.text[quote_end:unit.end])


def embedded_quotation(unit: RuUnit, start: int, *, dashed: bool) -> bool:
    """A quotation inside a phrase: after a preposition ("виновным в «…» — …"), or, with no author's dash
    after it, after words that it continues ("производителя «Кто хочет стать миллионером?», цитирует X": a
    title; a quotation before its cue opens the unit or follows a colon or a dash)."""
    lead = unit.text[unit.start:start]
    if PREPOSITION_BEFORE.search(lead):
        return True
    return not dashed and has_letters(lead) and not lead.rstrip().endswith((":", "—", "–", "-", ".", "!", "?", "…"))


def adjacent_quotation(unit: RuUnit, cue: Token, source_span: tuple[int, int]) -> tuple[int, int] | None:  # noqa: C901
    """The quotation beside the attribution: before it ("«…», — заявил X") or after a colon ("X заявил: «…»")."""
    left = min(cue.start, source_span[0])
    right = max(cue.stop, source_span[1])
    before = [q for q in unit.quotes if q.end <= left and (_AUTHOR_GAP.match(unit.text[q.end:left])
                                                           or (left == cue.start and _manner_only(unit, q.end, left)))
              and not (is_short_name(unit.text[q.start:q.end]) and has_letters(unit.text[unit.start:q.start])
                       and not _DASH.search(unit.text[q.end:left]))  # "«Коммерсантъ», пишет …" vs "«…» — произносит X"
              and not embedded_quotation(unit, q.start, dashed=bool(_DASH.search(unit.text[q.end:left])))]
    if before:
        first = before[0]
        for q in reversed(unit.quotes):  # quotations joined by author-less text run together
            if q.end <= first.start and not has_letters(unit.text[q.end:first.start]):
                first = q
        return first.start, before[0].end
    after = [q for q in unit.quotes if q.start >= right]
    if after:
        gap = unit.text[right:after[0].start]
        colon = gap.rstrip().endswith(":") and len(gap) < 60 and "," not in gap and (
            cue.lemma not in NEEDS_CLAUSE
            # "Рейдел считает: «…»", "отвечает: «…»": a verb that otherwise needs a clause takes a
            # quotation of several words after a colon when it ends the unit (not an order: "потребовал:")
            or (cue.lemma not in ORDER_VERBS and _last_in_unit(unit, after[-1].end)
                and len(unit.text[after[0].start:after[0].end].split()) >= 3))
        # "Однако затем, заявил агентству X представитель Y, «…».": a comma, then the quotation ends the unit
        comma_then_quote = gap.strip() == "," and len(after) == 1 and _last_in_unit(unit, after[0].end) \
            and len(unit.text[after[0].start:after[0].end].split()) >= 3
        # "назвал «абсурдным» замечание X", "выразил «озабоченность» визитом": quoted words the clause goes on
        # after are a part of it (a named predicate, a quoted object), not a quotation of their own
        end = after[-1].end if not has_letters(unit.text[after[0].end:after[-1].start]) else after[0].end
        runs_on = not _CLAUSE_ENDS.match(unit.text[end:unit.end]) \
            or (is_name_quote(unit.text[after[0].start:end]) and end == after[0].end)  # "заявил «Вестнику», что …"
        if colon or comma_then_quote or (not has_letters(gap) and gap.strip() == "" and not runs_on):
            return after[0].start, end
        if _AUTHOR_GAP.match(gap.replace(".", ",")) and unit.dash:
            return after[0].start, after[0].end
    return None


def rest_of_unit(unit: RuUnit, phrase: tuple[int, int]) -> tuple[int, int] | None:
    """The unit without a parenthetical phrase: the longer side of it."""
    before = trim(unit.text, unit.start, phrase[0])
    after = trim(unit.text, phrase[1], unit.end)
    best = max((before, after), key=lambda s: s[1] - s[0])
    return best if has_letters(unit.text[best[0]:best[1]]) else None
