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
# # 3 · Framing
#
# A frame is the angle from which an issue is presented. Each statement is scored zero-shot, independently, for each frame of the Policy Frames Codebook (Boydstun et al. 2014: economic, legality, security and defense, …) plus the frames the article's sidecar adds, by the sentence encoder's frame scorer (similarity to several codebook descriptions per frame, measured on FrAC's human frame labels in MEASUREMENTS.md). A frame counts as *present* in a statement when its probability reaches the calibrated threshold; a statement can carry several frames, or none. Comparing the author's own sentences (the narrator rows) with the quoted voices shows whether the article frames the story as its sources do.

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
# ## Frames by actor
#
# For each voice, the share of its statements in which a frame is present, with a 95% Wilson interval (wide when a voice has few statements); only frames present somewhere are shown, the most frequent first. The author's own sentences are the grey circles. Hover over a statement in `article.html` to see its frames.

# %%
Markdown(narrative.frames_summary(statements))

# %%
frames_caption = charts.frames_caption_fields(provenance, scored.frames_provenance)
charts.save_figure(charts.frames_by_voice_figure(statements, frames_caption), out, "frames_by_actor")

# %%
tables.frame_share_table(statements).round(2)

# %% [markdown]
# ## The author's framing beside the quoted voices
#
# The share of narrator rows with each frame present beside the share of all quoted statements.

# %%
charts.save_figure(charts.author_vs_quoted_figure(statements, frames_caption), out,
                   "frames_author_vs_quoted")

# %%
tables.frame_share_table(statements, "author_vs_quoted").round(2)

# %% [markdown]
# ## Frames of each statement

# %%
tables.frame_view(statements).round(2)
