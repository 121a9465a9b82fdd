"""Attribution in Russian: natasha's parse (:mod:`.parsing`), quotation marks and dash dialogue
(:mod:`.quotes`), cue lemmas (:mod:`.cues`), the named rules (:mod:`.rules`) and the statement
builder (:mod:`.statements`), under the English statement schema; speakers in the nominative by
:mod:`analysis.speakers.russian`. :func:`analysis.attribution.statements.extract_statements`
dispatches here when ``article.language == "ru"``; ``evaluate`` scores the RuSentNE gold set.
"""
