"""Syntactic rules that find the source, cue and content of an attribution in a parsed sentence.

Each rule reads a spaCy dependency parse (ClearNLP labels, as in ``en_core_web_sm``): the
subject of a reporting verb is its source, its clausal complement the content; quotations beside
an attribution, joined only by punctuation, are direct speech (conventions of the AP Stylebook
and of PARC 3.0, Pareti 2016). :mod:`analysis.attribution` applies them sentence by sentence.
"""
from __future__ import annotations

from analysis.attribution.cues import (
    ACCORDING_TO,
    ALL_CUE_VERBS,
    CONTENT_PREPOSITIONS,
    PHRASAL_PARTICLES,
    PREPOSITIONAL_CUES,
    SPEECH_VERBS,
)

# Verbs that denote speech whatever their syntax: they may take their subject from the clause they
# hang on (", alleging the state is …", ", claiming the messenger …").
STRONG_CUES = frozenset(
    """say tell add state announce declare explain remark comment write reply respond retort quip
    tweet testify reiterate insist assert contend argue claim allege accuse deny warn urge admit
    concede acknowledge confirm predict promise pledge vow echo complain ask charge""".split()
)
SUBJECT_DEPS = ("nsubj",)
CONTENT_CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis")
CONTENT_OTHER_DEPS = ("dobj", "obj", "attr", "oprd", "prep", "advcl", "acomp", "conj")
MENTION_LEFT_DEPS = ("compound", "amod", "det", "poss", "nmod", "flat", "nummod", "case", "quantmod")
MENTION_RIGHT_DEPS = ("compound", "flat", "case")
#: Nouns that name a role in something: the mention keeps "of X" ("a member of Congress").
ROLE_HEADS = frozenset("""member head leader spokesman spokeswoman spokesperson chairman chairwoman chair
    director president chief secretary minister governor mayor professor founder editor author senator
    official representative ambassador commander adviser advisor aide analyst researcher fellow""".split())
NON_SOURCES = frozenset("this that these those which what there here it's".split())
RELATIVE_PRONOUNS = frozenset("who that which whom".split())
QUOTE_TOKENS = frozenset({'"', "”", "»", "'", "’", "''", "“", "``", "«"})
CLOSING_TOKENS = frozenset({'"', "”", "»", "'", "’", "''"})


def mention_span(head, offset: int) -> tuple[int, int]:
    """The noun phrase that names a speaker: head plus compounds, titles and possessives,
    without appositives or relative clauses ("Hugh Hill, a doctor, said" → "Hugh Hill")."""
    left, right = head.i, head.i
    for child in head.lefts:
        if child.dep_ in MENTION_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    for child in head.rights:
        adjacent = child.left_edge.i == right + 1
        if adjacent and (child.dep_ in MENTION_RIGHT_DEPS or (child.dep_ == "appos" and child.pos_ == "PROPN")):
            right = child.right_edge.i  # "The company Acme Corp" (no comma: not a descriptive appositive)
        elif adjacent and child.dep_ == "prep" and child.lower_ in ("of", "for") and head.lemma_.lower() in ROLE_HEADS:
            right = child.right_edge.i  # "a member of Congress", "a spokesman for the ministry"
    doc = head.doc
    return offset + doc[left].idx, offset + doc[right].idx + len(doc[right].text)


