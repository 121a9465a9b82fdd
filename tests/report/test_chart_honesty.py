"""Corpus charts that do not mislead: dates drawn to scale, no line across a gap, small groups faded."""
from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection

from analysis.report import corpus_charts
from analysis.report.corpus_charts import MIN_ARTICLES, period_runs, stance_over_time_figure

PROVENANCE = {"target": "the plan", "article": "corpus test (9 articles)", "article_date": "2025-01-03 to 2026-10-20"}


def monthly(periods, articles):
    rows = []
    for p, n in zip(periods, articles):
        for voice, mean in (("quoted", 0.2), ("author", -0.1)):
            rows.append({"period": pd.Period(p, "M"), "voice": voice, "mean": mean, "low": mean - 0.1,
                         "high": mean + 0.1, "articles": n})
    return pd.DataFrame(rows)


def marker_days(fig):
    """x (days) of the quoted voice's markers: the error-bar points and the hollow small groups."""
    ax = fig.axes[0]
    xs = [x for line in ax.lines if line.get_marker() not in ("None", "", None) for x in line.get_xdata()]
    xs += [x for coll in ax.collections if isinstance(coll, PathCollection) for x, _ in coll.get_offsets()]
    return sorted(set(np.round(np.asarray(xs, dtype=float) + 3.0, 6)))  # quoted voices are shifted by -3 days


def test_gaps_between_dates_are_drawn_to_scale():
    fig = stance_over_time_figure(monthly(["2025-01", "2025-06", "2026-10"], [5, 5, 5]), PROVENANCE)
    quoted = [x for x in marker_days(fig) if x in {mdates.date2num(pd.Timestamp(d)) for d in
                                                   ("2025-01-01", "2025-06-01", "2026-10-01")}]
    assert len(quoted) == 3
    first, second = np.diff(quoted)
    assert abs(second / first - 16 / 5) < 0.05  # a 16-month gap is drawn 3.2 times as wide as a 5-month one


def test_no_line_joins_months_across_a_gap():
    fig = stance_over_time_figure(monthly(["2025-01", "2025-02", "2025-07", "2025-08"], [4, 4, 4, 4]), PROVENANCE)
    lines = [line for line in fig.axes[0].lines if line.get_linestyle() == "-" and len(line.get_xdata()) > 1]
    assert lines and all(np.diff(np.asarray(line.get_xdata(), dtype=float)).max() <= 31 for line in lines)
    assert [list(r) for r in period_runs(np.array([1, 2, 7, 8, 10]))] == [[0, 1], [2, 3], [4]]


def test_small_months_are_hollow_and_have_no_interval():
    fig = stance_over_time_figure(monthly(["2025-01", "2025-02"], [MIN_ARTICLES + 2, 1]), PROVENANCE)
    ax = fig.axes[0]
    hollow = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in hollow) == 2  # the small month, once per voice
    labels = [t.get_text() for t in ax.texts]
    assert "n=1" in labels and f"n={MIN_ARTICLES + 2}" in labels
    assert "2025-01-03 to 2026-10-20" in fig._supxlabel.get_text()


def test_small_outlets_are_faded_and_marked():
    table = pd.DataFrame([{"outlet": o, "voice": v, "mean": 0.1, "low": 0.0, "high": 0.2, "articles": n}
                          for o, n in (("big", 6), ("tiny", 1)) for v in ("quoted", "author")])
    table.loc[table["outlet"] == "tiny", ["low", "high"]] = np.nan
    fig = corpus_charts.net_stance_by_outlet_figure(table, PROVENANCE)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("tiny" in t and "n=1" in t and "too few" in t for t in labels)
