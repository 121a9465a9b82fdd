"""Figures for one scored article: voice share, stance by actor, stance along the article,
frames by actor, and a one-page report that puts the four together.

Every figure is built on a bare :class:`matplotlib.figure.Figure` (never pyplot), so no
global state leaks between notebooks and a headless ``MPLBACKEND=Agg`` cannot swallow an
image: :func:`save_figure` returns a :class:`SavedFigure` whose ``_repr_png_`` hands the
saved PNG bytes to Jupyter directly. Colours are the Okabe–Ito palette (Okabe & Ito 2008,
"Color Universal Design"), safe for the common colour-vision deficiencies; actors also get
distinct marker shapes so the charts survive greyscale printing. Output is byte-for-byte
reproducible: fixed rcParams and bundled font, a fixed ``svg.hashsalt``, and no dates or
software versions in the file metadata.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.report import tables
from analysis.report.tables import NARRATOR_LABEL, By

OKABE_ITO = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7", "black": "#000000",
}
GREY = "#999999"
OTHER_GREY = "#c4c4c4"  # quoted voices past the coloured ones
STANCE_COLORS = {"favor": OKABE_ITO["blue"], "against": OKABE_ITO["vermillion"], "neutral": GREY}
KIND_COLORS = {
    "direct": OKABE_ITO["orange"], "indirect": OKABE_ITO["sky blue"],
    "mixed": OKABE_ITO["bluish green"], "narrator": GREY,
}
# Yellow is left out of the actor cycle: it is unreadable as a marker on white.
ACTOR_CYCLE = tuple(OKABE_ITO[c] for c in ("orange", "sky blue", "bluish green", "reddish purple",
                                           "blue", "vermillion", "black"))
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

# Fixed style: DejaVu Sans ships with matplotlib, so glyphs are the same on every machine.
STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans", "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold",
    "axes.titlelocation": "left", "axes.labelsize": 10, "xtick.labelsize": 9, "ytick.labelsize": 9,
    "legend.fontsize": 8, "axes.spines.top": False, "axes.spines.right": False,
    "figure.dpi": 100, "savefig.dpi": 150, "savefig.facecolor": "white", "figure.facecolor": "white",
    "svg.hashsalt": "analysis-figures", "svg.fonttype": "path", "path.simplify": True,
    "image.interpolation": "nearest", "axes.grid": False,
    "axes.prop_cycle": cycler(color=list(ACTOR_CYCLE)),  # no default tab10 colour can slip in
}
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


@dataclass(frozen=True)
class SavedFigure:
    """A figure written as PNG and SVG. As a cell's last value Jupyter shows the PNG, whatever
    the matplotlib backend."""

    name: str
    png: Path
    svg: Path

    @property
    def paths(self) -> list[Path]:
        return [self.png, self.svg]

    def _repr_png_(self) -> bytes:
        return self.png.read_bytes()


def new_figure(width: float, height: float) -> Figure:
    """A pyplot-free figure under the fixed style, laid out by constrained layout."""
    with mpl.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def save_figure(fig: Figure, out_dir: Path | str, name: str) -> SavedFigure:
    """Write ``out_dir/name.png`` and ``out_dir/name.svg`` deterministically."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    png, svg = out / f"{name}.png", out / f"{name}.svg"
    with mpl.rc_context(STYLE):
        freeze_layout(fig)
        fig.savefig(png, format="png", metadata=PNG_METADATA)
        fig.savefig(svg, format="svg", metadata=SVG_METADATA)
    return SavedFigure(name, png, svg)


def freeze_layout(fig: Figure, digits: int = 6) -> None:
    """Run constrained layout once, round every axes' position to ``digits`` decimals and switch
    the layout engine off. Constrained layout can land 1e-12 apart from one run to the next
    (its sums follow the order of hashed containers), and the SVG writer names each clip path by
    the hash of its exact box, so without this two renders of the same figure differ in bytes."""
    if fig.get_layout_engine() is None:
        return
    fig.draw_without_rendering()
    for ax in fig.axes:
        x0, y0, width, height = (round(float(v), digits) for v in ax.get_position().bounds)
        ax.set_position((x0, y0, width, height))
    fig.set_layout_engine("none")


def short_hash(value: str | None, n: int = 8) -> str:
    return (value or "")[:n]


