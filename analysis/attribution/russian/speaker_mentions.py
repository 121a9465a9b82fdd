"""What the parse says about a Russian speaker mention (:class:`~analysis.speakers.russian.SpeakerMention`):
its nominative form, whether it is a pronoun, a person, and the gender and number that agree with it.

- A pronoun ("он", "она", "они") takes gender and number from the past-tense cue verb
  (заявила → Fem Sing), else from itself.
- A mention that holds a person's name (natasha NER ``PER``) is that person, in the nominative:
  "пресс-секретаря Кремля Дмитрия Пескова" → "Дмитрий Песков".
- A media outlet introduced by its kind ("газета «Гардиан»", "издание The Hill") is its name, and
  so is a company's in quotation marks or Latin letters ("компания Meta").
- Anything else is the phrase in the nominative ("в комитете образования" → "комитет образования"),
  a person when its head noun is animate ("адвокат", "хоккеист").
"""
from __future__ import annotations

import re

from analysis.attribution.russian.parsing import Name, Token
from analysis.attribution.russian.unit import RuAttribution
from analysis.speakers.russian import (
    MEDIA_HEADS,
    ORGANISATION_NOUNS,
    PRONOUNS,
    SpeakerMention,
    load_morph_vocab,
    name_word_nominative,
    nominative,
    pronoun_nominative,
)

__all__ = ["speaker_mention"]

_QUOTES = "«»\"“”„'"


def _without_asides(tokens: tuple[Token, ...]) -> list[Token]:
    """Drop parenthesised words ("(Jorge Quiroga)"), edge punctuation and a leading conjunction."""
    kept, depth = [], 0
    for t in tokens:
        if t.text == "(":
            depth += 1
            continue
        if t.text == ")":
            depth = max(0, depth - 1)
            continue
        if not depth:
            kept.append(t)
    while kept and kept[-1].pos == "PUNCT" and kept[-1].text not in _QUOTES:
        kept.pop()
    while kept and (kept[0].pos == "CCONJ" or kept[0].text.lower() == "и"):  # "… предоставили и письменные свидетельства"
        kept.pop(0)
    return kept


def _apposition_chain(tokens: list[Token], head: Token, conjoined: bool = False) -> set[int]:
    """The head and the words in apposition to it, through roles ("депутат", "полковник") and, for a
    role head, conjoined roles of the same person ("Лидер партии и спикер Госдумы Борис Грызлов")."""
    rels = ("appos", "flat:name", "flat", "conj") if conjoined else ("appos", "flat:name", "flat")
    chain, grew = {head.index}, True
    while grew:
        grew = False
        for t in tokens:
            if t.index not in chain and t.head in chain and t.rel in rels:
                chain.add(t.index)
                grew = True
    return chain


def _name_word(token: Token) -> bool:
    """A capitalised proper noun that is not an adjective tagged PROPN ("Шестидесятилетняя")."""
    if token.pos != "PROPN" or not token.text[:1].isupper():
        return False
    parses = load_morph_vocab().parse(token.text.lower())
    return not parses or parses[0].tag.POS not in ("ADJF", "ADJS", "PRTF") or any(
        "Surn" in p.tag or "Name" in p.tag for p in parses)


def _oblique_word_nominative(word: str, token: Token, gender: str) -> str:
    case = token.feats.get("Case", "")
    if word != token.text or case in ("", "Nom"):
        return word
    shown = name_word_nominative(word, case, gender or token.feats.get("Gender", ""))
    # the tagger's gender may be wrong ("Прусенковой" tagged Masc): then any gender the word's form allows
    return shown if shown != word else name_word_nominative(word, case)


def _likeliest_case(word: str) -> str:
    """pymorphy2's likeliest case of a word ("" for an indeclinable one: "Мадуро" is any case)."""
    parses = load_morph_vocab().parse(word.lower())
    if not parses or "Fixd" in parses[0].tag:
        return ""
    return parses[0].tag.case or ""


def _role_word(token: Token) -> bool:
    """A capitalised common noun for a person ("Социалист", "Депутат") that the NER took into a name:
    a dictionary noun with no first-name, surname or patronymic reading."""
    parses = load_morph_vocab().parse(token.text.lower())
    if not parses or not parses[0].is_known or parses[0].tag.POS != "NOUN" or "anim" not in parses[0].tag:
        return False
    return not any("Name" in p.tag or "Surn" in p.tag or "Patr" in p.tag for p in parses)


def _person_nominative(tokens: list[Token]) -> str:
    name = nominative(tokens, person=True)
    if name == " ".join(t.text for t in tokens):  # natasha left an oblique name as written
        name = " ".join(name_word_nominative(t.text, t.feats.get("Case", ""), t.feats.get("Gender", "")) for t in tokens)
    return name


def _verb_agreement(cue: Token | None) -> tuple[str, str]:
    if cue is None or cue.pos not in ("VERB", "AUX", "ADJ"):
        return "", ""
    gender = cue.feats.get("Gender", "") if cue.feats.get("Tense") == "Past" or cue.pos == "ADJ" else ""
    return gender, cue.feats.get("Number", "")


