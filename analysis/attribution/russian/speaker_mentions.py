"""What the parse says about a Russian speaker mention (:class:`~analysis.speakers.russian.SpeakerMention`):
its nominative form, whether it is a pronoun, a person, and the gender and number that agree with it.

- A pronoun ("он", "она", "они") takes gender and number from the past-tense cue verb
  (заявила → Fem Sing), else from itself.
- A mention that holds a person's name (natasha NER ``PER``) is that person, in the nominative:
  "пресс-секретаря Кремля Дмитрия Пескова" → "Дмитрий Песков".
- A media outlet introduced by its kind ("газета «Гардиан»", "издание The Hill") is its name.
- Anything else is the phrase in the nominative ("в комитете образования" → "комитет образования"),
  a person when its head noun is animate ("адвокат", "хоккеист").
"""
from __future__ import annotations

from analysis.attribution.russian.parsing import Name, Token
from analysis.attribution.russian.unit import RuAttribution
from analysis.speakers.russian import (
    MEDIA_HEADS,
    PRONOUNS,
    SpeakerMention,
    load_morph_vocab,
    name_word_nominative,
    nominative,
)

__all__ = ["speaker_mention"]

_QUOTES = "«»\"“”„'"


def _without_asides(tokens: tuple[Token, ...]) -> list[Token]:
    """Drop parenthesised words ("(Jorge Quiroga)") and edge punctuation."""
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
        return SpeakerMention(word, pronoun=word, gender=gender or own_gender, number=number or own_number, person=True)
    start, end = found.source or (head.start, head.stop)
    kept = _without_asides(tokens)
    # The person the mention names: the name holding its head, or the one in apposition to it
    # ("пресс-секретарь Кремля Дмитрий Песков"); a name in the genitive ("Оппонент Моралеса") is another person.
    naming = {head.index} | {t.index for t in kept if t.head == head.index and t.rel in ("appos", "flat:name", "flat")}
    people = [n for n in names if n.type == "PER" and start <= n.start and n.end <= end
              and any(n.start <= t.start < n.end and t.index in naming for t in kept)]
    if people:
        person = people[0]
        name = person.normal
        inside = [t for t in kept if person.start <= t.start < person.end]
        if "quoted_object" in found.flags:  # the object of "цитирует": natasha may read it as a subject
            name = " ".join(name_word_nominative(t.text, "Acc", person.gender) for t in inside)
        elif inside and not _name_word(inside[0]) and len(name.split()) == len(inside) > 1:
            name = " ".join(name.split()[1:])  # an adjective NER took for a first name: "Шестидесятилетняя Руссефф"
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
    if head.lemma in MEDIA_HEADS:
        after = [t for t in kept if t.index > head.index]
        named = " ".join(t.text for t in after if t.text not in _QUOTES).strip()
        if named and (after[0].text in _QUOTES or named[:1].isupper()):
            return SpeakerMention(named, number="Sing")
    animate = head.pos in ("NOUN", "PROPN") and head.feats.get("Animacy") == "Anim"
    if head.pos == "PROPN" and animate:
        return SpeakerMention(_person_nominative(kept), gender=head.feats.get("Gender", "") or gender,
                              number="Sing", person=True)
    phrase = nominative(kept, person=False).strip(" ,")
    return SpeakerMention(phrase, gender=gender, number=head.feats.get("Number", "") or number, person=animate)
