"""Aggregate tables over scored statements: who speaks, how much, with what stance and frames.

The notebooks and charts read these tables instead of grouping DataFrames themselves, so
a number printed in a notebook is the number drawn in its figure. A *voice* is the unit of
comparison: the speaker's actor group when known, else the speaker's own name, and the
article's author for narrator rows (the author's framing is compared with the quoted
voices, following the source/narrator split of attribution analysis, Pareti 2016,
"PARC 3.0").
"""
from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analysis.attribution.statements import count_words, voice_words
from analysis.errors import InputError
from analysis.schema import FRAME_PREFIX, KINDS, STANCES

NARRATOR_LABEL = "Author (narrator)"
UNATTRIBUTED_LABEL = "Unattributed"

By = Literal["actor", "speaker"]


def voice_labels(statements: pd.DataFrame, by: By = "actor") -> pd.Series:
    """One label per row: actor (or speaker) name, the author for narrator rows.

    With ``by="actor"`` a speaker without a known actor group is shown under its own name,
    so no quoted voice disappears from a chart.
    """
    if by not in ("actor", "speaker"):
        raise InputError(f"by must be 'actor' or 'speaker', not {by!r}")
    speaker = statements["speaker"].fillna("").astype(str)
    actor = statements["actor"].fillna("").astype(str)
    narrator = statements["kind"].eq("narrator")
    label = actor.where(actor.ne(""), speaker) if by == "actor" else speaker
    label = label.where(label.ne(""), UNATTRIBUTED_LABEL)
    return label.mask(narrator, NARRATOR_LABEL).rename("voice")


def word_counts(statements: pd.DataFrame) -> pd.Series:
    """Words each statement says in its own voice: a statement nested in another (``parent_id``)
    keeps its words and the parent counts only the rest, so sums over voices count every word
    of the article once (:func:`analysis.attribution.statements.voice_words`). A table without
    ``parent_id`` is taken as all top level."""
    nested = "parent_id" in statements.columns and bool((statements["parent_id"] >= 0).any())
    if not nested:  # every row is its own voice: its words are its content's
        return statements["content"].fillna("").astype(str).map(count_words).astype("int64").rename("words")
    key = next((c for c in ("article_id", "article") if c in statements.columns), None)
    if key is None:
        return voice_words(statements).rename("words")
    parts = [voice_words(group) for _, group in statements.groupby(key, sort=False)]  # ids repeat across articles
    return pd.concat(parts).reindex(statements.index).rename("words")


def voice_order(statements: pd.DataFrame, by: By = "actor") -> list[str]:
    """Voices in order of first appearance in the article, the author last.

    A fixed order keeps colours and rows stable across charts of the same article.
    """
    labels = voice_labels(statements, by)
    order = list(dict.fromkeys(labels.tolist()))
    if NARRATOR_LABEL in order:
        order.remove(NARRATOR_LABEL)
        order.append(NARRATOR_LABEL)
    return order


def voice_table(statements: pd.DataFrame, by: By = "actor") -> pd.DataFrame:
    """Statements and words per voice, split by quote kind, with shares of the article's total.

    Columns: statements, words, statement_share, word_share, then ``words:<kind>`` for each
    kind in :data:`KINDS`. Rows follow :func:`voice_order`.
    """
    frame = pd.DataFrame(
        {"voice": voice_labels(statements, by), "kind": statements["kind"], "words": word_counts(statements)}
    )
    order = voice_order(statements, by)
    grouped = frame.groupby("voice", sort=False)
    table = pd.DataFrame({"statements": grouped.size(), "words": grouped["words"].sum()}).reindex(order)
    table["statement_share"] = table["statements"] / max(int(table["statements"].sum()), 1)
    table["word_share"] = table["words"] / max(int(table["words"].sum()), 1)
    by_kind = frame.pivot_table(index="voice", columns="kind", values="words", aggfunc="sum", fill_value=0)
    for kind in KINDS:
        col = by_kind[kind] if kind in by_kind.columns else 0
        table[f"words:{kind}"] = pd.Series(col, index=by_kind.index).reindex(order).fillna(0).astype(int)
    table.index.name = by
    return table


