"""Each notebook has a paired ``# %%`` percent script (jupytext) with the same cells, so a diff reads like code."""
from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_percent_script_matches_the_notebook(path: Path) -> None:
    script = path.with_suffix(".py")
    assert script.exists(), f"{script.name} missing: run `jupytext --sync {path}`"
    book = nbformat.read(path, as_version=4)
    paired = jupytext.read(script)
    cells = [(c.cell_type, c.source.strip()) for c in book.cells]
    assert cells == [(c.cell_type, c.source.strip()) for c in paired.cells], f"run `jupytext --sync {path}`"
    assert book.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"
