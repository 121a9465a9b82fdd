"""Outlets compared within the same story: the mixed model finds a planted outlet effect that the
events would hide, and the chart says so when there are too few stories."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.report.story_charts import story_lines, within_story_figure
from analysis.report.within_story import MIN_STORIES, effects_table, fit_all, fit_within_story, story_articles

PROVENANCE = {"target": "the plan", "article": "corpus test (24 articles)", "article_date": "2025-01-01 to 2025-02-01"}


def planted(stories: int = 8, seed: int = 0) -> pd.DataFrame:
    """Each story moves every outlet's value a lot (sd 0.4); "post" is +0.2 and "wire" -0.1 within a story."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(stories):
        event = rng.normal(0, 0.4)
        for outlet, effect in (("ledger", 0.0), ("post", 0.2), ("wire", -0.1)):
            rows.append({"article_id": f"{outlet}-{s}", "story": f"s{s}", "outlet": outlet,
                         "net_author": event + effect + rng.normal(0, 0.05), "net_quoted": event + rng.normal(0, 0.1),
                         "quoted_share": 0.5 + rng.normal(0, 0.1)})
    return pd.DataFrame(rows)


def test_the_model_recovers_the_within_story_outlet_effect():
    fits = {f.measure: f for f in fit_all(planted())}
    author = {e.outlet: e for e in fits["net_author"].effects}
    assert fits["net_author"].reference == "ledger" and fits["net_author"].stories == 8
    assert author["post"].low > 0.1 and author["post"].high < 0.3
    assert author["wire"].low < -0.1 < author["wire"].high < 0
    quoted = {e.outlet: e for e in fits["net_quoted"].effects}
    assert quoted["post"].low < 0 < quoted["post"].high  # no effect planted: the interval covers 0
    assert "MixedLM" in fits["net_author"].caption() and "n = 24 articles in 8 stories" in fits["net_author"].caption()
    assert "Group Var" in fits["net_author"].summary


def test_too_few_stories_give_a_note_and_no_interval():
    table = planted(stories=MIN_STORIES - 1)
    fit = fit_within_story(table, "net_author")
    assert not fit.fitted and fit.effects == () and "only 2 comparable stories" in str(fit.note)
    rows = effects_table([fit])
    assert rows["estimate"].isna().all() and rows["note"].notna().all()
    fig = within_story_figure(table, [fit], PROVENANCE)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("no interval drawn" in t for t in texts) and not any("[" in t for t in texts)


def test_the_chart_draws_one_line_per_story_through_its_outlet_means():
    table = planted(stories=4)
    fits = fit_all(table)
    fig = within_story_figure(table, fits, PROVENANCE)
    ax = fig.axes[0]
    drawn = np.array([line.get_ydata() for line in ax.lines if len(line.get_xdata()) == 3], dtype=float)
    assert np.allclose(drawn, story_lines(table, fits[0].measure))
    assert "2025-01-01 to 2025-02-01" in fig._supxlabel.get_text()
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == ["ledger", "post", "wire"]


def test_story_articles_keeps_stories_covered_by_two_outlets_and_adds_actor_shares():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "title": "", "outlet": ["x", "y", "x"],
                             "date": "2025-01-01", "story": ["s1", "s1", "s2"]})
    statements = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "statement_id": [0, 1, 0, 0],
                               "kind": ["direct", "narrator", "direct", "direct"],
                               "text": ["one two", "three", "four five", "six"],
                               "content": ["one two", "three", "four five", "six"],
                               "speaker": ["Ann Lee", "", "Bo Chan", "Ann Lee"], "actor": ["Ann Lee", "", "Bo Chan", "Ann Lee"],
                               "p_favor": [0.8, 0.1, 0.2, 0.5], "p_against": [0.1, 0.1, 0.7, 0.5],
                               "p_neutral": [0.1, 0.8, 0.1, 0.0], "start": 0, "end": 1})
    table = story_articles(statements, articles)
    assert list(table["article_id"]) == ["a", "b"]  # s2 has one outlet: not comparable
    assert table.set_index("article_id")["actor:Ann Lee"].to_dict() == {"a": 1.0, "b": 0.0}


@pytest.mark.parametrize(("stories", "words"), [(1, "in 1 story covered"), (2, "in 2 stories covered")])
def test_caption_counts_stories_in_words(stories, words):
    from analysis.report.within_story import WithinStoryFit

    fit = WithinStoryFit(measure="net_author", label="author", reference=None, articles=3, stories=stories,
                         outlets=3, note="too few")
    assert words in fit.caption()
