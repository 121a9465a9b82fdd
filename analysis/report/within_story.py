"""Outlets compared within the same story: the event held fixed, what differs is how it was told.

Averaged over all their articles, outlets differ mostly by *which events* they cover: the event
moves net stance far more than the telling does. The standard design compares outlets on the
same story (:mod:`analysis.corpus.stories`). Here every article gets its own values (as in
:func:`analysis.report.corpus_tables.per_article`):

- ``net_author``: the author's net stance (P(favor) - P(against), mean over narrator statements);
- ``net_quoted``: quoted voices' net stance (mean over quoted statements);
- ``quoted_share``: the share of statement words given to quoted voices;
- ``actor:NAME``: the share of the article's quoted statements by each of the corpus's most
  quoted actors (which actors are quoted).

Only *comparable* stories count: those covered by at least two outlets. For each measure,
:func:`fit_within_story` fits a linear mixed model with the outlet as a fixed effect and the
story as a random intercept (statsmodels ``MixedLM``, REML; Laird & Ware 1982)::

    value[article] = outlet effect + story intercept + error

so an outlet's coefficient is its difference from the reference outlet *within the same story*,
with a 95% Wald interval. With fewer than :data:`MIN_STORIES` comparable stories no model is
fitted: the chart shows the stories' dots and says so instead of drawing an interval.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.report.corpus_tables import corpus_names, per_article, with_outlet
from analysis.report.tables import NARRATOR_LABEL, UNATTRIBUTED_LABEL, voice_labels

MEASURES = {"net_author": "author's net stance", "net_quoted": "quoted voices' net stance",
            "quoted_share": "share of words given to quoted voices"}
#: Fewer comparable stories (covered by two or more outlets) than this: no model, no interval.
MIN_STORIES = 3
TOP_ACTORS = 3
MODEL_NAME = "linear mixed model (statsmodels MixedLM, REML): value ~ outlet + (1 | story)"


@dataclass(frozen=True)
class OutletEffect:
    """One outlet's difference from the reference outlet within the same story, 95% interval."""

    outlet: str
    estimate: float
    low: float
    high: float
    p_value: float
    articles: int
    stories: int


@dataclass(frozen=True)
class WithinStoryFit:
    """The fit of one measure: outlet effects, or why there is none (``note``)."""

    measure: str
    label: str
    reference: str | None
    articles: int
    stories: int
    outlets: int
    effects: tuple[OutletEffect, ...] = ()
    story_sd: float = float("nan")
    residual_sd: float = float("nan")
    summary: str = ""
    note: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def fitted(self) -> bool:
        return self.note is None

    def caption(self) -> str:
        """What a chart says about the model: its name and n, or why there is none."""
        stories = f"{self.stories} stor{'y' if self.stories == 1 else 'ies'}"
        counts = f"n = {self.articles} articles in {stories} covered by 2+ outlets"
        if not self.fitted:
            return f"{counts}; {self.note}"
        return f"{MODEL_NAME}; {counts}; reference outlet: {self.reference}; 95% Wald intervals"


def story_articles(statements: pd.DataFrame, articles: pd.DataFrame, top_actors: int = TOP_ACTORS) -> pd.DataFrame:
    """One row per article with its story and every measure (``actor:NAME`` for the corpus's
    ``top_actors`` most quoted actors); only articles of stories covered by 2+ outlets."""
    table = per_article(statements, articles)
    stories = articles.set_index("article_id")["story"] if "story" in articles.columns else pd.Series(dtype=object)
    table["story"] = table["article_id"].map(stories)
    rows = with_outlet(statements, articles)
    quoted = rows[rows["voice"] == "quoted"].copy()
    if len(quoted):
        quoted["name"] = corpus_names(voice_labels(quoted, "actor"))
        named = quoted[~quoted["name"].isin([UNATTRIBUTED_LABEL, NARRATOR_LABEL])]
        for name in named["name"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:top_actors]:
            hits = (quoted["name"] == name).groupby(quoted["article_id"]).mean()  # of all its quoted statements
            table[f"actor:{name}"] = table["article_id"].map(hits)
    table = table.dropna(subset=["story"])
    outlets = table.groupby("story")["outlet"].nunique()
    return table[table["story"].isin(outlets[outlets >= 2].index)].reset_index(drop=True)


