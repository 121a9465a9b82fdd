"""docs/schema.md documents every column, provenance field and sidecar key that analysis.schema defines."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from analysis import schema

DOC = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")
NAMES = sorted({*schema.STATEMENT_COLUMNS, *schema.STANCE_COLUMNS, schema.TOP_FRAME, *schema.SIDECAR_KEYS,
                *(f.name for f in dataclasses.fields(schema.Provenance)),
                *(f.name for f in dataclasses.fields(schema.StanceScores))})


@pytest.mark.parametrize("name", NAMES)
def test_every_name_is_documented(name: str) -> None:
    assert f"`{name}`" in DOC, f"docs/schema.md does not document `{name}`"


def test_kinds_and_labels_are_documented() -> None:
    for word in (*schema.KINDS, *schema.STANCES):
        assert f"`{word}`" in DOC
