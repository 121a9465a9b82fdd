"""The named attribution rules for one sentence unit, tried in order (:data:`UNIT_RULES`).

Each rule reads a :class:`Unit` (a sentence, or sentences one quotation spans, with its spaCy
parse) and yields the attributions it finds, best first; it yields nothing when it does not
apply. The first attribution of the first rule that yields one is the unit's top-level
statement; further attributions with other cues become statements *nested* in it ("The
Kremlin defended …, with spokesman Dmitry Peskov attributing the measure to …": PolNeAR,
Newell et al. 2018, and PARC 3.0, Pareti 2016, annotate both). Rules that span several
units (quote continuation, colon introduction, speaker carry-over) live in
:mod:`analysis.attribution.statements`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from analysis.attribution.cue_syntax import (
    STRONG_CUES,
    as_clause_content,
    complement_span,
    cue_extent,
    is_cue,
    mention_span,
    shares_subject,
)
from analysis.attribution.cue_syntax import (
    according_to as find_according_to,
)
from analysis.attribution.cues import BELIEF_VERBS, NOMINAL_CUES, SPEECH_VERBS
from analysis.attribution.nominal import OWNER_PREPOSITIONS, headline_source, nominal_cues, roundup_source
from analysis.attribution.quote_syntax import direct_quote_span
from analysis.attribution.quote_syntax import (
    trailing_attribution as find_trailing_attribution,
)
from analysis.attribution.quotes import quoted_chars
from analysis.attribution.spans import extend_over, has_letters, trim
from analysis.attribution.unit import Attribution, Candidate, Unit

__all__ = ["NESTABLE", "UNIT_RULES", "Attribution", "Candidate", "Rule", "Unit", "analyse_unit"]


Rule = Callable[[Unit], Iterator[Attribution]]


def _cue_flags(token) -> list[str]:
    return ["belief_cue"] if token.lemma_.lower() in BELIEF_VERBS else []


def direct_quote_with_cue(unit: Unit) -> Iterator[Attribution]:
    """'"…," Peskov told journalists.' / 'X said: "…"': quotations beside a cue and its source,
    joined only by punctuation (AP Stylebook; PARC 3.0 direct quotes)."""
    for c in unit.candidates:
        if c.direct is not None:
            yield Attribution("direct", c.direct, c.source_span, c.cue_span, _cue_flags(c.token), "direct_quote_with_cue")


def colon_introduction(unit: Unit) -> Iterator[Attribution]:
    """'The ministry responded:' with the quotation in the next unit: the statement waits for it
    (completed by :mod:`.statements`, which falls back to narrator when no quotation follows)."""
    if unit.announces and unit.candidates:
        c = unit.candidates[0]
        yield Attribution("narrator", unit.bounds, c.source_span, c.cue_span, ["announces_quote"], "colon_introduction")


def _is_participial(c: Candidate) -> bool:
    """A participle, not a progressive ("…, alleging", "with X attributing"; not "is saying")."""
    return c.token.tag_ == "VBG" and not any(t.dep_ in ("aux", "auxpass") for t in c.token.children)


def _verb_content(unit: Unit, c: Candidate) -> tuple[int, int] | None:
    cue = c.token
    exclude = {t.i for t in c.source.subtree} if c.source.head == cue else set()
    complement = as_clause_content(cue, unit.offset, unit.bounds) or complement_span(cue, unit.offset, exclude)
    if complement is None:
        if cue.lemma_.lower() not in STRONG_CUES and not quoted_chars(unit.quotes, c.cue_span[1], unit.end):
            return None  # a cue with nothing said ("testified in 1998")
        complement = (c.cue_span[1], unit.end)
    content = extend_over(*trim(unit.text, *complement), unit.quotes)
    if content[1] <= min(c.source_span[0], c.cue_span[0]) and not any(q.start == content[0] for q in unit.quotes):
        content = (content[0], _quotes_after(unit, max(c.source_span[1], c.cue_span[1]), content[1]))
    return content if content[1] > content[0] else None


def _quotes_after(unit: Unit, attribution_end: int, end: int) -> int:
    """'… is "ten times the losses," he said. "Free trade helps …"': quotations that follow a
    trailing attribution to a paraphrase, with nothing but punctuation between, go on with its
    content (as for direct quotes); returns the new end of the content."""
    after = [q for q in unit.quotes if q.start >= attribution_end]
    if not after or has_letters(unit.text[attribution_end:after[0].start]) or has_letters(unit.text[after[-1].end:unit.end]):
        return end
    if any(has_letters(unit.text[a.end:b.start]) for a, b in zip(after, after[1:])):
        return end
    return after[-1].end


PARENTHETICAL_TAGS = frozenset("PROPN NOUN DET ADJ NUM PRON PART AUX ADV".split())


def parenthetical_cue(unit: Unit) -> Iterator[Attribution]:
    """'The plan, she said, would cost more.' / 'In particular, Will wrote, Christie can …': an
    attribution set off by commas inside the sentence it attributes; the whole sentence is the
    content, and the clause's own subject is not the speaker (PARC 3.0 parenthetical sources)."""
    if unit.text.count(",", unit.start, unit.end) < 2:
        return
    tokens = list(unit.span)
    for i, comma in enumerate(tokens):
        if comma.text != "," or unit.in_quote(comma):
            continue
        inner = []
        for token in tokens[i + 1:i + 8]:
            if token.text == ",":
                break
            inner.append(token)
        close = i + 1 + len(inner)
        if not inner or close >= len(tokens) or tokens[close].text != ",":
            continue
        verbs = [t for t in inner if t.pos_ == "VERB"]
        if len(verbs) != 1 or verbs[0].lemma_.lower() not in SPEECH_VERBS or any(c.dep_ == "ccomp" for c in verbs[0].children):
            continue
        noun_phrase = [t for t in inner if t is not verbs[0]]
        heads = [t for t in noun_phrase if t.pos_ in ("PROPN", "NOUN", "PRON")]
        if not heads or any(t.pos_ not in PARENTHETICAL_TAGS for t in noun_phrase):
            continue
        start, end = unit.offset + comma.idx, unit.offset + tokens[close].idx
        if not has_letters(unit.text[unit.start:start]) or not has_letters(unit.text[end + 1:unit.end]):
            continue
        side = [t for t in noun_phrase if (t.i < verbs[0].i) == (heads[0].i < verbs[0].i) and t.pos_ not in ("AUX", "ADV", "ADP")]
        source = (unit.offset + side[0].idx, unit.offset + side[-1].idx + len(side[-1].text))
        cue = (unit.offset + verbs[0].idx, unit.offset + verbs[0].idx + len(verbs[0].text))
        content = extend_over(*trim(unit.text, *unit.bounds), unit.quotes)
        yield Attribution(unit.kind_of(content), content, source, cue, [], "parenthetical_cue", 0.9)