def speaker_mention(found: RuAttribution, names: tuple[Name, ...]) -> SpeakerMention:
    head, tokens = found.source_head, found.source_tokens
    gender, number = _verb_agreement(found.cue_token)
    if head is None or not tokens:
        return SpeakerMention("")
    word = head.text.lower()
    if len(tokens) == 1 and word in PRONOUNS:
        own_gender, own_number = PRONOUNS[word]
        shown = pronoun_nominative(word)
        return SpeakerMention(shown, pronoun=shown, gender=gender or own_gender, number=number or own_number, person=True)
    start, end = found.source or (head.start, head.stop)
    if "nominative_as_written" in found.flags:  # a headline's "Соколова:" (the normaliser would guess "Соколов")
        return SpeakerMention(" ".join(t.text for t in tokens), gender=head.feats.get("Gender", "") or gender,
                              number="Sing", person=True)
    kept = _without_asides(tokens)
    # The person the mention names: the name holding its head, or the one in apposition to it
    # ("пресс-секретарь Кремля Дмитрий Песков"); a name in the genitive ("Оппонент Моралеса") is another person.
    # (through further roles and, for a role head, a conjunct the parser made of a comma apposition:
    # "Президент «MicroBank», Антонио Вила, рассказал")
    naming = _apposition_chain(kept, head, conjoined=head.pos == "NOUN")
    people = [n for n in names if n.type == "PER" and start <= n.start and n.end <= end
              and any(n.start <= t.start < n.end and t.index in naming for t in kept)]
    # the mention is part of a longer name (the parser made the surname the subject: "Прит Бхарара"):
    # the person is the whole name the NER found
    people = people or [n for n in names if n.type == "PER" and n.start <= head.start < n.end]
    if people:
        person = people[0]
        name = " ".join(re.sub(r"\([^)]*\)?", " ", person.normal).split())  # "Антонио Вила (Antonio Vila)"
        inside = [t for t in kept if person.start <= t.start < person.end]
        if "quoted_object" in found.flags:  # the object of "цитирует": natasha may read it as a subject
            name = " ".join(name_word_nominative(t.text, "Acc", person.gender) for t in inside)
        elif inside and (not _name_word(inside[0]) or _role_word(inside[0])) and len(name.split()) == len(inside) > 1:
            # an adjective NER took for a first name ("Шестидесятилетняя Руссефф") or a role ("Социалист Марти")
            name = " ".join(name.split()[1:])
        elif len(name.split()) == len(inside):
            # words natasha left as written in an oblique case ("по словам Рэппа", "Эда Гонзалеса")
            name = " ".join(_oblique_word_nominative(word, t, person.gender) for word, t in zip(name.split(), inside))
            # the addressee the NER ran into the name: "сказал Паркер Ривлину" (an object case after a nominative)
            parts = name.split()
            while len(parts) > 1 and _likeliest_case(inside[0].text) == "nomn" \
                    and _likeliest_case(inside[len(parts) - 1].text) in ("datv", "accs", "ablt"):
                parts.pop()
            name = " ".join(parts)
        return SpeakerMention(name, gender=person.gender or gender, number="Sing", person=True)
    # A name natasha's NER missed, in apposition to a role, possibly through another role
    # ("Автор законопроекта, депутат Иван Иванов", "Представитель Пентагона полковник Дэйв Батлер"):
    # the first run of capitalised name words reached from the head through appos/flat links.
    chain = _apposition_chain(kept, head, conjoined=head.pos == "NOUN")
    words = sorted((t for t in kept if t.index in chain - {head.index} and _name_word(t)), key=lambda t: t.index)
    runs: list[list[Token]] = []
    for t in words:
        if runs and t.index == runs[-1][-1].index + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    if runs and head.feats.get("Animacy") == "Anim":
        return SpeakerMention(_person_nominative(runs[0]), gender=runs[0][-1].feats.get("Gender", "") or gender,
                              number="Sing", person=True)
    after = [t for t in kept if t.index > head.index]
    named = " ".join(t.text for t in after if t.text not in _QUOTES).strip()
    if head.lemma in MEDIA_HEADS and named and (after[0].text in _QUOTES or named[:1].isupper()):
        return SpeakerMention(named, number="Sing")
    # "компания Meta", "компании «Цифровые решения»": a company's name in quotation marks or Latin letters
    # (not "службы США", a genitive)
    if ORGANISATION_NOUNS.get(head.lemma) == "company" and named and (after[0].text in _QUOTES or named.isascii()):
        return SpeakerMention(named, number="Sing")
    animate = head.pos in ("NOUN", "PROPN") and head.feats.get("Animacy") == "Anim"
    if head.pos == "PROPN" and animate:
        return SpeakerMention(_person_nominative(kept), gender=head.feats.get("Gender", "") or gender,
                              number="Sing", person=True)
    if kept and kept[0].pos == "NUM":  # "два источника в отрасли": the normaliser would break the numeral's agreement
        return SpeakerMention(" ".join(t.text for t in kept).strip(" ,"), gender=gender, number="Plur", person=animate)
    phrase = nominative(kept, person=False).strip(" ,")
    return SpeakerMention(phrase, gender=gender, number=head.feats.get("Number", "") or number, person=animate)
