"""Attributions without a verb: nouns of saying ("his claim that …") and reaction round-ups."""
from __future__ import annotations


def nominal_cues(unit):
    return iter(())


def roundup_source(unit):
    return None
