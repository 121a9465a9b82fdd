"""Who a pronoun, a role noun or a document refers to: a salience model of the article's discourse.

The model follows Lappin & Leass (1994), "An algorithm for pronominal anaphora resolution":
every mention of a discourse entity adds salience by its grammatical role (sentence recency
100, subject 80, direct object 50, head noun 80), salience halves at each sentence boundary, and
a pronoun takes the most salient earlier entity that agrees with it in gender and number.
Additions for news text:

- a name inside a quotation is spoken about, not introduced by the narrator: it adds little;
- the speaker of a statement gains salience (the last speaker of a quote run is the one a
  following "he said" continues; AP Stylebook, attribution within quote runs);
- gender comes from honorifics, gendered role nouns and the pronouns already resolved to an
  entity (a "she" resolved to Kelly makes Kelly female for the next "he");
- names merge by their words ("Mr. Trump", "Donald J. Trump"), honorifics keeping "Mr. Clinton"
  and "Mrs. Clinton" apart;
- a definite role description ("the senator", "the company") takes the most salient entity with
  that role from a pre-modifier or apposition ("Sen. Chris Murphy", "Jim Manley, a spokesman"),
  of the right kind (a person for a role noun, an organisation for "the company");
- a document ("the statement", "the email") speaks for its issuer.

When nothing agrees, :meth:`Discourse.resolve` returns None and the speaker stays unresolved.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from analysis.speakers.first_names import first_name_gender
from analysis.speakers.mentions import DOCUMENT_NOUNS, FEMALE_NOUNS, MALE_NOUNS, PRONOUN_GENDER, Mention

#: Lappin & Leass (1994) salience factors, and this module's news additions.
RECENCY, SUBJECT, OBJECT, HEAD = 100.0, 80.0, 50.0, 80.0
SPEAKER = 120.0
QUOTED = 0.1  # a mention inside a quotation counts a tenth
ADVERBIAL = 0.5  # and one in an adverbial clause half (L&L's non-adverbial emphasis)
DECAY = 0.5  # per sentence
PARAGRAPH_DECAY = 0.5  # and once more per paragraph: a new paragraph's own names come first
MAX_NAME_WORDS = 4  # longer "names" are headlines the tagger took for one ("The Party's Move Against X")
MIN_SALIENCE = 5.0  # below this an entity is too far back to be a pronoun's antecedent

PERSONISH = frozenset({"PERSON", "UNKNOWN"})
ORGISH = frozenset({"ORG", "UNKNOWN"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
PERSON_ROLES = frozenset("""spokesman spokeswoman spokesperson senator president governor candidate nominee host
    anchor moderator journalist reporter columnist writer author official minister secretary leader chairman
    chairwoman director founder executive lawyer attorney economist analyst professor researcher expert mayor
    congressman congresswoman representative lawmaker tycoon mogul developer billionaire businessman businesswoman
    star actor actress singer speaker adviser advisor aide strategist pollster judge prosecutor chief commander
    general man woman pastor preacher activist diplomat ambassador justice""".split())
ORG_ROLES = frozenset("""company firm group organization organisation agency ministry department campaign committee
    foundation newspaper paper magazine tabloid outlet network channel broadcaster daily website publication
    union party bank court administration council commission bureau institute university network giant startup
    platform service team""".split())
MEDIA_ROLES = frozenset("newspaper paper magazine tabloid outlet network channel broadcaster daily website publication".split())
MEDIA_WORDS = frozenset("""post times news journal daily herald tribune guardian telegraph magazine gazette globe review
    network cnn msnbc bbc nbc abc cbs fox reuters ap afp politico breitbart mail observer economist""".split())
#: Words that make a name an organisation's ("Fox News", "Clinton Foundation", "Democratic Party").
ORG_WORDS = ORG_ROLES | MEDIA_WORDS | frozenset("""inc corp corporation co ltd llc plc association center centre
    institute university college school church club council agency office house senate congress parliament
    police army force forces navy fund trust society coalition alliance movement network systems group""".split())
#: Role nouns that mean the same role ("the senator" for "Sen. X").
SYNONYMS = {"spokeswoman": "spokesman", "spokesperson": "spokesman", "congresswoman": "congressman",
            "representative": "congressman", "lawmaker": "congressman", "chairwoman": "chairman", "chair": "chairman",
            "paper": "newspaper", "tabloid": "newspaper", "daily": "newspaper", "anchor": "host",
            "mogul": "tycoon", "billionaire": "tycoon", "businessman": "tycoon", "developer": "tycoon"}
_NOISE = frozenset("the a an mr mrs ms miss dr sen rep gov gen president senator governor".split())


def _norm(role: str) -> str:
    return SYNONYMS.get(role, role)


def name_words(text: str) -> tuple[str, ...]:
    """Lower-case words of a name without titles, determiners and a possessive ending."""
    text = re.sub(r"(?:['’]s|['’])$", "", text.strip())
    return tuple(w for w in re.findall(r"[\w.-]+", text.lower().replace(".", " ")) if w not in _NOISE)


class Antecedent(NamedTuple):
    """What a mention refers to: the entity's name, a confidence (0..1) and how it was found."""

    name: str
    confidence: float
    how: str


