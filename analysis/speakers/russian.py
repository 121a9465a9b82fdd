"""Russian speakers: names in the nominative, pronouns resolved by the cue verb's gender and number.

Russian inflects names, so the same person is "Песков", "Пескова", "Пескову"; a speaker is shown
in the nominative ("по словам пресс-секретаря Кремля Дмитрия Пескова" → "Дмитрий Песков"), made
by natasha's normaliser (Kuznetsov et al., natasha 1.6: the name's words put in the nominative
along the syntax tree; ``syntax_normalize`` for a whole phrase, "в комитете образования" →
"комитет образования"). A surname alone ("Песков") links to the full name seen earlier, as in
the English resolver (:mod:`analysis.speakers.resolution`).

Pronouns: coreference for Russian (coreferee-ru) needs a spaCy Russian model that is not on
PyPI, so it is not used. Instead a pronoun speaker ("— заявила она", "он добавил") takes the most
recent *compatible* person before it, the recency heuristic of Hobbs (1978) / Lappin & Leass
(1994) with Russian agreement as the filter: the past-tense cue verb (заявила → feminine,
заявил → masculine, заявили → plural) or the pronoun itself gives gender and number, and a
named person's gender comes from natasha's morphology of the name (Захаровой → Fem).

The module is pure Python over small records, so the attribution layer passes in what natasha
found (:class:`SpeakerMention`, :class:`NameMention`); the normaliser itself is here.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from analysis.schema import ActorSpec
from analysis.speakers.resolution import CONFIDENCE, UNRESOLVED_ACTOR, _sidecar_actor

__all__ = ["NameMention", "RussianSpeakerResolver", "SpeakerMention", "load_morph_vocab", "name_word_nominative", "nominative",
           "resolve_russian_speakers", "PRONOUNS", "pronoun_nominative"]

#: Personal pronouns that may be a speaker, with the gender/number they carry ("" = any).
PRONOUNS: dict[str, tuple[str, str]] = {
    "он": ("Masc", "Sing"), "она": ("Fem", "Sing"), "они": ("", "Plur"), "мы": ("", "Plur"),
    "я": ("", "Sing"), "оно": ("Neut", "Sing"),
    # possessives of "по его словам", "по её мнению", "по их данным"
    "его": ("Masc", "Sing"), "ее": ("Fem", "Sing"), "её": ("Fem", "Sing"), "их": ("", "Plur"),
}
#: The nominative of a possessive ("по его словам" → "он"): an unresolved pronoun speaker is shown in
#: the nominative, "он (unresolved)", as every other Russian speaker is and as English shows "he (unresolved)".
_POSSESSIVE_NOMINATIVE = {"его": "он", "ее": "она", "её": "она", "их": "они"}


def pronoun_nominative(pronoun: str) -> str:
    """"его" → "он", "её" → "она", "их" → "они"; a nominative pronoun as it is."""
    word = pronoun.lower()
    return _POSSESSIVE_NOMINATIVE.get(word, word)

#: Heads of media names: "газета «Гардиан»", "издание The Hill" → the name itself.
MEDIA_HEADS = frozenset("газета издание агентство телеканал журнал сайт портал радиостанция еженедельник "
                        "информагентство таблоид канал".split())
#: Government metonymy, mapped to the same actor labels as the English resolver uses.
GOVERNMENT_SEATS = {
    "кремль": "Russia government", "москва": "Russia government", "российские власти": "Russia government",
    "власти россии": "Russia government", "правительство россии": "Russia government",
    "белый дом": "United States government", "вашингтон": "United States government",
    "киев": "Ukraine government", "пекин": "China government", "лондон": "United Kingdom government",
    "минск": "Belarus government", "роскомнадзор": "Russia government", "минцифры": "Russia government",
}


@lru_cache(maxsize=1)
def load_morph_vocab():
    """natasha's MorphVocab (pymorphy2 dictionaries), loaded once per process."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymorphy2 imports pkg_resources
        from natasha import MorphVocab
        return MorphVocab()


def nominative(tokens: Sequence, person: bool) -> str:
    """The words of ``tokens`` (natasha-like: text, pos, feats, id, head_id, start, stop) in the
    nominative: a person's name word by word, any other phrase along its syntax tree."""
    from natasha.norm import normalize, syntax_normalize

    if not tokens:
        return ""
    vocab = load_morph_vocab()
    return " ".join((normalize if person else syntax_normalize)(vocab, list(tokens)).split())


