"""Resolve speaker mentions to canonical speakers and group speakers into actors.

"spokesman Dmitry Peskov", "Peskov" and a following "he" are one person; "the company" after
WhatsApp is WhatsApp. The rules are the classic salience heuristics for news (Lappin & Leass
1994, in the simplified form of Hobbs-style recency): a pronoun or a definite description takes
the most recent compatible speaker, preferring speakers over mere mentions; a surname alone
merges with the full name that contains it. Actors come from the sidecar (members, aliases) and,
without one, from metonymy in the text ("the Kremlin", "Moscow", "Russian authorities" are the
Russian government) and from affiliations inside the mention ("Telegram founder Pavel Durov").
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from analysis.article import Article
from analysis.schema import ActorSpec
from analysis.speakers.mentions import Mention
from analysis.speakers.salience import Discourse

DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "we"}
THING_PRONOUNS = {"it"}
TITLES = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|prof|gov|sen|rep|gen|col|lt|sgt|capt|rev|st|hon|pres|amb|atty|supt|insp)\.?"
    r"|president|vice|prime|minister|secretary|senator|governor|representative|congressman|congresswoman"
    r"|chancellor|mayor|judge|justice|general|king|queen|prince|princess|pope|sheikh|ceo|chairman|chairwoman|chair"
    r"|former|late|then|spokesman|spokeswoman|spokesperson|founder|director|chief|head|leader|candidate|host)$",
    re.IGNORECASE,
)
ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "minister", "president", "senator", "governor",
    "founder", "ceo", "chief", "director", "chairman", "candidate", "lawyer", "attorney", "analyst", "expert",
    "doctor", "professor", "researcher", "mayor", "leader", "secretary", "diplomat", "judge", "prosecutor",
    "man", "woman", "activist", "executive", "adviser", "advisor", "aide", "source",
}
ORG_NOUNS = {
    "company", "firm", "platform", "messenger", "service", "regulator", "agency", "ministry", "government",
    "group", "organization", "organisation", "party", "campaign", "committee", "department", "corporation",
    "court", "administration", "watchdog", "network", "outlet", "newspaper", "union", "bank", "office",
    "authority", "authorities", "council", "commission", "bureau", "team", "startup", "giant", "app",
    "daily", "paper", "magazine", "tabloid", "broadcaster", "channel", "publication", "website", "weekly",
}
# Heads of definite descriptions of news media ("the influential US daily", "the newspaper"), and
# the words that end a media organisation's name ("The Washington Post", "Fox News").
MEDIA_NOUNS = {"daily", "newspaper", "paper", "magazine", "tabloid", "broadcaster", "channel", "network",
               "outlet", "publication", "website", "weekly"}
MEDIA_NAME_WORDS = {"post", "times", "news", "journal", "daily", "herald", "tribune", "guardian", "telegraph",
                    "magazine", "gazette", "globe", "review", "network", "cnn", "msnbc", "bbc", "nbc", "abc",
                    "cbs", "fox", "reuters", "ap", "afp", "politico", "breitbart", "mail", "observer", "economist"}
# Metonymy for governments (capitals and seats of power) and nationality adjectives.
GOVERNMENT_SEATS = {
    "the kremlin": "Russia", "kremlin": "Russia", "moscow": "Russia", "washington": "United States",
    "the white house": "United States", "white house": "United States", "beijing": "China", "kyiv": "Ukraine",
    "kiev": "Ukraine", "london": "United Kingdom", "downing street": "United Kingdom", "paris": "France",
    "the elysee": "France", "berlin": "Germany", "tokyo": "Japan", "tehran": "Iran", "pyongyang": "North Korea",
    "ankara": "Turkey", "jerusalem": "Israel", "brussels": "European Union", "new delhi": "India", "minsk": "Belarus",
}
NATIONALITIES = {
    "russian": "Russia", "american": "United States", "u.s.": "United States", "us": "United States",
    "chinese": "China", "ukrainian": "Ukraine", "british": "United Kingdom", "french": "France",
    "german": "Germany", "japanese": "Japan", "iranian": "Iran", "north korean": "North Korea",
    "turkish": "Turkey", "israeli": "Israel", "indian": "India", "belarusian": "Belarus", "eu": "European Union",
}
GOVERNMENT_WORDS = r"(?:authorities|officials|government|administration|state|regulators|lawmakers|ministry|ministers)"
_NATIONAL_GOV = re.compile(r"^(?:the\s+)?(" + "|".join(re.escape(k) for k in NATIONALITIES) + r")\s+" + GOVERNMENT_WORDS + r"$",
                           re.IGNORECASE)


#: Confidence of a resolution, by how it was made: a name in the mention is surest, a pronoun or a
#: description resolved by recency least (Lappin & Leass 1994 salience is a heuristic).
CONFIDENCE = {"named": 0.95, "surname": 0.9, "sidecar": 0.9, "common_noun": 0.85, "description": 0.75,
              "pronoun": 0.75, "unresolved": 0.3}


class Speaker(NamedTuple):
    """A resolved speaker: canonical name, whether it names a person, its actor group."""

    name: str
    is_person: bool
    actor: str


def _words(mention: str) -> list[str]:
    return re.findall(r"[\w.'’&-]+", mention)


def canonical_name(mention: str) -> str:
    """Strip determiners, roles and titles: "Telegram founder Pavel Durov" → "Pavel Durov".

    The name is the final run of capitalised words; a mention without one is kept as written
    (lower-cased determiner removed), e.g. "the company".
    """
    whole = re.sub(r"^(?:the|a|an|this|that)\s+", "", mention.strip(), flags=re.IGNORECASE)
    parts = re.split(r"\s+(?:of|for)\s+", mention.strip(), maxsplit=1)
    if len(parts) == 2:
        names = [w for w in _words(parts[0]) if w[:1].isupper() and not TITLES.match(w) and w.lower() not in DETERMINERS]
        if not names or (len(names) == 1 and parts[1][:1].isupper()):
            # "a member of Congress", "the Secretary of State", "The Bank of England": one name.
            return whole
    words = _words(parts[0])
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    run: list[str] = []
    for word in reversed(words):
        particle = run and word in ("van", "de", "von", "al", "bin", "der")
        if word[:1].isupper() and not TITLES.match(word) and word.lower() not in DETERMINERS or particle:
            run.append(word)
        else:
            break
    if run:
        return " ".join(reversed(run))
    return re.sub(r"^(?:the|a|an|this|that)\s+", "", mention.strip(), flags=re.IGNORECASE)


ORG_SUFFIXES = {"corp", "corp.", "inc", "inc.", "ltd", "ltd.", "llc", "co.", "plc", "ag", "sa", "gmbh", "group", "bank",
                "university", "institute", "party", "times", "post", "news", "agency", "ministry", "council"}


def _looks_like_person(mention: str, name: str) -> bool:
    words = _words(mention.lower())
    if any(w in ORG_NOUNS or w in ORG_SUFFIXES for w in words):
        return False
    if any(w in ROLE_NOUNS for w in words) and not any(w in ORG_NOUNS for w in words[-1:]):
        return True
    parts = name.split()
    return 2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts) and not any(p.lower() in ORG_NOUNS for p in parts)


def _sidecar_actor(name: str, mention: str, actors: Mapping[str, ActorSpec]) -> str | None:
    lowered = {name.lower(), mention.lower().strip(), re.sub(r"^the\s+", "", mention.lower().strip())}
    for actor, spec in actors.items():
        names = {actor.lower()} | {m.lower() for m in spec.members} | {a.lower() for a in spec.aliases}
        names |= {re.sub(r"^the\s+", "", n) for n in names}
        if lowered & names:
            return actor
        if any(name.lower() == m.lower().split()[-1] for m in spec.members):
            return actor
    return None


def _text_actor(name: str, mention: str) -> str | None:
    """Actor from the text alone: government metonymy, or an organisation named in the mention."""
    key = mention.lower().strip()
    for form in (key, re.sub(r"^the\s+", "", key), name.lower()):
        if form in GOVERNMENT_SEATS:
            return f"{GOVERNMENT_SEATS[form]} government"
    match = _NATIONAL_GOV.match(mention.strip())
    if match:
        return f"{NATIONALITIES[match.group(1).lower()]} government"
    # "Kremlin spokesman Dmitry Peskov", "Telegram founder Pavel Durov": the capitalised words
    # before a role noun name the person's organisation.
    words = _words(mention)
    for i, word in enumerate(words):
        if word.lower() in ROLE_NOUNS and i > 0:
            org = " ".join(w for w in words[:i] if w[:1].isupper() and w.lower() not in ("the",))
            if org:
                seat = GOVERNMENT_SEATS.get(org.lower())
                return f"{seat} government" if seat else org
    return None


class SpeakerResolver:
    """Resolves mentions in article order, remembering who has spoken (salience by recency)."""

    def __init__(self, actors: Mapping[str, ActorSpec] | None = None):
        self.actors: Mapping[str, ActorSpec] = actors or {}
        self.history: list[tuple[Speaker, str]] = []  # (speaker, mention) most recent last
        self.full_names: dict[str, str] = {}  # surname → full name
        self.members = {m for spec in self.actors.values() for m in spec.members}
        for spec in self.actors.values():
            for member in spec.members:
                if len(member.split()) > 1:
                    self.full_names.setdefault(member.split()[-1].lower(), member)

    def _actor_for(self, name: str, mention: str, is_person: bool) -> str:
        return (
            _sidecar_actor(name, mention, self.actors)
            or _text_actor(name, mention)
            or self._actor_from_history(name)
            or name
        )

    def _actor_from_history(self, name: str) -> str | None:
        for speaker, _ in reversed(self.history):
            if speaker.name == name:
                return speaker.actor
        return None

    def _recent(self, predicate) -> Speaker | None:
        for speaker, mention in reversed(self.history):
            if predicate(speaker, mention):
                return speaker
        return None

    def resolve(self, mention: str) -> tuple[Speaker | None, str]:
        """The speaker a mention refers to, and a flag ("" or why it is uncertain)."""
        speaker, flag, _ = self.resolve_scored(mention)
        return speaker, flag

    def resolve_scored(self, mention: str) -> tuple[Speaker | None, str, float]:
        """:meth:`resolve` with a confidence (:data:`CONFIDENCE`, by how the mention was resolved)."""
        words = _words(mention.lower())
        if not words:
            return None, "unresolved_speaker", CONFIDENCE["unresolved"]
        if len(words) == 1 and words[0] in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS:
            person = words[0] in PERSON_PRONOUNS
            found = self._recent(lambda s, m: s.is_person == person)
            if found is None:
                return None, "unresolved_speaker", CONFIDENCE["unresolved"]
            return found, "", CONFIDENCE["pronoun"]
        name = canonical_name(mention)
        # A definite description ("the company", "the spokesman") ends on a common noun.
        definite = mention.strip().lower().startswith(("the ", "this ", "that ")) and not _words(mention)[-1][:1].isupper()
        if definite:
            head = words[-1]
            sidecar = _sidecar_actor(name, mention, self.actors)
            if sidecar:
                earlier = self._recent(lambda s, m: s.actor == sidecar)
                if earlier and (head in ROLE_NOUNS) == earlier.is_person:
                    return earlier, "", CONFIDENCE["sidecar"]
                if head not in ROLE_NOUNS:
                    return Speaker(sidecar, False, sidecar), "", CONFIDENCE["sidecar"]
            media = head in MEDIA_NOUNS and self._recent(
                lambda s, m: not s.is_person and bool(set(_words(s.name.lower())) & MEDIA_NAME_WORDS))
            found = media or self._recent(lambda s, m: head in _words(m.lower())) or (
                self._recent(lambda s, m: s.is_person) if head in ROLE_NOUNS
                else self._recent(lambda s, m: not s.is_person) if head in ORG_NOUNS else None
            )
            if found:
                return found, "", CONFIDENCE["description"]
        parts = name.split()
        confidence = CONFIDENCE["named"] if name[:1].isupper() else CONFIDENCE["common_noun"]
        if len(parts) == 1 and parts[0].lower() in self.full_names:
            name = self.full_names[parts[0].lower()]
            confidence = CONFIDENCE["surname"]
        elif len(parts) > 1:
            self.full_names.setdefault(parts[-1].lower(), name)
        earlier = self._recent(lambda s, m: s.name == name)
        if earlier:
            return earlier, "", confidence
        is_person = _looks_like_person(mention, name) or name in self.members
        return Speaker(name, is_person, self._actor_for(name, mention, is_person)), "", confidence

    def observe(self, speaker: Speaker, mention: str) -> None:
        self.history.append((speaker, mention))


#: How an unresolved pronoun or description is shown: "he (unresolved)", grouped under one actor.
UNRESOLVED_ACTOR = "(unresolved)"


def _needs_discourse(mention: str) -> bool:
    """A pronoun, a definite description ("the senator", "the company") or a document ("the statement")."""
    words = _words(mention.lower())
    if len(words) == 1:
        return words[0] in PERSON_PRONOUNS
    return words[0] in ("the", "this", "that") and not any(w[:1].isupper() for w in _words(mention)[1:])


NOT_NAMES = frozenset("i we you they it this that".split())


def _kind(speaker: Speaker) -> str:
    """PERSON, ORG, or UNKNOWN (a lone capitalised word: "Kasich said", "Twitter said")."""
    if speaker.is_person:
        return "PERSON"
    words = _words(speaker.name.lower())
    organisation = any(w in ORG_NOUNS or w in ORG_SUFFIXES for w in words) or speaker.actor.endswith(" government")
    return "ORG" if organisation or len(words) > 1 or speaker.name.isupper() else "UNKNOWN"


def resolve_speakers(article: Article, statements: list, entities: Sequence = ()) -> list:
    """Fill ``speaker``, ``actor`` and ``speaker_confidence`` (the rule's times the resolution's)
    of each statement, in article order.

    Names resolve by :class:`SpeakerResolver`; pronouns, definite descriptions and documents by the
    salience model of :mod:`analysis.speakers.salience` over ``entities`` (the article's
    :class:`~analysis.speakers.mentions.Mention` list, in text order). A description the
    sidecar names ("the company" for an actor with that alias) keeps the sidecar's answer. What
    the model cannot resolve stays "he (unresolved)" (a description: "finance minister") under the
    actor "(unresolved)".
    """
    resolver = SpeakerResolver(article.sidecar.actors)
    discourse = Discourse([m for m in entities if isinstance(m, Mention)])
    resolved = []
    pending = [m for m in entities if getattr(m, "kind", getattr(m, "label", "")) in ("PERSON", "ORG")]
    done: dict[int, tuple[Speaker | None, str, float]] = {}
    for statement in statements:
        while pending and pending[0].end <= max(statement.speaker_start, statement.sentence_start):
            entity = pending.pop(0)
            mention = article.text[entity.start:entity.end]
            if entity.start >= statement.sentence_start and statement.speaker_start >= 0:
                continue  # the speaker's own sentence: the cue's subject decides, not a nearby name
            speaker, _ = resolver.resolve(mention)
            if speaker is not None and mention.strip()[:1].isupper():
                resolver.observe(speaker._replace(is_person=getattr(entity, "kind", "") == "PERSON" or speaker.is_person),
                                 mention)
        if statement.kind == "narrator" or statement.speaker_start < 0:
            resolved.append(statement)
            continue
        mention = statement.speaker_mention
        if statement.speaker_start in done:
            speaker, flag, confidence = done[statement.speaker_start]
        elif _needs_discourse(mention) and not _sidecar_actor(canonical_name(mention), mention, resolver.actors):
            antecedent = discourse.resolve(statement.speaker_start, mention)
            if antecedent is None:
                speaker, flag, confidence = None, "unresolved_speaker", CONFIDENCE["unresolved"]
            else:
                speaker, flag, _ = resolver.resolve_scored(antecedent.name)
                confidence = antecedent.confidence
        else:
            speaker, flag, confidence = resolver.resolve_scored(mention)
            if speaker is not None and speaker.name[:1].isupper() and speaker.name.lower() not in NOT_NAMES:
                discourse.advance(statement.speaker_start + 1)
                discourse.note_speaker(statement.speaker_start, speaker.name, _kind(speaker))
        done[statement.speaker_start] = (speaker, flag, confidence)
        flags = statement.flags + ((flag,) if flag else ())
        confidence = round(statement.speaker_confidence * confidence, 3)
        if speaker is None:
            if not _needs_discourse(mention):
                unresolved = actor = mention
            elif len(_words(mention)) == 1:
                unresolved, actor = f"{mention.strip()} (unresolved)", UNRESOLVED_ACTOR
            else:  # "The finance minister", with no one in the text to be: the description names the speaker
                unresolved, actor = canonical_name(mention), UNRESOLVED_ACTOR
            resolved.append(replace(statement, speaker=unresolved, actor=actor, flags=flags, speaker_confidence=confidence))
            continue
        resolver.observe(speaker, mention)
        resolved.append(replace(statement, speaker=speaker.name, actor=speaker.actor, flags=flags,
                                speaker_confidence=confidence))
    return resolved