@dataclass
class Entity:
    """A discourse entity: its best name, kind, gender and roles, and its salience."""

    name: str
    kind: str  # PERSON / ORG
    words: tuple[str, ...]
    gender: str = ""
    roles: set[str] = field(default_factory=set)
    name_gender: str = ""  # from the first name (:mod:`.first_names`); the text's evidence wins
    salience: float = 0.0
    sentence: int = 0
    paragraph: int = 0
    counted: dict[str, float] = field(default_factory=dict)  # weight per factor counted in ``sentence``

    votes: dict[str, int] = field(default_factory=dict)  # genders of the pronouns resolved to it

    @property
    def known_gender(self) -> str:
        """Honorific or gendered noun, else the first name, else the pronouns resolved to it so far."""
        if self.gender or self.name_gender:
            return self.gender or self.name_gender
        male, female, neuter = self.votes.get("m", 0), self.votes.get("f", 0), self.votes.get("n", 0)
        if neuter > male + female:
            return "n"
        return "m" if male > female else "f" if female > male else ""

    def agrees(self, gender: str) -> bool:
        own = self.known_gender
        return not own or not gender or own == gender

    def value(self, sentence: int, paragraph: int | None = None) -> float:
        paragraphs = 0 if paragraph is None else max(0, paragraph - self.paragraph)
        return self.salience * DECAY ** max(0, sentence - self.sentence) * PARAGRAPH_DECAY ** paragraphs

    def add(self, weight: float, sentence: int, factor: str = "mention", paragraph: int | None = None) -> None:
        """Add a mention's weight; within one sentence each factor counts once, at its largest
        (Lappin & Leass: a class's salience sums its factors, not its mentions)."""
        if sentence > self.sentence or (paragraph is not None and paragraph > self.paragraph):
            self.salience = self.value(sentence, paragraph)
            self.sentence, self.counted = max(sentence, self.sentence), {}
            self.paragraph = max(self.paragraph, paragraph or 0)
        extra = max(0.0, weight - self.counted.get(factor, 0.0))
        self.counted[factor] = max(weight, self.counted.get(factor, 0.0))
        self.salience += extra


def _weight(mention: Mention) -> float:
    weight = RECENCY + (SUBJECT if mention.role == "subj" else OBJECT if mention.role == "obj" else 0.0)
    if mention.role != "embedded":
        weight += HEAD
    return weight * (QUOTED if mention.in_quote else 1.0) * (ADVERBIAL if mention.adverbial else 1.0)


