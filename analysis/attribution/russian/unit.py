"""What the Russian rules work on and produce: a sentence unit with its quotations
(:class:`RuUnit`) and an attribution found in it (:class:`RuAttribution`), with the test that tells
a quoted title or name («Единая Россия») from quoted words (the gold set's labelling rule)."""
from __future__ import annotations

from dataclasses import dataclass, field

from analysis.attribution.quotes import Quote, quoted_chars
from analysis.attribution.russian.parsing import Sentence, Token
from analysis.schema import Kind

__all__ = ["RuAttribution", "RuUnit", "is_name_quote", "is_short_name", "span_of"]


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
                        and not is_name_quote(self.text[q.start:q.end])]
        return "mixed" if quoted_words else "indirect"


def span_of(tokens) -> tuple[int, int]:
    return min(t.start for t in tokens), max(t.stop for t in tokens)


def is_name_quote(quoted: str) -> bool:
    """A title or name in quotation marks ("Спартак", «Единая Россия»): capitalised and short. It
    does not make a paraphrase mixed (the gold set's labelling rule)."""
    inner = quoted.strip("«»\"“”„' ")
    return is_short_name(quoted) and inner[:1].isupper()


def is_short_name(quoted: str) -> bool:
    inner = quoted.strip("«»\"“”„' ")
    return len(inner.split()) <= 4 and not any(ch in inner for ch in ",.!?:;")
