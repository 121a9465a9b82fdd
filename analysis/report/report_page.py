"""The one-page report (report.png): title and key facts, voice share and stance by actor side by
side, stance along the article, and the most frequent frames, on an A4 page without overlaps.

Built from the panels of :mod:`analysis.report.charts`; ``tests/report/test_report_layout.py``
renders it at 5, 12 and 30 voices and checks that no two titles, labels, tick labels or legends
intersect and that nothing leaves the page.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, cast

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from analysis.report import tables
from analysis.report.charts import (
    STYLE,
    _wrap,
    add_caption,
    draw_frame_shares,
    draw_stance_along,
    draw_stance_by_voice,
    draw_voice_share,
    new_figure,
)

#: report.png draws this many quoted voices in colour; the rest are one grey "other voices" group.
REPORT_VOICES = 7
#: The frames panel of report.png shows the quoted voices with most statements only (and the author).
REPORT_FRAME_VOICES = 4
_PAGE = (8.27, 11.69)  # A4 portrait, inches


def report_figure(statements: pd.DataFrame, provenance: Mapping[str, object], title: str,
                  facts: Sequence[str]) -> Figure:
    """A one-page (A4 portrait) summary: title and key facts, then voice share and stance by
    actor side by side, stance along the article, and the six most frequent frames by actor.

    The page has a fixed size, so what goes on it is bounded: the :data:`REPORT_VOICES` voices
    with most words in colour and the rest as one grey group, the frames panel for the
    :data:`REPORT_FRAME_VOICES` voices with most statements; the head is as tall as its title
    and facts need, and the panels share the rest (constrained layout places everything inside)."""
    target = str(provenance.get("target") or "the target")
    shown = tables.top_voices(statements, REPORT_VOICES)
    n_voices = len(tables.voice_order(shown))
    wrapped_title = _wrap(title, 62)
    fact_text = "\n".join(_fact_lines(f) for f in facts)
    title_h = 0.3 * (wrapped_title.count("\n") + 1) + 0.15
    head_h = title_h + 0.17 * (fact_text.count("\n") + 1) + 0.1
    pair_h = 1.5 + 0.42 * n_voices  # two-line voice names
    rest = max(_PAGE[1] - head_h - pair_h, 4.0)
    fig = new_figure(*_PAGE)
    with mpl.rc_context(STYLE):
        head, pair, along, frames = cast(Any, fig.subfigures(
            4, 1, height_ratios=[head_h, pair_h, 0.45 * rest, 0.55 * rest]))
        head.suptitle(wrapped_title, x=0.01, ha="left", fontsize=14, fontweight="bold")
        head.text(0.01, 1 - title_h / head_h, fact_text, va="top", fontsize=8, linespacing=1.45)
        ax_voice, ax_stance = pair.subplots(1, 2)
        draw_voice_share(ax_voice, shown)
        draw_stance_by_voice(ax_stance, shown, target)
        ax_stance.set_title("Stance by actor")
        ax_stance.get_legend().remove()  # at half width the axis label explains the colours
        ax_stance.set_xlabel("← against | favor →\n(mean probability)")
        for notes in ax_stance.child_axes:  # the per-row notes (a right-hand axis) do not fit at half width
            notes.set_visible(False)
        ax_along = along.subplots()
        draw_stance_along(ax_along, shown, target, sections=False, legend=False)
        handles, labels = ax_along.get_legend_handles_labels()
        ax_along.legend(handles, [lb if len(lb) <= 26 else lb[:24] + "..." for lb in labels], loc="center left",
                        bbox_to_anchor=(1.0, 0.5), frameon=False, title="voice", fontsize=7)
        ax_along.set_title("Stance along the article")
        ax_along.set_xlabel(_wrap(f"{ax_along.get_xlabel().split(';')[0]}; {tables.UNCERTAIN_NOTE}; "
                                  "dotted = new section", 70), fontsize=8)
        draw_frame_shares(frames.subplots(), shown, max_frames=6, max_voices=REPORT_FRAME_VOICES,
                          title=f"Most frequent frames, top {REPORT_FRAME_VOICES} voices and the author")
        add_caption(fig, provenance)
    return fig


def _fact_lines(fact: str, width: int = 120, lines: int = 2) -> str:
    """A fact of the report's head, wrapped, at most ``lines`` lines (the tables have the rest)."""
    wrapped = textwrap.wrap(fact, width)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 12].rstrip() + " … (tables)"
    return "\n".join(wrapped)