def find_source(cue):
    """The token naming who speaks for ``cue``, or None.

    Participial cues take their subject from the clause they modify only for strong verbs of
    speech (", alleging …"), and a relative pronoun resolves to the noun it modifies.
    """
    inverted = inverted_subject(cue)
    if inverted is not None:
        return inverted
    token = cue
    for _ in range(3):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return token.head
            if subject.lower_ in NON_SOURCES or subject.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "PUNCT"):
                return None
            return subject
        named = modal_name(token)
        if named is not None:
            return named
        agents = [c for c in token.children if c.dep_ == "agent"]
        if agents:
            objects = [c for c in agents[0].children if c.dep_ == "pobj"]
            return objects[0] if objects else None
        if any(c.dep_ == "nsubjpass" for c in token.children):
            return None
        if token.dep_ == "ROOT":
            return misattached_subject(token) or headline_coordination(token)
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in ("PROPN", "NOUN"):
            return token.head  # "with spokesman Dmitry Peskov attributing the measure to …"
        if token.dep_ == "pcomp" and token.tag_ == "VBG" and speaks_anyway(cue) and token.head.dep_ == "prep" \
                and token.head.head.pos_ in ("VERB", "AUX") and token.head.head.dep_ != "relcl":
            token = token.head.head  # "… before explaining why she forgave him": the subject of the main verb
            continue
        climbs = token.dep_ == "conj" or (
            token.dep_ in ("advcl", "xcomp") and token.tag_ in ("VBG", "VBN") and speaks_anyway(cue)
        ) or infinitive(token)
        if not climbs:
            return None
        token = token.head
    return None


def modal_name(verb):
    """'While Will acknowledges …', ', Will described …': a capitalised "modal" right before a
    verb, inside the sentence, is a name the tagger misread (as after quotations)."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i > 0 else None
    if before is None or before.dep_ != "aux" or before.head.i != verb.i or before.tag_ != "MD":
        return None
    if not before.text[:1].isupper() or before.is_sent_start or not before.text.isalpha() or not verb.text[:1].islower():
        return None
    return before


def misattached_subject(verb):
    """'In an interview with hosts Joe Scarborough and Mika Brzezinski, the candidate stated …':
    after a long opening phrase the small parser hangs the subject on the phrase (as an
    appositive or conjunct) and leaves the main verb without one. The noun phrase set off by a
    comma right before the verb is then its subject."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].dep_ in ("advmod", "neg", "aux") and doc[i].pos_ in ("ADV", "PART", "AUX"):
        i -= 1
    if i < 0 or doc[i].pos_ not in ("NOUN", "PROPN") or doc[i].dep_ not in ("appos", "conj", "pobj"):
        return None
    head = doc[i]
    left = head.left_edge.i
    if left == 0 or doc[left - 1].text != "," or head.lower_ in NON_SOURCES:
        return None
    return head


def headline_coordination(verb):
    """'Trump calls Flynn treatment "unfair," claims Clinton "lied"': headlines join verbs with a bare
    comma, and the parser hangs the first verb on the second as its complement; the subject of the
    first cue verb speaks for the next (headline style; a speaker is never taken from an object)."""
    i = verb.i - 1
    doc = verb.doc
    while i >= 0 and doc[i].is_punct and doc[i].text != ",":
        i -= 1
    if i < 0 or doc[i].text != ",":
        return None
    for child in verb.children:
        if child.dep_ in ("ccomp", "conj", "parataxis") and child.i < i and child.lemma_.lower() in ALL_CUE_VERBS:
            subjects = [c for c in child.children if c.dep_ in SUBJECT_DEPS and c.i < child.i]
            if subjects and subjects[0].pos_ in ("PROPN", "NOUN") and subjects[0].lower_ not in NON_SOURCES:
                return subjects[0]
    return None


def infinitive(token) -> bool:
    """'I continue to believe that …', 'refused to say whether …': a to-infinitive takes the subject
    of the verb it complements."""
    if token.dep_ != "xcomp":
        return False
    # "began calling for …", "kept saying …": a gerund complement is controlled by the subject too
    return token.tag_ == "VBG" or (token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children))


def reported_clause(token) -> bool:
    """A verb inside a "that"/"whether" clause of another verb ("told NPR that he believes …"):
    it never introduces a direct quotation of its own."""
    return token.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ in COMPLEMENTIZERS for c in token.children)


