"""Cross-article tables for a corpus run: by outlet, over time, and each actor across articles.

The unit of every interval is the **article**, not the statement: statements of one article
are not independent (one reporter, one editor, one event), so each article first gets its own
value (the share of its statement words in quoted voices, the mean net stance of its quoted
statements, ...), and an outlet's value is the mean over its articles with a Student-t 95%
interval over those article values, clipped to the possible range (0..1 for shares, -1..+1
for net stance). Outlets or months with one article get no interval.

*Net stance* is P(favor) - P(against), from -1 to +1, toward the run's target. *Quoted* voices
are direct, indirect and mixed statements; the *author* is the narrator rows (the article's own
voice). Speakers are matched across articles by their canonical name, with a one-word name
("Trump") merged into the only longer name in the corpus that ends with it ("Donald Trump").
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.report.tables import (
    NARRATOR_LABEL,
    UNATTRIBUTED_LABEL,
    By,
    frame_columns,
    present_matrix,
    voice_labels,
    word_counts,
)
from analysis.schema import QUOTED_KINDS

UNKNOWN_OUTLET = "(no outlet)"
VOICES = ("quoted", "author")
Z_LEVEL = 0.95


def t_interval(values: Iterable[float], level: float = Z_LEVEL) -> tuple[float, float, float, int]:
    """(mean, low, high, n) of the finite values; low/high NaN when n < 2."""
    from scipy import stats

    arr = np.asarray([v for v in values if np.isfinite(v)], dtype=float)
    n = len(arr)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(arr.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), n
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * arr.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half, n


def with_outlet(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Statements with their article's outlet and date, a ``voice`` (quoted / author) column,
    words and net stance."""
    meta = articles[["article_id", "outlet", "date"]].copy()
    meta["outlet"] = meta["outlet"].fillna(UNKNOWN_OUTLET).replace("", UNKNOWN_OUTLET)
    carried = [c for c in ("outlet", "date") if c in statements.columns]  # a run's rows carry them; articles decide
    out = statements.drop(columns=carried).merge(meta, on="article_id", how="left", validate="many_to_one")
    out["voice"] = np.where(out["kind"].isin(QUOTED_KINDS), "quoted", "author")
    out["words"] = word_counts(out)
    out["net"] = out["p_favor"] - out["p_against"]
    return out


def per_article(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: outlet, date, quoted word share, net stance of quoted and author rows."""
    rows = with_outlet(statements, articles)
    words = rows.pivot_table(index="article_id", columns="voice", values="words", aggfunc="sum", fill_value=0)
    net = rows.pivot_table(index="article_id", columns="voice", values="net", aggfunc="mean")
    out = articles[["article_id", "title", "outlet", "date"]].set_index("article_id").copy()
    out["outlet"] = out["outlet"].fillna(UNKNOWN_OUTLET).replace("", UNKNOWN_OUTLET)
    total = words.reindex(columns=list(VOICES), fill_value=0).sum(axis=1).replace(0, np.nan)
    out["quoted_share"] = words.reindex(columns=list(VOICES), fill_value=0)["quoted"] / total
    for voice in VOICES:
        out[f"net_{voice}"] = net.reindex(columns=list(VOICES))[voice]
    out["statements"] = rows.groupby("article_id").size()
    return out.reset_index()


def _interval_rows(frame: pd.DataFrame, by: str | list[str], column: str,
                   bounds: tuple[float, float] = (-1.0, 1.0)) -> pd.DataFrame:
    """Mean and t-interval per group, the interval clipped to the values' possible range."""
    rows = []
    for key, group in frame.groupby(by, sort=True, dropna=True):
        mean, lo, hi, n = t_interval(group[column])
        lo, hi = (max(lo, bounds[0]), min(hi, bounds[1])) if n > 1 else (lo, hi)
        keys = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip([by] if isinstance(by, str) else by, keys)), "mean": mean, "low": lo, "high": hi,
                     "articles": n})
    return pd.DataFrame(rows)


