"""A sentence unit and the cue candidates in it: what every rule of :mod:`.rules` reads.

A unit is a sentence, or the sentences one quotation spans, with its spaCy parse. Its
candidates are the verbs that may attribute speech or belief in it, with their sources and,
where they stand beside a quotation, the direct quotation (PARC 3.0, Pareti 2016; PolNeAR,
Newell et al. 2018).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from analysis.attribution.cue_syntax import (
    SUBJECT_DEPS,
    as_clause_content,
    complement_span,
    cue_extent,
    find_source,
    has_clause,
    infinitive,
    is_cue,
    mention_span,
    reported_clause,
    shares_subject,
    speaks_anyway,
)
from analysis.attribution.cues import FINDING_SOURCES, FINDING_VERBS, NEEDS_CLAUSE, NEEDS_FINITE_CLAUSE
from analysis.attribution.nominal import dateline_end
from analysis.attribution.quote_syntax import direct_quote_span
from analysis.attribution.quotes import Quote, quoted_chars
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
    headline: bool = False  # the article's title line

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
                or infinitive(token) or shares_subject(token) or token.dep_ == "ROOT" \
                or source.head.i == token.i
            if not own_subject and not speaks_anyway(token):
                continue
            source_span = mention_span(source, self.offset)
            if source_span[0] < self.dateline:
                if source_span[1] <= self.dateline:
                    continue  # the dateline's place is nobody's voice
                source_span = (self.dateline, source_span[1])
            cue_span = cue_extent(token, self.offset)
            # A cue that borrows its subject from another verb ('"…," he said, adding that …') is
            # beside a quotation only through its own words: the quote must follow it.
            near = source_span if source.head.i == token.i or source.i == token.head.i else cue_span
            inside_report = reported_clause(token) and not self.in_quote(token.head)
            direct = None if inside_report else direct_quote_span(self.text, self.bounds, self.quotes, near, cue_span)
            if not in_lexicon and direct is None:
                continue  # any verb beside a quotation is its cue ("…," Trump barked.); others need the lexicon
            if lemma in NEEDS_FINITE_CLAUSE and direct is None and not any(c.dep_ == "ccomp" for c in token.children):
                continue
            finding = lemma in FINDING_VERBS and source.lemma_.lower() in FINDING_SOURCES
            if lemma in NEEDS_CLAUSE and direct is None and not finding and not self.announces and not has_clause(token) \
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