#: Participles that add a further utterance (", adding that …", ", saying …"); others
#: (", alleging …", ", claiming …") characterise the same act and stay in its content.
FURTHER_UTTERANCE = frozenset("say add tell write".split())


def participle_of_speech(token) -> bool:
    """'mocked her qualifications, saying she would be a bad president': after an object, a
    participle of saying is a second statement, not part of the first cue's content."""
    return token.dep_ == "advcl" and token.tag_ == "VBG" and token.lemma_.lower() in FURTHER_UTTERANCE


def coordinated_verb(token) -> bool:
    """A verb joined to the verb before it by "and"/"but" ("… , called her X and boycotted …").
    Headlines join verbs with a bare comma ("Kremlin defends X, promotes Y"), which the parser
    reads unreliably: such a pair stays one statement."""
    if token.dep_ != "conj" or token.pos_ not in ("VERB", "AUX") or token.head.pos_ not in ("VERB", "AUX"):
        return False
    members = [token.head, *(c for c in token.head.children if c.dep_ == "conj")]
    return any(c.dep_ == "cc" for m in members for c in m.children)


def shares_subject(token) -> bool:
    """'He suggested …, called her "third-rate" and boycotted …': a verb coordinated with a verb
    that has a subject shares that subject (coordination of verb phrases; PolNeAR marks each cue)."""
    if not coordinated_verb(token) or any(c.dep_ == "auxpass" for c in token.children):
        return False  # "… and is thought to be …": a passive takes no speaker from its neighbour
    head = token.head  # the main clause or a relative clause ("an official who oversaw … and described …")
    return head.dep_ in ("ROOT", "relcl") and any(c.dep_ in SUBJECT_DEPS for c in head.children)


def speaks_anyway(cue) -> bool:
    """A strong cue, or a participle of speech with a clause (", pointing out that …"): either
    takes its subject from the clause it hangs on."""
    lemma = cue.lemma_.lower()
    if lemma in STRONG_CUES:
        return True
    return cue.tag_ == "VBG" and lemma in SPEECH_VERBS and any(c.dep_ == "ccomp" for c in cue.children)


def inverted_subject(cue):
    """'"…," said Edward Ross, an economist': the speaker follows the cue right after a quote.

    The parser often misreads such inversions, so the noun phrase after the cue is taken
    directly when a closing quotation mark precedes the cue."""
    doc = cue.doc
    i = cue.i - 1
    while i >= 0 and doc[i].is_punct and doc[i].text not in CLOSING_TOKENS:
        i -= 1
    if i < 0 or doc[i].text not in CLOSING_TOKENS:
        return None
    j = cue.i + 1
    while j < len(doc) and (doc[j].pos_ in ("DET", "ADJ") or doc[j].dep_ in ("compound", "det", "amod", "poss", "case")):
        j += 1
    if j < len(doc) and doc[j].pos_ in ("PROPN", "NOUN", "PRON") and j > cue.i:
        head = doc[j].head
        if doc[j].dep_ in SUBJECT_DEPS and head.i != cue.i and head.i > j and all(t.text != "," for t in doc[j:head.i]):
            return None  # '… "unfair," claims Clinton "lied"': the subject of what is claimed, not of the cue
        return doc[j]
    return None


def is_cue(token, in_quote) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or in_quote(token):
        return False
    if lemma in PREPOSITIONAL_CUES and any(c.dep_ == "prep" and c.lower_ in PREPOSITIONAL_CUES[lemma] for c in token.children):
        return True  # "talked about …", "spoke of …", "referring to …"
    particles = PHRASAL_PARTICLES.get(lemma, ())
    if any(c.dep_ in ("prt", "advmod") and c.lower_ in particles for c in token.children):
        return True  # "pointed out", "spoke up"
    return lemma in ALL_CUE_VERBS and lemma not in PREPOSITIONAL_CUES