def voice_share_by_outlet(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: mean share of statement words in quoted voices (rest: the author), 95% t-interval."""
    return _interval_rows(per_article(statements, articles), "outlet", "quoted_share", bounds=(0.0, 1.0))


def net_stance_by_outlet(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and voice (quoted / author): mean over articles of the article's mean net stance."""
    table = per_article(statements, articles)
    long = table.melt(id_vars=["article_id", "outlet"], value_vars=[f"net_{v}" for v in VOICES],
                      var_name="voice", value_name="net")
    long["voice"] = long["voice"].str.removeprefix("net_")
    out = _interval_rows(long, ["outlet", "voice"], "net")
    out["order"] = out["voice"].map({v: i for i, v in enumerate(VOICES)})
    return out.sort_values(["outlet", "order"], kind="stable").drop(columns="order").reset_index(drop=True)


def stance_over_time(statements: pd.DataFrame, articles: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Per period (month by default) and voice: mean over articles of their net stance; empty
    when no article has a date."""
    table = per_article(statements, articles)
    table["period"] = pd.to_datetime(table["date"], errors="coerce", format="%Y-%m-%d").dt.to_period(freq)
    table = table.dropna(subset=["period"])
    if table.empty:
        return pd.DataFrame(columns=["period", "voice", "mean", "low", "high", "articles"])
    long = table.melt(id_vars=["article_id", "period"], value_vars=[f"net_{v}" for v in VOICES],
                      var_name="voice", value_name="net")
    long["voice"] = long["voice"].str.removeprefix("net_")
    return _interval_rows(long, ["period", "voice"], "net")


def corpus_names(names: pd.Series) -> pd.Series:
    """Speaker or actor names matched across articles: a one-word name that is the last word of
    exactly one longer name in the corpus becomes that name ("Trump" -> "Donald Trump")."""
    distinct = set(names.dropna().astype(str))
    longer: dict[str, set[str]] = {}
    for name in distinct:
        parts = name.split()
        if len(parts) > 1:
            longer.setdefault(parts[-1], set()).add(name)
    mapping = {n: next(iter(longer[n])) for n in distinct if " " not in n and len(longer.get(n, ())) == 1}
    return names.map(lambda n: mapping.get(n, n))


def _quoted_voices(statements: pd.DataFrame, articles: pd.DataFrame, by: By) -> pd.DataFrame:
    rows = with_outlet(statements, articles)
    rows = rows[rows["voice"] == "quoted"].copy()
    rows["name"] = corpus_names(voice_labels(rows, by)) if not rows.empty else pd.Series(dtype=str)
    return rows[~rows["name"].isin([UNATTRIBUTED_LABEL, NARRATOR_LABEL])]


def top_voices_by_outlet(statements: pd.DataFrame, articles: pd.DataFrame, by: By = "speaker",
                         n: int = 5) -> pd.DataFrame:
    """Per outlet, the ``n`` most quoted speakers (``by="speaker"``) or actors (``by="actor"``):
    statements, share of the outlet's quoted statements, articles they appear in, mean net stance."""
    rows = _quoted_voices(statements, articles, by)
    if rows.empty:
        return pd.DataFrame(columns=["outlet", "name", "statements", "share", "articles", "net"])
    grouped = rows.groupby(["outlet", "name"]).agg(statements=("net", "size"), articles=("article_id", "nunique"),
                                                    net=("net", "mean")).reset_index()
    grouped["share"] = grouped["statements"] / grouped.groupby("outlet")["statements"].transform("sum")
    grouped = grouped.sort_values(["outlet", "statements", "name"], ascending=[True, False, True], kind="stable")
    return grouped.groupby("outlet").head(n)[["outlet", "name", "statements", "share", "articles", "net"]].reset_index(drop=True)


def actor_positions(statements: pd.DataFrame, articles: pd.DataFrame, by: By = "actor",
                    min_articles: int = 2) -> pd.DataFrame:
    """Each quoted actor (or speaker) seen in at least ``min_articles`` articles: the mean over
    those articles of its mean net stance there, a 95% t-interval, the outlets it appears in."""
    rows = _quoted_voices(statements, articles, by)
    cols = ["name", "mean", "low", "high", "articles", "statements", "outlets"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    per = rows.groupby(["name", "article_id"]).agg(net=("net", "mean"), n=("net", "size"), outlet=("outlet", "first"))
    out = []
    for name, group in per.groupby(level="name"):
        mean, lo, hi, k = t_interval(group["net"])
        lo, hi = (max(lo, -1.0), min(hi, 1.0)) if k > 1 else (lo, hi)
        if k >= min_articles:
            out.append({"name": name, "mean": mean, "low": lo, "high": hi, "articles": k,
                        "statements": int(group["n"].sum()), "outlets": ", ".join(sorted(set(group["outlet"])))})
    table = pd.DataFrame(out, columns=cols)
    order = table.sort_values(["articles", "statements", "name"], ascending=[False, False, True], kind="stable")
    return order.reset_index(drop=True)


def articles_table(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article for the index page: id, title, outlet, date, language, counts and stances."""
    table = per_article(statements, articles)
    articles = articles if "language" in articles else articles.assign(language=None)  # runs before languages
    extra = articles.set_index("article_id")[["n_quoted", "n_speakers", "url", "language"]]
    table = table.join(extra, on="article_id")
    return table[["article_id", "title", "outlet", "date", "language", "statements", "n_quoted", "n_speakers",
                  "quoted_share", "net_quoted", "net_author", "url"]]


def has_frames(statements: pd.DataFrame) -> bool:
    """Whether the run scored frames (``corpus --frames``)."""
    return bool(frame_columns(statements))


def frames_by_outlet(statements: pd.DataFrame, articles: pd.DataFrame, n_frames: int = 5) -> pd.DataFrame:
    """Per outlet, voice (quoted / author) and frame: the mean over articles of the share of the
    article's statements of that voice in which the frame is present, with a 95% t-interval.

    Only the ``n_frames`` frames present in the most statements of the whole corpus; an article
    counts for a voice only where it has statements of that voice. Columns ``outlet, voice,
    frame, mean, low, high, articles``.
    """
    rows = with_outlet(statements, articles)
    present = present_matrix(rows)
    frames = list(present.sum().sort_values(ascending=False, kind="stable").index[:n_frames])
    frames = [f for f in frames if present[f].any()]
    shares = present[frames].groupby([rows["article_id"], rows["outlet"], rows["voice"]]).mean()
    long = shares.reset_index().melt(id_vars=["article_id", "outlet", "voice"], var_name="frame", value_name="share")
    out = _interval_rows(long, ["outlet", "voice", "frame"], "share", bounds=(0.0, 1.0))
    if out.empty:
        return pd.DataFrame(columns=["outlet", "voice", "frame", "mean", "low", "high", "articles"])
    out["frame_order"] = out["frame"].map({f: i for i, f in enumerate(frames)})
    out["voice_order"] = out["voice"].map({v: i for i, v in enumerate(VOICES)})
    return (out.sort_values(["frame_order", "outlet", "voice_order"], kind="stable")
            .drop(columns=["frame_order", "voice_order"]).reset_index(drop=True))
