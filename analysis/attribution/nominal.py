"""Attributions without a reporting verb, and the dateline that is nobody's voice.

- Nominal cues (PARC 3.0, Pareti 2016; PolNeAR, Newell et al. 2018): a noun of saying or
  holding (:data:`~analysis.attribution.cues.NOMINAL_CUES`) with an owner and a clause or a
  quotation: "Trump's accusation that Clinton is playing the 'woman's card'", "his claim that …",
  "a statement by the ministry that …".
- Round-ups: "Jane Smith, The Daily Planet: "…"": reactions listed by name before a colon, with
  no verb (live blogs, press reviews, pundit round-ups).
- Headline colons: "Obama: I'm optimistic voters will say no", "Reid: 'Never underestimate
  him'": a headline names its source before a colon (headline style; PolNeAR marks the colon
  as the cue).
- Datelines: "WASHINGTON (AFP) -", "PHILADELPHIA ―" open a wire story; the place is never the
  speaker of the clause after it (AP Stylebook, "datelines").
"""
from __future__ import annotations

import re

from analysis.attribution.cue_syntax import mention_span
from analysis.attribution.cues import NOMINAL_CUES
from analysis.attribution.spans import has_letters, trim

_DASHES = "-—–―"
DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'’ ,-]{1,40}[A-Z.]\s*(?:\([^()]{2,25}\))?|[A-Z][\w.'’ ,-]{1,40}?\s*\([A-Z][^()]{1,25}\))"
    rf"\s*[{_DASHES}]{{1,2}}\s+"
)
OWNER_PREPOSITIONS = ("by", "from")
_ROUNDUP_NAME = re.compile(r"\s*([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin))*)\s*(,[^:\"“”]{1,60})?\s*:\s*$")


def dateline_end(text: str, paragraph_start: int, unit_start: int, unit_end: int) -> int:
    """Where a dateline that opens the paragraph ends (``unit_start`` when there is none)."""
    if text[paragraph_start:unit_start].strip():
        return unit_start
    match = DATELINE.match(text, unit_start, unit_end)
    return match.end() if match else unit_start


def _owner(noun):
    """The noun's owner: a possessive ("Trump's claim", "his claim") or "by/from X"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


#: Nouns of judging whose topic follows a preposition ("their criticism of the plan", "warnings
#: from experts about the virus"): the topic is the content (PolNeAR nominal cues).
TOPIC_NOUNS = frozenset("criticism warning complaint concern allegation accusation".split())
TOPIC_PREPOSITIONS = frozenset("of about on against over".split())


def _clause(noun):
    """The clause the noun introduces: "claim that …" (a complement with "that", or a finite
    clause without it: "Trump's assertion there are generals who agree"), or for a noun of
    judging its topic ("criticism of X")."""
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            return child
        finite = child.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "expl") for c in child.children)
        if child.dep_ in ("acl", "ccomp") and finite:
            return child
    if noun.lemma_.lower() in TOPIC_NOUNS:
        for child in noun.rights:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if child.dep_ == "prep" and child.lower_ in TOPIC_PREPOSITIONS and objects:
                return objects[0]
    return None


#: "In their view, …", "in the words of a senior adviser, …": a prepositional cue of opinion.
IN_PHRASE_NOUNS = frozenset("view word opinion estimation assessment judgment judgement mind".split())


def _in_phrase(unit, token):
    """(source, cue span, content span) for "in X's view" / "in the words of X", else None."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "in" or unit.in_quote(prep):
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if owner is None:
        owner = next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for o in c.children if o.dep_ == "pobj"), None)
    if owner is None or owner.lower_ in ("my", "our", "your"):
        return None
    offset = unit.offset
    phrase_start = offset + prep.idx
    phrase_end = max(offset + token.idx + len(token.text), mention_span(owner, offset)[1])
    before, after = trim(unit.text, unit.start, phrase_start), trim(unit.text, phrase_end, unit.end)
    if after[1] > after[0] and unit.text[after[0]] in "\"“'«":
        content = after  # "was, in the words of an aide, ''the torchbearer'' of his legacy": the words quoted
    elif before[1] > before[0] and has_letters(rest := unit.text[after[0]:after[1]]) and rest.split()[0].islower():
        content = trim(unit.text, unit.start, unit.end)  # set off inside the clause it attributes
    elif phrase_start - unit.start < unit.end - phrase_end:
        content = trim(unit.text, phrase_end, unit.end)
    else:
        content = trim(unit.text, unit.start, phrase_start)
    return owner, (phrase_start, offset + token.idx + len(token.text)), content