def caption(provenance: Mapping[str, object]) -> str:
    """One provenance line: stance mode (zero-shot, or few-shot with the number of examples),
    backend, model and short hash, target, the article and its date (from the sidecar, not the
    run date), package version."""
    model = str(provenance.get("model") or "unknown model")
    digest = short_hash(str(provenance.get("model_hash") or ""))
    model_part = f"{model} ({digest})" if digest else model
    date = provenance.get("article_date")
    dated = f"dated {date}" if date else "undated"
    mode = provenance.get("mode") or "zero-shot"
    return (
        f"Scored by {provenance.get('backend') or '?'} backend, {model_part} · "
        f"target: {provenance.get('target') or '?'} · article: {provenance.get('article') or '?'} "
        f"({dated}) · analysis {provenance.get('version') or '?'} · stance: {mode}"
    )


def frames_caption_fields(provenance: Mapping[str, object], frames_provenance: Mapping[str, object]) -> dict[str, object]:
    """Caption fields for a frames chart: the article's, with the frame scorer's backend, model and hash."""
    out = dict(provenance)
    if frames_provenance:
        out.update(backend=frames_provenance.get("backend"), model=frames_provenance.get("model"),
                   model_hash=str(frames_provenance.get("model_sha256") or ""))
    return out


def add_caption(fig: Figure, provenance: Mapping[str, object]) -> None:
    """Put the provenance line under the figure, wrapped to its width."""
    width = int(fig.get_figwidth() * 17)
    fig.supxlabel(textwrap.fill(caption(provenance), width), x=0.005, ha="left",
                  fontsize=7, color="#444444")


def voice_styles(voices: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(colour, marker) per voice in the given order; the author is always grey circles. The
    first ``len(ACTOR_CYCLE)`` quoted voices get distinct colours; later ones, and the grouped
    ``other voices``, are light grey (with distinct markers), so no two coloured voices share a colour."""
    styles: dict[str, tuple[str, str]] = {}
    i = 0
    for voice in voices:
        if voice == NARRATOR_LABEL:
            styles[voice] = (GREY, "o")
            continue
        grey = voice.startswith(tables.OTHER_VOICES) or i >= len(ACTOR_CYCLE)
        styles[voice] = (OTHER_GREY if grey else ACTOR_CYCLE[i], MARKERS[i % len(MARKERS)])
        i += 1
    return styles


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width)


def draw_voice_share(ax: Axes, statements: pd.DataFrame, by: By = "actor") -> None:
    """Horizontal bars of words per voice, stacked by quote kind, labelled with the share of
    all attributed words and the number of statements."""
    table = tables.voice_table(statements, by)
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for kind in tables.KINDS:
        values = table[f"words:{kind}"].to_numpy(dtype=float)
        if values.sum() == 0:
            continue
        ax.barh(y, values, left=left, color=KIND_COLORS[kind], label=kind, edgecolor="white", linewidth=0.5)
        left += values
    for yi, (_, row) in zip(y, table.iterrows()):
        ax.text(row["words"], yi, f"  {row['word_share']:.0%} · {int(row['statements'])} st.",
                va="center", fontsize=8)
    ax.set_yticks(y, [_wrap(v, 22) for v in table.index])
    ax.set_xlim(0, max(float(table["words"].max()), 1.0) * 1.3)
    ax.set_xlabel("words of statement content")
    ax.legend(title="quote kind", loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.set_title("Who speaks and how much")


def draw_stance_by_voice(ax: Axes, statements: pd.DataFrame, target: str, by: By = "actor") -> None:
    """Diverging bars: mean P(against) to the left, mean P(favor) to the right, whiskers at ±1
    standard error over the voice's statements; the remaining neutral mass, the statement
    count and the scorer's mean uncertainty are printed beside each row."""
    table = tables.stance_table(statements, by)
    y = np.arange(len(table))[::-1]
    err_kw = {"ecolor": "#222222", "capsize": 3, "elinewidth": 1}
    # A single statement has no spread: no whisker rather than a misleading zero-width one.
    se = {c: table[f"{c}_se"].where(table["statements"] > 1) for c in ("p_against", "p_favor")}
    ax.barh(y, -table["p_against"], xerr=se["p_against"], color=STANCE_COLORS["against"],
            label="against", error_kw=err_kw)
    ax.barh(y, table["p_favor"], xerr=se["p_favor"], color=STANCE_COLORS["favor"],
            label="favor", error_kw=err_kw)
    ax.axvline(0, color="#222222", linewidth=0.8)
    # Tick labels of a right-hand axis, not free text: the layout makes room for them, so the
    # numbers are never cut off at the figure's edge.
    right = ax.secondary_yaxis("right")
    right.set_yticks(y, [f"n={int(row['statements'])}  neutral {row['p_neutral']:.2f}  "
                         f"uncert. {row['uncertainty']:.2f}" for _, row in table.iterrows()], fontsize=7.5)
    right.tick_params(length=0)
    right.spines["right"].set_visible(False)
    ax.set_xlim(-1, 1)
    ticks = np.linspace(-1, 1, 5)
    ax.set_xticks(ticks, [f"{abs(t):.1f}" for t in ticks])
    ax.set_yticks(y, [_wrap(v, 22) for v in table.index])
    ax.set_xlabel("mean probability   ← against | favor →   (whiskers: ±1 standard error)")
    # Beside the axis label, so a long two-line title never runs into it.
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, -0.02), frameon=False, ncols=2)
    ax.set_title(_wrap(f"Stance toward {target}, by {by}", 60))


