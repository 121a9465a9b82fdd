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
    """The frames present most often, and the author's framing against the quoted voices'
    (share of each side's statements with the frame present, ``tables.frame_share_table``)."""
    present = tables.present_matrix(statements).sum().sort_values(ascending=False, kind="stable")
    present = present[present > 0].head(top)
    if present.empty:
        return "No frame is present in any statement."
    n = len(statements)
    text = "Frames present most often: " + _list([f"**{f}** ({k} of {n} statements)" for f, k in present.items()]) + ". "
    table = tables.frame_share_table(statements, "author_vs_quoted", present_only=False)
    shares = table.pivot(index="frame", columns="voice", values="share")
    if shares.shape[1] == 2:
        author, quoted = shares[NARRATOR_LABEL], shares["Quoted voices"]
        gap = (author - quoted).abs().sort_values(ascending=False, kind="stable").index[0]
        a_top, q_top = author.idxmax(), quoted.idxmax()
        text += (f"The author's sentences carry **{a_top}** most often ({_pct(author[a_top])}), the quoted "
                 f"voices' **{q_top}** ({_pct(quoted[q_top])}); the widest gap is **{gap}** "
                 f"(author {_pct(author[gap])} vs quoted {_pct(quoted[gap])}).")
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
    frames = tables.present_matrix(statements).mean().sort_values(ascending=False, kind="stable")
    return [
        f"Source: {source}",
        f"Target: {provenance.get('target')}",
        f"{len(statements)} statements from {len(quoted)} quoted voices; loudest: {loudest}"
        + (f"; the author writes {_pct(voices.loc[NARRATOR_LABEL, 'word_share'])} of the words"
           if NARRATOR_LABEL in voices.index else ""),
        f"Mean net stance {overall:+.2f}; per voice: " + ", ".join(f"{v} {n:+.2f}" for v, n in stance.items()),
        "Frames present most often: " + ", ".join(f"{f} {_pct(v)}" for f, v in frames.head(3).items()) + " of statements",
    ]


def article_header(title: str, sidecar: Sidecar, provenance: Mapping[str, object]) -> str:
    """The notebook's opening lines: headline, source, target and how it was scored."""
    from analysis.report.charts import caption

    source = sidecar.source_line()
    return (f"### {title}\n\n{source or '*No outlet, date or URL in the sidecar.*'}\n\n"
            f"Stance target: **{provenance.get('target')}**\n\n<small>{caption(provenance)}</small>")
