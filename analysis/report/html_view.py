"""The article as one self-contained HTML page, every statement highlighted by its stance.

A reader checks the pipeline against the text: each statement's content is a ``<mark>``
coloured by stance (Okabe–Ito blue = favor, vermillion = against, grey = neutral), with the
speaker, quote kind, cue and probabilities in a tooltip on hover or keyboard focus (CSS only:
the text sits in ``data-tip`` and a ``::after`` box shows it, so no JavaScript is needed, the
tooltip appears at once and can be tested in a browser; a nested statement shows its own
tooltip, not its parent's). Headings and boilerplate (ads, comment notices) are set apart in
their own style, so a reader sees what the extractor skipped. The page carries its CSS
inline, loads nothing, escapes all article text, and is byte-identical for the same input.
"""
from __future__ import annotations

import html
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pandas as pd

from analysis.report.charts import STANCE_COLORS, caption
from analysis.report.tables import UNCERTAIN_BELOW, voice_labels
from analysis.schema import Sidecar

Span = tuple[int, int]


class ParagraphLike(Protocol):
    start: int
    end: int
    kind: str  # "title" | "heading" | "body" | "boilerplate"


class ArticleLike(Protocol):
    """What the view needs from :class:`analysis.article.Article`."""

    text: str
    title: str
    sidecar: Sidecar
    paragraphs: Sequence[ParagraphLike]

    @property
    def language(self) -> str: ...


CSS = string.Template("""
body { font-family: Georgia, 'DejaVu Serif', serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.6; color: #1a1a1a; background: #fff; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1.5rem; }
h1.headline { font-size: 1.5rem; line-height: 1.3; }
.meta, .provenance, .legend { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: .8rem; color: #444; }
.legend span { padding: 0 .4em; margin-right: .6em; }
h2.heading { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
p.boilerplate { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: .8rem; color: #777;
                border-left: 3px solid #ccc; padding-left: .6rem; font-style: italic; }
p.boilerplate::before { content: "boilerplate · "; font-weight: bold; font-style: normal; }
mark { color: inherit; padding: .05em .1em; border-radius: 2px; }
mark[data-statement-id]::before { content: "#" attr(data-statement-id) " "; font-family: 'DejaVu Sans', Arial,
       sans-serif; font-size: .65em; color: #333; vertical-align: super; }
mark.cont::before { content: none; }
mark.favor { background: ${favor}40; border-bottom: 2px solid ${favor}; }
mark.against { background: ${against}40; border-bottom: 2px solid ${against}; }
mark.neutral { background: ${neutral}40; border-bottom: 2px solid ${neutral}; }
mark.unscored { background: #eeeeee; border-bottom: 2px dotted #666; }
mark.narrator { border-bottom-style: dashed; }
mark.uncertain { background-image: repeating-linear-gradient(135deg, transparent 0 4px, #ffffff80 4px 6px); }
mark:hover, mark:focus { outline: 1px solid #222; }
mark[data-tip] { position: relative; }
mark[data-tip]:hover:not(:has(mark:hover))::after, mark[data-tip]:focus::after {
       content: attr(data-tip); position: absolute; left: 0; top: 100%; z-index: 10; width: max-content;
       max-width: 30rem; white-space: pre-line; pointer-events: none; background: #222; color: #fff;
       font: .75rem/1.45 'DejaVu Sans', Arial, sans-serif; padding: .45em .65em; border-radius: 3px; }
footer { margin-top: 2rem; border-top: 1px solid #ccc; font-family: 'DejaVu Sans', Arial, sans-serif;
         font-size: .75rem; color: #555; }
""").substitute(STANCE_COLORS)


# Paragraph kinds from analysis.article: the headline, subheadings, body, page furniture.
_BLOCK_TAGS = {
    "title": '<h1 class="headline">{}</h1>',
    "heading": '<h2 class="heading">{}</h2>',
    "boilerplate": '<p class="boilerplate">{}</p>',
    "body": "<p>{}</p>",
}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _stance(row: pd.Series) -> str:
    value = row.get("stance")
    return str(value) if isinstance(value, str) and value in STANCE_COLORS else "unscored"


def statement_tooltip(row: pd.Series, voice: str) -> str:
    """The hover text: id, speaker and actor, kind and cue, stance and probabilities, then the
    frames present (``frames_present``, with the top frame when it differs)."""
    speaker = str(row.get("speaker") or "")
    who = "the article's author (narrator)" if row["kind"] == "narrator" else (speaker or "unattributed")
    if voice and voice not in (speaker, "Author (narrator)"):
        who += f" ({voice})"
    lines = [f"#{int(row['statement_id'])} · {who}", f"kind: {row['kind']}"
             + (f" · cue: {row['cue']}" if str(row.get("cue") or "") else "")]
    if _stance(row) != "unscored":
        lines.append(
            f"stance: {row['stance']} · favor {row['p_favor']:.2f} · against {row['p_against']:.2f}"
            f" · neutral {row['p_neutral']:.2f} · uncertainty {row['uncertainty']:.2f}"
        )
    if "frames_present" in row.index:
        present = [f for f in str(row.get("frames_present") or "").split(";") if f]
        top = str(row.get("top_frame") or "")
        lines.append("frames: " + (", ".join(present) if present else "none present")
                     + (f" (top: {top})" if top and present != [top] else ""))
    elif "top_frame" in row.index and str(row.get("top_frame") or ""):
        lines.append(f"top frame: {row['top_frame']}")
    if str(row.get("statement_flags") or ""):
        lines.append(f"flags: {row['statement_flags']}")
    return "\n".join(lines)


