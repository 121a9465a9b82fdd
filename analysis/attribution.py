"""Turn an article into attributed statements: who said what, with which cue, as what kind of quote.

The schema is BBC Citron's (source, cue, content; Newell et al. 2018 for PolNeAR, Pareti 2016 for
PARC): each statement has a *content* span, a *speaker mention* span and a *cue* span, all as
character offsets into :attr:`Article.text`. Kinds:

- ``direct``: the content is a quotation presented as the speaker's words ("…," Peskov said.).
- ``mixed``: a paraphrase that embeds quoted fragments (promoted Max as "an accessible …").
- ``indirect``: reported speech without quotation marks (Peskov indicated restrictions could …).
- ``narrator``: the author's own voice: every sentence that no one else says.

Every sentence of every title/body paragraph belongs to exactly one statement; headings and
boilerplate are kept on the :class:`~analysis.article.Article` and never become statements.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Literal, NamedTuple

import pandas as pd

from .article import Article, Paragraph
from .cue_syntax import (
    STRONG_CUES, SUBJECT_DEPS, according_to, as_clause_content, complement_span, cue_extent,
    direct_quote_span, find_source, has_clause, is_cue, mention_span, trailing_attribution, trim,
)
from .cues import NEEDS_CLAUSE
from .parsing import parse_paragraphs, sentence_spans
from .quotes import Quote, find_quotes, quoted_chars, starts_with_opening_mark

Kind = Literal["direct", "indirect", "mixed", "narrator"]

@dataclass(frozen=True)
class Statement:
    """One attributed statement (or one narrator sentence). Offsets index ``Article.text``."""

    statement_id: int
    kind: Kind
    content_start: int
    content_end: int
    sentence_start: int
    sentence_end: int
    paragraph: int
    section: str
    speaker_mention: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    speaker: str = ""
    actor: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)


COLUMNS = [
    "statement_id", "kind", "content", "content_start", "content_end", "sentence_start", "sentence_end",
    "speaker", "speaker_mention", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
    "actor", "paragraph", "section", "flags",
]


@dataclass
class _Attribution:
    """What one sentence unit says about who speaks (before speaker resolution)."""

    kind: Kind
    content: tuple[int, int]
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    flags: list[str] = field(default_factory=list)


def _sentence_units(sentences: list[tuple[int, int]], quotes: list[Quote]) -> list[tuple[int, int]]:
    """Merge consecutive sentences that one quotation spans ("A. B," she said. → one unit)."""
    units: list[list[int]] = []
    for start, end in sentences:
        crosses = units and any(q.start < units[-1][1] and q.end > start for q in quotes)
        if crosses:
            units[-1][1] = end
        else:
            units.append([start, end])
    return [(s, e) for s, e in units]


def analyse_unit(text: str, doc, offset: int, unit: tuple[int, int], quotes: list[Quote]) -> _Attribution:
    """Decide who (if anyone) says the sentence unit ``text[unit]`` and how."""
    span = doc.char_span(unit[0] - offset, unit[1] - offset, alignment_mode="expand")
    unit_quotes = [q for q in quotes if q.start < unit[1] and q.end > unit[0]]

    def in_quote(token) -> bool:
        pos = offset + token.idx
        return any(q.start <= pos < q.end for q in unit_quotes)

    candidates = []
    for token in span:
        in_lexicon = is_cue(token, in_quote)
        if not in_lexicon and not (unit_quotes and token.pos_ == "VERB" and not in_quote(token)):
            continue
        source = find_source(token)
        if source is None or in_quote(source):
            continue
        lemma = token.lemma_.lower()
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in token.children) or source.i == token.head.i
        if lemma not in STRONG_CUES and not own_subject:
            continue
        source_span = mention_span(source, offset)
        cue_span = cue_extent(token, offset)
        direct = direct_quote_span(text, unit, unit_quotes, source_span, cue_span)
        if not in_lexicon and direct is None:
            continue  # any verb beside a quotation is its cue ("…," Trump barked.), others need the lexicon
        announces = not unit_quotes and text[unit[0]:unit[1]].rstrip().endswith(":")
        if lemma in NEEDS_CLAUSE and direct is None and not announces and not has_clause(token) and as_clause_content(token, 0, (0, 0)) is None:
            complement = complement_span(token, offset, set())
            if not complement or not quoted_chars(unit_quotes, *complement):
                continue  # "called the police" is no attribution; "called it “arbitrary”" is
        depth = len(list(token.ancestors))
        candidates.append((direct is None, depth, token.i, token, source, source_span, cue_span, direct))
    for *_, cue, source, source_span, cue_span, direct in sorted(candidates, key=lambda c: c[:3]):
        if direct is not None:
            return _Attribution("direct", direct, source_span, cue_span)
        if not unit_quotes and text[unit[0]:unit[1]].rstrip().endswith(":"):
            # "Breitbart News responded:" — the words follow in the next sentence or paragraph.
            return _Attribution("narrator", unit, source_span, cue_span, ["announces_quote"])
        exclude = {t.i for t in source.subtree} if source.head == cue else set()
        complement = as_clause_content(cue, offset, unit) or complement_span(cue, offset, exclude)
        if complement is None:
            if cue.lemma_.lower() not in STRONG_CUES and not quoted_chars(unit_quotes, cue_span[1], unit[1]):
                continue  # a cue with nothing said ("testified in 1998"): try the next cue
            complement = (cue_span[1], unit[1])
        content = _extend_over_quotes(*trim(text, *complement), unit_quotes)
        if content[1] <= content[0]:
            continue
        kind: Kind = "mixed" if quoted_chars(unit_quotes, *content) else "indirect"
        return _Attribution(kind, content, source_span, cue_span)
    first_quote = unit_quotes[0] if unit_quotes else None
    if first_quote is not None and not any(ch.isalnum() for ch in text[unit[0]:first_quote.start]):
        found = trailing_attribution(text, span, offset, first_quote)
        if found is not None:
            direct = direct_quote_span(text, unit, unit_quotes, *found)
            if direct is not None:
                return _Attribution("direct", direct, *found, ["surface_attribution"])
    according = according_to(span, offset, in_quote)
    if according is not None:
        source, cue_span = according
        source_span = mention_span(source, offset)
        phrase_end = max(source_span[1], offset + source.right_edge.idx + len(source.right_edge.text))
        if cue_span[0] - unit[0] < unit[1] - phrase_end:
            content = trim(text, phrase_end, unit[1])
        else:
            content = trim(text, unit[0], cue_span[0])
        content = _extend_over_quotes(*content, unit_quotes)
        kind = "mixed" if quoted_chars(unit_quotes, *content) else "indirect"
        if quoted_chars(unit_quotes, *content) >= 0.9 * (content[1] - content[0]):
            kind = "direct"
        return _Attribution(kind, content, source_span, cue_span, ["according_to"])
    return _Attribution("narrator", unit)


def _extend_over_quotes(start: int, end: int, quotes: list[Quote]) -> tuple[int, int]:
    """Grow a content span so that it never cuts a quotation in half."""
    for q in quotes:
        if q.start < end and q.end > start:
            start, end = min(start, q.start), max(end, q.end)
    return start, end


def _is_all_quote(text: str, unit: tuple[int, int], quotes: list[Quote]) -> bool:
    letters = sum(ch.isalnum() for ch in text[unit[0]:unit[1]])
    inside = sum(ch.isalnum() for q in quotes for ch in text[max(q.start, unit[0]):min(q.end, unit[1])])
    return letters > 0 and inside >= letters


def _paragraph_quotes(article: Article, paragraphs: list[Paragraph]) -> list[list[Quote]]:
    text = article.text
    result = []
    for i, para in enumerate(paragraphs):
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        opens = nxt is not None and nxt.kind == "body" and starts_with_opening_mark(text, nxt.start, nxt.end)
        result.append(find_quotes(text, para.start, para.end, next_paragraph_opens=opens))
    return result


class EntityMention(NamedTuple):
    """A named person or organisation in the text, for resolving later pronouns."""

    start: int
    end: int
    label: str


def find_statements(article: Article) -> tuple[list[Statement], list[EntityMention]]:
    """All statements of the article in order, speakers not yet resolved (see :mod:`.speakers`),
    and the people and organisations that the text names."""
    text = article.text
    paragraphs = article.content_paragraphs
    all_quotes = _paragraph_quotes(article, paragraphs)
    docs = parse_paragraphs(text, [(p.start, p.end) for p in paragraphs])
    statements: list[Statement] = []
    previous: Statement | None = None
    pending: tuple[Paragraph, tuple[int, int], _Attribution] | None = None

    def emit(para: Paragraph, unit: tuple[int, int], found: _Attribution, flags: list[str], carried_from=None) -> None:
        nonlocal previous
        previous = _make_statement(len(statements), text, para, unit, found, flags, carried_from=carried_from)
        statements.append(previous)

    entities: list[EntityMention] = []
    for para, quotes, doc in zip(paragraphs, all_quotes, docs):
        entities += [EntityMention(para.start + e.start_char, para.start + e.end_char, e.label_)
                     for e in doc.ents if e.label_ in ("PERSON", "ORG")]
        sentences = [(para.start + s, para.start + e) for s, e in sentence_spans(doc)]
        for unit in _sentence_units(sentences, quotes):
            found = analyse_unit(text, doc, para.start, unit, quotes)
            unit_quotes = [q for q in quotes if q.start < unit[1] and q.end > unit[0]]
            flags = list(found.flags)
            if any(q.unbalanced for q in unit_quotes):
                flags.append("unbalanced_quote")
            if any(q.continues for q in unit_quotes):
                flags.append("quote_continues")
            all_quote = bool(unit_quotes) and found.kind == "narrator" and _is_all_quote(text, unit, unit_quotes)
            if pending is not None:
                intro_para, intro_unit, intro = pending
                pending = None
                if all_quote:
                    # X said: / "…" → one direct statement spanning the introduction and the quote.
                    quote = _Attribution("direct", (unit_quotes[0].start, unit_quotes[-1].end), intro.source, intro.cue)
                    emit(intro_para, (intro_unit[0], unit[1]), quote, flags)
                    continue
                emit(intro_para, intro_unit, _Attribution("narrator", intro_unit), ["cue_without_content"])
            if "announces_quote" in found.flags:
                pending = (para, unit, found)
                continue
            if all_quote and previous is not None and previous.kind != "narrator" and previous.speaker_mention:
                same_paragraph = previous.paragraph == para.index
                continued = "quote_continues" in previous.flags or (previous.paragraph == para.index - 1 and unit == sentences[0])
                if same_paragraph and previous.kind == "direct":
                    # "…," X said. "More words." → one direct statement.
                    merged_flags = tuple(sorted(set(previous.flags) | set(flags)))
                    statements[-1] = previous = replace(
                        previous, content_end=unit_quotes[-1].end, sentence_end=unit[1], flags=merged_flags
                    )
                    continue
                if continued or same_paragraph:
                    flags.append("speaker_from_context")
                    carried = _Attribution("direct", (unit_quotes[0].start, unit_quotes[-1].end))
                    emit(para, unit, carried, flags, carried_from=previous)
                    continue
            emit(para, unit, found, flags)
    if pending is not None:
        intro_para, intro_unit, _ = pending
        emit(intro_para, intro_unit, _Attribution("narrator", intro_unit), ["cue_without_content"])
    return statements, entities


def _make_statement(index: int, text: str, para: Paragraph, unit, found: _Attribution, flags, carried_from=None) -> Statement:
    source = found.source or (carried_from and (carried_from.speaker_start, carried_from.speaker_end))
    cue = found.cue or (-1, -1)
    return Statement(
        statement_id=index,
        kind=found.kind,
        content_start=found.content[0],
        content_end=found.content[1],
        sentence_start=unit[0],
        sentence_end=unit[1],
        paragraph=para.index,
        section=para.section,
        speaker_mention=text[source[0]:source[1]] if source else "",
        speaker_start=source[0] if source else -1,
        speaker_end=source[1] if source else -1,
        cue=text[cue[0]:cue[1]] if cue[0] >= 0 else "",
        cue_start=cue[0],
        cue_end=cue[1],
        flags=tuple(flags),
    )


def statements_frame(article: Article, statements: list[Statement]) -> pd.DataFrame:
    """The statements as a DataFrame with the contract's columns, in article order."""
    rows = []
    for s in statements:
        row = asdict(s)
        row["content"] = article.text[s.content_start:s.content_end]
        row["flags"] = ";".join(s.flags)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame.attrs["article"] = str(article.path) if article.path else ""
    frame.attrs["title"] = article.title
    return frame


def extract_statements(article: Article) -> pd.DataFrame:
    """Attributed statements of ``article`` with resolved speakers and actors, one row each."""
    from .speakers import resolve_speakers

    statements, entities = find_statements(article)
    statements = resolve_speakers(article, statements, entities)
    return statements_frame(article, statements)