def kind_table(statements: pd.DataFrame, by: By = "actor") -> pd.DataFrame:
    """Number of statements per voice and quote kind (direct, indirect, mixed, narrator)."""
    frame = pd.DataFrame({"voice": voice_labels(statements, by), "kind": statements["kind"]})
    table = pd.crosstab(frame["voice"], frame["kind"]).reindex(
        index=voice_order(statements, by), columns=list(KINDS), fill_value=0
    )
    table.index.name, table.columns.name = by, None
    return table


def net_stance(statements: pd.DataFrame) -> pd.Series:
    """p_favor − p_against per statement, in [−1, 1]: the position on a diverging axis."""
    return (statements["p_favor"] - statements["p_against"]).rename("net")


def stance_table(statements: pd.DataFrame, by: By = "actor") -> pd.DataFrame:
    """Mean stance probabilities per voice, the net stance with its standard error, and the
    mean per-statement uncertainty reported by the scorer.

    ``net_se``, ``p_favor_se`` and ``p_against_se`` are standard errors of the means over the
    voice's statements (0 for a single statement: spread is unknown, the scorer's own
    ``uncertainty`` then carries the doubt). ``label`` is the argmax of the mean probabilities.
    """
    frame = statements[["p_favor", "p_against", "p_neutral", "uncertainty"]].copy()
    frame["net"] = net_stance(statements)
    frame["voice"] = voice_labels(statements, by)
    grouped = frame.groupby("voice", sort=False)
    table = grouped[["p_favor", "p_against", "p_neutral", "net", "uncertainty"]].mean()
    table.insert(0, "statements", grouped.size())
    sd = grouped["net"].std(ddof=1).fillna(0.0)
    table["net_se"] = sd / np.sqrt(table["statements"])
    for col in ("p_favor", "p_against"):
        table[f"{col}_se"] = grouped[col].std(ddof=1).fillna(0.0) / np.sqrt(table["statements"])
    probs = table[["p_favor", "p_against", "p_neutral"]].to_numpy()
    table["label"] = [STANCES[i] for i in probs.argmax(axis=1)]
    table = table.reindex(voice_order(statements, by))
    table.index.name = by
    return table


def frame_columns(statements: pd.DataFrame) -> list[str]:
    """The ``frame:<name>`` probability columns, in the scorer's order."""
    return [c for c in statements.columns if c.startswith(FRAME_PREFIX)]


def frame_table(statements: pd.DataFrame, by: By = "actor") -> pd.DataFrame:
    """Mean frame probability per voice (rows) and frame (columns, prefix stripped)."""
    cols = frame_columns(statements)
    if not cols:
        raise InputError("no frame:<name> columns: score the statements with analysis.score_frames first")
    frame = statements[cols].copy()
    frame["voice"] = voice_labels(statements, by)
    table = frame.groupby("voice", sort=False)[cols].mean().reindex(voice_order(statements, by))
    table.columns = [c[len(FRAME_PREFIX):] for c in cols]
    table.index.name = by
    return table


def author_vs_quoted_frames(statements: pd.DataFrame) -> pd.DataFrame:
    """Mean frame probability in the author's own (narrator) rows beside all quoted rows.

    Columns: author, quoted, difference (author − quoted); one row per frame. A side with no
    rows gets NaN rather than 0, so a missing voice is not read as "frame absent".
    """
    cols = frame_columns(statements)
    if not cols:
        raise InputError("no frame:<name> columns: score the statements with analysis.score_frames first")
    narrator = statements["kind"].eq("narrator")
    author = statements.loc[narrator, cols].mean() if narrator.any() else pd.Series(np.nan, index=cols)
    quoted = statements.loc[~narrator, cols].mean() if (~narrator).any() else pd.Series(np.nan, index=cols)
    table = pd.DataFrame({"author": author, "quoted": quoted})
    table["difference"] = table["author"] - table["quoted"]
    table.index = [c[len(FRAME_PREFIX):] for c in cols]
    table.index.name = "frame"
    return table


