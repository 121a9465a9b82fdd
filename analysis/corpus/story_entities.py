"""The named entities a story is recognised by, in any of the corpus's languages.

English leads go through spaCy's NER (people, organisations, places, groups, events); Russian
leads through natasha's (PER, ORG, LOC), with each name in the nominative ("Пескова" → "Песков").
Every entity is reduced to its spelling key (:func:`analysis.speakers.transliteration.spelling_key`,
word by word), so "Dmitry Peskov" in a Reuters lead and "Дмитрия Пескова" in a TASS lead are one
entity and the Jaccard overlap of :func:`analysis.corpus.stories.similarity` works across
languages. Names that are the same word in both scripts (WhatsApp, Telegram, Meta) match as
written; translated common nouns (Kremlin / Кремль) do not, which the multilingual embedding
covers.
"""
from __future__ import annotations

from collections.abc import Sequence

from analysis.languages import detect_language
from analysis.speakers.transliteration import spelling_key

#: spaCy entity labels that identify a story (dates and numbers do not).
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "EVENT", "FAC", "LOC")


def entity_key(name: str) -> str:
    """One entity's key: lower case, no leading "the", each word by spelling key."""
    words = name.lower().removeprefix("the ").split()
    return " ".join(spelling_key(w) for w in words)


def english_entities(texts: list[str]) -> list[frozenset[str]]:
    """Entity keys of :data:`ENTITY_LABELS` in each English text (spaCy's NER)."""
    from analysis.attribution.parsing import load_parser, normalise_for_parser

    nlp = load_parser()
    return [frozenset(entity_key(e.text) for e in doc.ents if e.label_ in ENTITY_LABELS)
            for doc in nlp.pipe((normalise_for_parser(t) for t in texts), batch_size=16)]


def russian_entities(texts: list[str]) -> list[frozenset[str]]:
    """Entity keys of each Russian text (natasha's NER, names in the nominative)."""
    from analysis.attribution.russian.parsing import parse_paragraph

    return [frozenset(entity_key(n.normal) for n in parse_paragraph(t, 0, len(t)).names) for t in texts]


def lead_entities(texts: list[str], languages: Sequence[str | None] | None = None) -> list[frozenset[str]]:
    """Entity keys of each lead, read in its language (given, else detected from the text)."""
    langs = [lang or detect_language(t) for t, lang in zip(texts, languages or [None] * len(texts), strict=True)]
    found: list[frozenset[str]] = [frozenset()] * len(texts)
    for language, reader in (("en", english_entities), ("ru", russian_entities)):
        index = [i for i, lang in enumerate(langs) if lang == language]
        for i, entities in zip(index, reader([texts[i] for i in index]) if index else [], strict=True):
            found[i] = entities
    return found
