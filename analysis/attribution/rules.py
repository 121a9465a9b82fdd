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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from analysis.attribution.cue_syntax import (
    STRONG_CUES,
    SUBJECT_DEPS,
    as_clause_content,
    complement_span,
    cue_extent,
    direct_quote_span,
    find_source,
    has_clause,
    infinitive,
    is_cue,
    mention_span,
    speaks_anyway,
)
from analysis.attribution.cue_syntax import (
    according_to as find_according_to,
)
from analysis.attribution.cue_syntax import (
    trailing_attribution as find_trailing_attribution,
)
from analysis.attribution.cues import BELIEF_VERBS, NEEDS_CLAUSE, NOMINAL_CUES, SPEECH_VERBS
from analysis.attribution.nominal import OWNER_PREPOSITIONS, dateline_end, nominal_cues, roundup_source
from analysis.attribution.quotes import Quote, quoted_chars
from analysis.attribution.spans import extend_over, has_letters, trim
from analysis.schema import Kind


@dataclass
class Attribution:
    """What a rule says about who speaks in a unit (before speaker resolution).

    ``confidence`` is the rule's confidence that ``source`` is the speaker's mention.
    """

    kind: Kind
    content: tuple[int, int]
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    flags: list[str] = field(default_factory=list)
    rule: str = "narrator"
    confidence: float = 1.0


class Candidate(NamedTuple):
    """A cue verb of the unit with its source; ``direct``: the quotation it introduces, if any."""

    token: Any  # spacy Token
    source: Any  # spacy Token
    source_span: tuple[int, int]
    cue_span: tuple[int, int]
    direct: tuple[int, int] | None
    depth: int
    in_lexicon: bool = True


@dataclass
class Unit:
    """A sentence unit ``text[start:end]`` of a paragraph parsed as ``doc`` (at ``offset``)."""

    text: str
    doc: object
    offset: int
    start: int
    end: int
    quotes: list[Quote]

    @cached_property
    def span(self):
        return self.doc.char_span(self.start - self.offset, self.end - self.offset, alignment_mode="expand")

    def in_quote(self, token) -> bool:
        pos = self.offset + token.idx
        return any(q.start <= pos < q.end for q in self.quotes)

    @property
    def bounds(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def announces(self) -> bool:
        """Ends in a colon with no quotation: the words follow ("Breitbart News responded:")."""
        return not self.quotes and self.text[self.start:self.end].rstrip().endswith(":")

    @cached_property
    def dateline(self) -> int:
        """End of a dateline opening the unit ("WASHINGTON (AFP) -"), else the unit's start."""
        return dateline_end(self.text, self.offset, self.start, self.end)

    @cached_property
    def candidates(self) -> list[Candidate]:
        """Cue verbs with a source outside quotations, direct ones first, then by parse depth."""
        found = []
        for token in self.span:
            in_lexicon = is_cue(token, self.in_quote)
            if not in_lexicon and not (self.quotes and token.pos_ == "VERB" and not self.in_quote(token)):
                continue
            source = find_source(token)
            if source is None or self.in_quote(source):
                continue
            lemma = token.lemma_.lower()
            own_subject = any(c.dep_ in SUBJECT_DEPS for c in token.children) or source.i == token.head.i \
                or infinitive(token)
            if not own_subject and not speaks_anyway(token):
                continue
            source_span = mention_span(source, self.offset)
            if source_span[0] < self.dateline:
                if source_span[1] <= self.dateline:
                    continue  # the dateline's place is nobody's voice
                source_span = (self.dateline, source_span[1])
            cue_span = cue_extent(token, self.offset)
            direct = direct_quote_span(self.text, self.bounds, self.quotes, source_span, cue_span)
            if not in_lexicon and direct is None:
                continue  # any verb beside a quotation is its cue ("…," Trump barked.); others need the lexicon
            if lemma in NEEDS_CLAUSE and direct is None and not self.announces and not has_clause(token) \
                    and as_clause_content(token, 0, (0, 0)) is None:
                complement = complement_span(token, self.offset, set())
                if not complement or not quoted_chars(self.quotes, *complement):
                    continue  # "called the police" is no attribution; "called it “arbitrary”" is
            found.append(Candidate(token, source, source_span, cue_span, direct, len(list(token.ancestors)), in_lexicon))
        return sorted(found, key=self._preference)

    @staticmethod
    def _preference(c: Candidate) -> tuple:
        """Direct quotations first, and among them a lexicon cue before any other verb ('took note
        of …, writing: "…"' → "writing"), then the shallowest, then the nearest; then other cues,
        shallowest first."""
        if c.direct is None:
            return (1, 0, c.depth, c.token.i)
        distance = min(abs(c.cue_span[0] - c.direct[1]), abs(c.direct[0] - c.cue_span[1]))
        return (0, not c.in_lexicon, c.depth, distance)

    def kind_of(self, content: tuple[int, int]) -> Kind:
        return "mixed" if quoted_chars(self.quotes, *content) else "indirect"


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
    return content if content[1] > content[0] else None


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
    if first is None or has_letters(unit.text[unit.start:first.start]):
        return
    found = find_trailing_attribution(unit.text, unit.span, unit.offset, first)
    if found is not None:
        direct = direct_quote_span(unit.text, unit.bounds, unit.quotes, *found)
        if direct is not None:
            yield Attribution("direct", direct, *found, ["surface_attribution"], "trailing_attribution", 0.9)


def _content_beside(unit: Unit, phrase: tuple[int, int]) -> tuple[int, int]:
    """The larger side of the unit around an attributing phrase ("According to X, CONTENT")."""
    if phrase[0] - unit.start < unit.end - phrase[1]:
        content = trim(unit.text, phrase[1], unit.end)
    else:
        content = trim(unit.text, unit.start, phrase[0])
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


def roundup(unit: Unit) -> Iterator[Attribution]:
    """'Jane Smith, The Daily Planet: "…"': reaction round-ups name the speaker before a colon,
    with no verb at all (a convention of live blogs and press reviews)."""
    found = roundup_source(unit)
    if found is not None:
        source_span, cue_span, content = found
        yield Attribution("direct", content, source_span, cue_span, ["roundup"], "roundup", 0.85)


#: The unit rules, in the order they are tried.
UNIT_RULES: tuple[Rule, ...] = (
    direct_quote_with_cue, colon_introduction, parenthetical_cue, verb_cue, trailing_attribution,
    according_to, nominal_cue, roundup,
)
NESTABLE = frozenset({"verb_cue", "participial_cue", "according_to", "nominal_cue"})


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