def _render_block(text: str, block: Span, marks: list[tuple[int, int, str]]) -> str:
    """Escape one block's text and wrap each (start, end, open_tag) mark in it. Marks are
    nested when one contains another; a mark that crosses the end of an enclosing one is cut
    at that end, so the HTML stays well formed."""
    out: list[str] = []
    pos = block[0]
    stack: list[int] = []
    for start, end, tag in sorted(marks, key=lambda m: (m[0], -m[1])):
        while stack and stack[-1] <= start:
            out.append(_esc(text[pos:stack[-1]]) + "</mark>")
            pos = stack.pop()
        if stack:
            end = min(end, stack[-1])
        out.append(_esc(text[pos:start]) + tag)
        pos = start
        stack.append(end)
    while stack:
        out.append(_esc(text[pos:stack[-1]]) + "</mark>")
        pos = stack.pop()
    out.append(_esc(text[pos:block[1]]))
    return "".join(out)


def render_article_html(article: ArticleLike, statements: pd.DataFrame,
                        provenance: Mapping[str, object] | None = None) -> str:
    """The full HTML page for ``article`` with ``statements`` (scored or not) highlighted."""
    text = article.text
    voices = voice_labels(statements) if len(statements) else pd.Series(dtype=str)
    per_block: dict[Span, list[tuple[int, int, str]]] = {}
    kinds = {(p.start, p.end): p.kind for p in article.paragraphs}
    blocks = list(kinds)
    for idx, row in statements.iterrows():
        start, end = int(row["content_start"]), int(row["content_end"])
        stance = _stance(row)
        classes = [stance, str(row["kind"])]
        if stance != "unscored" and max(float(row[c]) for c in ("p_favor", "p_against", "p_neutral")) < UNCERTAIN_BELOW:
            classes.append("uncertain")
        tip = _esc(statement_tooltip(row, str(voices.loc[idx]))).replace("\n", "&#10;")
        first = True
        for block in blocks:
            s, e = max(start, block[0]), min(end, block[1])
            if s >= e:
                continue
            cls = " ".join(classes + ([] if first else ["cont"]))
            ident = f' id="s{int(row["statement_id"])}" tabindex="0"' if first else ""
            tag = (f'<mark{ident} class="{cls}" data-statement-id="{int(row["statement_id"])}" '
                   f'data-stance="{stance}" data-tip="{tip}">')
            per_block.setdefault(block, []).append((s, e, tag))
            first = False
    body = []
    for block in blocks:
        inner = _render_block(text, block, per_block.get(block, []))
        body.append(_BLOCK_TAGS.get(kinds[block], _BLOCK_TAGS["body"]).format(inner))
    side = article.sidecar
    facts = [f"{k}: {v}" for k, v in (("outlet", side.outlet), ("date", side.date), ("url", side.url)) if v]
    legend = "".join(f'<span class="{s}" style="background:{c}40;border-bottom:2px solid {c}">{s}</span>'
                     for s, c in STANCE_COLORS.items())
    head = [
        f'<p class="meta">{_esc(" · ".join(facts) or "no outlet or date in the sidecar")}</p>',
    ]
    if provenance:
        head.append(f'<p class="provenance">{_esc(caption(provenance))}</p>')
    head.append(f'<p class="legend">Statements by stance: {legend} dashed underline = the author\'s '
                f"own (narrator) statement, hatched = uncertain (top probability &lt; {UNCERTAIN_BELOW:.1f}). "
                "Hover a statement for its speaker, kind and probabilities.</p>")
    page = [
        "<!DOCTYPE html>", f'<html lang="{_esc(article.language)}">', "<head>", '<meta charset="utf-8">',
        f"<title>{_esc(article.title or 'Article')}</title>", f"<style>{CSS}</style>", "</head>",
        "<body>", "<header>", *head, "</header>", "<article>", *body, "</article>",
        f"<footer><p>{len(statements)} statements highlighted.</p></footer>", "</body>", "</html>", "",
    ]
    return "\n".join(page)


def write_article_html(article: ArticleLike, statements: pd.DataFrame, path: Path | str,
                       provenance: Mapping[str, object] | None = None) -> Path:
    """Write :func:`render_article_html` to ``path`` (UTF-8, ``\\n`` line ends)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_article_html(article, statements, provenance), encoding="utf-8", newline="\n")
    return out
