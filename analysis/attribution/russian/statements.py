"""A Russian article into attributed statements, under the same schema and invariants as English
(:mod:`analysis.attribution.statements`): every sentence of every title/body paragraph lies in
exactly one top-level statement; further attributions in a sentence nest in it.

Per paragraph: natasha parses it (:mod:`.parsing`), quotations are found (:mod:`.quotes`, dash
dialogue included), sentences that one quotation spans become one unit, and the rules of
:mod:`.rules` read each unit. Across units, as in English:

- ``colon_introduction``: "X заявил:" then a unit that is all quotation → one direct statement;
- ``quote_continuation``: a further all-quote unit of the same paragraph (merged into a direct
  statement before it, else its own statement with the same speaker);
- ``speaker_carry_over``: a paragraph that opens with a quotation or a dash after a paragraph whose
  last statement named a speaker;
- wire copy (:mod:`.wire_copy`): a dateline joins the sentence it opens and is no one's content;
  "Об этом заявил X" makes the narrator sentence before it X's (``back_reference``); a headline
  "Name: text" is Name's (``headline_colon``).

Inside «…» a dash with the author's words splits the quotation («…, — сказал Песков. — …»).
Speakers are resolved by :mod:`analysis.speakers.russian` (nominative names, pronouns by the cue
verb's gender and number).
"""
from __future__ import annotations

import re
from dataclasses import replace

from analysis.article import Article, Paragraph
from analysis.attribution.quotes import Quote
from analysis.attribution.russian.cues import SPEECH_VERBS
from analysis.attribution.russian.parsing import Name, Sentence, parse_paragraph
from analysis.attribution.russian.quotes import dash_quotes, find_quotes, opens_with_dash, opens_with_mark
from analysis.attribution.russian.rules import analyse_unit
from analysis.attribution.russian.sources import is_cue, mention_tokens, subject_of
from analysis.attribution.russian.speaker_mentions import speaker_mention
from analysis.attribution.russian.unit import RuAttribution, RuUnit, span_of
from analysis.attribution.russian.wire_copy import back_reference, dateline_end, title_colon
from analysis.attribution.spans import has_letters, trim
from analysis.schema import Statement
from analysis.speakers.russian import NameMention, SpeakerMention, resolve_russian_speakers

__all__ = ["find_russian_statements", "resolve_russian"]

CONTINUATION_CONFIDENCE = 0.9
CARRY_OVER_CONFIDENCE = 0.8
_AUTHOR_WORDS = re.compile(r"[,!?…]\s*[—–]\s+[^«»—–]{2,160}?[.:,]\s*[—–]\s+")


def _split_author_words(text: str, quotes: list[Quote], sentences: list[Sentence]) -> list[Quote]:
    """«Как всегда …, — сказал Песков. — Очередные …»: the author's words are not quoted."""
    result = []
    tokens = [t for s in sentences for t in s.tokens]
    for q in quotes:
        pieces, start = [], q.start
        for m in _AUTHOR_WORDS.finditer(text, q.start, q.end):
            if any(m.start() <= t.start < m.end() and t.lemma in SPEECH_VERBS for t in tokens):
                pieces.append(Quote(start, m.start() + 1))
                start = m.end()
        pieces.append(Quote(start, q.end, q.unbalanced, q.continues))
        result += [p for p in pieces if p.end > p.start]
    return result


def _units(sentences: list[Sentence], quotes: list[Quote], dateline: int = -1) -> list[list[Sentence]]:
    """Consecutive sentences that one quotation spans form one unit; the sentences of a dateline
    (ending at or before ``dateline``) join the sentence after them."""
    units: list[list[Sentence]] = []
    for sentence in sentences:
        if units and units[-1][-1].end <= dateline:
            units[-1].append(sentence)
        elif units and any(q.start < units[-1][-1].end and q.end > sentence.start for q in quotes):
            units[-1].append(sentence)
        else:
            units.append([sentence])
    return units


def _all_quote(text: str, start: int, end: int, quotes: list[Quote]) -> bool:
    letters = sum(ch.isalnum() for ch in text[start:end])
    inside = sum(ch.isalnum() for q in quotes for ch in text[max(q.start, start):min(q.end, end)])
    return letters > 0 and inside >= letters


