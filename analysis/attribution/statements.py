"""Turn an article into attributed statements: who said what, with which cue, as what kind of quote.

The schema is BBC Citron's (source, cue, content; Newell et al. 2018 for PolNeAR, Pareti 2016 for
PARC): each statement has a *content* span, a *speaker mention* span and a *cue* span, all as
character offsets into :attr:`Article.text`. Kinds:

- ``direct``: the content is a quotation presented as the speaker's words ("…," Peskov said.).
- ``mixed``: a paraphrase that embeds quoted fragments (promoted Max as "an accessible …").
- ``indirect``: reported speech without quotation marks (Peskov indicated restrictions could …).
- ``narrator``: the author's own voice: every sentence that no one else says.

The named rules of :mod:`analysis.attribution.rules` find the attributions of each sentence
unit; the rules across units are here: ``colon_introduction`` (X said: / "…" in the next unit),
``quote_continuation`` (a further all-quote sentence of the same speaker in the paragraph) and
``speaker_carry_over`` (a paragraph that opens with a quotation after a paragraph whose last
statement named the speaker, AP convention); ``embedded_post`` (a block-quoted tweet or post is
its author's, :mod:`.embedded_posts`). Column ``rule`` names the rule that fired.

**Nesting.** A sentence may hold several attributions; the first rule's is the *top-level*
statement and the others are nested in it (``parent_id`` = the top-level ``statement_id``,
-1 for top-level rows; children follow their parent). Every sentence of every title/body
paragraph lies in exactly one *top-level* statement (:func:`top_level`); headings and
boilerplate are kept on the :class:`~analysis.article.Article` and never become statements.

**Counting words without double counting.** A character of content belongs to the deepest
statement whose content holds it: a parent keeps only its content outside its children's
(:func:`own_spans`), so :func:`voice_words` gives each row the words that are its own, and
their sum over any grouping (speaker, actor, stance) counts every word once. Charts and tables
must count with :func:`voice_words`, never with the raw ``content`` of all rows.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pandas as pd

from analysis.article import Article, Paragraph
from analysis.attribution.embedded_posts import RULE as POST_RULE
from analysis.attribution.embedded_posts import Post, find_posts
from analysis.attribution.parsing import parse_paragraphs, sentence_spans
from analysis.attribution.quotes import Quote, find_quotes, starts_with_opening_mark
from analysis.attribution.rules import Attribution, Unit, analyse_unit
from analysis.attribution.russian.statements import resolve_russian
from analysis.schema import STATEMENT_COLUMNS, Statement
from analysis.speakers.mentions import Mention, collect_mentions
from analysis.speakers.resolution import resolve_speakers

#: Speaker confidence of the rules across units (the speaker was named in an earlier sentence).
CONTINUATION_CONFIDENCE = 0.9
CARRY_OVER_CONFIDENCE = 0.8
QUOTE_RUN_CONFIDENCE = 0.8


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


class _Builder:
    """Collects statements in article order and applies the rules that span several units."""

    def __init__(self, text: str):
        self.text = text
        self.statements: list[Statement] = []
        self.last_top: int | None = None  # index of the latest top-level statement
        self.pending: tuple[Paragraph, tuple[int, int], Attribution] | None = None
        self.held: list[tuple[Paragraph, tuple[int, int], Any, list[Quote], list[str]]] = []  # see hold()

    @property
    def previous(self) -> Statement | None:
        return self.statements[self.last_top] if self.last_top is not None else None

    def emit(self, para: Paragraph, unit: tuple[int, int], found: list[Attribution], flags: list[str],
             carried_from: Statement | None = None) -> None:
        top = _make_statement(len(self.statements), self.text, para, unit, found[0], flags, carried_from=carried_from)
        self.last_top = len(self.statements)
        self.statements.append(top)
        for child in found[1:]:
            self.statements.append(_make_statement(len(self.statements), self.text, para, unit, child,
                                                   list(child.flags), parent_id=top.statement_id))

    def add(self, para: Paragraph, unit: tuple[int, int], sentences, found: list[Attribution], unit_quotes: list[Quote]) -> None:
        flags = list(found[0].flags)
        if any(q.unbalanced for q in unit_quotes):
            flags.append("unbalanced_quote")
        if any(q.continues for q in unit_quotes):
            flags.append("quote_continues")
        all_quote = bool(unit_quotes) and found[0].kind == "narrator" and _is_all_quote(self.text, unit, unit_quotes)
        if self.held and not self.attribute_held(para, unit, sentences, found, unit_quotes):
            self.release()
        if self.pending is not None and self.colon_introduction(unit, unit_quotes, all_quote, flags):
            return
        if found[0].rule == "colon_introduction":
            self.pending = (para, unit, found[0])
            return
        if all_quote and self.hold(para, unit, sentences, unit_quotes, flags):
            return
        if all_quote and self.quote_continuation(para, unit, sentences, unit_quotes, flags):
            return
        self.emit(para, unit, found, flags)

    def hold(self, para: Paragraph, unit, sentences, unit_quotes, flags: list[str]) -> bool:
        """A paragraph that ends inside a quotation with no attribution yet: news convention leaves
        the quotation open and reopens it in the next paragraph (AP Stylebook, "quotations"), where
        the attribution may stand. The unit waits for it (:meth:`attribute_held`). A run that an
        earlier paragraph attributed already goes on with that speaker instead."""
        previous = self.previous
        known = previous is not None and "quote_continues" in previous.flags and previous.paragraph == para.index - 1 \
            and bool(previous.speaker_mention)
        if self.pending is not None or not unit_quotes[-1].continues or (known and not self.held):
            return False
        self.held.append((para, unit, sentences, unit_quotes, flags))
        return True

    def attribute_held(self, para: Paragraph, unit, sentences, found: list[Attribution], unit_quotes) -> bool:
        """The next paragraph reopens the quotation and attributes it ('"…," said X.'): the held
        units are X's (rule ``quote_run``), wherever in the run the attribution stands."""
        top = found[0]
        opens = bool(unit_quotes) and unit[0] == sentences[0][0] and unit_quotes[0].start <= unit[0] + 1
        if not (opens and para.index == self.held[-1][0].index + 1 and top.kind == "direct" and top.source is not None):
            return False
        for held_para, held_unit, _, held_quotes, held_flags in self.held:
            quote = Attribution("direct", (held_quotes[0].start, held_quotes[-1].end), top.source, top.cue,
                                rule="quote_run", confidence=QUOTE_RUN_CONFIDENCE)
            self.emit(held_para, held_unit, [quote], held_flags + ["speaker_from_context"])
        self.held = []
        return True

    def release(self) -> None:
        """Held units whose run found no attribution: as before, the last speaker's or the narrator's."""
        held, self.held = self.held, []
        for para, unit, sentences, unit_quotes, flags in held:
            if not self.quote_continuation(para, unit, sentences, unit_quotes, flags):
                self.emit(para, unit, [Attribution("narrator", unit)], flags)

    def post(self, para: Paragraph, post: Post) -> None:
        """An embedded post (:mod:`.embedded_posts`) is one direct statement of its author; after
        'X tweeted:' the introduction joins it, and X speaks unless the signature names the author."""
        self.release()
        start, source, cue, confidence = post.start, post.speaker, None, post.confidence
        if self.pending is not None:
            intro_para, intro_unit, intro = self.pending
            self.pending = None
            para, start, cue = intro_para, intro_unit[0], intro.cue
            if not post.named and intro.source is not None:
                source, confidence = intro.source, intro.confidence
        if source is None:
            self.emit(para, (start, post.end), [Attribution("narrator", (start, post.end))], [])
            return
        found = Attribution("direct", post.content, source, cue, rule=POST_RULE, confidence=confidence)
        self.emit(para, (start, post.end), [found], [])

    def colon_introduction(self, unit, unit_quotes, all_quote: bool, flags: list[str]) -> bool:
        """'X said:' then a unit that is all quotation → one direct statement spanning both."""
        assert self.pending is not None  # only called while an introduction waits
        intro_para, intro_unit, intro = self.pending
        if not all_quote:
            self.flush()
            return False
        self.pending = None
        quote = Attribution("direct", (unit_quotes[0].start, unit_quotes[-1].end), intro.source, intro.cue,
                            rule="colon_introduction")
        self.emit(intro_para, (intro_unit[0], unit[1]), [quote], flags)
        return True

    def flush(self) -> None:
        """An introduction with no quotation after it is the narrator's; held units are let go."""
        self.release()
        if self.pending is not None:
            intro_para, intro_unit, _ = self.pending
            self.pending = None
            self.emit(intro_para, intro_unit, [Attribution("narrator", intro_unit)], ["cue_without_content"])

    def quote_continuation(self, para: Paragraph, unit, sentences, unit_quotes, flags: list[str]) -> bool:
        """An all-quote unit after a statement with a speaker: the same speaker goes on, in the
        same paragraph (merged into a direct statement, else ``quote_continuation``) or at the
        start of the next paragraph (``speaker_carry_over``, AP multi-paragraph quotes)."""
        previous = self.previous
        if previous is None or previous.kind == "narrator" or not previous.speaker_mention:
            return False
        same_paragraph = previous.paragraph == para.index
        opens_next = previous.paragraph == para.index - 1 and unit[0] == sentences[0][0]
        next_paragraph = "quote_continues" in previous.flags or opens_next
        if same_paragraph and (previous.kind == "direct" or (previous.kind == "mixed" and _ends_quoted(self.text, previous))):
            # "…," X said. "More words." → one statement (PolNeAR spans both); likewise a
            # paraphrase that ends in a quotation ('… is "ten times the losses," he said. "…"').
            merged_flags = tuple(sorted(set(previous.flags) | set(flags)))
            assert self.last_top is not None  # previous is the latest top-level statement
            self.statements[self.last_top] = replace(previous, content_end=unit_quotes[-1].end, sentence_end=unit[1],
                                                     flags=merged_flags)
            return True
        if not (same_paragraph or next_paragraph):
            return False
        rule = "quote_continuation" if same_paragraph else "speaker_carry_over"
        confidence = CONTINUATION_CONFIDENCE if same_paragraph else CARRY_OVER_CONFIDENCE
        carried = Attribution("direct", (unit_quotes[0].start, unit_quotes[-1].end), rule=rule, confidence=confidence)
        self.emit(para, unit, [carried], flags + ["speaker_from_context"], carried_from=previous)
        return True