class Discourse:
    """Reads the article's mentions in order (:meth:`advance`) and resolves mentions against them."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = [m for m in mentions if m.kind != "SENT"]
        self.sentence_starts = [m.start for m in mentions if m.kind == "SENT"]
        self.sentence_numbers = [m.sentence for m in mentions if m.kind == "SENT"]
        self.sentence_paragraphs = [m.paragraph for m in mentions if m.kind == "SENT"]
        self.paragraph = 0
        self.clause_subjects: dict[int, Entity] = {}
        self.position = 0
        self.entities: list[Entity] = []
        self.by_start: dict[int, Entity | None] = {}
        self.documents: dict[str, Mention] = {}
        self.sentence = 0

    # ------------------------------------------------------------ reading the text

    def advance(self, offset: int) -> None:
        """Take in every mention that starts before ``offset``."""
        while self.position < len(self.mentions) and self.mentions[self.position].start < offset:
            mention = self.mentions[self.position]
            self.position += 1
            self.sentence = max(self.sentence, mention.sentence)
            self.paragraph = max(self.paragraph, mention.paragraph)
            if mention.start in self.by_start:
                continue
            if mention.kind == "PRON":
                entity = self._pronoun(mention)
            elif mention.kind == "DOC":
                self.documents[mention.lemma] = mention
                continue
            else:
                entity = self._name(mention)
            self.by_start[mention.start] = entity
            if entity is not None:
                entity.add(_weight(mention), mention.sentence, paragraph=mention.paragraph)
                if mention.role == "subj" and mention.clause >= 0:
                    self.clause_subjects[mention.clause] = entity

    def _name(self, mention: Mention) -> Entity | None:
        words = name_words(mention.text)
        if not words:
            return None
        gender = mention.gender
        kind = mention.kind
        if mention.text.isupper() and " " in mention.text:
            return None  # "CORRECTION APPENDED", "FULL TEXT": archive boilerplate, not a name
        if set(words) & ORG_WORDS or set(mention.roles) & ORG_ROLES:
            kind = "ORG"  # "Hillary Clinton Foundation", "Family Circle magazine"
        elif gender:
            kind = "PERSON"  # "Ms. Malik", "spokeswoman X"
        elif kind == "ORG" and not set(words) & ORG_WORDS and not (len(words) == 1 and mention.text.isupper()):
            kind = "UNKNOWN"  # the small tagger often calls a person ORG ("Kasich replied", "Tashfeen Malik")
        elif kind == "PERSON" and len(words) == 1 and not mention.text.isupper():
            kind = "UNKNOWN"  # and a company PERSON ("Twitter said"): a lone word needs more evidence
        entity = self._match(words, kind, gender)
        if entity is None:
            entity = Entity(" ".join(mention.text.split()), kind, words, gender)
            entity.name = re.sub(r"(?:['’]s|['’])$", "", entity.name)
            self.entities.append(entity)
        if (entity.kind == "UNKNOWN" and kind != "UNKNOWN") or (gender and kind == "PERSON"):
            entity.kind = kind
        if entity.kind == "UNKNOWN" and entity.name_gender:
            entity.kind = "PERSON"
        if len(words) > len(entity.words) and entity.kind == kind:
            entity.words, entity.name = words, re.sub(r"(?:['’]s|['’])$", "", " ".join(mention.text.split()))
        entity.gender = entity.gender or gender
        if entity.kind != "ORG" and len(entity.words) > 1:
            entity.name_gender = first_name_gender(entity.words[0])
        entity.roles |= {_norm(r) for r in mention.roles}
        return entity

    def _match(self, words: tuple[str, ...], kind: str, gender: str) -> Entity | None:
        wanted = set(words)
        if len(words) > MAX_NAME_WORDS:
            return next((e for e in self.entities if e.words == words), None)
        candidates = [e for e in self.entities if len(e.words) <= MAX_NAME_WORDS
                      and (wanted <= set(e.words) or set(e.words) <= wanted)]
        # "Bill Clinton" is not "Hillary Clinton": one name's words hold the other's; the genders agree.
        candidates = [e for e in candidates if e.agrees(gender)]
        if not candidates:
            return None
        same_kind = [e for e in candidates if e.kind == kind or "UNKNOWN" in (e.kind, kind)] or candidates
        return max(same_kind, key=lambda e: e.value(self.sentence, self.paragraph))

    def _pronoun(self, mention: Mention) -> Entity | None:
        gender = PRONOUN_GENDER.get(mention.lemma or mention.text.lower(), "")
        if gender == "p" or mention.lemma == "cataphora":
            return None  # "they": too often a group the text never names; a forward pointer: not resolved
        if gender == "n":
            # "Twitter said it …": "it" on a name of its own sentence marks an organisation (evidence only).
            found = self._best(lambda e: e.kind in ORGISH and not e.known_gender and e.sentence == mention.sentence,
                               mention.sentence)
            if found is not None:
                found.kind = "ORG"
                found.votes["n"] = found.votes.get("n", 0) + 1
            return None
        # Binding (Chomsky's principle B, L&L's syntactic filter): "Kelly confronted him" is not Kelly.
        bound = self.clause_subjects.get(mention.clause) if mention.role in ("obj", "other") else None
        found = self._best(lambda e: e.kind in PERSONISH and e.agrees(gender) and e is not bound, mention.sentence)
        if found is not None:
            found.votes[gender] = found.votes.get(gender, 0) + 1  # evidence of the entity's gender from now on
            found.kind = "PERSON"
        return found

    def _best(self, accept, sentence: int) -> Entity | None:
        scored = [(e.value(sentence, self.paragraph), e) for e in self.entities if accept(e)]
        scored = [(v, e) for v, e in scored if v >= MIN_SALIENCE]
        return max(scored, key=lambda pair: pair[0])[1] if scored else None

    def _margin(self, accept, sentence: int) -> float:
        """How far the best candidate leads the second, as a share of its salience (1.0 alone)."""
        values = sorted((e.value(sentence, self.paragraph) for e in self.entities if accept(e)), reverse=True)
        if len(values) < 2 or values[0] <= 0:
            return 1.0
        return (values[0] - values[1]) / values[0]

    # ------------------------------------------------------------ speakers

    def _move_to(self, offset: int) -> None:
        """Set the current sentence and paragraph to those holding ``offset``."""
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        if index >= 0:
            self.sentence = max(self.sentence, self.sentence_numbers[index])
            self.paragraph = max(self.paragraph, self.sentence_paragraphs[index])

    def note_speaker(self, start: int, name: str, kind: str = "PERSON") -> None:
        """The speaker of a statement, named at ``start``: it becomes the most salient voice."""
        self._move_to(start)
        entity = self.by_start.get(start)
        if entity is None:
            words = name_words(name)
            entity = self._match(words, kind, "") if words else None
            if entity is None and words:
                entity = Entity(name, kind, words)
                if kind != "ORG" and len(words) > 1:
                    entity.name_gender = first_name_gender(words[0])
                self.entities.append(entity)
            self.by_start[start] = entity
        if entity is not None and entity.kind == "UNKNOWN":
            entity.kind = kind
        if entity is not None:
            self._speaks(entity)

    def resolve(self, start: int, mention: str) -> Antecedent | None:
        """The entity a pronoun, role description or document at ``start`` refers to, or None."""
        self.advance(start + 1)
        self._move_to(start)
        words = mention.lower().split()
        if not words:
            return None
        head = re.sub(r"['’]s?$", "", words[-1])
        if len(words) == 1 and head in PERSON_PRONOUNS:
            entity = self.by_start.get(start)
            if entity is None:
                return None
            gender = PRONOUN_GENDER[head]
            accept = lambda e: e.kind in PERSONISH and e.agrees(gender)  # noqa: E731
            margin = self._margin(accept, self.sentence)
            agreed = bool(entity.gender or entity.name_gender) and entity.known_gender == gender
            confidence = 0.55 + 0.15 * agreed + 0.15 * min(1.0, margin * 2)  # at most 0.85: below a name
            self._speaks(entity)
            return Antecedent(entity.name, round(confidence, 3), "pronoun")
        if head in DOCUMENT_NOUNS:
            return self._document(head)
        if words[0] not in ("the", "this", "that") or any(w[:1].isupper() for w in mention.split()[1:]):
            return None
        return self._description(head, mention)

    def _speaks(self, entity: Entity) -> None:
        """A statement's speaker gains :data:`SPEAKER` (a quote run goes on with its last speaker)."""
        entity.add(SPEAKER, self.sentence, "speaker", self.paragraph)

    def _description(self, head: str, mention: str) -> Antecedent | None:
        role = _norm(head)
        if head in PERSON_ROLES:
            gender = "m" if head in MALE_NOUNS else "f" if head in FEMALE_NOUNS else ""
            kind_ok = lambda e: e.kind in PERSONISH and e.agrees(gender)  # noqa: E731
        elif head in ORG_ROLES:
            kind_ok = lambda e: e.kind in ORGISH  # noqa: E731
        else:
            return None
        with_role = self._best(lambda e: kind_ok(e) and role in e.roles, self.sentence)
        if with_role is not None:
            self._speaks(with_role)
            return Antecedent(with_role.name, 0.85, "role")
        if head in MEDIA_ROLES:
            media = self._best(lambda e: kind_ok(e) and bool(set(e.words) & MEDIA_WORDS), self.sentence)
            if media is not None:
                return Antecedent(media.name, 0.8, "media")
        found = self._best(kind_ok, self.sentence)
        if found is None:
            return None
        margin = self._margin(kind_ok, self.sentence)
        if margin < 0.2:
            return None  # two candidates nearly as salient: leave it unresolved
        self._speaks(found)
        return Antecedent(found.name, round(0.55 + 0.2 * margin, 3), "description")

    def _document(self, noun: str) -> Antecedent | None:
        document = self.documents.get(noun)
        if document is None or document.issuer[0] < 0:
            return None
        entity = self.by_start.get(document.issuer[0])
        if entity is None:
            for start, candidate in self.by_start.items():
                if candidate is not None and document.issuer[0] <= start < document.issuer[1]:
                    entity = candidate
        if entity is not None:
            return Antecedent(entity.name, 0.8, "document")
        issuer = document.issuer_text.strip()
        if issuer and issuer.lower() not in PRONOUN_GENDER:
            return Antecedent(issuer, 0.6, "document")  # "Fifty doctors sent a letter": named by description
        return None