def _announcement(unit: RuUnit) -> RuAttribution | None:
    """"X заявил:" ending the unit, with no quotation: the words follow in the next unit."""
    if unit.quotes or not unit.text[unit.start:unit.end].rstrip().endswith(":"):
        return None
    for sentence in unit.sentences:
        for token in sentence.tokens:
            if is_cue(sentence, token):
                head = subject_of(sentence, token)
                if head is not None:
                    tokens = mention_tokens(sentence, head)
                    if tokens:
                        return RuAttribution("direct", (unit.start, unit.end), span_of(tokens), (token.start, token.stop),
                                             "colon_introduction", 0.9, source_tokens=tuple(tokens), source_head=head,
                                             cue_token=token)
    return None


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.statements: list[Statement] = []
        self.mentions: dict[int, SpeakerMention] = {}
        self.last_top: int | None = None
        self.pending: tuple[Paragraph, tuple[int, int], RuAttribution] | None = None
        self.dateline = -1  # where the article's dateline ends: no attribution's content starts before it
        self.last_unit: RuUnit | None = None

    @property
    def previous(self) -> Statement | None:
        return self.statements[self.last_top] if self.last_top is not None else None

    def _statement(self, para: Paragraph, unit: tuple[int, int], found: RuAttribution | None, flags: list[str],
                   parent_id: int = -1, rule: str | None = None, confidence: float | None = None,
                   source: tuple[int, int] | None = None, cue: tuple[int, int] | None = None,
                   content: tuple[int, int] | None = None) -> Statement:
        kind = found.kind if found else ("direct" if source else "narrator")
        source = found.source if found else source
        cue = (found.cue if found else cue) or (-1, -1)
        content = content or (found.content if found else unit)
        return Statement(
            statement_id=len(self.statements), kind=kind, content_start=content[0], content_end=content[1],
            sentence_start=unit[0], sentence_end=unit[1], paragraph=para.index, section=para.section,
            speaker_mention=self.text[source[0]:source[1]] if source else "",
            speaker_start=source[0] if source else -1, speaker_end=source[1] if source else -1,
            cue=self.text[cue[0]:cue[1]] if cue[0] >= 0 else "", cue_start=cue[0], cue_end=cue[1],
            flags=tuple(flags), rule=rule or (found.rule if found else "narrator"), parent_id=parent_id,
            speaker_confidence=(confidence if confidence is not None else found.confidence if found else 0.0)
            if kind != "narrator" else 0.0,
        )

    def emit(self, para: Paragraph, unit: tuple[int, int], found: list[RuAttribution], flags: list[str],
             names: tuple[Name, ...]) -> None:
        if not found:
            self.last_top = len(self.statements)
            self.statements.append(self._statement(para, unit, None, flags))
            return
        top = self._statement(para, unit, found[0], flags)
        self.last_top = len(self.statements)
        self.statements.append(top)
        self.mentions.setdefault(top.speaker_start, speaker_mention(found[0], names))
        for child in found[1:]:
            nested = self._statement(para, unit, child, [], parent_id=top.statement_id)
            self.statements.append(nested)
            self.mentions.setdefault(nested.speaker_start, speaker_mention(child, names))

    def flush(self) -> None:
        if self.pending is not None:
            para, unit, _ = self.pending
            self.pending = None
            self.last_top = len(self.statements)
            self.statements.append(self._statement(para, unit, None, ["cue_without_content"]))

    def continuation(self, para: Paragraph, unit: tuple[int, int], quotes: list[Quote], opens_paragraph: bool,
                     flags: list[str]) -> bool:
        previous = self.previous
        if previous is None or previous.kind == "narrator" or previous.speaker_start < 0:
            return False
        same = previous.paragraph == para.index
        if same and previous.kind == "direct" and previous.parent_id < 0:
            assert self.last_top is not None
            self.statements[self.last_top] = replace(previous, content_end=quotes[-1].end, sentence_end=unit[1])
            return True
        if not same and not (previous.paragraph == para.index - 1 and opens_paragraph):
            return False
        rule = "quote_continuation" if same else "speaker_carry_over"
        confidence = CONTINUATION_CONFIDENCE if same else CARRY_OVER_CONFIDENCE
        statement = self._statement(para, unit, None, flags + ["speaker_from_context"], rule=rule,
                                    confidence=previous.speaker_confidence and confidence,
                                    source=(previous.speaker_start, previous.speaker_end),
                                    content=(quotes[0].start, quotes[-1].end))
        statement = replace(statement, cue=previous.cue, cue_start=previous.cue_start, cue_end=previous.cue_end)
        self.last_top = len(self.statements)
        self.statements.append(statement)
        return True

    def back_reference(self, para: Paragraph, unit: RuUnit, names: tuple[Name, ...]) -> bool:
        """"Об этом заявил X" after a sentence of the same paragraph: after the narrator's, one statement
        of X; after a statement that has its source ("…, считает X. Такое мнение он высказал в интервью …"),
        the sentence joins that statement, which it only places."""
        previous, before = self.previous, self.last_unit
        if previous is None or before is None or previous.paragraph != para.index or para.kind != "body" \
                or self.pending is not None:
            return False
        found = back_reference(unit)
        if found is None:
            return False
        assert self.last_top is not None
        if previous.kind != "narrator":
            for i in range(self.last_top, len(self.statements)):
                if i == self.last_top or self.statements[i].parent_id == previous.statement_id:
                    self.statements[i] = replace(self.statements[i], sentence_end=unit.end)
            return True
        content = trim(self.text, max(previous.content_start, self.dateline), previous.content_end)
        if self.last_top != len(self.statements) - 1 or not has_letters(self.text[content[0]:content[1]]):
            return False
        found = replace(found, content=content, kind=before.kind_of(content))
        statement = self._statement(para, (previous.sentence_start, unit.end), found, list(previous.flags))
        self.statements[self.last_top] = replace(statement, statement_id=previous.statement_id)
        self.mentions.setdefault(statement.speaker_start, speaker_mention(found, names))
        return True

    def add(self, para: Paragraph, unit: RuUnit, names: tuple[Name, ...], opens_paragraph: bool) -> None:
        bounds = (unit.start, unit.end)
        flags = [f for q in unit.quotes for f in ("unbalanced_quote",) if q.unbalanced][:1]
        flags += [f for q in unit.quotes for f in ("quote_continues",) if q.continues][:1]
        found = [a if a.content[0] >= self.dateline or a.content[1] <= self.dateline
                 else replace(a, content=trim(self.text, self.dateline, a.content[1])) for a in analyse_unit(unit)]
        if not found and para.kind == "title":
            found = [a for a in (title_colon(unit, names),) if a is not None]
        if not found and self.back_reference(para, unit, names):
            return
        self.last_unit = unit
        all_quote = bool(unit.quotes) and not found and _all_quote(self.text, unit.start, unit.end, unit.quotes)
        if self.pending is not None:
            intro_para, intro_unit, intro = self.pending
            if all_quote:
                self.pending = None
                joined = replace(intro, content=(unit.quotes[0].start, unit.quotes[-1].end))
                self.emit(intro_para, (intro_unit[0], unit.end), [joined], flags, names)
                return
            self.flush()
        announced = None if found else _announcement(unit)
        if announced is not None:
            self.pending = (para, bounds, announced)
            return
        if all_quote and self.continuation(para, bounds, unit.quotes, opens_paragraph, flags):
            return
        self.emit(para, bounds, found, flags, names)


