"""The notebook suite: committed clean, executed headless end to end, failures named.

The end-to-end run uses the NLI backend on a tiny in-process model (tests/conftest.py), the same
tiny model as the frame scorer's encoder, and a private score cache, so it needs no download and
its scores are meaningless; what it checks is the plumbing: every notebook runs in a fresh
kernel of this interpreter, writes its figures and the HTML view, and shows its charts even
under ``MPLBACKEND=Agg``.
"""
from __future__ import annotations

import ast
import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import matplotlib.image
import nbformat
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.pipeline import ScoreOptions
from analysis.report import runner as suite

pytestmark = pytest.mark.slow  # subprocesses, Dask clusters or notebooks

NOTEBOOK_PATHS = [suite.NOTEBOOK_DIR / name for name in suite.NOTEBOOKS]
PARAMETERS = ["scored_file", "out_dir"]  # notebooks read the self-contained scored file only
# PNG figures each notebook writes and must also show inline.
FIGURES_SHOWN = {name: sum(f.endswith(".png") for f in files) for name, files in suite.NOTEBOOK_OUTPUTS.items()}


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert "papermill" not in book.metadata


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_starts_with_a_papermill_parameters_cell(path):
    import papermill

    book = nbformat.read(path, as_version=4)
    first_code = next(c for c in book.cells if c.cell_type == "code")
    assert first_code.metadata.get("tags") == ["parameters"]
    assigned = [n.targets[0].id for n in ast.parse(first_code.source).body]
    assert assigned == PARAMETERS
    assert list(papermill.inspect_notebook(str(path))) == PARAMETERS  # papermill parses every line


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_is_thin_and_tells_a_story(path):
    book = nbformat.read(path, as_version=4)
    code = [c.source for c in book.cells if c.cell_type == "code"]
    markdown = [c.source for c in book.cells if c.cell_type == "markdown"]
    assert markdown[0].startswith("# ") and len(markdown) >= 2
    for source in code:
        assert len(source.splitlines()) <= 8, source
        assert "def " not in source and "plt." not in source and "import matplotlib" not in source
    assert sum("charts.save_figure" in s for s in code) == FIGURES_SHOWN[path.name]


