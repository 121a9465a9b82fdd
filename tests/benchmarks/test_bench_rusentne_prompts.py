"""benchmarks/bench_rusentne_prompts.py: the codebook's entities and the two-stage head."""
from __future__ import annotations

import numpy as np
import pytest

from benchmarks.bench_rusentne_prompts import BOOK, PROMPTS, book_rows, two_stage


def test_book_rows_take_the_bracketed_entity_and_unbracket_the_text():
    plain, ents, marked, y = book_rows()
    assert len(plain) == len(ents) == len(marked) == len(y) == len(BOOK)
    for p, e, m in zip(plain, ents, marked):
        assert "[" not in p and "]" not in p and e in p and f"[{e}]" in m
    assert set(y) == {"favor", "against", "neutral"}
    assert dict(zip(plain, ents))["Жители поблагодарили пожарных за спасение школы."] == "пожарных"


@pytest.mark.parametrize("name", sorted(PROMPTS))
def test_prompts_name_the_entity_before_the_text(name):
    prompt = PROMPTS[name].format(entity="Газпром")
    assert "Газпром" in prompt and prompt.startswith("task: ") and "| query: " in prompt


def test_two_stage_routes_polar_rows_to_the_favor_against_head():
    rng = np.random.default_rng(0)
    centres = {"favor": [3, 0, 0], "against": [0, 3, 0], "neutral": [0, 0, 3]}
    y = np.array([c for c in centres for _ in range(20)])
    X = np.array([centres[c] for c in y], dtype=float) + rng.normal(0, 0.3, (len(y), 3))
    tr = np.arange(0, len(y), 2)
    pred = two_stage(X, y, tr, None)
    assert (pred == y).mean() > 0.95
    # codebook rows that contradict the labels, at weight 0.25, do not overturn 30 labelled rows
    book = (np.array([[3.0, 0, 0]] * 4), np.array(["against"] * 4))
    assert (two_stage(X, y, tr, book)[y == "favor"] == "favor").mean() > 0.9