def find_russian_statements(article: Article) -> tuple[list[Statement], dict[int, SpeakerMention], list[NameMention]]:
    """All statements of a Russian article in order (speakers not yet resolved), what the parse says
    about each speaker mention (keyed by its start), and the people the text names."""
    text = article.text
    paragraphs = article.content_paragraphs
    builder = _Builder(text)
    people: list[NameMention] = []
    first_body = next((p.index for p in paragraphs if p.kind == "body"), -1)
    for i, para in enumerate(paragraphs):
        parsed = parse_paragraph(text, para.start, para.end)
        sentences = list(parsed.sentences)
        nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        next_opens = nxt is not None and nxt.kind == "body" and opens_with_mark(text, nxt.start, nxt.end)
        dash = dash_quotes(text, para.start, para.end)
        marks = find_quotes(text, para.start, para.end, next_paragraph_opens=next_opens)
        marks = [q for q in marks if not any(d.start <= q.start and q.end <= d.end for d in dash)]
        quotes = sorted(dash + _split_author_words(text, marks, sentences))
        people += [NameMention(n.start, n.end, n.normal, n.gender, any(q.start <= n.start < q.end for q in quotes), n.type,
                               text[max(para.start, n.start - 60):n.start].lower())
                   for n in parsed.names if n.type in ("PER", "ORG")]
        opens = opens_with_mark(text, para.start, para.end) or opens_with_dash(text, para.start, para.end)
        if para.index == first_body:
            builder.dateline = dateline_end(text, para.start, para.end)
        for k, group in enumerate(_units(sentences, quotes, builder.dateline)):
            start, end = group[0].start, group[-1].end
            unit_quotes = [q for q in quotes if q.start < end and q.end > start]
            unit = RuUnit(text, start, end, group, unit_quotes, dash=bool(dash) and any(q in dash for q in unit_quotes))
            builder.add(para, unit, parsed.names, opens and k == 0)
    builder.flush()
    return builder.statements, builder.mentions, people


def resolve_russian(article: Article) -> list[Statement]:
    """:func:`find_russian_statements` with speakers resolved (:mod:`analysis.speakers.russian`)."""
    statements, mentions, people = find_russian_statements(article)
    return resolve_russian_speakers(statements, mentions, people, article.sidecar.actors)