def test_kernel_runs_this_interpreter_where_the_package_is_installed():
    spec = suite._kernel_manager_class()().kernel_spec
    assert spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]
    assert "PYTHONPATH" not in spec.env  # no path tricks: the package is installed (pip install -e .)
    found = subprocess.run([sys.executable, "-c", "import analysis, sys; print(analysis.__file__)"], cwd="/",
                           capture_output=True, text=True, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert found.stdout.strip() == str(suite.REPO_ROOT / "analysis" / "__init__.py")


def test_plan_runs_one_article_writes_straight_into_out_dir(tmp_path):
    (run,) = suite.plan_runs(None, tmp_path / "figs", tmp_path / "build")
    assert run.article == suite.DEFAULT_ARTICLE.resolve()
    assert (run.out_dir, run.build_dir) == (tmp_path / "figs", tmp_path / "build" / suite.DEFAULT_ARTICLE.stem)


def test_without_out_only_the_seed_writes_the_repository_figures(tmp_path):
    """A new user's `figures ARTICLE` once overwrote the committed figures: now ./out/<stem>/."""
    other = tmp_path / "story.txt"
    other.write_text(suite.DEFAULT_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (seed,) = suite.plan_runs(None)
    assert seed.out_dir == suite.SEED_OUT_DIR == suite.REPO_ROOT / "figures"
    (run,) = suite.plan_runs([other])
    assert run.out_dir == suite.DEFAULT_OUT_ROOT / "story" and run.build_dir == suite.DEFAULT_BUILD_DIR / "story"
    assert [r.out_dir for r in suite.plan_runs([suite.DEFAULT_ARTICLE, other])] == [
        suite.SEED_OUT_DIR, suite.DEFAULT_OUT_ROOT / "story"]


def test_plan_runs_several_articles_get_a_directory_each(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(suite.DEFAULT_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    runs = suite.plan_runs([suite.DEFAULT_ARTICLE, other], tmp_path / "figs")
    assert [r.out_dir for r in runs] == [tmp_path / "figs" / suite.DEFAULT_ARTICLE.stem, tmp_path / "figs" / "other"]
    assert runs[1].build_dir == suite.DEFAULT_BUILD_DIR / "other"
    twin = tmp_path / "sub" / "other.txt"
    twin.parent.mkdir()
    twin.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="stem"):
        suite.plan_runs([other, twin], tmp_path / "figs")
    with pytest.raises(InputError):
        suite.plan_runs([tmp_path / "missing.txt"])


@pytest.fixture(scope="module")
def executed(tiny_models, tmp_path_factory):
    """One headless run of the whole suite on the seed (NLI backend, tiny model, Agg)."""
    root = tmp_path_factory.mktemp("suite")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_CACHE_DIR", str(root / "cache"))
        mp.setenv("MPLBACKEND", "Agg")  # plt.show() would be a no-op: the figures must still show
        mp.delenv("ANALYSIS_SCORE_CACHE", raising=False)
        mp.setenv("ANALYSIS_ENCODER_MODEL", str(tiny_models["3way"]))  # the frame scorer's encoder, tiny too
        written = suite.run_suite(out_dir=root / "figures", build_dir=root / "build",
                                  options=ScoreOptions(backend="nli", model=str(tiny_models["3way"])))
    return root, written


def test_suite_writes_every_figure_and_the_html_view(executed):
    root, written = executed
    expected = [root / "figures" / f for files in suite.NOTEBOOK_OUTPUTS.values() for f in files]
    assert written == expected
    for path in expected:
        if path.suffix == ".png":
            image = matplotlib.image.imread(path)
            assert min(image.shape[:2]) > 200 and image[..., :3].std() > 0.01, path  # drawn, not blank
        elif path.suffix == ".svg":
            assert ET.parse(path).getroot().tag.endswith("svg"), path
    assert len(pd.read_csv(root / "figures" / "statements.csv")) >= 10
    for stem, backend in (("stance_by_actor", "nli"), ("stance_along_article", "nli"), ("voice_share", "nli"),
                          ("frames_by_actor", "encoder")):  # frames come from the encoder's frame scorer
        svg = (root / "figures" / f"{stem}.svg").read_text(encoding="utf-8")
        assert f"{backend} backend" in svg and "000_3e76e6e75a2eff3d.txt" in svg  # the provenance caption


@pytest.mark.parametrize("name", suite.NOTEBOOKS)
def test_executed_notebook_has_no_errors_and_shows_its_figures(executed, name):
    root, _ = executed
    book = nbformat.read(root / "build" / suite.DEFAULT_ARTICLE.stem / name, as_version=4)
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert all(c.metadata.papermill.status == "completed" for c in book.cells)
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == FIGURES_SHOWN[name]
    injected = next(c for c in book.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "scored_file = " in injected.source and "000_3e76e6e75a2eff3d.scored.parquet" in injected.source


def test_html_view_holds_every_statement(executed):
    root, _ = executed
    statements = pd.read_csv(root / "figures" / "statements.csv", keep_default_na=False)
    page = (root / "figures" / "article.html").read_text(encoding="utf-8")
    assert len(statements) >= 10
    text = re.sub(r"</?mark[^>]*>", "", page)  # nested statements put marks inside their parent's
    for row in statements.itertuples():
        assert f'id="s{row.statement_id}" ' in page and f'data-statement-id="{row.statement_id}"' in page
        assert html.escape(row.content, quote=True) in text


def test_statements_csv_has_scores_for_every_row(executed):
    root, _ = executed
    statements = pd.read_csv(root / "figures" / "statements.csv", keep_default_na=False)
    probs = statements[["p_favor", "p_against", "p_neutral"]].sum(axis=1)
    assert ((probs - 1).abs() < 2e-6).all()  # each rounded to 6 decimals
    assert any(c.startswith("frame:") for c in statements.columns)
    assert statements["statement_id"].tolist() == list(range(len(statements)))


def test_a_failing_cell_names_the_notebook_and_the_error(tmp_path):
    bogus = tmp_path / "nope.scored.parquet"
    bogus.write_bytes(b"not parquet")
    executed = tmp_path / "build" / "01_statements.ipynb"
    params = {"scored_file": str(bogus), "out_dir": str(tmp_path / "figs")}
    with pytest.raises(suite.NotebookError) as info:
        suite.run_notebook("01_statements.ipynb", executed, params)
    err = info.value
    assert err.notebook == "01_statements.ipynb" and err.cell is not None and err.ename == "InputError"
    assert str(err).startswith("01_statements.ipynb: cell ") and "not a scored-article file" in str(err)
    assert "(scored = runner.load(" in str(err)  # the line that raised
    assert err.executed == executed and executed.exists()


def test_a_missing_model_fails_before_any_notebook(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-m", "analysis", "figures", "--backend", "nli", "--model",
                          str(tmp_path / "no-such-model"), "--out", str(tmp_path / "figs"),
                          "--build-dir", str(tmp_path / "build")], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.startswith("error: NLI model ") and "Traceback" not in out.stderr
    assert not list((tmp_path / "build").rglob("*.ipynb"))


def test_a_directory_is_no_article(tmp_path):
    with pytest.raises(InputError, match="it is a directory"):
        suite.resolve_article(tmp_path)
