"""The people, organisations, pronouns and documents an article mentions, read off the spaCy parse,
for resolving pronoun and role speakers (:mod:`analysis.speakers.salience`).

Each :class:`Mention` keeps what salience and agreement need (Lappin & Leass 1994):
its grammatical role (subject, object, or embedded in another noun phrase), whether it stands
inside a quotation, its sentence and paragraph, and gender or role evidence from the mention
itself. Gender comes from honorifics ("Mr.", "Mrs.", "Ms.": the convention of the New York Times
and of AP for second references) and gendered role nouns ("spokeswoman", "congressman"); roles
come from pre-modifiers ("Florida Sen. Marco Rubio", "ABC moderator David Muir") and appositions
("Jim Manley, a spokesman for Mr. Reid"; "the Ohio governor, John Kasich").
Documents ("a statement", "a fundraising email") remember their issuer: the possessor
("his statement"), "by/from X", or the subject of the verb that issued them ("Black Lives Matter
issued a statement").
"""
from __future__ import annotations

from typing import NamedTuple

MALE_HONORIFICS = frozenset("mr mr.".split())
FEMALE_HONORIFICS = frozenset("mrs mrs. ms ms. miss".split())
#: Abbreviated titles and the role noun a later definite description uses ("the senator").
TITLE_ROLES = {"sen.": "senator", "sen": "senator", "gov.": "governor", "gov": "governor", "rep.": "representative",
               "pres.": "president", "gen.": "general", "dr.": "doctor", "sec.": "secretary", "lt.": "lieutenant",
               "col.": "colonel", "capt.": "captain", "supt.": "superintendent", "amb.": "ambassador"}
MALE_NOUNS = frozenset("""man spokesman congressman chairman businessman father husband son brother king prince
    grandfather uncle nephew boyfriend sir lord""".split())
FEMALE_NOUNS = frozenset("""woman spokeswoman congresswoman chairwoman businesswoman mother wife daughter sister queen
    princess grandmother aunt niece girlfriend actress lady madam""".split())
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                  "herself": "f", "they": "p", "them": "p", "their": "p", "themselves": "p", "it": "n", "its": "n"}
#: Nouns for what is written or broadcast in someone's name: it speaks for its issuer.
DOCUMENT_NOUNS = frozenset("""statement letter email e-mail tweet post memo release advertisement ad video message
    complaint lawsuit filing op-ed editorial column petition robocall press""".split())
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
EMBEDDED_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
ISSUING_VERBS = frozenset("""issue release send post publish write sign file tweet put air run launch circulate
    distribute email""".split())


class Mention(NamedTuple):
    """One mention, offsets into the article text.

    ``kind``: "PERSON", "ORG" (named), "PRON" (he/she/they…), "DOC" (a document; ``issuer`` is
    the span of who issued it, or (-1, -1)). ``role``: "subj", "obj", "embedded" or "other".
    ``gender``: "m", "f", "p" (plural pronoun) or "". ``roles``: role nouns attached to a name.
    A "SENT" mention marks where a sentence starts (``sentence`` is its number).
    """

    start: int
    end: int
    text: str
    kind: str
    sentence: int
    paragraph: int
    role: str
    in_quote: bool
    gender: str = ""
    roles: frozenset[str] = frozenset()
    lemma: str = ""
    issuer: tuple[int, int] = (-1, -1)
    clause: int = -1  # offset of the verb the mention is an argument of (binding: "Kelly confronted him")
    adverbial: bool = False  # inside an adverbial clause ("If Trump loses, he said …")
    issuer_text: str = ""  # a document's issuer as written ("Fifty doctors")


def _clause_of(token, offset: int) -> int:
    return offset + token.head.idx if token.dep_ in SUBJECT_DEPS | OBJECT_DEPS else -1


def _adverbial(token) -> bool:
    return any(t.dep_ == "advcl" for t in token.ancestors)


def _cataphoric(token) -> bool:
    """"Months after he savaged her, Donald Trump tells …": a pronoun in a fronted adverbial clause
    whose main clause names its subject later points forward, not back."""
    for clause in token.ancestors:
        if clause.dep_ == "advcl" and clause.i < clause.head.i:
            return any(c.dep_ in SUBJECT_DEPS and c.i > token.i and c.pos_ == "PROPN" for c in clause.head.children)
    return False


def _role_of(token) -> str:
    if token.dep_ in SUBJECT_DEPS:
        return "subj"
    if token.dep_ in EMBEDDED_DEPS or (token.dep_ == "pobj" and token.head.head.pos_ in ("NOUN", "PROPN")):
        return "embedded"  # "Trump's rallies", "the Clinton campaign", "a critic of Trump": not the head
    if token.dep_ in OBJECT_DEPS:
        return "obj"
    return "other"


def _noun_roles(tokens) -> tuple[set[str], str]:
    roles, gender = set(), ""
    for token in tokens:
        lower = token.lower_
        if lower in TITLE_ROLES:
            roles.add(TITLE_ROLES[lower])
        elif token.pos_ == "NOUN" or (token.pos_ == "PROPN" and lower.rstrip(".") in ROLE_TITLES):
            roles.add(token.lemma_.lower().rstrip("."))
        if lower in MALE_NOUNS:
            gender = "m"
        elif lower in FEMALE_NOUNS:
            gender = "f"
    return roles, gender