def _modifies_noun(cue) -> bool:
    """A reduced relative ("measures added by Republicans"): the participle describes a noun,
    and news text rarely reports speech that way."""
    return cue.dep_ == "acl" and cue.tag_ == "VBN"  # relative clauses proper ("who said") do report speech


def verb_cue(unit: Unit) -> Iterator[Attribution]:
    """'Hugh Hill said the hospital was overwhelmed.': the subject of a reporting or belief verb
    is the source, its complement the content (Krestel et al. 2008; PARC 3.0). Named
    ``participial_cue`` when the cue is a participle that takes its source from the clause or
    noun it hangs on (', alleging the vote was rigged', 'with spokesman X attributing …';
    PolNeAR, Newell et al. 2018). Candidates are tried shallowest first."""
    for c in unit.candidates:
        if c.direct is not None or _modifies_noun(c.token):
            continue
        content = _verb_content(unit, c)
        if content is not None:
            name = "participial_cue" if _is_participial(c) else "verb_cue"
            yield Attribution(unit.kind_of(content), content, c.source_span, c.cue_span, _cue_flags(c.token), name)


def trailing_attribution(unit: Unit) -> Iterator[Attribution]:
    """'"…," Trump barked.': part-of-speech fallback when the parse misses a short attribution
    after a quotation that opens the unit."""
    first = unit.quotes[0] if unit.quotes else None
    if first is None:
        return
    if has_letters(unit.text[unit.start:first.start]):
        # 'He would be better "no matter what," one user commented.': a paraphrase ending in a
        # quotation, then the attribution ends the sentence (mixed).
        last = unit.quotes[-1]
        found = find_trailing_attribution(unit.text, unit.span, unit.offset, last)
        if found is not None and not has_letters(unit.text[max(found[0][1], found[1][1]):unit.end]) \
                and not has_letters(unit.text[last.end:min(found[0][0], found[1][0])]):
            content = trim(unit.text, unit.start, last.end)
            yield Attribution("mixed", content, *found, ["surface_attribution"], "trailing_attribution", 0.9)
        return
    found = find_trailing_attribution(unit.text, unit.span, unit.offset, first)
    if found is not None:
        direct = direct_quote_span(unit.text, unit.bounds, unit.quotes, *found)
        if direct is not None:
            yield Attribution("direct", direct, *found, ["surface_attribution"], "trailing_attribution", 0.9)


