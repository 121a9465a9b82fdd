"""Cross-article figures for a corpus run, drawn from :mod:`analysis.report.corpus_tables`.

Same conventions as :mod:`analysis.report.charts`: bare Figures under the fixed style, Okabe–Ito
colours (quoted voices orange, the author grey, favor blue / against vermillion), the
provenance caption under every figure, deterministic PNG + SVG via ``charts.save_figure``.
Whiskers are 95% t-intervals over articles (none where an outlet has one article).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.report.charts import GREY, OKABE_ITO, STANCE_COLORS, STYLE, add_caption, new_figure


def _styled(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build the whole figure under the fixed style (axes and text too, not just the Figure)."""
    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        with mpl.rc_context(STYLE):
            return draw(*args, **kwargs)
    return wrapper


#: Groups (outlets, months) with fewer articles are drawn faded and hollow, with no interval: a
#: t-interval over one or two articles is either missing or so wide it reads as a finding.
MIN_ARTICLES = 3
VOICE_STYLE = {"quoted": (OKABE_ITO["orange"], "o", "quoted voices"), "author": (GREY, "s", "author's own voice")}


def _err(table: pd.DataFrame) -> np.ndarray:
    """Whisker lengths; none (0) for groups under :data:`MIN_ARTICLES` articles."""
    small = (table["articles"].to_numpy() < MIN_ARTICLES) if "articles" in table else np.zeros(len(table), bool)
    low = np.where(small, np.nan, (table["mean"] - table["low"]).to_numpy(dtype=float))
    high = np.where(small, np.nan, (table["high"] - table["mean"]).to_numpy(dtype=float))
    return np.nan_to_num(np.vstack([low, high]), nan=0.0)


def _n_label(name: str, n: float) -> str:
    """``name  (n=K)``, marked when K is under :data:`MIN_ARTICLES`."""
    return f"{name}  (n={int(n)}{', too few: no interval' if n < MIN_ARTICLES else ''})"


def _outlet_labels(table: pd.DataFrame) -> list[str]:
    return [_n_label(o, n) for o, n in zip(table["outlet"], table["articles"])]


def _fade_small_labels(ax: Any) -> None:
    for label in ax.get_yticklabels():
        if "too few" in label.get_text():
            label.set_color("#999999")


