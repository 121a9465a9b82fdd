"""The within-story chart: per-story dots with outlets side by side, lines joining one story's outlets.

This is the picture researchers draw by hand: each line is one story (one event), its dots the
outlets that covered it, so a line that always slopes the same way is an outlet difference that
the event cannot explain. The mixed model of :mod:`analysis.report.within_story` is printed in
each panel (each outlet's within-story difference from the reference outlet, 95% interval) and
named with its n in the caption; with too few stories the panel says so and draws no interval.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.report.charts import GREY, STYLE, caption, new_figure
from analysis.report.within_story import WithinStoryFit

MAX_PANELS = 6


def _story_colors(stories: Sequence[str]) -> dict[str, str]:
    """Distinct colours per story when there are few (tab10), grey lines when there are many."""
    if len(stories) <= 10:
        cmap = mpl.colormaps["tab10"]
        return {s: mpl.colors.to_hex(cmap(i)) for i, s in enumerate(stories)}
    return {s: GREY for s in stories}


def within_story_figure(table: pd.DataFrame, fits: Sequence[WithinStoryFit],
                        provenance: Mapping[str, object]) -> Figure:
    """One panel per measure: x = outlet, one dot per (story, outlet) (mean over the outlet's
    articles on that story), lines joining a story's outlets; the model's effects as text."""
    with mpl.rc_context(STYLE):
        return _draw(table, list(fits)[:MAX_PANELS], provenance)


def _draw(table: pd.DataFrame, fits: list[WithinStoryFit], provenance: Mapping[str, object]) -> Figure:
    outlets = sorted(table["outlet"].unique()) if len(table) else []
    cols = min(3, max(1, len(fits)))
    rows = max(1, -(-len(fits) // cols))
    fig = new_figure(max(9.0, 1.1 * len(outlets) * cols + 1.5), 1.2 + 3.6 * rows)
    axes = fig.subplots(rows, cols, squeeze=False)
    stories = sorted(table["story"].unique()) if len(table) else []
    colors = _story_colors(stories)
    x_of = {o: i for i, o in enumerate(outlets)}
    for ax, fit in zip(axes.flat, fits):
        means = table.groupby(["story", "outlet"])[fit.measure].mean().dropna().reset_index()
        for story, part in means.groupby("story", sort=True):
            part = part.sort_values("outlet")
            x = part["outlet"].map(x_of).to_numpy(dtype=float)
            ax.plot(x, part[fit.measure], "-o", color=colors[str(story)], alpha=0.75, markersize=5, linewidth=1)
        counts = table.dropna(subset=[fit.measure]).groupby("outlet").agg(a=("article_id", "size"),
                                                                           s=("story", "nunique"))
        ax.set_xticks(range(len(outlets)), [f"{o}\n{int(counts['a'].get(o, 0))} art., {int(counts['s'].get(o, 0))} st."
                                            for o in outlets], fontsize=7)
        ax.set_xlim(-0.5, max(len(outlets), 1) - 0.5)
        if fit.measure.startswith("net_"):
            ax.axhline(0, color="#222222", linewidth=0.8)
            ax.set_ylim(-1.05, 1.05)
        else:
            ax.set_ylim(-0.02, 1.02)
        ax.set_title("\n".join(textwrap.wrap(fit.label, 34)), fontsize=9)
        ax.text(0.02, 0.98, _effects_text(fit), transform=ax.transAxes, va="top", ha="left", fontsize=7,
                color="#222222" if fit.fitted else "#b00000",
                bbox={"facecolor": "white", "edgecolor": "#cccccc", "alpha": 0.85, "boxstyle": "round,pad=0.3"})
    for ax in list(axes.flat)[len(fits):]:
        ax.set_visible(False)
    if not fits:
        axes[0, 0].text(0.5, 0.5, "no story is covered by two or more outlets", ha="center", va="center",
                        transform=axes[0, 0].transAxes)
    fig.suptitle("Outlets within the same story (one line per story, one dot per outlet)", x=0.01, ha="left",
                 fontweight="bold")
    model = fits[0].caption() if fits else "no comparable stories"
    width = int(fig.get_figwidth() * 17)
    fig.supxlabel(textwrap.fill(f"{model} · {caption(provenance)}", width), x=0.005, ha="left", fontsize=7,
                  color="#444444")
    return fig


def _effects_text(fit: WithinStoryFit) -> str:
    if not fit.fitted:
        return "\n".join(textwrap.wrap(str(fit.note), 40))
    lines = [f"vs {fit.reference}, same story:"]
    lines += [f"{e.outlet[:18]}: {e.estimate:+.2f} [{e.low:+.2f}, {e.high:+.2f}]" for e in fit.effects]
    lines.append(f"story sd {fit.story_sd:.2f}, residual sd {fit.residual_sd:.2f}")
    return "\n".join(lines)


def story_lines(table: pd.DataFrame, measure: str) -> np.ndarray:
    """(stories, outlets) matrix of the per-story outlet means drawn by :func:`within_story_figure`
    (NaN where an outlet did not cover the story): what a test compares the drawing to."""
    means = table.groupby(["story", "outlet"])[measure].mean().unstack("outlet")
    return means.reindex(columns=sorted(table["outlet"].unique())).to_numpy(dtype=float)
