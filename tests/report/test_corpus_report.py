"""Cross-article tables, charts, the index page and notebook 05 (``figures --corpus``)."""
from __future__ import annotations

import ast
import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis.corpus.analyse import ScoreOptions
from analysis.corpus.runner import run_corpus
from analysis.corpus.store import open_corpus
from analysis.report import charts, corpus_charts
from analysis.report import corpus_tables as ct
from analysis.report.corpus_index import write_corpus_index
from analysis.report.corpus_suite import CORPUS_NOTEBOOK, expected_outputs, run_corpus_report
from analysis.report.runner import NOTEBOOK_DIR
from tests.support import synthetic_corpus

pytestmark = pytest.mark.slow  # subprocesses, Dask clusters or notebooks


def frames():
    """Two outlets: A with two articles, B with one; hand-set probabilities."""
    articles = pd.DataFrame({"article_id": ["a1", "a2", "b1"], "title": ["T1", "T2", "T3"], "outlet": ["A", "A", "B"],
                             "date": ["2016-01-05", "2016-02-01", None], "url": [None] * 3,
                             "n_quoted": [2, 1, 1], "n_speakers": [2, 1, 1]})
    rows = [  # article, kind, speaker, actor, content (words), p_favor, p_against
        ("a1", "direct", "Donald Trump", "", "one two three", 0.8, 0.1),
        ("a1", "indirect", "Jeb Bush", "GOP", "one two three", 0.1, 0.8),
        ("a1", "narrator", "", "", "one two", 0.3, 0.3),
        ("a2", "direct", "Trump", "", "one", 0.6, 0.2),
        ("a2", "narrator", "", "", "one two three", 0.2, 0.4),
        ("b1", "direct", "Jeb Bush", "GOP", "one two", 0.2, 0.6),
    ]
    statements = pd.DataFrame(rows, columns=["article_id", "kind", "speaker", "actor", "content", "p_favor", "p_against"])
    statements["p_neutral"] = 1 - statements["p_favor"] - statements["p_against"]
    statements["statement_id"] = statements.groupby("article_id").cumcount()
    return statements, articles


def test_values_are_per_article_first_then_averaged_over_articles():
    statements, articles = frames()
    share = ct.voice_share_by_outlet(statements, articles).set_index("outlet")
    assert share.loc["A", "mean"] == pytest.approx((6 / 8 + 1 / 4) / 2) and share.loc["A", "articles"] == 2
    assert share.loc["B", "mean"] == 1.0 and np.isnan(share.loc["B", "low"])  # one article: no interval
    net = ct.net_stance_by_outlet(statements, articles).set_index(["outlet", "voice"])
    assert net.loc[("A", "quoted"), "mean"] == pytest.approx(((0.7 - 0.7) / 2 + 0.4) / 2)
    assert net.loc[("A", "author"), "mean"] == pytest.approx((0.0 - 0.2) / 2)
    assert list(net.reset_index()["voice"][:2]) == ["quoted", "author"]
    mean, lo, hi, n = ct.t_interval([0.0, 0.4])
    assert (mean, n) == (pytest.approx(0.2), 2) and lo < 0 < 0.4 < hi  # t with 1 df is wide


def with_frames(statements: pd.DataFrame) -> pd.DataFrame:
    """The hand-set statements with two frame columns and the present frames of each."""
    out = statements.copy()
    present = ["economic", "economic;morality", "", "morality", "economic", ""]
    out["frames_present"] = present
    out["frame:economic"] = [0.9 if "economic" in p else 0.1 for p in present]
    out["frame:morality"] = [0.8 if "morality" in p else 0.1 for p in present]
    out["top_frame"] = np.where(out["frame:economic"] >= out["frame:morality"], "economic", "morality")
    return out


def test_frame_shares_are_per_article_and_voice_then_averaged():
    statements, articles = frames()
    assert not ct.has_frames(statements)
    table = ct.frames_by_outlet(with_frames(statements), articles).set_index(["outlet", "voice", "frame"])
    # A, quoted, economic: article a1 has 2 quoted statements, both economic (1.0); a2 has 1, not economic (0.0)
    assert table.loc[("A", "quoted", "economic"), "mean"] == pytest.approx(0.5)
    assert table.loc[("A", "quoted", "economic"), "articles"] == 2
    # A, author, economic: a1's narrator row has no frame (0.0), a2's is economic (1.0)
    assert table.loc[("A", "author", "economic"), "mean"] == pytest.approx(0.5)
    assert table.loc[("A", "quoted", "morality"), "mean"] == pytest.approx((0.5 + 1.0) / 2)
    assert ("B", "author", "economic") not in table.index  # b1 has no narrator rows
    assert list(dict.fromkeys(table.reset_index()["frame"])) == ["economic", "morality"]  # most present first


def test_speakers_are_matched_across_articles_and_ranked_per_outlet():
    statements, articles = frames()
    assert ct.corpus_names(pd.Series(["Trump", "Donald Trump", "Bush", "Jeb Bush", "George Bush"])).tolist() == [
        "Donald Trump", "Donald Trump", "Bush", "Jeb Bush", "George Bush"]  # "Bush" is ambiguous: kept
    top = ct.top_voices_by_outlet(statements, articles, by="speaker")
    a = top[top["outlet"] == "A"].set_index("name")
    assert a.loc["Donald Trump", "statements"] == 2 and a.loc["Donald Trump", "articles"] == 2
    assert a["share"].sum() == pytest.approx(1.0)
    positions = ct.actor_positions(statements, articles, by="actor")
    assert positions["name"].tolist() == ["Donald Trump", "GOP"]  # each in two articles
    assert positions.set_index("name").loc["GOP", "outlets"] == "A, B"
    assert ct.actor_positions(statements, articles, min_articles=3).empty


