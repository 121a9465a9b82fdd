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
# # 2 · Stance toward the target
#
# Each statement is scored for its stance toward the article's target: the probabilities that it speaks in *favor* of it, *against* it, or is *neutral*. When the article's sidecar carries a small codebook of labelled examples (`stance_examples`), the scorer is *few-shot*: a classifier on the all-mpnet-base-v2 sentence encoder adapted to those examples, reading the cue verb and the content; with `stance_llm_features` (the seed's setting) the zero-shot LLM's own reading of each statement joins the encoder's features, and the classifier learns from the examples how far to trust it. Otherwise it is *zero-shot*: an instruction LLM reads the statement with its speaker (`Dmitry Peskov (Kremlin) said: "…"`), so a quote is judged as its speaker's position. The header and every caption say which. *Net stance* is P(favor) − P(against), from −1 (against) to +1 (favor); *uncertainty* is the scorer's own doubt about a statement (0 = sure, 1 = no idea); a statement whose most likely label has a probability under 0.5 is drawn hollow.

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
# ## Per statement

# %%
tables.stance_view(statements).round(2)

# %% [markdown]
# ## Per actor and per speaker
#
# Mean probabilities per voice: against to the left, favor to the right, whiskers at ±1 standard error over the voice's statements (none for a single statement). The neutral remainder, the number of statements and the mean uncertainty are printed on the right.

# %%
Markdown(narrative.stance_summary(statements, scored.target))

# %%
charts.save_figure(charts.stance_by_voice_figure(statements, provenance), out, "stance_by_actor")

# %%
tables.stance_table(statements).round(2)

# %% [markdown]
# The same by individual speaker: a group such as the Kremlin may speak through several people.

# %%
charts.save_figure(charts.stance_by_voice_figure(statements, provenance, by="speaker"), out,
                   "stance_by_speaker")

# %%
tables.stance_table(statements, by="speaker").round(2)

# %% [markdown]
# ## Along the article
#
# Statements in article order: does the story open with one side and close with the other? Dotted lines mark the article's subheadings; hollow markers are uncertain scores.

# %%
charts.save_figure(charts.stance_along_figure(statements, provenance), out, "stance_along_article")

# %% [markdown]
# ## The article, highlighted
#
# `article.html` shows the full text with every statement coloured by its stance (hover for speaker, kind and probabilities); headings and boilerplate are set apart. It is one self-contained file: open it in any browser.

# %%
page = html_view.write_article_html(scored.article, statements, out / "article.html", provenance)
Markdown(f"Wrote [{page.name}]({page.as_uri()}) with {len(statements)} highlighted statements.")