def _ends_quoted(text: str, statement: Statement) -> bool:
    """The content ends with a quotation and the attribution follows it ('… "…," he said.')."""
    tail = text[statement.content_start:statement.content_end].rstrip()
    return tail.endswith(("”", '"', "''", "»")) and statement.cue_start >= statement.content_end


_ASKS = re.compile(r"[?!…]\s*(?:[\"”»’]|'')\s*$")


_PRONOUNS = frozenset("he she they we i".split())


def _speaks(text: str, found: Attribution) -> bool:
    """The source names someone ("Trump", "she"), not "the crowd"."""
    if found.source is None:
        return False
    words = text[found.source[0]:found.source[1]].split()
    return bool(words) and (words[-1][:1].isupper() or words[-1].lower() in _PRONOUNS)


def _analysed_units(text: str, doc, offset: int, units: list[tuple[int, int]], quotes: list[Quote], headline: bool = False):
    """(unit, its quotes, its attributions) in order. A quotation that ends in "?" or "!" often
    ends the parser's sentence too ('“It happens, right?” Trump went on.'): such a unit is joined
    to the next when the two together make a direct quotation with its attribution."""
    def analysed(start: int, end: int):
        unit_quotes = [q for q in quotes if q.start < end and q.end > start]
        return (start, end), unit_quotes, analyse_unit(Unit(text, doc, offset, start, end, unit_quotes, headline))

    i = 0
    while i < len(units):
        start, end = units[i]
        if i + 1 < len(units) and _ASKS.search(text, start, end) and _is_all_quote(text, (start, end), quotes):
            joined = analysed(start, units[i + 1][1])
            top = joined[2][0]
            if top.kind == "direct" and top.source is not None and top.source[0] >= end and _speaks(text, top):
                yield joined
                i += 2
                continue
        yield analysed(start, end)
        i += 1


