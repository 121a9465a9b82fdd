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
# # 1 · Who speaks, and how much
#
# This notebook reads one news article, finds its attributed statements and counts who gets how much space. A statement is a *direct* quote (the speaker's words in quotation marks), an *indirect* one (a paraphrase after a cue such as *said* or *accused*), a *mixed* one (a paraphrase with quoted fragments), or a *narrator* row: a sentence in the author's own voice. Speakers are merged into the actor groups of the article's sidecar (a spokesman counts for his government).
#
# The logic lives in the `analysis` package; run all four notebooks headless with `python -m analysis figures`.

# %% tags=["parameters"]
# Parameters: papermill (python -m analysis figures) injects the run's values after this cell.
scored_file = None  # scored-article file (python -m analysis figures writes it), None for the seed article
out_dir = None  # figure directory, None for figures/ in the checkout


# %%
from IPython.display import Markdown

from analysis.report import charts, html_view, narrative, runner, tables

scored = runner.load(scored_file)
statements, provenance = scored.statements, scored.provenance
out = runner.output_dir(out_dir)
Markdown(narrative.article_header(scored.article.title, scored.article.sidecar, provenance))

# %% [markdown]
# ## Who speaks
#
# Each bar is one *voice*: an actor group, a speaker without a group, or the author. Its length is the number of words of statement content, split by quote kind; the label gives the share of all statement words and the number of statements.

# %%
Markdown(narrative.voices_summary(statements))

# %%
charts.save_figure(charts.voice_share_figure(statements, provenance), out, "voice_share")

# %% [markdown]
# Statements and words per voice, and how each voice is quoted:

# %%
tables.voice_table(statements).round(2)

# %%
tables.kind_table(statements)

# %% [markdown]
# ## The statements
#
# One row per statement, in article order. Every row is highlighted in the article's HTML view (`article.html`, written by notebook 02); `statements.csv` holds all columns, with character offsets into the article and the stance and frame scores.

# %%
runner.write_statements_csv(statements, out)
tables.statements_view(statements)
