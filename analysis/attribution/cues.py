"""The lexicon of attribution cues: verbs, nouns and phrases that introduce what someone said or holds.

Sources: the reporting verbs of Krestel, Bergler & Witte (2008, "Minding the Source: Automatic
Tagging of Reported Speech in Newspaper Articles"), the cue inventory of PARC 3.0 (Pareti 2016)
and PolNeAR (Newell, Margolin & Ruths 2018), whose cues cover beliefs and findings as well as
speech ("believes", "a poll shows") and nouns ("his claim that", "the accusation"), and BBC
Citron's quote verbs. Lemmas, lower case. No list repeats a word and the verb lists are disjoint (a test checks).
"""
from __future__ import annotations

import re


def _words(block: str) -> tuple[str, ...]:
    return tuple(block.split())


# Verbs of saying: their subject is a speaker and their complement is what was said.
SPEECH_VERB_LIST = _words(
    """
    say tell add state announce declare explain note remark observe mention comment write
    report reply respond answer retort counter quip joke tweet post testify recount recall
    reiterate repeat stress emphasize emphasise underline underscore highlight insist maintain
    assert contend argue claim allege charge accuse blame deny dismiss reject refute dispute
    warn caution threaten urge demand call plead appeal ask question wonder complain lament
    admit concede acknowledge confirm reveal disclose indicate suggest hint signal predict
    promise pledge vow vouch echo agree disagree defend justify praise hail welcome applaud
    criticize criticise condemn decry denounce slam blast attack mock scold rebuke
    describe characterize characterise label brand promote tout champion advocate propose
    recommend advise inform assure reassure concur point attribute conclude estimate forecast
    project order instruct rule decide specify detail outline summarize summarise
    interject shout cry exclaim whisper boast brag gush muse speculate theorize bemoan
    laud commend rebut rebuff retract apologize thank congratulate brief notify confide
    beg implore vent fret opine portray depict chant assail lambast deride
    ridicule fault challenge reassert contest grouse gripe bark snap snarl
    growl sneer scoff fume rage thunder crow tease taunt jab
    discuss express cite endorse decline talk refer
    """
)
SPEECH_VERBS = frozenset(SPEECH_VERB_LIST)

# Verbs of holding a view: PolNeAR and PARC count these as attributions of belief.
BELIEF_VERB_LIST = _words(
    """
    believe think feel hope fear worry expect doubt suspect assume consider reckon know
    understand see view regard imagine guess trust support oppose favor
    """
)
BELIEF_VERBS = frozenset(BELIEF_VERB_LIST)

# Sources that are documents or data rather than people ("the report found", "polls show");
# "suggest", "indicate", "reveal" are speech verbs above and serve findings too.
FINDING_VERB_LIST = _words("find show")
FINDING_VERBS = frozenset(FINDING_VERB_LIST)
# Documents and data whose findings PolNeAR attributes even with a bare object ("a poll shows
# Clinton with an 8-point lead", "polls show him ahead").
FINDING_SOURCES = frozenset(_words("poll survey study report research data analysis figure census audit"))

ALL_CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS | FINDING_VERBS

# Nouns of saying or holding (PARC 3.0 and PolNeAR nominal cues): "his claim that …",
# "the accusation that …", "Smith's warning that …". They need a clause ("that …") or a
# quotation, and an owner (a possessive, "by X" or "from X").
NOMINAL_CUE_LIST = _words(
    """
    claim assertion allegation accusation argument statement remark comment warning promise
    pledge vow suggestion insistence contention admission denial announcement declaration
    prediction charge complaint criticism belief view opinion hope fear concern suspicion
    conviction assessment conclusion finding testimony explanation response reply
    """
)
NOMINAL_CUES = frozenset(NOMINAL_CUE_LIST)

# Verbs that only count as a cue with a particle ("point out", "lay out").
PHRASAL_PARTICLES = {"shoot": {"back"}, "fire": {"back"}, "hit": {"back", "out"}, "lash": {"out"}, "point": {"out"},
                     "lay": {"out"}, "spell": {"out"}, "speak": {"out", "up"}, "weigh": {"in"}}

# Verbs of talking that are cues only with the preposition that gives their topic ("talked
# about bullying", "spoke of his faith", "referring to the debate"; PolNeAR topic cues).
PREPOSITIONAL_CUES = {"talk": {"about", "of"}, "speak": {"about", "of"}, "refer": {"to"}}

# Verbs that are cues only with a clausal or quoted complement, never with a bare object:
# "called for calm" is speech, "called the police" is not; "see the results" is not a belief.
NEEDS_CLAUSE_LIST = _words(
    """
    call see know understand feel find show consider view regard order rule decide project
    point lay spell speak weigh imagine guess trust ask answer add maintain post detail attack
    blast label brand underscore highlight note charge outline specify respond
    support oppose favor decline
    """
)
NEEDS_CLAUSE = frozenset(NEEDS_CLAUSE_LIST)

# Verbs that report speech only with a finite clause or a quotation ("advised that …", "decided
# that …"); with an object or an infinitive they are acts ("advising the bank on its sale",
# "decided to found a firm").
NEEDS_FINITE_CLAUSE = frozenset(_words("advise decide"))

# Prepositions whose object is what was said ("accused X of …", "warned about …", "called for …");
# other prepositional phrases ("wrote on Twitter", "testified in 1998") say when or where, not what.
CONTENT_PREPOSITIONS = frozenset("of for about against over".split())

# Prepositional cues: "according to X", "in X's words".
ACCORDING_TO = ("according", "to")

_IRREGULAR = {"think": ("thought",), "feel": ("felt",), "know": ("knew", "known"), "understand": ("understood",),
              "see": ("saw", "seen"), "say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
              "find": ("found",), "show": ("shown",), "speak": ("spoke", "spoken")}
_DETERMINERS = frozenset("the a an his her their its our my your this that s".split())


def _forms(lemma: str) -> set[str]:
    """The usual inflections of a verb or noun lemma (believe → believes, believed, believing)."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    ies = lemma[:-1] + "ies" if lemma.endswith("y") else lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
    return {lemma, ies, stem + "ed", stem + "ing", lemma + "d", *_IRREGULAR.get(lemma, ())}


_BELIEF_FORMS = frozenset(f for lemma in BELIEF_VERB_LIST for f in _forms(lemma))
_NOMINAL_FORMS = frozenset(f for lemma in NOMINAL_CUE_LIST for f in _forms(lemma))
_SPEECH_FORMS = frozenset(f for lemma in SPEECH_VERB_LIST + FINDING_VERB_LIST for f in _forms(lemma))


def cue_class(cue_text: str) -> str:
    """The class of a cue as written in gold data: ``belief``, ``nominal``, ``according_to`` or ``verb``."""
    words = re.findall(r"[a-z]+", cue_text.lower())
    if any(w in _BELIEF_FORMS for w in words):
        return "belief"
    if "according" in words:
        return "according_to"
    if any(w in _SPEECH_FORMS and not (i and words[i - 1] in _DETERMINERS) for i, w in enumerate(words)):
        return "verb"
    if any(w in _NOMINAL_FORMS for w in words):
        return "nominal"
    return "verb"