def cue_extent(token, offset: int) -> tuple[int, int]:
    end_token = token
    for child in token.rights:
        if child.dep_ == "prt" and child.i == end_token.i + 1:
            end_token = child
    return offset + token.idx, offset + end_token.idx + len(end_token.text)


def complement_span(cue, offset: int, exclude: set[int]) -> tuple[int, int] | None:
    """What the cue introduces: its clausal complement, else its objects and adjuncts."""
    clauses = [c for c in cue.children if c.dep_ in CONTENT_CLAUSE_DEPS]
    # Objects and adjuncts count only after the cue: "Despite their friendship, they mocked …"
    # opens with a circumstance, not with what was said.
    # A coordinated verb ("called it X and said Y") is a second predicate, not what was said.
    children = clauses or [c for c in cue.children if c.dep_ in CONTENT_OTHER_DEPS and c.i > cue.i
                           and not coordinated_verb(c) and not participle_of_speech(c)]
    if clauses and all(c.dep_ == "xcomp" for c in clauses):
        # "urged the industry to do more": the object of an infinitive cue is part of what was urged.
        children = children + [c for c in cue.children if c.dep_ in ("dobj", "obj") and cue.i < c.i < clauses[0].i]
    children = [c for c in children if c.i not in exclude and not any(t.i in exclude for t in c.subtree)]
    if not children or all(c.dep_ == "prep" and c.lower_ not in CONTENT_PREPOSITIONS and is_circumstance(c) for c in children):
        return None  # only "when/where" phrases ("on Twitter on Monday", "in 1998"): no content
    doc = cue.doc
    start = min(doc[c.left_edge.i].idx for c in children)
    last = max(c.right_edge.i for c in children)
    end = doc[last].idx + len(doc[last].text)
    return offset + start, offset + end


def as_clause_content(cue, offset: int, unit: tuple[int, int]) -> tuple[int, int] | None:
    """"As X noted, CONTENT." / "CONTENT, as X said.": the content is the clause the cue modifies."""
    if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    if any(c.dep_ in ("dobj", "obj", "ccomp") for c in cue.children):
        return None  # "as she praises his record": "as" means "while", and the cue has its own content
    doc = cue.doc
    start = offset + doc[cue.left_edge.i].idx
    end = offset + doc[cue.right_edge.i].idx + len(doc[cue.right_edge.i].text)
    return (end, unit[1]) if start - unit[0] < unit[1] - end else (unit[0], start)


def is_circumstance(prep) -> bool:
    """A prepositional phrase that says when, where or through what medium, not what was said."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "ORG", "FAC", "EVENT", "CARDINAL") or
                                 o.lemma_.lower() in CIRCUMSTANCE_NOUNS for o in objects)


CIRCUMSTANCE_NOUNS = frozenset(
    "twitter facebook statement interview conference briefing email letter speech rally debate hearing "
    "podcast show television radio meeting event morning afternoon evening night week month year day".split()
)


def has_clause(cue) -> bool:
    """A clausal complement, a participial one (", alleging …"), "for/on/about" (called for …) or a
    small clause ("sees Christie as a leader", "considers the plan a mistake")."""
    return any(
        c.dep_ in CONTENT_CLAUSE_DEPS
        or (c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_.lower() in STRONG_CUES)
        or (c.dep_ == "prep" and c.lower_ in ("for", "on", "about", *PREPOSITIONAL_CUES.get(cue.lemma_.lower(), ())))
        or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children))  # "called for him to resign"
        or (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))  # "sees Christie as …", "consider X a threat"
        for c in cue.children
    )


def according_to(sent, offset: int, in_quote):
    """"According to X, …" / "…, according to X." → (source head, cue span) or None."""
    for token in sent:
        if token.lower_ == ACCORDING_TO[0] and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == ACCORDING_TO[1]:
            if in_quote(token):
                continue
            to = token.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                return objects[0], (offset + token.idx, offset + to.idx + len(to.text))
    return None


COMPLEMENTIZERS = frozenset("that whether if".split())