_OC_CASES = {"Gen": "gent", "Acc": "accs", "Dat": "datv", "Ins": "ablt", "Loc": "loct"}
_OC_GENDERS = {"Masc": "masc", "Fem": "femn"}


def name_word_nominative(word: str, case: str, gender: str = "") -> str:
    """One capitalised name word in an oblique case ("Сулика", "Прусенковой"), put in the nominative
    with pymorphy2's paradigms (Korobov 2015), for names natasha's NER did not tag: the parse in
    the case the syntax gives, a person's name or an animate noun first, of the verb's gender when
    known, and its nominative singular of the same gender. Unknown: the word as written."""
    oc_case = _OC_CASES.get(case)
    if not oc_case or not word[:1].isupper():
        return word
    oc_gender = _OC_GENDERS.get(gender)
    parses = [p for p in load_morph_vocab().parse(word.lower())
              if oc_case in p.tag and "sing" in p.tag and p.tag.POS == "NOUN" and (not oc_gender or oc_gender in p.tag)]
    parses.sort(key=lambda p: -(("anim" in p.tag) + ("Surn" in p.tag or "Name" in p.tag)))
    for parse in parses[:1]:
        forms = [f for f in parse.lexeme if "nomn" in f.tag and "sing" in f.tag
                 and (parse.tag.gender is None or parse.tag.gender in f.tag)]
        if forms:
            return "-".join(part[:1].upper() + part[1:] for part in forms[0].word.split("-"))
    if case == "Gen" and gender == "Masc" and re.fullmatch(r"\w+[бвгдзклмнпрстфхцчшщ]а", word):
        # a man's foreign name the dictionary lacks, of the consonant declension: "Рэппа" → "Рэпп", "Эда" → "Эд"
        return word[:-1]
    return word


@dataclass(frozen=True)
class NameMention:
    """A person (natasha NER ``PER``) or organisation (``ORG``) named in the text, in the nominative,
    with its gender and the words just before it (lower case: its role, "пресс-секретарь президента")."""

    start: int
    end: int
    name: str
    gender: str = ""  # "Masc", "Fem" or ""
    in_quote: bool = False
    type: str = "PER"
    before: str = ""


@dataclass(frozen=True)
class SpeakerMention:
    """What the attribution layer knows about a statement's speaker mention.

    ``name``: the nominative form (a person's name when the mention holds one, else the phrase);
    ``pronoun``: the pronoun when the speaker is one (or the cue has no subject but agrees, "— заявила");
    ``gender`` / ``number``: from the cue verb (past tense) or the name; ``person``: a person's name.
    """

    name: str
    pronoun: str = ""
    gender: str = ""
    number: str = ""
    person: bool = False


@dataclass(frozen=True)
class _Known:
    name: str
    gender: str
    number: str
    person: bool
    actor: str
    context: str = ""  # the mention as written and the words before a name, lower case: roles are read in it


#: Nouns that stand for an organisation named before ("в ведомстве пояснили", "в заявлении компании"),
#: with the kind of body each may stand for.
ORGANISATION_NOUNS = {"компания": "company", "корпорация": "company", "фирма": "company", "холдинг": "company",
                      "концерн": "company", "ведомство": "agency", "министерство": "agency", "регулятор": "agency",
                      "служба": "agency", "департамент": "agency", "организация": ""}


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


def _text_actor(name: str, mention: str) -> str | None:
    """Government metonymy ("Кремль", "Белый дом") or a seat named inside the mention
    ("пресс-секретарь Кремля Дмитрий Песков" → Russia government)."""
    key = _key(name)
    if key in GOVERNMENT_SEATS:
        return GOVERNMENT_SEATS[key]
    lowered = _key(mention)
    for seat, actor in GOVERNMENT_SEATS.items():
        stem = seat[:-1] if len(seat) > 5 else seat
        if re.search(rf"\b{re.escape(stem)}\w*", lowered) and " " not in seat:
            return actor
    return None


