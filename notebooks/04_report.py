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
# # 4 · One-page report
#
# The article at a glance: who speaks, where each voice stands, how the story unfolds and which frames dominate, on one A4 page (`report.png`, `report.svg`). Notebooks 01–03 hold the details and the tables behind each panel.

# %% tags=["parameters"]
# Parameters: papermill (python -m analysis figures) injects the run's values after this cell.
scored_file = None  # scored-article file (python -m analysis figures writes it), None for the seed article
out_dir = None  # figure directory, None for figures/ in the checkout


# %%
from IPython.display import Markdown

from analysis.report import charts, html_view, narrative, report_page, runner, tables

scored = runner.load(scored_file)
statements, provenance = scored.statements, scored.provenance
out = runner.output_dir(out_dir)
Markdown(narrative.article_header(scored.article.title, scored.article.sidecar, provenance))

# %%
facts = narrative.report_facts(statements, scored.article.sidecar, provenance)
Markdown("\n".join(f"- {fact}" for fact in facts))

# %%
charts.save_figure(report_page.report_figure(statements, provenance, scored.article.title, facts), out,
                   "report")

# %% [markdown]
# ## Quotes at the extremes
#
# The statements scored most in favor of and most against the target:

# %%
tables.extreme_statements(statements).round(2)