def find_statements(article: Article) -> tuple[list[Statement], list[Mention]]:
    """All statements of the article in order, speakers not yet resolved (see :mod:`analysis.speakers.resolution`),
    and the people, organisations, pronouns and documents that the text mentions (:mod:`analysis.speakers.mentions`)."""
    text = article.text
    paragraphs = article.content_paragraphs
    all_quotes = _paragraph_quotes(article, paragraphs)
    docs = parse_paragraphs(text, [(p.start, p.end) for p in paragraphs])
    builder = _Builder(text)
    posts, continued = find_posts(text, paragraphs)
    narrative = 0  # sentences of the narrator's: quotation runs do not push earlier names back (see .coref)
    entities: list[Mention] = []
    for para, quotes, doc in zip(paragraphs, all_quotes, docs):
        sentences = [(para.start + s, para.start + e) for s, e in sentence_spans(doc)]
        numbered = []
        for sentence in sentences:
            quoted = any(q.start < sentence[1] and q.end > sentence[0] for q in quotes) and _is_all_quote(text, sentence, quotes)
            narrative += not quoted
            numbered.append((sentence[0], narrative))
        entities += collect_mentions(doc, para.start, para.index, numbered,
                                     lambda at, quotes=quotes: any(q.start <= at < q.end for q in quotes),
                                     headline=para.kind == "title")
        if para.index in posts:
            builder.post(para, posts[para.index])
            continue
        if para.index in continued:
            continue
        units = _sentence_units(sentences, quotes)
        for (start, end), unit_quotes, found in _analysed_units(text, doc, para.start, units, quotes, para.kind == "title"):
            builder.add(para, (start, end), sentences, found, unit_quotes)
    builder.flush()
    return builder.statements, entities