def measures_of(table: pd.DataFrame) -> dict[str, str]:
    """measure column -> label, the fixed measures first, then the actors'."""
    found = {k: v for k, v in MEASURES.items() if k in table.columns}
    found.update({c: f"share of quoted statements by {c.removeprefix('actor:')}"
                  for c in table.columns if c.startswith("actor:")})
    return found


def fit_within_story(table: pd.DataFrame, measure: str, min_stories: int = MIN_STORIES) -> WithinStoryFit:
    """The outlet effect on ``measure`` with the story as a random intercept (see the module docstring)."""
    import statsmodels.formula.api as smf

    data = table[["story", "outlet", measure]].rename(columns={measure: "value"}).dropna()
    data = data[data["story"].isin(data.groupby("story")["outlet"].nunique().loc[lambda s: s >= 2].index)]
    label = measures_of(table).get(measure, measure)
    stories, outlets = int(data["story"].nunique()), int(data["outlet"].nunique())
    base: dict[str, Any] = dict(measure=measure, label=label, articles=len(data), stories=stories, outlets=outlets)
    if stories < min_stories:
        return WithinStoryFit(reference=None, **base,
                              note=f"only {stories} comparable stor{'y' if stories == 1 else 'ies'} "
                                   f"(a model needs {min_stories}): no interval drawn")
    coverage = data.groupby("outlet")["story"].nunique()
    reference = str(sorted(coverage.index, key=lambda o: (-coverage[o], o))[0])
    formula = f"value ~ C(outlet, Treatment(reference={reference!r}))"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:  # lbfgs first; Powell when the story variance sits on its boundary (0) and the Hessian is singular
            result = smf.mixedlm(formula, data, groups=data["story"]).fit(reml=True, method=["lbfgs", "powell"])
            result.conf_int(alpha=0.05)
        except (np.linalg.LinAlgError, ValueError) as exc:
            return WithinStoryFit(reference=reference, **base,
                                  note=f"the mixed model could not be fitted ({type(exc).__name__}: {exc}): no interval drawn")
    ci = result.conf_int(alpha=0.05)
    effects = []
    for name in result.fe_params.index:
        if not name.startswith("C(outlet"):
            continue
        outlet = name.split("[T.", 1)[1].rstrip("]")
        part = data[data["outlet"] == outlet]
        effects.append(OutletEffect(outlet, float(result.fe_params[name]), float(ci.loc[name, 0]),
                                    float(ci.loc[name, 1]), float(result.pvalues[name]), len(part),
                                    int(part["story"].nunique())))
    notes = sorted({str(w.message).split("\n")[0] for w in caught})
    return WithinStoryFit(reference=reference, **base, effects=tuple(effects),
                          story_sd=float(np.sqrt(max(float(result.cov_re.iloc[0, 0]), 0.0))),
                          residual_sd=float(np.sqrt(result.scale)), summary=str(result.summary()),
                          details={"converged": bool(result.converged), "warnings": notes})


def fit_all(table: pd.DataFrame, min_stories: int = MIN_STORIES) -> list[WithinStoryFit]:
    """:func:`fit_within_story` for every measure of the table."""
    return [fit_within_story(table, m, min_stories) for m in measures_of(table)]


def effects_table(fits: list[WithinStoryFit]) -> pd.DataFrame:
    """One row per measure and outlet: the within-story difference from the reference outlet."""
    rows = []
    for fit in fits:
        if not fit.fitted:
            rows.append({"measure": fit.label, "outlet": None, "reference": None, "estimate": np.nan,
                         "low": np.nan, "high": np.nan, "p_value": np.nan, "articles": fit.articles,
                         "stories": fit.stories, "note": fit.note})
        for e in fit.effects:
            rows.append({"measure": fit.label, "outlet": e.outlet, "reference": fit.reference, "estimate": e.estimate,
                         "low": e.low, "high": e.high, "p_value": e.p_value, "articles": e.articles,
                         "stories": e.stories, "note": None})
    return pd.DataFrame(rows)