class RussianSpeakerResolver:
    """Resolves Russian speaker mentions in article order (recency with agreement)."""

    def __init__(self, actors: Mapping[str, ActorSpec] | None = None, names: Sequence[NameMention] = ()):
        self.actors: Mapping[str, ActorSpec] = actors or {}
        self.names = sorted(names, key=lambda n: n.start)
        self.full_names: dict[str, str] = {}  # surname → full name
        self.history: list[tuple[int, _Known]] = []  # (offset, speaker), article order
        for spec in self.actors.values():
            for member in spec.members:
                if len(member.split()) > 1:
                    self.full_names.setdefault(_key(member.split()[-1]), member)

    def _full(self, name: str) -> tuple[str, bool]:
        """The full name a lone surname stands for (a speaker seen earlier, else the one full name
        with that surname the article gives anywhere: a headline's "Песков:" comes before "Дмитрий
        Песков"), and whether it was linked."""
        parts = name.split()
        if len(parts) == 1 and _key(parts[0]) in self.full_names:
            return self.full_names[_key(parts[0])], True
        if len(parts) == 1:
            fuller = {n.name for n in self.names if n.type == "PER" and len(n.name.split()) > 1
                      and _key(n.name.split()[-1]) == _key(parts[0]) and _is_first_name(n.name.split()[0])}
            if len(fuller) == 1:
                return fuller.pop(), True
        if len(parts) > 1:
            self.full_names.setdefault(_key(parts[-1]), name)
        return name, False

    def _role_holder(self, at: int, role: str) -> _Known | None:
        """"Пресс-секретарь отметил": the most recent person introduced with that role ("пресс-секретарь
        президента РФ Дмитрий Песков"), as the English resolver reads "the senator" (a definite role noun
        refers back to the last person it described; Poesio & Vieira 1998)."""
        stem = _key(role)[:-1] if len(role) > 4 else _key(role)
        candidates = [h for h in self.history if h[0] < at and h[1].person and h[1].context]
        candidates += [(n.start, _Known(self._full(n.name)[0], n.gender, "Sing", True, "", n.before))
                       for n in self.names if n.type == "PER" and n.start < at and not n.in_quote]
        for _, known in sorted(candidates, key=lambda c: c[0], reverse=True):
            if re.search(rf"(?:^|[\s-]){re.escape(stem)}\w*", known.context) and " " in known.name:
                return replace(known, actor=self._actor(known.name, known.name))
        return None

    def _organisation(self, at: int, noun: str) -> _Known | None:
        """"В ведомстве пояснили", "в заявлении компании": the organisation named before that the noun
        stands for: one introduced with the same noun ("компании Meta"), else the last organisation that
        spoke, of the noun's kind (an agency is a government body, a company is not)."""
        kind, stem = ORGANISATION_NOUNS[noun], _key(noun)[:-1]
        introduced = [n for n in self.names if n.type == "ORG" and n.start < at and not n.in_quote
                      and re.search(rf"{re.escape(stem)}\w*\s*$", n.before)]
        if introduced:
            chosen = introduced[-1]
            return _Known(chosen.name, "", "Sing", False, self._actor(chosen.name, chosen.name))
        for _, known in sorted((h for h in self.history if h[0] < at), key=lambda h: h[0], reverse=True):
            government = known.actor.endswith("government")
            if known.person or _key(known.name).split()[0] in ORGANISATION_NOUNS or (kind == "agency" and not government) \
                    or (kind == "company" and government):
                continue
            return known
        return None

    def _actor(self, name: str, mention: str) -> str:
        for earlier in reversed(self.history):
            if earlier[1].name == name:
                return earlier[1].actor
        return _sidecar_actor(name, mention, self.actors) or _text_actor(name, mention) or name

    def _antecedent(self, at: int, gender: str, number: str, person_only: bool) -> _Known | None:
        """The most recent compatible speaker or named person before ``at``."""
        candidates: list[tuple[int, _Known]] = [h for h in self.history if h[0] < at]
        for n in self.names:
            if n.start < at and not n.in_quote and n.type == "PER":
                full, _ = self._full(n.name)
                known_gender = n.gender or next((h.gender for _, h in self.history if h.name == full), "")
                candidates.append((n.start, _Known(full, known_gender, "Sing", True, self._actor(full, full))))
        candidates.sort(key=lambda c: c[0])
        for _, known in reversed(candidates):
            if number and known.number and known.number != number:
                continue
            if number == "Sing" and gender and known.gender and known.gender != gender:
                continue
            if number == "Sing" and gender and not known.gender and known.person:
                continue  # a person of unknown gender does not take a gendered pronoun
            if person_only and not known.person:
                continue
            return known
        return None

    def resolve(self, at: int, mention: str, found: SpeakerMention) -> tuple[str, str, float, str]:
        """(speaker, actor, resolution confidence, flag) for one statement's speaker mention at ``at``."""
        if found.pronoun:
            person_only = found.number != "Plur"
            known = self._antecedent(at, found.gender, found.number, person_only)
            if known is None:
                return f"{found.pronoun} (unresolved)", UNRESOLVED_ACTOR, CONFIDENCE["unresolved"], "unresolved_speaker"
            return known.name, known.actor, CONFIDENCE["pronoun"], ""
        if found.number != "Plur":
            role, noun = _common_noun_head(found.name)
            earlier = self._role_holder(at, role) if role and found.person else \
                self._organisation(at, noun) if noun in ORGANISATION_NOUNS else None
            if earlier is not None:
                self.history.append((at, replace(earlier, context=_key(mention))))
                return earlier.name, earlier.actor, CONFIDENCE["description"], ""
        name, linked = self._full(found.name) if found.person else (found.name, False)
        confidence = CONFIDENCE["surname"] if linked else CONFIDENCE["named"] if found.person else CONFIDENCE["common_noun"]
        gender = found.gender or next((h.gender for _, h in self.history if h.name == name), "")
        known = _Known(name, gender, found.number or "Sing", found.person, self._actor(name, mention), _key(mention))
        self.history.append((at, known))
        return known.name, known.actor, confidence, ""