def _make_statement(index: int, text: str, para: Paragraph, unit, found: Attribution, flags,
                    carried_from: Statement | None = None, parent_id: int = -1) -> Statement:
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
        rule=found.rule if found.kind != "narrator" else "narrator",
        parent_id=parent_id,
        speaker_confidence=found.confidence if source and found.kind != "narrator" else 0.0,
    )


def top_level(frame: pd.DataFrame) -> pd.DataFrame:
    """The top-level rows (``parent_id == -1``): every sentence lies in exactly one of them."""
    return frame[frame["parent_id"] < 0]


def own_spans(frame: pd.DataFrame) -> list[list[tuple[int, int]]]:
    """For each row, the pieces of its content that are its own: a character belongs to the
    smallest content span of its statement group (parent and children) that holds it."""
    starts, ends = frame["content_start"].tolist(), frame["content_end"].tolist()
    groups: dict[int, list[int]] = {}
    ids = frame["statement_id"].tolist()
    for pos, (sid, parent) in enumerate(zip(ids, frame["parent_id"].tolist())):
        groups.setdefault(parent if parent >= 0 else sid, []).append(pos)
    result: list[list[tuple[int, int]]] = [[] for _ in ids]
    for members in groups.values():
        if len(members) == 1:
            pos = members[0]
            result[pos] = [(starts[pos], ends[pos])] if ends[pos] > starts[pos] else []
            continue
        low, high = min(starts[p] for p in members), max(ends[p] for p in members)
        owner = [-1] * (high - low)
        painted = members[:1] + sorted(members[1:], key=lambda p: starts[p] - ends[p])  # parent, then largest first
        for pos in painted:
            owner[starts[pos] - low:ends[pos] - low] = [pos] * (ends[pos] - starts[pos])
        i = 0
        while i < len(owner):
            j = i
            while j < len(owner) and owner[j] == owner[i]:
                j += 1
            if owner[i] >= 0:
                result[owner[i]].append((low + i, low + j))
            i = j
    return result


_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def count_words(text: str) -> int:
    """Words in ``text`` (runs of letters and digits, with inner apostrophes and hyphens)."""
    return len(_WORD.findall(text))


def voice_words(frame: pd.DataFrame, text: str | None = None) -> pd.Series:
    """Words each row says in its own voice (content minus nested content; see the module doc).

    Summed over any grouping, each word of the article's statements counts once. ``text`` is
    the article text; without it the ``content`` column is used.
    """
    counts = []
    for row, spans in zip(frame.itertuples(), own_spans(frame)):
        base = row.content_start
        source = text if text is not None else None
        words = 0
        for start, end in spans:
            piece = source[start:end] if source is not None else row.content[start - base:end - base]
            words += count_words(piece)
        counts.append(words)
    return pd.Series(counts, index=frame.index, name="voice_words", dtype="int64")


def statements_frame(article: Article, statements: list[Statement]) -> pd.DataFrame:
    """The statements as a DataFrame with the contract's columns, in article order."""
    text = article.text
    # Statement.row, without dataclasses.asdict's deep copy (a few percent of the whole run).
    fields = [c for c in STATEMENT_COLUMNS if c not in ("content", "statement_flags")]
    rows = [{**{c: getattr(s, c) for c in fields}, "content": text[s.content_start:s.content_end],
             "statement_flags": ";".join(s.flags)} for s in statements]
    frame = pd.DataFrame(rows, columns=list(STATEMENT_COLUMNS))
    frame.attrs["article"] = str(article.path) if article.path else ""
    frame.attrs["title"] = article.title
    return frame


def extract_statements(article: Article) -> pd.DataFrame:
    """Attributed statements of ``article`` with resolved speakers and actors, one row each.

    Dispatches on ``article.language``: Russian articles go through natasha and the rules of
    :mod:`analysis.attribution.russian` (same schema, speakers in the nominative), English ones
    through spaCy and the rules here."""
    if article.language == "ru":
        return statements_frame(article, resolve_russian(article))
    statements, entities = find_statements(article)
    statements = resolve_speakers(article, statements, entities)
    return statements_frame(article, statements)