@_styled
def voice_share_by_outlet_figure(table: pd.DataFrame, provenance: Mapping[str, object]) -> Figure:
    """Per outlet: share of statement words in quoted voices (rest: the author's own), mean over articles."""
    table = table.sort_values("mean", kind="stable").reset_index(drop=True)
    fig = new_figure(9, 1.2 + 0.45 * len(table))
    ax = fig.add_subplot()
    y = np.arange(len(table))
    small = table["articles"].to_numpy() < MIN_ARTICLES
    bars = ax.barh(y, table["mean"], color=OKABE_ITO["orange"], label="quoted voices")
    for bar, faded in zip(bars, small):
        if faded:
            bar.set_alpha(0.35)
            bar.set_hatch("//")
    ax.barh(y, 1 - table["mean"], left=table["mean"], color=GREY, alpha=0.45, label="author's own voice")
    ax.errorbar(table["mean"], y, xerr=_err(table), fmt="none", ecolor="#222222", capsize=3, elinewidth=1)
    for yi, value in zip(y, table["mean"]):
        ax.text(0.01, float(yi), f"{value:.0%}", va="center", fontsize=8, color="#111111")
    ax.set_yticks(y, _outlet_labels(table))
    _fade_small_labels(ax)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of statement words (mean over the outlet's articles, 95% interval)")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title("How much room each outlet gives quoted voices")
    add_caption(fig, provenance)
    return fig


@_styled
def net_stance_by_outlet_figure(table: pd.DataFrame, provenance: Mapping[str, object]) -> Figure:
    """Per outlet: mean net stance of quoted voices and of the author, with 95% intervals."""
    outlets = sorted(table["outlet"].unique())
    fig = new_figure(9, 1.4 + 0.5 * len(outlets))
    ax = fig.add_subplot()
    base = {o: i for i, o in enumerate(reversed(outlets))}
    for offset, (voice, (color, marker, label)) in zip((0.15, -0.15), VOICE_STYLE.items()):
        part = table[table["voice"] == voice]
        small = part["articles"].to_numpy() < MIN_ARTICLES
        y = part["outlet"].map(base).to_numpy(dtype=float) + offset
        big = part[~small]
        ax.errorbar(big["mean"], y[~small], xerr=_err(big), fmt=marker, color=color, ecolor=color, capsize=3,
                    markersize=6, label=label)
        ax.scatter(part.loc[small, "mean"], y[small], marker=marker, facecolors="white", edgecolors=color,
                   alpha=0.5, s=36, zorder=3)
    ax.axvline(0, color="#222222", linewidth=0.8)
    counts = table.groupby("outlet")["articles"].max()
    ax.set_yticks(list(base.values()), [_n_label(o, counts[o]) for o in base])
    _fade_small_labels(ax)
    lim = min(1.05, max(0.25, float(np.nanmax(np.abs(table[["low", "high", "mean"]].to_numpy(dtype=float)))) * 1.1))
    ax.set_xlim(-lim, lim)
    ax.set_xlabel(f"net stance toward {provenance.get('target') or 'the target'}: P(favor) - P(against), "
                  "mean over articles, 95% interval")
    ax.text(0.0, 1.0, "← against", transform=ax.transAxes, fontsize=8, color=STANCE_COLORS["against"], va="bottom")
    ax.text(1.0, 1.0, "favor →", transform=ax.transAxes, fontsize=8, color=STANCE_COLORS["favor"], va="bottom",
            ha="right")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title("Where quoted voices and the author stand, by outlet", pad=14)
    add_caption(fig, provenance)
    return fig


@_styled
def top_voices_figure(table: pd.DataFrame, provenance: Mapping[str, object], what: str = "speakers") -> Figure:
    """One panel per outlet: its most quoted speakers (or actors), bars coloured by their mean net stance."""
    from matplotlib.colors import LinearSegmentedColormap, Normalize

    outlets = sorted(table["outlet"].unique())
    cols = 2
    rows = max(1, -(-len(outlets) // cols))
    fig = new_figure(10, 0.6 + 1.6 * rows)
    cmap = LinearSegmentedColormap.from_list("stance", [STANCE_COLORS["against"], "#eeeeee", STANCE_COLORS["favor"]])
    norm = Normalize(-0.5, 0.5)
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, outlet in zip(axes.flat, outlets):
        part = table[table["outlet"] == outlet].iloc[::-1]
        y = np.arange(len(part))
        ax.barh(y, part["share"], color=[cmap(norm(v)) for v in part["net"]], edgecolor="#555555", linewidth=0.5)
        ax.set_yticks(y, [str(n)[:26] for n in part["name"]], fontsize=8)
        for yi, (share, n) in zip(y, zip(part["share"], part["statements"])):
            ax.text(share, yi, f" {share:.0%} ({int(n)})", va="center", fontsize=7)
        ax.set_xlim(0, max(0.6, float(table["share"].max()) * 1.35))
        ax.set_title(outlet, fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(outlets):]:
        ax.set_visible(False)
    colorbar = fig.colorbar(_mappable(cmap, norm), ax=axes, shrink=0.6, pad=0.01)
    colorbar.set_label("mean net stance", fontsize=8)
    fig.suptitle(f"Most quoted {what} per outlet (share of the outlet's quoted statements)", x=0.01, ha="left",
                 fontweight="bold")
    add_caption(fig, provenance)
    return fig


def _mappable(cmap, norm):
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=cmap)


def period_runs(ordinals: np.ndarray) -> list[np.ndarray]:
    """Indices of consecutive periods (ordinal step 1): a line is drawn within a run, never
    across a gap longer than the data's spacing (one period)."""
    if len(ordinals) == 0:
        return []
    breaks = np.flatnonzero(np.diff(ordinals) > 1) + 1
    return [np.asarray(run) for run in np.split(np.arange(len(ordinals)), breaks)]


@_styled
def stance_over_time_figure(table: pd.DataFrame, provenance: Mapping[str, object]) -> Figure:
    """Net stance of quoted voices and the author per month on a real date axis (gaps drawn to
    scale, no line across a missing month), 95% intervals over articles; a month with fewer
    than :data:`MIN_ARTICLES` articles is drawn faded and hollow, without an interval."""
    import matplotlib.dates as mdates

    fig = new_figure(10, 4.2)
    ax = fig.add_subplot()
    shift = {"quoted": -3.0, "author": 3.0}  # days, so the two voices' whiskers do not overlap
    for voice, (color, marker, label) in VOICE_STYLE.items():
        part = table[table["voice"] == voice].sort_values("period").reset_index(drop=True)
        if part.empty:
            continue
        days = np.array([mdates.date2num(p.to_timestamp(how="start")) for p in part["period"]]) + shift[voice]
        small = part["articles"].to_numpy() < MIN_ARTICLES
        for run in period_runs(np.array([p.ordinal for p in part["period"]])):
            ax.plot(days[run], part["mean"].to_numpy(dtype=float)[run], "-", color=color, linewidth=1)
        big = part[~small]
        ax.errorbar(days[~small], big["mean"], yerr=_err(big), fmt=marker, color=color, ecolor=color, capsize=2,
                    markersize=5, label=label)
        ax.scatter(days[small], part.loc[small, "mean"], marker=marker, facecolors="white", edgecolors=color,
                   alpha=0.5, s=25, zorder=3)
    counts = table.groupby("period")["articles"].max().sort_index()
    for period, n in counts.items():
        x = mdates.date2num(period.to_timestamp(how="start"))
        ax.annotate(f"n={int(n)}", (x, 1.0), xycoords=("data", "axes fraction"), ha="center", va="bottom",
                    fontsize=6.5, color="#444444" if n >= MIN_ARTICLES else "#aaaaaa")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.axhline(0, color="#222222", linewidth=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("net stance, mean over articles")
    ax.legend(loc="lower left", frameon=False, fontsize=7)
    ax.set_title(f"Stance toward {provenance.get('target') or 'the target'} over time", pad=16)
    ax.text(1.0, -0.16, f"n = articles per month; months with fewer than {MIN_ARTICLES} drawn hollow, no interval; "
            "no line across a month without articles", transform=ax.transAxes, ha="right", fontsize=6.5,
            color="#444444")
    add_caption(fig, provenance)
    return fig


@_styled
def actor_positions_figure(table: pd.DataFrame, provenance: Mapping[str, object], n: int = 20) -> Figure:
    """The actors seen in most articles: mean net stance across articles with 95% intervals."""
    table = table.head(n).iloc[::-1].reset_index(drop=True)
    fig = new_figure(9, 1.2 + 0.32 * max(len(table), 1))
    ax = fig.add_subplot()
    y = np.arange(len(table))
    colors = [STANCE_COLORS["favor"] if v > 0 else STANCE_COLORS["against"] for v in table["mean"]]
    ax.errorbar(table["mean"], y, xerr=_err(table), fmt="none", ecolor="#555555", capsize=2, elinewidth=1)
    ax.scatter(table["mean"], y, c=colors, zorder=3, s=28)
    ax.set_yticks(y, [f"{name[:30]}  ({int(k)} art.)" for name, k in zip(table["name"], table["articles"])], fontsize=8)
    ax.axvline(0, color="#222222", linewidth=0.8)
    if table.empty:
        ax.text(0.5, 0.5, "no actor is quoted in enough articles yet (min_actor_articles)", ha="center",
                va="center", transform=ax.transAxes, fontsize=9, color="#444444")
    ax.set_xlim(-1, 1)
    ax.set_xlabel(f"net stance toward {provenance.get('target') or 'the target'} (mean over the articles quoting them)")
    ax.set_title("Each actor's position across articles")
    add_caption(fig, provenance)
    return fig


@_styled
def frames_by_outlet_figure(table: pd.DataFrame, provenance: Mapping[str, object]) -> Figure:
    """One panel per frame (the corpus's most present): per outlet, the share of quoted and of the
    author's statements in which the frame is present, mean over articles, 95% intervals."""
    frames = list(dict.fromkeys(table["frame"]))
    outlets = sorted(table["outlet"].unique())
    fig = new_figure(3.0 * max(1, len(frames)) + 2.2, 1.6 + 0.45 * len(outlets))
    axes = fig.subplots(1, max(1, len(frames)), sharey=True, squeeze=False)[0]
    base = {o: i for i, o in enumerate(reversed(outlets))}
    for ax, frame in zip(axes, frames):
        part = table[table["frame"] == frame]
        for offset, (voice, (color, marker, label)) in zip((0.15, -0.15), VOICE_STYLE.items()):
            rows = part[part["voice"] == voice]
            y = rows["outlet"].map(base).to_numpy(dtype=float) + offset
            ax.errorbar(rows["mean"], y, xerr=_err(rows), fmt=marker, color=color, ecolor=color, capsize=2,
                        markersize=5, label=label)
        ax.set_xlim(0, 1)
        ax.set_title(frame, fontsize=9)
        ax.set_xlabel("share of statements")
    counts = table.groupby("outlet")["articles"].max()
    axes[0].set_yticks(list(base.values()), [_n_label(o, counts[o]) for o in base])
    _fade_small_labels(axes[0])
    axes[-1].legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    fig.suptitle("Frames present in quoted voices and in the author's own, by outlet "
                 "(mean over articles, 95% interval)", fontsize=11)
    add_caption(fig, provenance)
    return fig
