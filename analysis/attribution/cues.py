"""The lexicon of attribution cues: verbs and phrases that introduce what someone said or holds.

Sources: the reporting verbs of Krestel, Bergler & Witte (2008, "Minding the Source: Automatic
Tagging of Reported Speech in Newspaper Articles"), the cue inventory of PARC 3.0 (Pareti 2016)
and PolNeAR (Newell, Margolin & Ruths 2018), whose cues cover beliefs and findings as well as
speech ("believes", "a poll shows"), and BBC Citron's quote verbs. Lemmas, lower case.
"""
from __future__ import annotations

# Verbs of saying: their subject is a speaker and their complement is what was said.
SPEECH_VERBS = frozenset(
    """
    say tell add state announce declare explain note remark observe mention comment write
    report reply respond answer retort counter quip joke tweet post testify recount recall
    reiterate repeat stress emphasize emphasise underline underscore highlight insist maintain
    assert contend argue claim allege charge accuse blame deny dismiss reject refute dispute
    warn caution threaten urge demand call plead appeal ask question wonder complain lament
    admit concede acknowledge confirm reveal disclose indicate suggest hint signal predict
    promise pledge vow vouch echo agree disagree defend justify praise hail welcome applaud
    criticize criticise condemn decry denounce slam blast attack mock scold rebuke accuse
    describe characterize characterise label brand promote tout champion advocate propose
    recommend advise inform assure reassure concur point attribute conclude estimate forecast
    project order instruct rule decide announce specify detail outline summarize summarise
    interject shout cry exclaim whisper boast brag joke gush muse speculate theorize bemoan
    laud commend rebut rebuff retract apologize thank congratulate brief notify confide plead
    beg implore vent fret opine portray depict chant tout characterize assail lambast deride
    ridicule fault question challenge reassert contest concede grouse gripe bark snap snarl
    growl sneer scoff fume rage thunder crow tease taunt jab
    """.split()
)

# Verbs of holding a view: PolNeAR and PARC count these as attributions of belief.
BELIEF_VERBS = frozenset(
    """
    believe think feel hope fear worry expect doubt suspect assume consider reckon know
    understand see view regard imagine guess trust support oppose favor
    """.split()
)

# Sources that are documents or data rather than people ("the report found", "polls show").
FINDING_VERBS = frozenset("find show suggest indicate reveal conclude estimate".split())

ALL_CUE_VERBS = SPEECH_VERBS | BELIEF_VERBS | FINDING_VERBS

# Verbs that only count as a cue with a particle ("point out", "lay out").
PHRASAL_PARTICLES = {"shoot": {"back"}, "fire": {"back"}, "hit": {"back", "out"}, "lash": {"out"}, "point": {"out"}, "lay": {"out"}, "spell": {"out"}, "speak": {"out", "up"}, "weigh": {"in"}}

# Verbs that are cues only with a clausal or quoted complement, never with a bare object:
# "called for calm" is speech, "called the police" is not; "see the results" is not a belief.
NEEDS_CLAUSE = frozenset(
    """
    call see know understand feel find show consider view regard order rule decide project
    point lay spell speak weigh imagine guess trust ask answer add maintain post detail attack
    blast label brand underscore highlight note mark charge outline specify respond
    support oppose favor
    """.split()
)

# Prepositions whose object is what was said ("accused X of …", "warned about …", "called for …");
# other prepositional phrases ("wrote on Twitter", "testified in 1998") say when or where, not what.
CONTENT_PREPOSITIONS = frozenset("of for about against over".split())

# Prepositional cues: "according to X", "in X's words".
ACCORDING_TO = ("according", "to")
