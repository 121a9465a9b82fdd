"""Premises: what a stance or frame scorer reads for one statement.

Premises name who speaks, so the model judges the speaker's stance and not the reporter's:
``Dmitry Peskov (Kremlin) said: "…"``; reported speech keeps its cue verb, narrator rows read
``The article's author writes: "…"``.
"""
from __future__ import annotations

NARRATOR_PREFIX = "The article's author writes"
PREMISE_FORMAT = ('SPEAKER (ACTOR) said: "QUOTE" / SPEAKER (ACTOR) CUE CONTENT / '
                  + NARRATOR_PREFIX + ': "CONTENT"')


def statement_premise(content: str, speaker: str = "", actor: str = "", kind: str = "", cue: str = "") -> str:
    """The premise for one statement row: who speaks, then what.

    Reported speech keeps its cue verb ("Moscow (Kremlin) justified its restriction of …"):
    the verb often carries the stance ("defended", "accused … of") that the bare complement
    lacks. Direct quotes read as ``SPEAKER (ACTOR) said: "…"``.
    """
    speaker, actor, cue = (speaker or "").strip(), (actor or "").strip(), (cue or "").strip()
    if kind == "narrator" or (not speaker and not actor):
        who = NARRATOR_PREFIX if kind == "narrator" else "An unnamed source said"
        return f'{who}: "{content}"'
    name = f"{speaker} ({actor})" if speaker and actor and actor.casefold() != speaker.casefold() else (speaker or actor)
    if kind in ("indirect", "mixed") and cue:
        return f"{name} {cue} {content}"
    quote = content.strip().strip('"“”«»').strip()  # direct content carries its own marks
    return f'{name} said: "{quote}"'
