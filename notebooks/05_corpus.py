# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 5 · Many articles, side by side
#
# This notebook reads a corpus run (`python -m analysis corpus INPUT --out DIR`: every article's statements scored for stance toward one target, stored as Parquet) and compares outlets: how much room each gives quoted voices against its own, whom each quotes most, where quoted voices and the author stand, how that moves over time, and where each actor stands across articles.
#
# With `--batch-calibration` the run's calibrated stance is used (see the caption). Every value is first computed per article and then averaged over an outlet's articles; the whiskers are 95% t-intervals over articles, since statements of one article are not independent. Run it headless with `python -m analysis figures --corpus DIR`.

# %% tags=["parameters"]
# Parameters: papermill (python -m analysis figures --corpus) injects the run's values after this cell.
corpus_dir = None  # output folder of `python -m analysis corpus`
out_dir = None  # figure directory, None for figures/corpus/ in the checkout
pages = True  # also write index.html and one annotated page per article
min_actor_articles = 2  # an actor must be quoted in this many articles to be charted


# %%
from IPython.display import Markdown

from analysis.corpus.store import open_corpus
from analysis.report import charts, corpus_charts, corpus_index, corpus_tables, runner, story_charts, within_story

corpus = open_corpus(corpus_dir)
statements, articles, provenance = corpus.statements(calibrated=corpus.calibrated), corpus.articles(), corpus.provenance
out = runner.output_dir(out_dir or runner.REPO_ROOT / "figures" / "corpus")

# %%
Markdown(f"**{len(articles)} articles** from {articles['outlet'].nunique()} outlets, {len(statements)} statements, "
         f"target: *{provenance['target']}*; {len(corpus.errors())} inputs could not be analysed.")

# %% [markdown]
# ## Voice share: quoted voices against the author's own
#
# The share of each article's statement words that quoted voices (direct, indirect, mixed) take; the rest is the author's own voice.

# %%
voice_share = corpus_tables.voice_share_by_outlet(statements, articles)
charts.save_figure(corpus_charts.voice_share_by_outlet_figure(voice_share, provenance), out,
                   "voice_share_by_outlet")

# %%
voice_share.round(3)

# %% [markdown]
# ## Where quoted voices and the author stand
#
# Net stance is P(favor) − P(against) toward the target, averaged over an article's quoted statements and over its narrator statements, then over the outlet's articles.

# %%
net_stance = corpus_tables.net_stance_by_outlet(statements, articles)
charts.save_figure(corpus_charts.net_stance_by_outlet_figure(net_stance, provenance), out,
                   "net_stance_by_outlet")

# %%
net_stance.round(3)

# %% [markdown]
# ## Whom each outlet quotes
#
# The most quoted speakers and actor groups per outlet, as a share of the outlet's quoted statements; the colour is their mean net stance.

# %%
speakers = corpus_tables.top_voices_by_outlet(statements, articles, by="speaker")
charts.save_figure(corpus_charts.top_voices_figure(speakers, provenance, "speakers"), out,
                   "top_speakers_by_outlet")

# %%
actors = corpus_tables.top_voices_by_outlet(statements, articles, by="actor")
charts.save_figure(corpus_charts.top_voices_figure(actors, provenance, "actors"), out,
                   "top_actors_by_outlet")

# %% [markdown]
# ## Same story, different outlets
#
# Outlet averages mix what happened with how it was told. Here outlets are compared on the same story (articles about one event, from the input's `story`/`event` or found by `corpus --stories auto`): one line per story, one dot per outlet. Each measure is fitted with a linear mixed model (statsmodels MixedLM), outlet as a fixed effect and story as a random intercept; each outlet's effect is its difference from the reference outlet within the same story. With too few stories covered by two or more outlets the chart says so instead of drawing an interval.

# %%
story_table = within_story.story_articles(statements, articles)
story_fits = within_story.fit_all(story_table)
charts.save_figure(story_charts.within_story_figure(story_table, story_fits, provenance), out, "within_story")

# %%
within_story.effects_table(story_fits).round(3)

# %%
print(next((f.summary for f in story_fits if f.fitted), "No model fitted: " + "; ".join(str(f.note) for f in story_fits[:1])))

# %% [markdown]
# ## Over time
#
# Month by month, where articles have dates (the sidecar, a `date` column or the file-name convention).

# %%
over_time = corpus_tables.stance_over_time(statements, articles)
if len(over_time):
    display(charts.save_figure(corpus_charts.stance_over_time_figure(over_time, provenance), out,
                               "stance_over_time"))

# %% [markdown]
# ## Frames, by outlet and voice
#
# Where the run scored frames (`corpus --frames`: the sentence encoder's frame scorer, the Policy Frames Codebook's frames), the share of each article's quoted statements and of its own (narrator) statements in which each of the corpus's most present frames is present, averaged over the outlet's articles.

# %%
if corpus_tables.has_frames(statements):
    frames = corpus_tables.frames_by_outlet(statements, articles)
    display(charts.save_figure(corpus_charts.frames_by_outlet_figure(frames, corpus.frames_provenance), out,
                               "frames_by_outlet"))
    display(frames.round(3))
else:
    print("This run scored no frames (rerun `corpus` with --frames).")

# %% [markdown]
# ## Each actor across articles
#
# Actors quoted in several articles: the mean over those articles of the actor's net stance there.

# %%
positions = corpus_tables.actor_positions(statements, articles, min_articles=min_actor_articles)
charts.save_figure(corpus_charts.actor_positions_figure(positions, provenance), out,
                   "actor_positions")

# %%
positions.head(20).round(3)

# %% [markdown]
# ## The articles
#
# `index.html` lists every article in a table that sorts by any column and links each article's annotated view (every statement highlighted by stance; speaker and probabilities on hover).

# %%
if pages:
    print(corpus_index.write_corpus_index(corpus, out))