def test_stance_over_time_uses_dated_articles_only():
    statements, articles = frames()
    table = ct.stance_over_time(statements, articles)
    assert sorted(table["period"].astype(str).unique()) == ["2016-01", "2016-02"]
    assert ct.stance_over_time(statements, articles.assign(date=None)).empty


def test_corpus_charts_are_deterministic(tmp_path):
    statements, articles = frames()
    prov = {"target": "Donald Trump", "backend": "nli", "model": "m", "model_hash": "abc", "article": "corpus"}
    builders = {
        "share": lambda: corpus_charts.voice_share_by_outlet_figure(ct.voice_share_by_outlet(statements, articles), prov),
        "net": lambda: corpus_charts.net_stance_by_outlet_figure(ct.net_stance_by_outlet(statements, articles), prov),
        "top": lambda: corpus_charts.top_voices_figure(ct.top_voices_by_outlet(statements, articles), prov),
        "time": lambda: corpus_charts.stance_over_time_figure(ct.stance_over_time(statements, articles), prov),
        "actors": lambda: corpus_charts.actor_positions_figure(ct.actor_positions(statements, articles), prov),
        "frames": lambda: corpus_charts.frames_by_outlet_figure(ct.frames_by_outlet(with_frames(statements), articles),
                                                                prov),
    }
    for name, build in builders.items():
        fig = build()
        assert "target: Donald Trump" in fig.get_supxlabel()  # the provenance caption
        first = charts.save_figure(fig, tmp_path / "one", name)
        second = charts.save_figure(build(), tmp_path / "two", name)  # a second run: byte-identical files
        assert first.png.read_bytes() == second.png.read_bytes() and first.svg.read_bytes() == second.svg.read_bytes()


def test_notebook_05_is_committed_clean_thin_and_parameterised():
    import papermill

    path = NOTEBOOK_DIR / CORPUS_NOTEBOOK
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code) and "papermill" not in book.metadata
    assert code[0].metadata.get("tags") == ["parameters"]
    names = [n.targets[0].id for n in ast.parse(code[0].source).body]
    assert names == list(papermill.inspect_notebook(str(path))) == ["corpus_dir", "out_dir", "pages", "min_actor_articles"]
    for cell in code:
        assert len(cell.source.splitlines()) <= 8 and "def " not in cell.source and "plt." not in cell.source


@pytest.fixture
def corpus_run(tmp_path, tiny_models, private_cache):
    folder = tmp_path / "corpus"
    synthetic_corpus(folder, 6, seed=5, stories=True)
    (folder / "story-<b>&.txt").write_text('Bold <b> & "quoted"\n\n"It works," said Ann Lee <script>.\n', encoding="utf-8")
    (folder / "story-<b>&.json").write_text('{"target": "the transit plan"}', encoding="utf-8")
    out = tmp_path / "run"
    run_corpus(folder, out, ScoreOptions(backend="nli", model=str(tiny_models["3way"]), frames=False), processes=False, workers=1,
               progress=False, name_pattern="outlet_date")
    return out


def test_index_links_every_article_and_escapes_titles(corpus_run, tmp_path):
    corpus = open_corpus(corpus_run)
    index = write_corpus_index(corpus, tmp_path / "site")
    page = index.read_text(encoding="utf-8")
    links = re.findall(r'<a href="(articles/[0-9a-f]{16}\.html)">', page)
    assert len(links) == len(corpus.articles()) == 7
    assert all((tmp_path / "site" / link).is_file() for link in links)
    assert "Bold &lt;b&gt; &amp;" in page and "<script>." not in page


def test_figures_corpus_runs_notebook_05_headless(corpus_run, tmp_path):
    written = run_corpus_report(corpus_run, tmp_path / "figs", build_dir=tmp_path / "build")
    names = sorted(p.name for p in written)
    assert names == sorted(expected_outputs(open_corpus(corpus_run)))
    assert "stance_over_time.png" in names  # the synthetic file names carry dates
    executed = nbformat.read(tmp_path / "build" / "corpus" / CORPUS_NOTEBOOK, as_version=4)
    shown = sum(o.get("data", {}).get("image/png") is not None for c in executed.cells if c.cell_type == "code"
                for o in c.outputs)
    assert shown == 7  # every chart shows inline


def test_a_run_with_frames_gets_the_frames_chart(tmp_path, tiny_models, private_cache, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_models["3way"]))  # the frame scorer's encoder
    folder = tmp_path / "corpus"
    synthetic_corpus(folder, 4, seed=7, stories=True)
    run_corpus(folder, tmp_path / "run", ScoreOptions(backend="nli", model=str(tiny_models["3way"]), sidecar_frames=False),
               processes=False, workers=1, progress=False, name_pattern="outlet_date")
    corpus = open_corpus(tmp_path / "run")
    assert corpus.frames_provenance["backend"] == "encoder" and corpus.provenance["backend"] == "nli"
    written = run_corpus_report(tmp_path / "run", tmp_path / "figs", pages=False, build_dir=tmp_path / "build")
    assert "frames_by_outlet.png" in {p.name for p in written}