def _is_first_name(word: str) -> bool:
    """Whether pymorphy2 knows ``word`` as a first name ("Дмитрий"; not "Социалист", "Шестидесятилетняя",
    words the NER may take into a name)."""
    return any("Name" in p.tag for p in load_morph_vocab().parse(word.lower())[:3])


def _common_noun_head(phrase: str) -> tuple[str, str]:
    """(role, organisation noun) of a speaker phrase without a name: "пресс-секретарь" → ("пресс-секретарь", "");
    "заявление компании" → ("", "компания"); a phrase with a name, or of more than three words → ("", "")."""
    words = phrase.split()
    if not words or len(words) > 3 or any(w[:1].isupper() for w in words[1:]):
        return "", ""
    vocab = load_morph_vocab()
    first = vocab.parse(words[0].lower())
    if not first or any({"Surn", "Name", "Patr", "Geox", "Orgn"} & p.tag.grammemes for p in first[:2]):
        return "", ""
    lemmas = [vocab.parse(w.lower())[0].normal_form for w in words]
    noun = next((lemma for lemma in lemmas if lemma in ORGANISATION_NOUNS), "")
    role = lemmas[0] if not noun and "anim" in first[0].tag and first[0].tag.POS == "NOUN" else ""
    return role, noun


def resolve_russian_speakers(statements: list, mentions: Mapping[int, SpeakerMention], names: Sequence[NameMention] = (),
                             actors: Mapping[str, ActorSpec] | None = None) -> list:
    """Fill ``speaker``, ``actor`` and ``speaker_confidence`` (the rule's times the resolution's)
    of each statement, in article order. ``mentions`` maps a statement's ``speaker_start`` to what
    the parse says about it; a statement without a speaker mention is left as it is."""
    resolver = RussianSpeakerResolver(actors, names)
    done: dict[int, tuple[str, str, float, str]] = {}
    result = []
    for statement in statements:
        if statement.kind == "narrator" or statement.speaker_start < 0 or statement.speaker_start not in mentions:
            result.append(statement)
            continue
        if statement.speaker_start not in done:
            done[statement.speaker_start] = resolver.resolve(statement.speaker_start, statement.speaker_mention,
                                                             mentions[statement.speaker_start])
        speaker, actor, confidence, flag = done[statement.speaker_start]
        flags = statement.flags + ((flag,) if flag else ())
        result.append(replace(statement, speaker=speaker, actor=actor, flags=flags,
                              speaker_confidence=round(statement.speaker_confidence * confidence, 3)))
    return result