_MENTIONS_A_NOUN = re.compile(r"\b(?:" + "|".join(sorted({w[:4] for w in NOMINAL_CUES | IN_PHRASE_NOUNS})) + ")",
                              re.IGNORECASE)


def nominal_cues(unit):
    """(source span, cue span, content span) for each nominal cue of the unit, in order."""
    if not _MENTIONS_A_NOUN.search(unit.text, unit.start, unit.end):
        return  # no noun of the lexicon in the unit: skip the token walk
    for token in unit.span:
        if token.lemma_.lower() in IN_PHRASE_NOUNS:
            found = _in_phrase(unit, token)
            if found is not None and found[2][0] < found[2][1]:
                yield mention_span(found[0], unit.offset), found[1], found[2]
                continue
        if token.pos_ != "NOUN" or token.lemma_.lower() not in NOMINAL_CUES or unit.in_quote(token):
            continue
        owner, clause = _owner(token), _clause(token)
        if owner is None or clause is None or unit.in_quote(owner):
            continue
        doc, offset = token.doc, unit.offset
        last = doc[clause.right_edge.i]
        content = trim(unit.text, offset + doc[clause.left_edge.i].idx, offset + last.idx + len(last.text))
        if content[0] < content[1]:
            yield mention_span(owner, offset), (offset + token.idx, offset + token.idx + len(token.text)), content


def roundup_source(unit):
    """(source span, cue span, content span) when the unit is 'Name[, Outlet]: "quote"', else None."""
    if not unit.quotes:
        return None
    first, last = unit.quotes[0], unit.quotes[-1]
    head = unit.text[unit.start:first.start]
    gaps = [unit.text[a.end:b.start] for a, b in zip(unit.quotes, unit.quotes[1:])]
    if has_letters(unit.text[last.end:unit.end]) or any(has_letters(gap) for gap in gaps):
        return None
    match = _ROUNDUP_NAME.fullmatch(head)
    if match is None or len(match.group(1).split()) > 5:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in unit.span if unit.offset + t.idx < first.start):
        return None
    name = (unit.start + match.start(1), unit.start + match.end(1))
    colon = unit.start + head.rindex(":")
    return name, (colon, colon + 1), (first.start, last.end)


#: Named-entity labels that make a headline's prefix a source ("Obama:", "NY Daily News:"), not a
#: label ("Breaking:", "The Latest:") or a topic.
SOURCE_ENTITIES = frozenset("PERSON ORG NORP".split())  # not places: "Ukraine war: …" is a topic


def headline_source(unit):
    """(source span, cue span, content span) when a headline reads 'Name: what they say', else None."""
    if not unit.headline:
        return None
    colon = unit.text.find(":", unit.start, unit.end)
    if colon < 0 or not has_letters(unit.text[colon + 1:unit.end]) or any(q.start < colon < q.end for q in unit.quotes):
        return None
    prefix = [t for t in unit.span if unit.offset + t.idx < colon]
    if not 1 <= len(prefix) <= 6 or not any(t.ent_type_ in SOURCE_ENTITIES for t in prefix):
        return None
    name = []
    for token in prefix:
        if token.pos_ == "ADP" or token.text in ",(":
            break  # "CNN President On Trump:" → "CNN President"
        name.append(token)
    if not name or not name[0].text[:1].isupper():
        return None
    source = (unit.offset + name[0].idx, unit.offset + name[-1].idx + len(name[-1].text))
    return source, (colon, colon + 1), trim(unit.text, colon + 1, unit.end)