#: Capitalised titles the tagger reads as proper nouns ("President Obama", "Senator Reid").
ROLE_TITLES = frozenset("""president senator governor secretary minister chancellor mayor judge justice general
    representative congressman congresswoman speaker leader chairman chairwoman director ambassador prince king queen
    pope""".split())


def _name_mention(ent, offset: int, sentence: int, paragraph: int, in_quote) -> Mention:
    doc = ent.doc
    root = ent.root
    gender = ""
    roles: set[str] = set()
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None:
        lower = before.lower_
        gender = "m" if lower in MALE_HONORIFICS else "f" if lower in FEMALE_HONORIFICS else ""
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i == ent.end:
        roles.add(root.head.lemma_.lower())  # "Family Circle magazine", "the Clinton foundation"
    if root.dep_ != "poss":  # "Sanders' son": the noun after a possessive is not the name's role
        # Pre-modifiers of the name's noun phrase: "Florida Sen.", "ABC moderator", "spokeswoman".
        premodifiers = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod", "appos")]
        premodifiers += [t for t in doc[max(0, ent.start - 3):ent.start] if t.head.i == root.i]
        found, noun_gender = _noun_roles({t.i: t for p in premodifiers for t in p.subtree if t.i < ent.start}.values())
        roles |= found
        gender = gender or noun_gender
        # Appositions set off by commas, both ways: "Jim Manley, a spokesman for Mr. Reid" / "the Ohio governor, John Kasich".
        appositions = [c for c in root.children if c.dep_ == "appos" and c.i >= ent.end and c.pos_ == "NOUN"
                       and doc[c.left_edge.i - 1].text == ","]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < ent.start and doc[ent.start - 1].text == ",":
            appositions.append(root.head)
        found, noun_gender = _noun_roles(appositions)
        roles |= found
        gender = gender or noun_gender
    start = offset + ent.start_char
    return Mention(start, offset + ent.end_char, ent.text, ent.label_, sentence, paragraph, _role_of(root),
                   in_quote(start), gender, frozenset(roles), clause=_clause_of(root, offset), adverbial=_adverbial(root))


def _issuer(noun) -> tuple[int, int] | None:
    """Who issued a document noun: its possessor, "by/from X", or the subject of an issuing verb."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child.left_edge.idx, child.idx + len(child.text)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj.left_edge.idx, obj.idx + len(obj.text)
    verb = noun.head
    if noun.dep_ in ("dobj", "obj") and verb.lemma_.lower() in ISSUING_VERBS:
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child.left_edge.idx, child.idx + len(child.text)
    return None


def _unlabelled_name(token) -> bool:
    return (not token.ent_type_ and token.text[:1].isupper() and token.text.isalpha()
            and not token.text.isupper()
            and token.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"pobj", "appos"} and len(token.text) > 2
            and (token.i == 0 or token.doc[token.i - 1].text not in "(-"))  # not "(I-Vt.)"


def collect_mentions(doc, offset: int, paragraph: int, sentences: list[tuple[int, int]],
                     in_quote, headline: bool = False) -> list[Mention]:
    """The mentions of one parsed paragraph, in text order.

    ``sentences``: (article offset where each sentence of the paragraph starts, its number);
    ``in_quote(offset)`` tells whether an article offset is inside a quotation.
    In a ``headline`` every word is capitalised: only the tagger's names count there.
    """
    def sentence_of(start: int) -> int:
        index = sentences[0][1] if sentences else 0
        for begin, number in sentences:
            if begin <= start:
                index = number
        return index

    mentions = [Mention(begin, begin, "", "SENT", number, paragraph, "other", False) for begin, number in sentences]
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG"):
            start = offset + ent.start_char
            mentions.append(_name_mention(ent, offset, sentence_of(start), paragraph, in_quote))
    for token in doc:
        pos = token.pos_  # one look-up per token: most tokens are none of these
        if pos == "PRON":
            lower = token.lower_
            if lower not in PRONOUN_GENDER:
                continue
            start = offset + token.idx
            if in_quote(start):
                continue  # "he" in a quotation is the speaker's, seen from the speaker's side
            mentions.append(Mention(start, start + len(token.text), token.text, "PRON", sentence_of(start), paragraph,
                                    _role_of(token), False, PRONOUN_GENDER[lower], lemma="cataphora" if _cataphoric(token)
                                    else lower, clause=_clause_of(token, offset), adverbial=_adverbial(token)))
        elif pos == "PROPN":
            if not _unlabelled_name(token) or (headline and token.dep_ != "nsubj"):
                continue
            # "Trump took offense when …": a proper noun the small tagger left without a label.
            first = min((t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"), key=lambda t: t.i,
                        default=token)
            begin = offset + first.idx
            mentions.append(Mention(begin, offset + token.idx + len(token.text), doc[first.i:token.i + 1].text,
                                    "UNKNOWN", sentence_of(begin), paragraph, _role_of(token), in_quote(begin),
                                    clause=_clause_of(token, offset), adverbial=_adverbial(token)))
        elif pos == "NOUN" and token.lemma_ in DOCUMENT_NOUNS:
            start = offset + token.idx
            if in_quote(start):
                continue
            issuer = _issuer(token)
            span = (offset + issuer[0], offset + issuer[1]) if issuer else (-1, -1)
            mentions.append(Mention(start, start + len(token.text), token.text, "DOC", sentence_of(start), paragraph,
                                    _role_of(token), False, lemma=token.lemma_, issuer=span,
                                    issuer_text=doc.text[issuer[0]:issuer[1]] if issuer else ""))
    mentions.sort(key=lambda m: m.start)
    return mentions