def _content_beside(unit: Unit, phrase: tuple[int, int]) -> tuple[int, int]:
    """The larger side of the unit around an attributing phrase ("According to X, CONTENT"),
    within the brackets that hold the phrase ("… (93 percent were white, according to exit polls) …")."""
    start, end = unit.start, unit.end
    opening = unit.text.rfind("(", start, phrase[0])
    closing = unit.text.find(")", phrase[1], end)
    if opening >= 0 and closing >= 0 and ")" not in unit.text[opening:phrase[0]]:
        start, end = opening + 1, closing
    if phrase[0] - start < end - phrase[1]:
        content = trim(unit.text, phrase[1], end)
    else:
        content = trim(unit.text, start, phrase[0])
    return extend_over(*content, unit.quotes)


def according_to(unit: Unit) -> Iterator[Attribution]:
    """'According to X, …' / '…, according to X.' (PARC 3.0 prepositional cues)."""
    found = find_according_to(unit.span, unit.offset, unit.in_quote)
    if found is None:
        return
    source, cue_span = found
    if source.lemma_.lower() in NOMINAL_CUES | {"report", "study", "survey", "poll"}:
        # "according to a statement by the ministry": the owner of the statement speaks.
        owners = [o for c in source.children if c.dep_ == "prep" and c.lower_ in OWNER_PREPOSITIONS
                  for o in c.children if o.dep_ == "pobj"]
        source = owners[0] if owners else source
    source_span = mention_span(source, unit.offset)
    phrase_end = max(source_span[1], unit.offset + source.right_edge.idx + len(source.right_edge.text))
    content = _content_beside(unit, (cue_span[0], phrase_end))
    if content[1] <= content[0]:
        return
    kind = unit.kind_of(content)
    if quoted_chars(unit.quotes, *content) >= 0.9 * (content[1] - content[0]):
        kind = "direct"
    yield Attribution(kind, content, source_span, cue_span, ["according_to"], "according_to")


def nominal_cue(unit: Unit) -> Iterator[Attribution]:
    """'his claim that …', 'the accusation that …', 'in a statement, X …': a noun of saying
    with its owner and its clause (PARC 3.0 and PolNeAR nominal cues; see :mod:`.nominal`)."""
    for source_span, cue_span, content in nominal_cues(unit):
        content = extend_over(content[0], content[1], unit.quotes)
        if content[1] > content[0]:
            yield Attribution(unit.kind_of(content), content, source_span, cue_span, ["nominal_cue"], "nominal_cue", 0.8)


def headline_colon(unit: Unit) -> Iterator[Attribution]:
    """'Obama: I'm optimistic Americans will say no to Trump': a headline gives its source's words
    after the source's name and a colon (headline style; see :mod:`.nominal`)."""
    found = headline_source(unit)
    if found is not None:
        source_span, cue_span, content = found
        content = extend_over(content[0], content[1], unit.quotes)
        quoted = quoted_chars(unit.quotes, *content) >= 0.9 * (content[1] - content[0])
        yield Attribution("direct" if quoted else unit.kind_of(content), content, source_span, cue_span, ["headline"],
                          "headline_colon", 0.85)


def roundup(unit: Unit) -> Iterator[Attribution]:
    """'Jane Smith, The Daily Planet: "…"': reaction round-ups name the speaker before a colon,
    with no verb at all (a convention of live blogs and press reviews)."""
    found = roundup_source(unit)
    if found is not None:
        source_span, cue_span, content = found
        yield Attribution("direct", content, source_span, cue_span, ["roundup"], "roundup", 0.85)


SPEAKING_PRONOUNS = frozenset("he she they we i".split())