def draw_stance_along(ax: Axes, statements: pd.DataFrame, target: str, legend: bool = True,
                      sections: bool = True) -> None:
    """Lollipops of net stance (P(favor) − P(against)) in statement order, coloured and shaped
    by voice; hollow markers flag uncertain statements (top probability below
    ``tables.UNCERTAIN_BELOW``). Dotted lines mark section headings. Past
    ``tables.ALONG_STATEMENTS_MAX`` statements each point is one voice's mean in one paragraph
    (:func:`analysis.report.tables.along_points`), sized by its number of statements."""
    points, unit = tables.along_points(statements)
    styles = voice_styles(tables.voice_order(statements))
    x, net = points["x"].to_numpy(), points["net"].to_numpy(dtype=float)
    ax.axhspan(0, 1.05, color=STANCE_COLORS["favor"], alpha=0.06, linewidth=0)
    ax.axhspan(-1.05, 0, color=STANCE_COLORS["against"], alpha=0.06, linewidth=0)
    ax.axhline(0, color="#222222", linewidth=0.8)
    sizes = np.full(len(points), 42.0) if unit == "statement" else 18 + 12 * np.sqrt(points["n"].to_numpy(dtype=float))
    for voice, (color, marker) in styles.items():
        sel = (points["voice"] == voice).to_numpy()
        if not sel.any():
            continue
        ax.vlines(x[sel], 0, net[sel], color=color, linewidth=1.5 if unit == "statement" else 1.0)
        face = np.where(points["uncertain"].to_numpy()[sel], "white", color)
        ax.scatter(x[sel], net[sel], s=sizes[sel], marker=marker, facecolors=face,
                   edgecolors=color, linewidths=1.4, label=voice, zorder=3)
    names = statements["section"].fillna("").astype(str)
    starts = names.ne(names.shift(fill_value=""))
    where = statements["statement_id" if unit == "statement" else "paragraph"].to_numpy()
    for sid, name in zip(where[starts.to_numpy()], names[starts]):
        if name:
            ax.axvline(sid - 0.5, color="#666666", linestyle=":", linewidth=0.9)
            if sections:
                ax.text(sid - 0.4, 1.02, _wrap(name, 24), fontsize=7, va="top", color="#444444")
    ax.set_ylim(-1.05, 1.05)
    top = float(x.max()) if len(x) else 0.0
    ax.set_xlim(-0.7, max(top + 0.7, 0.5))
    ticks = np.unique(x)
    if len(ticks) <= 15:
        ax.set_xticks(ticks)
    else:  # as many integer ticks as the axis' width holds
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
    if unit == "statement":
        ax.set_xlabel(f"statement in article order (statement_id); {tables.UNCERTAIN_NOTE}")
    else:
        ax.set_xlabel(f"paragraph ({len(statements)} statements: each point is a voice's mean in a paragraph, "
                      f"size = statements); {tables.UNCERTAIN_NOTE}")
    ax.set_ylabel("P(favor) − P(against)")
    if legend:
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, title="voice")
    ax.set_title(_wrap(f"Stance toward {target} along the article", 70))