def extreme_statements(statements: pd.DataFrame, n: int = 2) -> pd.DataFrame:
    """The ``n`` statements most in favour and most against (by net stance), for quoting in
    a summary. Ties keep article order."""
    frame = statements.assign(net=net_stance(statements), voice=voice_labels(statements))
    favor = frame[frame["net"] > 0].sort_values("net", ascending=False, kind="stable").head(n)
    against = frame[frame["net"] < 0].sort_values("net", ascending=True, kind="stable").head(n)
    return pd.concat([favor, against])[["statement_id", "voice", "kind", "stance", "net", "content"]]


def statements_view(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements table for reading: id, voice, speaker, kind, cue, section and content."""
    view = statements[["statement_id", "kind", "speaker", "cue", "section", "content"]].copy()
    view.insert(1, "voice", voice_labels(statements))
    return view.set_index("statement_id")


def stance_view(statements: pd.DataFrame) -> pd.DataFrame:
    """Per-statement stance for reading: voice, kind, label, probabilities, net, uncertainty, content."""
    view = statements[["statement_id", "kind", "stance", "p_favor", "p_against", "p_neutral",
                       "uncertainty", "content"]].copy()
    view.insert(1, "voice", voice_labels(statements))
    view.insert(8, "net", net_stance(statements))
    return view.set_index("statement_id")


PRESENT_COLUMN = "frames_present"


def present_matrix(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements (rows) by frames (columns, scorer order): True where the frame is present.

    From the ``frames_present`` column that ``score_frames`` writes (``;``-joined names);
    a table without it (older scores) counts each statement's top frame only.
    """
    cols = frame_columns(statements)
    if not cols:
        raise InputError("no frame:<name> columns: score the statements with analysis.score_frames first")
    names = [c[len(FRAME_PREFIX):] for c in cols]
    source = PRESENT_COLUMN if PRESENT_COLUMN in statements.columns else "top_frame"
    cells = statements[source].fillna("").astype(str)
    present = [set(v.split(";")) if v else set() for v in cells]
    return pd.DataFrame([[n in p for n in names] for p in present], columns=names, index=statements.index, dtype=bool)


def wilson_interval(k: np.ndarray | float, n: np.ndarray | float, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion k/n (Wilson 1927; Brown, Cai & DasGupta 2001);
    NaN where n is 0."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # k = n (or 0) can land a rounding error on the wrong side of p: the interval must hold p
    return np.clip(np.fmin(centre - half, p), 0, 1), np.clip(np.fmax(centre + half, p), 0, 1)


def frame_share_table(statements: pd.DataFrame, by: By | Literal["author_vs_quoted"] = "actor",
                      present_only: bool = True) -> pd.DataFrame:
    """Share of each voice's statements in which each frame is present, with a 95% Wilson interval.

    One row per (voice, frame): ``statements`` (n), ``present`` (k), ``share`` = k/n, ``low``,
    ``high``. ``by="author_vs_quoted"`` has two voices, the author's own rows and all quoted
    rows. Works the same on one article and on a corpus (statements of several articles
    concatenated); the interval treats statements as independent, which statements of one
    voice in one article are not quite, so read it as a lower bound on the uncertainty.
    ``present_only`` drops frames present in no statement. Voices in :func:`voice_order`,
    frames by overall share (then scorer order).
    """
    present = present_matrix(statements)
    if by == "author_vs_quoted":
        narrator = statements["kind"].eq("narrator")
        voices = pd.Series(np.where(narrator, NARRATOR_LABEL, "Quoted voices"), index=statements.index)
        order = [v for v in ("Quoted voices", NARRATOR_LABEL) if (voices == v).any()]
    else:
        voices, order = voice_labels(statements, by), voice_order(statements, by)
    frames = list(present.columns)
    overall = present.mean()
    if present_only:
        frames = [f for f in frames if present[f].any()]
    frames = sorted(frames, key=lambda f: -overall[f])  # stable: scorer order among ties
    k = present.groupby(voices.to_numpy(), sort=False).sum().reindex(order)
    n = voices.value_counts().reindex(order)
    rows = [(v, f, int(n[v]), int(k.loc[v, f])) for v in order for f in frames]
    table = pd.DataFrame(rows, columns=["voice", "frame", "statements", "present"])
    table["share"] = table["present"] / table["statements"]
    table["low"], table["high"] = wilson_interval(table["present"], table["statements"])
    return table


def frame_view(statements: pd.DataFrame) -> pd.DataFrame:
    """Per-statement top frame and its probability, the frames present, with voice, kind and content."""
    cols = frame_columns(statements)
    view = statements[["statement_id", "kind", "top_frame", "content"]].copy()
    view.insert(1, "voice", voice_labels(statements))
    view.insert(4, "p_top_frame", statements[cols].max(axis=1))
    present = present_matrix(statements)
    view.insert(5, PRESENT_COLUMN, ["; ".join(f for f in present.columns if row[f]) for _, row in present.iterrows()])
    return view.set_index("statement_id")


#: A statement counts as uncertain (hollow marker, hatched in the HTML view) when its most
#: probable label has probability below this: with calibrated probabilities (few-shot stance is
#: temperature-scaled, Guo et al. 2017) the scorer then expects that label to be wrong more often
#: than right. The scorer's own ``uncertainty`` (normalised entropy) is shown beside it, not used.
UNCERTAIN_BELOW = 0.5
UNCERTAIN_NOTE = f"hollow = top probability < {UNCERTAIN_BELOW:.1f}"


def uncertain_mask(statements: pd.DataFrame) -> np.ndarray:
    """True for the statements whose most probable stance has probability < UNCERTAIN_BELOW."""
    probs = statements[["p_favor", "p_against", "p_neutral"]].to_numpy(dtype=float)
    return probs.max(axis=1) < UNCERTAIN_BELOW


OTHER_VOICES = "other voices"
#: Past this many statements, stance along the article is drawn per paragraph, not per statement.
ALONG_STATEMENTS_MAX = 60


def top_voices(statements: pd.DataFrame, n: int, by: By = "actor") -> pd.DataFrame:
    """The statements with every quoted voice past the ``n`` with most words relabelled
    ``other voices (k)`` (speaker and actor), so a chart shows the top voices in colour and the
    rest as one grey group; the author is always kept. Unchanged when there are ``n`` or fewer."""
    labels = voice_labels(statements, by)
    quoted = labels[labels.ne(NARRATOR_LABEL)]
    ranked = word_counts(statements).loc[quoted.index].groupby(quoted).sum()
    ranked = ranked.sort_index().sort_values(ascending=False, kind="stable")
    if len(ranked) <= n:
        return statements
    rest = labels.ne(NARRATOR_LABEL) & ~labels.isin(set(ranked.index[:n]))
    out = statements.copy()
    name = f"{OTHER_VOICES} ({len(ranked) - n})"
    out.loc[rest, "actor"] = name
    out.loc[rest, "speaker"] = name
    return out


def along_points(statements: pd.DataFrame, limit: int = ALONG_STATEMENTS_MAX) -> tuple[pd.DataFrame, str]:
    """Points of the stance-along-the-article chart and what x counts: one per statement
    (``statement``), or past ``limit`` statements one per paragraph and voice (``paragraph``,
    the mean net stance of the voice's statements there; ``n`` statements), so a long article
    does not become a picket fence. Columns: x, voice, net, n, uncertain."""
    frame = pd.DataFrame({"voice": voice_labels(statements), "net": net_stance(statements).to_numpy(),
                          "uncertain": uncertain_mask(statements)}, index=statements.index)
    if len(statements) <= limit or "paragraph" not in statements.columns:
        frame["x"], frame["n"] = statements["statement_id"].to_numpy(), 1
        return frame.reset_index(drop=True), "statement"
    frame["x"] = statements["paragraph"].to_numpy()
    grouped = frame.groupby(["x", "voice"], sort=True).agg(net=("net", "mean"), n=("net", "size"),
                                                           uncertain=("uncertain", "mean")).reset_index()
    grouped["uncertain"] = grouped["uncertain"] > 0.5
    return grouped, "paragraph"
