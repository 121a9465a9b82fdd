"""The cue lexicon: no duplicates, disjoint verb lists, and the cue classes used in evaluation."""
from __future__ import annotations

from collections import Counter

import pytest

from analysis.attribution import cues

LISTS = {
    "speech": cues.SPEECH_VERB_LIST, "belief": cues.BELIEF_VERB_LIST, "finding": cues.FINDING_VERB_LIST,
    "nominal": cues.NOMINAL_CUE_LIST, "needs_clause": cues.NEEDS_CLAUSE_LIST,
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_no_list_repeats_a_word(name):
    words = LISTS[name]
    assert [w for w, n in Counter(words).items() if n > 1] == []
    assert all(w == w.lower() and w.isalpha() for w in words)


def test_verb_lists_are_disjoint():
    assert not set(cues.SPEECH_VERB_LIST) & set(cues.BELIEF_VERB_LIST)
    assert not set(cues.SPEECH_VERB_LIST) & set(cues.FINDING_VERB_LIST)
    assert not set(cues.BELIEF_VERB_LIST) & set(cues.FINDING_VERB_LIST)


def test_clause_verbs_and_particles_are_cues():
    assert cues.NEEDS_CLAUSE <= cues.ALL_CUE_VERBS | set(cues.PHRASAL_PARTICLES)


@pytest.mark.parametrize("cue,expected", [
    ("said", "verb"), ("told", "verb"), ("said in a statement", "verb"), ("claims", "verb"), ("wrote", "verb"),
    ("believes", "belief"), ("thinks", "belief"), ("expected", "belief"), ("hopes", "belief"),
    ("according to", "according_to"), ("'s assertion", "nominal"), ("allegations", "nominal"),
    ("his claim", "nominal"), ("the accusation", "nominal"),
])
def test_cue_class(cue, expected):
    assert cues.cue_class(cue) == expected