def draw_frame_shares(ax: Axes, statements: pd.DataFrame, by: By | str = "actor", max_frames: int | None = None,
                      title: str | None = None, legend: bool = True, max_voices: int | None = None) -> None:
    """Dots with 95% Wilson whiskers: the share of each voice's statements in which a frame is
    present (the scorer's ``frames_present``), one row per frame that is present somewhere,
    most frequent first; ``max_frames`` keeps the most frequent. Voices keep their colour and
    marker from the other charts; the legend gives each voice's number of statements.
    ``max_voices`` draws only the voices with most statements (the author always)."""
    table = tables.frame_share_table(statements, by)  # type: ignore[arg-type]
    frames = list(dict.fromkeys(table["frame"]))[:max_frames]
    voices = list(dict.fromkeys(table["voice"]))
    styles = voice_styles(voices)
    if max_voices is not None and len(voices) > max_voices:
        counts = table.groupby("voice")["statements"].max()
        quoted = [v for v in voices if v != NARRATOR_LABEL]
        keep = set(sorted(quoted, key=lambda v: (-counts[v], quoted.index(v)))[:max_voices])
        voices = [v for v in voices if v in keep or v == NARRATOR_LABEL]
    if by == "author_vs_quoted":
        styles = {v: ((GREY, "o") if v == NARRATOR_LABEL else (OKABE_ITO["orange"], "s")) for v in voices}
    if not frames:
        ax.text(0.5, 0.5, "no frame is present in any statement", ha="center", va="center",
                transform=ax.transAxes, color="#444444")
    y_of = {f: len(frames) - 1 - i for i, f in enumerate(frames)}
    step = 0.7 / max(len(voices), 1)
    for i, voice in enumerate(voices):
        rows = table[(table["voice"] == voice) & table["frame"].isin(frames)]
        if rows.empty:
            continue
        color, marker = styles[voice]
        y = np.array([y_of[f] for f in rows["frame"]]) + 0.35 - step * (i + 0.5)
        share = rows["share"].to_numpy(dtype=float)
        err = np.vstack([share - rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float) - share])
        ax.errorbar(share, y, xerr=err, fmt=marker, color=color, markersize=6, elinewidth=1.1, capsize=2,
                    label=f"{voice} (n={int(rows['statements'].iloc[0])})")
    for row_y in y_of.values():
        if row_y > 0:
            ax.axhline(row_y - 0.5, color=GREY, linewidth=0.4, alpha=0.5)
    ax.set_yticks(list(y_of.values()), [_wrap(f, 30) for f in y_of], fontsize=8.5)
    ax.set_ylim(-0.6, max(len(frames), 1) - 0.4)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks(np.linspace(0, 1, 6), [f"{t:.0%}" for t in np.linspace(0, 1, 6)])
    ax.set_xlabel("share of the voice's statements in which the frame is present (whiskers: 95% Wilson interval)")
    if legend and frames:
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, title="voice")
    ax.set_title(title or f"Frames present, by {by}")


def draw_author_vs_quoted(ax: Axes, statements: pd.DataFrame) -> None:
    """The author's own (narrator) rows against all quoted rows: share with each frame present."""
    draw_frame_shares(ax, statements, "author_vs_quoted",
                      title="The author's framing beside the quoted voices")


def _figure(height: float, width: float = 10.0) -> tuple[Figure, Axes]:
    fig = new_figure(width, height)
    with mpl.rc_context(STYLE):
        return fig, fig.add_subplot()


def _rows(statements: pd.DataFrame, by: By = "actor") -> int:
    return len(tables.voice_order(statements, by))


def voice_share_figure(statements: pd.DataFrame, provenance: Mapping[str, object], by: By = "actor") -> Figure:
    fig, ax = _figure(1.6 + 0.45 * _rows(statements, by))
    with mpl.rc_context(STYLE):
        draw_voice_share(ax, statements, by)
        add_caption(fig, provenance)
    return fig


def stance_by_voice_figure(statements: pd.DataFrame, provenance: Mapping[str, object], by: By = "actor") -> Figure:
    fig, ax = _figure(1.9 + 0.5 * _rows(statements, by))
    with mpl.rc_context(STYLE):
        draw_stance_by_voice(ax, statements, str(provenance.get("target") or "the target"), by)
        add_caption(fig, provenance)
    return fig


def stance_along_figure(statements: pd.DataFrame, provenance: Mapping[str, object]) -> Figure:
    fig, ax = _figure(4.2)
    with mpl.rc_context(STYLE):
        draw_stance_along(ax, statements, str(provenance.get("target") or "the target"))
        add_caption(fig, provenance)
    return fig


def _n_present(statements: pd.DataFrame) -> int:
    return int(tables.present_matrix(statements).any().sum())


def frames_by_voice_figure(statements: pd.DataFrame, provenance: Mapping[str, object], by: By = "actor") -> Figure:
    rows = max(_n_present(statements), 1) * (0.3 + 0.12 * _rows(statements, by))
    fig, ax = _figure(1.9 + rows, width=10.0)
    with mpl.rc_context(STYLE):
        draw_frame_shares(ax, statements, by)
        add_caption(fig, provenance)
    return fig


def author_vs_quoted_figure(statements: pd.DataFrame, provenance: Mapping[str, object]) -> Figure:
    fig, ax = _figure(1.9 + 0.45 * max(_n_present(statements), 1), width=10.0)
    with mpl.rc_context(STYLE):
        draw_author_vs_quoted(ax, statements)
        add_caption(fig, provenance)
    return fig
