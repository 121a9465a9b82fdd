"""Sentences that tell a notebook's story from the numbers in :mod:`analysis.report.tables`.

Each function returns plain Markdown built only from the tables, so the text a reader sees
under a chart always agrees with the chart, on any article.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.report import tables
from analysis.report.tables import NARRATOR_LABEL
from analysis.schema import Sidecar


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def voices_summary(statements: pd.DataFrame) -> str:
    """Who speaks and how much: statements by kind, word shares of the quoted voices and the author."""
    kinds = statements["kind"].value_counts()
    counts = [f"{int(kinds.get(k, 0))} {k}" for k in ("direct", "indirect", "mixed")]
    voices = tables.voice_table(statements)
    quoted = voices.drop(index=NARRATOR_LABEL, errors="ignore").sort_values("words", ascending=False, kind="stable")
    parts = [f"**{v}** {_pct(r['word_share'])} of the words ({_n(int(r['statements']), 'statement')})"
             for v, r in quoted.iterrows()]
    text = (f"The article has **{len(statements)} statements**: {_list(counts)} quotes and "
            f"{int(kinds.get('narrator', 0))} sentences in the author's own voice. ")
    if parts:
        text += f"Quoted voices, loudest first: {_list(parts)}. "
    else:
        text += "No one is quoted. "
    if NARRATOR_LABEL in voices.index:
        text += f"The author's own sentences carry {_pct(voices.loc[NARRATOR_LABEL, 'word_share'])} of the words."
    return text


def stance_summary(statements: pd.DataFrame, target: str) -> str:
    """Where each voice stands: the most favourable and most opposed, and how sure the scorer is."""
    table = tables.stance_table(statements)
    net = table["net"].sort_values(kind="stable")
    lines = [f"Stance toward **{target}**, net P(favor) − P(against) per voice: "
             + _list([f"{v} {net[v]:+.2f}" for v in table.index]) + "."]
    if len(net) > 1 and net.iloc[-1] > net.iloc[0]:
        lines.append(f"Most favourable: **{net.index[-1]}** ({net.iloc[-1]:+.2f}); "
                     f"most opposed: **{net.index[0]}** ({net.iloc[0]:+.2f}).")
    uncertain = int(tables.uncertain_mask(statements).sum())
    lines.append(f"{uncertain} of {len(statements)} statements are uncertain, their most probable stance "
                 f"below {tables.UNCERTAIN_BELOW:.1f} (hollow markers in the chart along the article).")
    return " ".join(lines)


def frames_summary(statements: pd.DataFrame, top: int = 3) -> str:
    """The strongest frames overall and the author's framing against the quoted voices'."""
    cols = tables.frame_columns(statements)
    overall = statements[cols].mean().sort_values(ascending=False, kind="stable").head(top)
    text = "Strongest frames overall: " + _list(
        [f"**{c[len(tables.FRAME_PREFIX):]}** ({v:.2f})" for c, v in overall.items()]) + ". "
    cmp = tables.author_vs_quoted_frames(statements).dropna()
    if not cmp.empty:
        author_top = cmp["author"].idxmax()
        quoted_top = cmp["quoted"].idxmax()
        gap = cmp["difference"].abs().idxmax()
        text += (f"The author leans most on **{author_top}** ({cmp.loc[author_top, 'author']:.2f}), the quoted "
                 f"voices on **{quoted_top}** ({cmp.loc[quoted_top, 'quoted']:.2f}); the widest gap is "
                 f"**{gap}** (author {cmp.loc[gap, 'author']:.2f} vs quoted {cmp.loc[gap, 'quoted']:.2f}).")
    else:
        text += "The article lacks either narrator rows or quoted voices, so the two cannot be compared."
    return text


def report_facts(statements: pd.DataFrame, sidecar: Sidecar, provenance: Mapping[str, object]) -> list[str]:
    """Short lines for the one-page report header."""
    source = sidecar.source_line() or "outlet and date unknown"
    voices = tables.voice_table(statements)
    quoted = voices.drop(index=NARRATOR_LABEL, errors="ignore")
    loudest = quoted["words"].idxmax() if not quoted.empty else "nobody"
    stance = tables.stance_table(statements)["net"]
    overall = tables.net_stance(statements).mean()
    frames = tables.frame_table(statements).mean().sort_values(ascending=False, kind="stable")
    return [
        f"Source: {source}",
        f"Target: {provenance.get('target')}",
        f"{len(statements)} statements from {len(quoted)} quoted voices; loudest: {loudest}"
        + (f"; the author writes {_pct(voices.loc[NARRATOR_LABEL, 'word_share'])} of the words"
           if NARRATOR_LABEL in voices.index else ""),
        f"Mean net stance {overall:+.2f}; per voice: " + ", ".join(f"{v} {n:+.2f}" for v, n in stance.items()),
        "Top frames: " + ", ".join(f"{f} {v:.2f}" for f, v in frames.head(3).items()),
    ]


def article_header(title: str, sidecar: Sidecar, provenance: Mapping[str, object]) -> str:
    """The notebook's opening lines: headline, source, target and how it was scored."""
    from analysis.report.charts import caption

    source = sidecar.source_line()
    return (f"### {title}\n\n{source or '*No outlet, date or URL in the sidecar.*'}\n\n"
            f"Stance target: **{provenance.get('target')}**\n\n<small>{caption(provenance)}</small>")
