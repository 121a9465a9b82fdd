"""HTML view: every statement highlighted once, text escaped, layout kept, page self-contained."""
from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from analysis.article import parse_article
from analysis.report.html_view import render_article_html, write_article_html
from tests.scored_sample import PROVENANCE, scored_statements, seed_article

VOID = {"meta", "br", "img", "hr", "link", "input"}


class MarkCollector(HTMLParser):
    """Text inside each statement's marks, by statement id; checks the tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.text: dict[int, str] = {}
        self.marks: dict[int, list[dict]] = {}
        self.by_tag: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            return
        self.stack.append((tag, attrs))
        if tag == "mark":
            self.marks.setdefault(int(attrs["data-statement-id"]), []).append(attrs)

    def handle_endtag(self, tag):
        open_tag, _ = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data):
        for tag, attrs in self.stack:
            if tag == "mark":
                sid = int(attrs["data-statement-id"])
                self.text[sid] = self.text.get(sid, "") + data
        if self.stack:
            self.by_tag.setdefault(f"{self.stack[-1][0]}.{self.stack[-1][1].get('class', '')}", []).append(data)


def collect(page: str) -> MarkCollector:
    parser = MarkCollector()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser


@pytest.fixture(scope="module")
def article():
    return seed_article()


@pytest.fixture(scope="module")
def statements(article):
    return scored_statements(article)


def test_every_statement_is_one_mark_holding_its_exact_content(article, statements):
    parsed = collect(render_article_html(article, statements, PROVENANCE))
    assert sorted(parsed.marks) == statements["statement_id"].tolist()
    for row in statements.itertuples():
        assert len(parsed.marks[row.statement_id]) == 1
        assert parsed.text[row.statement_id] == row.content


def test_marks_carry_stance_class_and_tooltip(article, statements):
    parsed = collect(render_article_html(article, statements, PROVENANCE))
    peskov = statements[statements["kind"] == "direct"].iloc[0]
    attrs = parsed.marks[int(peskov["statement_id"])][0]
    assert attrs["data-stance"] == "favor" and "favor" in attrs["class"].split()
    assert "Dmitry Peskov (Kremlin)" in attrs["data-tip"]
    assert "kind: direct" in attrs["data-tip"] and "cue: told" in attrs["data-tip"]
    assert "favor 0.88 · against 0.04 · neutral 0.08" in attrs["data-tip"]
    narrator = statements[statements["kind"] == "narrator"].iloc[0]
    assert "narrator" in parsed.marks[int(narrator["statement_id"])][0]["class"].split()


def test_tooltip_lists_the_frames_present(article, statements):
    parsed = collect(render_article_html(article, statements, PROVENANCE))
    titles = {sid: attrs[0]["data-tip"] for sid, attrs in parsed.marks.items()}
    for row in statements.itertuples():
        present = [f for f in row.frames_present.split(";") if f]
        line = next(li for li in titles[row.statement_id].splitlines() if li.startswith("frames: "))
        assert line.startswith("frames: " + (", ".join(present) if present else "none present"))
        assert ("(top: " in line) == (present != [row.top_frame])
    older = render_article_html(article, statements.drop(columns=["frames_present"]), PROVENANCE)
    assert "top frame: " in older and "frames: " not in older  # scores without a present set


def test_headings_and_boilerplate_are_styled_apart(article, statements):
    parsed = collect(render_article_html(article, statements))
    assert "Domestic Alternative and Compliance Conditions" in parsed.by_tag["h2.heading"]
    assert "Advertisement" in parsed.by_tag["p.boilerplate"]
    assert parsed.by_tag["h1.headline"] == [article.title]


def test_real_extracted_statements_are_all_highlighted(article):
    from analysis import extract_statements

    real = extract_statements(article)
    parsed = collect(render_article_html(article, real))
    assert sorted(parsed.marks) == real["statement_id"].tolist()
    for row in real.itertuples():
        assert parsed.text[row.statement_id] == row.content
    assert 'class="unscored' in render_article_html(article, real)  # no scores yet: grey, not a stance


def test_article_text_is_escaped():
    text = ('Evil <script>alert("x")</script> headline\n\n'
            'The minister said <b>nothing</b> & left.\n\n'
            'Subheading with <img src=x onerror=alert(1)>\n\n'
            'She said "<script>bad()</script> is fine."\n')
    article = parse_article(text)
    start = text.index('"<script>bad()')
    content = '"<script>bad()</script> is fine."'
    row = {"statement_id": 0, "kind": "direct", "content": content, "content_start": start,
           "content_end": start + len(content), "speaker": "A <i>person</i>", "actor": "", "cue": "said",
           "statement_flags": "", "section": "", "p_favor": 0.1, "p_against": 0.2, "p_neutral": 0.7,
           "stance": "neutral", "uncertainty": 0.3}
    page = render_article_html(article, pd.DataFrame([row]))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&amp; left." in page
    parsed = collect(page)
    assert parsed.text[0] == content
    assert "A <i>person</i>" in parsed.marks[0][0]["data-tip"]


def test_overlapping_and_cross_paragraph_statements_stay_well_formed(article, statements):
    first = statements.iloc[2]  # the long Peskov quote
    inner = {**first.to_dict(), "statement_id": 100, "content_start": int(first["content_start"]) + 5,
             "content_end": int(first["content_end"]) + 20}  # crosses the end of the outer mark
    para = next(p for p in article.paragraphs if p.kind == "heading")
    spanning = {**first.to_dict(), "statement_id": 101, "content_start": para.start - 10,
                "content_end": para.end + 10}
    extra = pd.concat([statements, pd.DataFrame([inner, spanning])], ignore_index=True)
    parsed = collect(render_article_html(article, extra))
    assert len(parsed.marks[101]) == 3  # body tail, heading, body head
    assert sum("cont" in m["class"].split() for m in parsed.marks[101]) == 2
    assert parsed.text[100].startswith(article.text[inner["content_start"]:inner["content_start"] + 20])


def test_page_is_self_contained_and_deterministic(article, statements, tmp_path):
    first = write_article_html(article, statements, tmp_path / "a.html", PROVENANCE).read_bytes()
    second = write_article_html(article, statements, tmp_path / "b.html", PROVENANCE).read_bytes()
    assert first == second
    page = first.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    for needle in ("<script", "<link", "src=", "http://", "https://", "@import"):
        assert needle not in page
    assert "2025-08-14" in page and "01234567" in page  # provenance line
