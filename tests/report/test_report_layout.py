"""report.png laid out without overlaps at 5, 12 and 30 voices: the bounding boxes of titles, axis
labels, tick labels, legends, the summary and the caption never intersect."""
from __future__ import annotations

from itertools import combinations

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.report import narrative, report_page
from analysis.schema import Sidecar
from tests.scored_sample import PROVENANCE, scored_statements


def many_voices(n_voices: int, per_voice: int = 3) -> pd.DataFrame:
    """The seed's statements repeated so that ``n_voices`` quoted voices (long names) speak ``per_voice`` times each."""
    base = scored_statements()
    quoted = base[base["kind"] != "narrator"].reset_index(drop=True)
    rows = [base[base["kind"] == "narrator"]]
    for v in range(n_voices):
        part = quoted.iloc[[(v + k) % len(quoted) for k in range(per_voice)]].copy()
        part["speaker"] = part["actor"] = f"Spokesperson number {v} of the ministry"
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)
    out["paragraph"] = range(len(out))
    out["statement_id"] = range(len(out))
    return out


def layout_boxes(fig):
    """(name, bbox) of every piece of text that must stay readable."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = []

    def add(name, artist):
        if artist is not None and artist.get_visible() and (not hasattr(artist, "get_text") or artist.get_text()):
            boxes.append((name, artist.get_window_extent(renderer)))

    for sub in [fig, *fig.subfigs]:
        named = {id(getattr(sub, "_suptitle", None)), id(getattr(sub, "_supxlabel", None))}
        add("suptitle", getattr(sub, "_suptitle", None))
        add("caption", getattr(sub, "_supxlabel", None))
        for i, text in enumerate(sub.texts):
            if id(text) not in named:
                add(f"figure text {i}", text)
    for a, ax in enumerate(fig.axes):
        if not ax.get_visible():
            continue
        add(f"ax{a} title", ax.title)
        add(f"ax{a} xlabel", ax.xaxis.label)
        add(f"ax{a} ylabel", ax.yaxis.label)
        add(f"ax{a} legend", ax.get_legend())
        for axis, (low, high) in (("x", ax.get_xlim()), ("y", ax.get_ylim())):
            for t, tick in enumerate(getattr(ax, f"{axis}axis").get_major_ticks()):
                if min(low, high) <= tick.get_loc() <= max(low, high):  # ticks past the limits are not drawn
                    add(f"ax{a} {axis}tick {t}", tick.label1)
    return boxes


def overlaps(boxes, tolerance: float = 0.5):
    found = []
    for (n1, b1), (n2, b2) in combinations(boxes, 2):
        w = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
        h = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
        if w > tolerance and h > tolerance:
            found.append((n1, n2))
    return found


def outside(fig, boxes):
    width, height = fig.bbox.width, fig.bbox.height
    return [n for n, b in boxes if b.x0 < -1 or b.y0 < -1 or b.x1 > width + 1 or b.y1 > height + 1]


@pytest.mark.parametrize("n_voices", [5, 12, 30])
def test_report_has_no_overlapping_text_at_many_voices(n_voices):
    statements = many_voices(n_voices)
    fig = report_page.report_figure(statements, PROVENANCE, "A long title about the blocking of a messenger in a country",
                               narrative.report_facts(statements, Sidecar(), PROVENANCE))
    boxes = layout_boxes(fig)
    assert len(boxes) > 20
    assert overlaps(boxes) == []
    assert outside(fig, boxes) == []  # nothing cut off at the page's edge


def test_a_long_article_is_drawn_per_paragraph_and_the_report_keeps_top_voices():
    from analysis.report import tables

    statements = many_voices(30)
    statements["paragraph"] = statements["statement_id"] // 4
    points, unit = tables.along_points(statements)
    assert len(statements) > tables.ALONG_STATEMENTS_MAX and unit == "paragraph"
    assert len(points) < len(statements) and points["n"].sum() == len(statements)
    short, unit = tables.along_points(statements.head(20))
    assert unit == "statement" and len(short) == 20
    fig = report_page.report_figure(statements, PROVENANCE, "Title", ["A fact."])
    along, frames = fig.axes[2], fig.axes[3]
    assert along.get_xlabel().startswith("paragraph")
    assert len(frames.get_legend().get_texts()) == report_page.REPORT_FRAME_VOICES + 1  # and the author
    shown = tables.voice_order(tables.top_voices(statements, report_page.REPORT_VOICES))
    assert len(shown) == report_page.REPORT_VOICES + 2 and any(v.startswith("other voices (23)") for v in shown)
