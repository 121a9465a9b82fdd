"""Russian paragraphs through natasha: sentences and tokens (razdel), morphology, lemmas, syntax, NER.

Choice: natasha 1.6.0 from PyPI, whose wheel bundles the navec embeddings and the slovnet news
models (morphology, UD syntax, NER) for Russian news: nothing is downloaded at run time. The
pipeline is built once per process (:func:`load_pipeline`). natasha sees a same-length
normalised copy of each paragraph (exotic spaces become plain ones, as for spaCy in
:mod:`analysis.attribution.parsing`), so every offset here is an offset into ``Article.text``.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

from analysis.attribution.parsing import normalise_for_parser
from analysis.errors import ParserUnavailableError
from analysis.speakers.russian import load_morph_vocab

__all__ = ["Name", "Paragraph", "Sentence", "Token", "load_pipeline", "parse_paragraph"]


@dataclass(frozen=True)
class Token:
    """One token; attribute names follow natasha's DocToken so its normaliser reads it.
    ``start``/``stop`` index the article; ``id``/``head_id`` are natasha's "sentence_token" ids."""

    text: str
    start: int
    stop: int
    pos: str
    feats: dict
    rel: str
    id: str
    head_id: str
    lemma: str
    index: int  # position in its sentence
    head: int  # index of the head in its sentence, -1 for the root


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens that start inside ``[start, end)`` of the article's text."""
        return [t for t in self.tokens if start <= t.start < end]

    def children(self, token: Token) -> list[Token]:
        return [t for t in self.tokens if t.head == token.index]

    def subtree(self, token: Token, skip_rels: frozenset[str] = frozenset()) -> list[Token]:
        """``token`` and its descendants, leaving out the subtrees of children whose rel is in ``skip_rels``."""
        found, stack, seen = [], [token], {token.index}
        while stack:  # ``seen``: the parser's heads may form a cycle
            current = stack.pop()
            found.append(current)
            for child in self.children(current):
                if child.rel not in skip_rels and child.index not in seen:
                    seen.add(child.index)
                    stack.append(child)
        return sorted(found, key=lambda t: t.index)


@dataclass(frozen=True)
class Name:
    """A named entity (PER, ORG, LOC) with natasha's nominative form and the head's gender."""

    start: int
    end: int
    type: str
    normal: str
    gender: str


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]
    names: tuple[Name, ...]


@lru_cache(maxsize=1)
def load_pipeline():
    """(segmenter, morph tagger, syntax parser, NER tagger), built once per process."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter
    except ImportError as exc:  # pragma: no cover - environment problem
        raise ParserUnavailableError("natasha is not installed: `pip install -r requirements.txt`.") from exc
    embedding = NewsEmbedding()
    return Segmenter(), NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding)


def _head_index(head_id: str) -> int:
    number = int(head_id.split("_")[1])
    return number - 1  # natasha numbers tokens from 1; 0 is the root


def parse_paragraph(text: str, start: int, end: int) -> Paragraph:
    """Sentences, tokens (lemma, morphology, syntax) and names of ``text[start:end]``."""
    from natasha import Doc

    segmenter, morph, syntax, ner = load_pipeline()
    vocab = load_morph_vocab()
    doc = Doc(normalise_for_parser(text[start:end]))
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.parse_syntax(syntax)
    doc.tag_ner(ner)
    sentences = []
    for sent in doc.sents:
        tokens = []
        for i, tok in enumerate(sent.tokens):
            tok.lemmatize(vocab)
            tokens.append(Token(text[start + tok.start:start + tok.stop], start + tok.start, start + tok.stop, tok.pos,
                                dict(tok.feats or {}), tok.rel or "", tok.id, tok.head_id, (tok.lemma or tok.text).lower(),
                                i, _head_index(tok.head_id)))
        if tokens:
            sentences.append(Sentence(tokens[0].start, tokens[-1].stop, tuple(tokens)))
    names = []
    for span in doc.spans:
        span.normalize(vocab)
        heads = [t for t in span.tokens if t.pos == "PROPN"] or list(span.tokens)
        gender = next((t.feats.get("Gender", "") for t in reversed(heads) if t.feats and t.feats.get("Gender")), "")
        names.append(Name(start + span.start, start + span.stop, span.type, span.normal or span.text, gender))
    cases = {t.start: t.feats.get("Case", "") for s in sentences for t in s.tokens}
    cases.update({t.stop: t.feats.get("Case", "") for s in sentences for t in s.tokens})
    return Paragraph(tuple(sentences), tuple(_join_adjacent_people(text, names, cases)))


def _join_adjacent_people(text: str, names: list[Name], cases: dict[int, str]) -> list[Name]:
    """Two person names with only a space between them, in the same case, are one name the NER cut in
    two ("Нейл" + "Патрик Харрис"): Russian writes two people with a comma or "и" between them, and a
    genitive before a name is another person ("оппонент Моралеса Хорхе Кирога"). ``cases``: the case of
    the token that starts or ends at an offset."""
    joined: list[Name] = []
    for name in names:
        last = joined[-1] if joined else None
        if last is not None and last.type == name.type == "PER" and not text[last.end:name.start].strip() \
                and cases.get(last.end, "") == cases.get(name.start, "") and _may_be_nominative(text[last.start:last.end]):
            joined[-1] = Name(last.start, name.end, "PER", f"{last.normal} {name.normal}", name.gender or last.gender)
        else:
            joined.append(name)
    return joined


def _may_be_nominative(name: str) -> bool:
    """Whether the name's last word has a nominative reading ("Нейл" yes; "Алёхиной", "Моралеса" no:
    the tagger may call them nominative, pymorphy2's paradigms do not)."""
    parses = load_morph_vocab().parse(name.split()[-1].lower())
    return not parses or "nomn" in parses[0].tag  # the likeliest reading: guessed ones are many