def quoted_words_verb(unit: Unit) -> Iterator[Attribution]:
    """'She referenced the "Charleston loophole"', 'deemed him "well qualified"': any verb whose
    subject names someone and whose object holds a quotation of that someone's words (PolNeAR
    attributes quoted words to the subject whatever the verb; Newell et al. 2018)."""
    if not unit.quotes:
        return
    for token in unit.span:
        if token.pos_ != "VERB" or unit.in_quote(token) or is_cue(token, unit.in_quote):
            continue
        holder = token.head if shares_subject(token) else token  # "completed its review and deemed him "…""
        subjects = [c for c in holder.children if c.dep_ == "nsubj"]
        if not subjects or unit.in_quote(subjects[0]):
            continue
        subject = subjects[0]
        if not (subject.lower_ in SPEAKING_PRONOUNS or subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "NORP")):
            continue
        complement = complement_span(token, unit.offset, set())
        if complement is None or not quoted_chars(unit.quotes, *complement) or not _quotes_its_object(unit, token, complement):
            continue
        content = extend_over(*trim(unit.text, *complement), unit.quotes)
        inside = [q for q in unit.quotes if content[0] <= q.start < content[1]]
        if not any(_plain_words(unit.text[q.start:q.end]) for q in inside):
            continue  # 'released "Stranger Things"': a title or a name in quotation marks, not words said
        last = inside[-1]
        if unit.text[last.end:content[1]].lstrip()[:1] == "," or unit.text[last.end - 2:last.end].lstrip()[:1] == ",":
            content = (content[0], last.end)  # 'the "Charleston loophole," a flaw that …': the gloss is the narrator's
        cue = cue_extent(token, unit.offset)
        yield Attribution("mixed", content, mention_span(subject, unit.offset), cue, ["quoted_object"], "quoted_words_verb", 0.8)


_TITLE_CASE_SMALL = frozenset("a an and at by for in of on or the to with".split())


def _plain_words(quoted: str) -> bool:
    """Some word starts in lower case: words someone used, not a Title Case title or name."""
    words = re.findall(r"[^\W\d_][\w'’-]*", quoted)
    return any(w[0].islower() and w.lower() not in _TITLE_CASE_SMALL for w in words)


def _quotes_its_object(unit: Unit, verb, complement: tuple[int, int]) -> bool:
    """The quoted words of the complement belong to the verb's own phrase, not to a participle or
    adverbial clause inside it ('joined the group, publishing an op-ed hammering his "…"')."""
    for token in unit.span:
        pos = unit.offset + token.idx
        if not (complement[0] <= pos < complement[1]) or not unit.in_quote(token):
            continue
        for ancestor in token.ancestors:
            if ancestor.i == verb.i:
                break
            clause = ancestor.tag_ == "VBG" or ancestor.dep_ == "advcl"
            if clause and ancestor.pos_ in ("VERB", "AUX") and not unit.in_quote(ancestor):
                return False
    return True


#: The unit rules, in the order they are tried.
UNIT_RULES: tuple[Rule, ...] = (
    headline_colon, direct_quote_with_cue, colon_introduction, according_to, parenthetical_cue, verb_cue, trailing_attribution,
    nominal_cue, roundup, quoted_words_verb,
)
NESTABLE = frozenset({"direct_quote_with_cue", "verb_cue", "participial_cue", "according_to", "nominal_cue"})


def analyse_unit(unit: Unit) -> list[Attribution]:
    """The unit's top-level attribution (narrator when no rule applies), then those nested in it."""
    found: list[Attribution] = []
    for rule in UNIT_RULES:
        if found and rule.__name__ not in NESTABLE:
            continue  # only rules that can nest are tried once the top-level attribution is known
        for attribution in rule(unit):
            if not found:
                found.append(attribution)
                if attribution.kind == "narrator":
                    return found
            elif attribution.rule in NESTABLE and _nests(attribution, found):
                found.append(attribution)
    if not found:
        return [Attribution("narrator", unit.bounds)]
    for attribution in found:
        if attribution.kind != "narrator" and attribution.content[0] < unit.dateline < attribution.content[1]:
            attribution.content = (unit.dateline, attribution.content[1])
    return found[:1] + sorted(found[1:], key=lambda a: a.content)


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _inside(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and b[0] <= a[0] and a[1] <= b[1]


def _nests(child: Attribution, found: list[Attribution]) -> bool:
    """A second attribution in the unit: its own cue and source, and content that neither holds
    an earlier cue nor repeats an earlier content. Inside the top-level content only a participle
    counts ("…, with spokesman X attributing …"): a reported clause's own verbs ("said he knows
    that …") are mostly part of what was said, and PolNeAR rarely marks them; and the participle's
    source must be named inside that content too (a new voice, not the top speaker again).
    A belief nests only beside the top-level content, never inside it."""
    top = found[0]
    if "belief_cue" in child.flags and _overlaps(child.content, top.content):
        return False
    if _overlaps(child.cue, top.content) and (child.rule != "participial_cue" or not _inside(child.source, top.content)):
        return False
    for other in found:
        if _overlaps(child.cue, other.cue) or _overlaps(child.source, other.cue) or _overlaps(child.content, other.cue):
            return False
        if _overlaps(child.content, other.source) or child.content == other.content:
            return False
    return True

