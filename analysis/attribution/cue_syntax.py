"""Syntactic rules that find the source, cue and content of an attribution in a parsed sentence.

Each rule reads a spaCy dependency parse (ClearNLP labels, as in ``en_core_web_sm``): the
subject of a reporting verb is its source, its clausal complement the content; quotations beside
an attribution, joined only by punctuation, are direct speech (conventions of the AP Stylebook
and of PARC 3.0, Pareti 2016). :mod:`analysis.attribution` applies them sentence by sentence.
"""
from __future__ import annotations

from analysis.attribution.cues import ACCORDING_TO, ALL_CUE_VERBS, CONTENT_PREPOSITIONS, PHRASAL_PARTICLES, SPEECH_VERBS
from analysis.attribution.quotes import Quote
from analysis.attribution.spans import has_letters

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
        agents = [c for c in token.children if c.dep_ == "agent"]
        if agents:
            objects = [c for c in agents[0].children if c.dep_ == "pobj"]
            return objects[0] if objects else None
        if any(c.dep_ == "nsubjpass" for c in token.children):
            return None
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in ("PROPN", "NOUN"):
            return token.head  # "with spokesman Dmitry Peskov attributing the measure to …"
        climbs = token.dep_ == "conj" or (
            token.dep_ in ("advcl", "xcomp") and token.tag_ in ("VBG", "VBN") and speaks_anyway(cue)
        ) or infinitive(token)
        if not climbs:
            return None
        token = token.head
    return None


def infinitive(token) -> bool:
    """'I continue to believe that …', 'refused to say whether …': a to-infinitive takes the subject
    of the verb it complements."""
    return token.dep_ == "xcomp" and token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


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
        return doc[j]
    return None


def is_cue(token, in_quote) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or in_quote(token) or (lemma not in ALL_CUE_VERBS and lemma not in PHRASAL_PARTICLES):
        return False
    if lemma in PHRASAL_PARTICLES:
        particles = PHRASAL_PARTICLES[lemma]
        if any(c.dep_ in ("prt", "advmod") and c.lower_ in particles for c in token.children):
            return True
        return lemma in ALL_CUE_VERBS
    return True


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
    children = clauses or [c for c in cue.children if c.dep_ in CONTENT_OTHER_DEPS and c.i > cue.i]
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
        or (c.dep_ == "prep" and c.lower_ in ("for", "on", "about"))
        or (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"))  # "sees Christie as …", "consider X a threat"
        for c in cue.children
    )


def direct_quote_span(text: str, unit: tuple[int, int], quotes: list[Quote], source: tuple[int, int],
                      cue: tuple[int, int]) -> tuple[int, int] | None:
    """The content span when the unit is a direct quotation with its attribution, else None.

    Direct: the quotations stand beside the attribution joined only by punctuation
    ("…," X said. / X said: "…" / "…," said X, "…"). Words may follow a trailing attribution
    ("…," Peskov told journalists Thursday.) or precede a colon or comma that introduces the
    quote (X told AFP on Monday: "…"). Otherwise quoted fragments are embedded in a paraphrase
    and the statement is mixed.
    """
    if not quotes:
        return None
    attr_start, attr_end = min(source[0], cue[0]), max(source[1], cue[1])
    before = [q for q in quotes if q.end <= attr_start]
    after = [q for q in quotes if q.start >= attr_end]
    if before:
        pieces = [text[unit[0]:before[0].start], text[before[-1].end:attr_start]]
        pieces += [text[x.end:y.start] for x, y in zip(before, before[1:])]
        if any(has_letters(piece) for piece in pieces):
            return None
    if after:
        gap = text[attr_end:after[0].start].rstrip()
        opening = text[after[0].start:after[0].end].lstrip("\"“”«»'‘’ ")
        introduced = gap.endswith((":", ",")) or (not has_letters(gap) and opening[:1].isupper())
        between = [text[x.end:y.start] for x, y in zip(after, after[1:])]
        tail = text[after[-1].end:unit[1]]
        if not introduced or has_letters(tail) or any(has_letters(piece) for piece in between):
            if not before:
                return None
            after = []
    elif not before:
        return None
    chosen = before + after
    return chosen[0].start, chosen[-1].end


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


CLAUSE_BREAKS = frozenset("and but as while before after".split())
NP_TAGS = frozenset("PROPN NOUN DET ADJ NUM PRON PART".split())
QUOTE_END_PUNCT = ",?!—–-…"


def _capitalised_name(token) -> bool:
    """After a quotation, a capitalised word the tagger took for a modal or preposition is a
    name ('…," Will wrote.', '…," From said.')."""
    return token.text[:1].isupper() and token.pos_ in ("AUX", "ADP", "VERB") and token.text.isalpha()


def _nominal(token) -> bool:
    return token.pos_ in NP_TAGS or _capitalised_name(token)


def trailing_attribution(text: str, span, offset: int, quote: Quote) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Surface fallback for '"…," Trump barked.' / '"…," said Ramos, 58.' when the parse is wrong.

    The small parser often misreads a short attribution after a quotation (it took "Trump
    barked" for a noun phrase). Part-of-speech tags are more reliable: a quotation ending in
    a comma, question or exclamation mark, then a noun phrase and a verb (or a verb and a noun
    phrase), then the end of the sentence or a comma, is an attribution. Returns
    (source span, cue span) or None.
    """
    inner = text[quote.start:quote.end].rstrip("\"”’'» ")
    if not inner or inner[-1] not in QUOTE_END_PUNCT:
        return None
    window = [t for t in span if offset + t.idx >= quote.end]
    clause = []
    for token in window:
        if token.text in (".", ";", "(") or token.text in QUOTE_TOKENS or token.lower_ in CLAUSE_BREAKS:
            break
        clause.append(token)
    verbs = [i for i, t in enumerate(clause) if (t.pos_ == "VERB" or t.tag_.startswith("VB")) and not _capitalised_name(t)]
    if not verbs or len(clause) > 14:
        return None
    v = verbs[0]
    before, after = clause[:v], clause[v + 1:]
    if before:
        noun_phrase = []
        for token in before:
            if token.text == ",":
                break
            noun_phrase.append(token)
        rest_ok = all(_nominal(t) or t.text == "," for t in before)
    else:
        noun_phrase = []
        for token in after:
            if token.text == "," or not _nominal(token):
                break
            noun_phrase.append(token)
        rest_ok = True
    heads = [t for t in noun_phrase if t.pos_ in ("PROPN", "NOUN", "PRON") or _capitalised_name(t)]
    if not heads or not rest_ok or heads[-1].lower_ in NON_SOURCES:
        return None
    first, last = noun_phrase[0], heads[-1]
    verb = clause[v]
    source = (offset + first.idx, offset + last.idx + len(last.text))
    return source, (offset + verb.idx, offset + verb.idx + len(verb.text))
