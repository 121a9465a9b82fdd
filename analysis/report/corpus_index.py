"""The corpus as a small static site: ``index.html`` (a sortable table of articles) linking each
article's annotated view (``articles/<idhash>.html``, made by :mod:`analysis.report.html_view`).

The index is a Jinja2 template with autoescaping; sorting is a few lines of plain JavaScript
(click a column header; numbers sort as numbers, empty cells last; ``aria-sort`` tells screen
readers the order). Nothing is loaded from the network. Articles are rendered one at a time
from their Parquet parts, so a large corpus does not have to fit in memory.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, cast

import pandas as pd
from jinja2 import Environment, select_autoescape

from analysis.article import parse_article
from analysis.corpus.store import Corpus
from analysis.report.charts import caption
from analysis.report.corpus_tables import articles_table
from analysis.report.html_view import ArticleLike, render_article_html
from analysis.schema import Sidecar

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: 'DejaVu Sans', Arial, sans-serif; margin: 2rem; color: #1a1a1a; }
p.provenance { font-size: .8rem; color: #444; max-width: 60rem; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { all: unset; cursor: pointer; font-weight: bold; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.favor { color: #0072B2; } td.against { color: #D55E00; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p>{{ n }} articles{% if n_errors %} · {{ n_errors }} could not be analysed (see errors/ in the run folder){% endif %}.
Net stance is P(favor) − P(against) toward <strong>{{ target }}</strong>, averaged over the article's quoted or
author statements. Click a column header to sort; click a title to read the article with every statement highlighted.</p>
<p class="provenance">{{ provenance }}</p>
<table id="articles">
<thead><tr>
{% for key, label in columns %}<th scope="col" data-key="{{ key }}" aria-sort="none">
<button type="button">{{ label }}</button></th>
{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}<tr>
<td data-value="{{ row.title }}"{% if row.language %} lang="{{ row.language }}"{% endif %}>
<a href="{{ row.href }}">{{ row.title }}</a></td>
<td data-value="{{ row.outlet }}">{{ row.outlet }}</td>
<td data-value="{{ row.date }}">{{ row.date }}</td>
<td data-value="{{ row.language }}">{{ row.language }}</td>
<td class="num" data-value="{{ row.statements }}">{{ row.statements }}</td>
<td class="num" data-value="{{ row.n_speakers }}">{{ row.n_speakers }}</td>
<td class="num" data-value="{{ row.quoted_share_value }}">{{ row.quoted_share }}</td>
<td class="num {{ row.quoted_class }}" data-value="{{ row.net_quoted_value }}">{{ row.net_quoted }}</td>
<td class="num {{ row.author_class }}" data-value="{{ row.net_author_value }}">{{ row.net_author }}</td>
</tr>
{% endfor %}</tbody>
</table>
<script>
(function () {
  var table = document.getElementById("articles");
  var heads = table.tHead.rows[0].cells;
  function value(row, i) { return row.cells[i].getAttribute("data-value"); }
  function compare(a, b, numeric) {
    if (a === "" || b === "") { return (a === "") - (b === ""); }
    if (numeric) { return parseFloat(a) - parseFloat(b); }
    return a.localeCompare(b);
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.querySelector("button").addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = rows.every(function (r) { var v = value(r, i); return v === "" || !isNaN(parseFloat(v)); });
      rows.sort(function (a, b) {
        var va = value(a, i), vb = value(b, i);
        if (va === "" || vb === "") { return (va === "") - (vb === ""); }
        return ascending ? compare(va, vb, numeric) : compare(vb, va, numeric);
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    });
  });
})();
</script>
</body>
</html>
"""
COLUMNS = [("title", "Article"), ("outlet", "Outlet"), ("date", "Date"), ("language", "Language"), ("statements", "Statements"),
           ("n_speakers", "Speakers"), ("quoted_share", "Quoted share"), ("net_quoted", "Net stance, quoted"),
           ("net_author", "Net stance, author")]


def _number(value: Any, fmt: str) -> tuple[str, str]:
    """(shown, sort value) of a number; both empty for a missing one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "", ""
    return format(value, fmt), f"{float(value):.6f}"


def _stance_class(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or abs(value) < 0.05:
        return ""
    return "favor" if value > 0 else "against"


def article_pages(corpus: Corpus, out_dir: Path) -> dict[str, str]:
    """Write each article's annotated view; article id -> relative link."""
    import pyarrow.parquet as pq

    links: dict[str, str] = {}
    folder = out_dir / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for part in sorted((corpus.root / "articles").glob("part-*.parquet")):
        row = pq.read_table(part).to_pylist()[0]
        statements = pd.read_parquet(corpus.root / "statements" / part.name)
        side = Sidecar(outlet=row.get("outlet"), date=row.get("date"), url=row.get("url"), language=row.get("language"))
        article = parse_article(row["text"], sidecar=side)
        provenance = {**corpus.provenance, "article": row["article_id"], "article_date": row.get("date")}
        name = part.name.split("-")[1] + ".html"
        page = render_article_html(cast(ArticleLike, article), statements, provenance)
        (folder / name).write_text(page, encoding="utf-8")
        links[row["article_id"]] = f"articles/{name}"
    return links


def write_corpus_index(corpus: Corpus, out_dir: str | Path, title: str | None = None) -> Path:
    """``out_dir/index.html`` and ``out_dir/articles/*.html`` for a corpus run; the index's path."""
    out = Path(out_dir)
    links = article_pages(corpus, out)
    table = articles_table(corpus.statements(), corpus.articles())
    rows = []
    for rec in table.to_dict(orient="records"):
        share, share_v = _number(rec["quoted_share"], ".0%")
        quoted, quoted_v = _number(rec["net_quoted"], "+.2f")
        author, author_v = _number(rec["net_author"], "+.2f")
        rows.append({"title": rec["title"] or rec["article_id"], "href": links.get(rec["article_id"], "#"),
                     "outlet": rec["outlet"] or "", "date": rec["date"] or "", "language": rec["language"] or "",
                     "statements": int(rec["statements"]),
                     "n_speakers": int(rec["n_speakers"]), "quoted_share": share, "quoted_share_value": share_v,
                     "net_quoted": quoted, "net_quoted_value": quoted_v, "quoted_class": _stance_class(rec["net_quoted"]),
                     "net_author": author, "net_author_value": author_v, "author_class": _stance_class(rec["net_author"])})
    provenance = corpus.provenance
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    page = env.from_string(TEMPLATE).render(
        title=title or f"Corpus: {Path(str(corpus.manifest.get('input', ''))).name}", n=len(rows),
        n_errors=len(corpus.errors()), target=provenance.get("target") or "?", provenance=caption(provenance),
        columns=COLUMNS, rows=rows)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
