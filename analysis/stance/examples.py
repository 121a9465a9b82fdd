"""Labelled examples for few-shot stance: read, checked, hashed, and the text a statement is read as.

Examples come as (text, stance) pairs, a CSV with columns ``text`` and ``stance``, a labels file
(:mod:`analysis.stance.labels_file`) or a sidecar's list; :func:`parse_examples` reads any of them
into one checked tuple, refusing empty texts, unknown labels, contradictions (one text, two labels)
and a single class. What a statement is read as (the cue verb and its content) is
:func:`statement_text`, shared by the few-shot head, the frame scorer and the labelling page.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import ExamplesError
from analysis.schema import STANCES
from analysis.stance.labels_file import LabelsFile, normalise_label, read_labels_csv, spellings_help

Pairs = tuple[tuple[str, str], ...]


# ---------------------------------------------------------------- examples

def norm_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def labels_file_examples(labels: LabelsFile) -> Pairs:
    """The validated ``(text, stance)`` pairs of a labels file already read (errors name its lines)."""
    return _validate(labels.pairs(), labels.where())


def parse_examples(examples: Any, base_dir: str | os.PathLike | None = None) -> Pairs:
    """Validated ``(text, stance)`` pairs in the given order (stance spelled as in STANCES).

    A CSV path is read by :func:`analysis.stance.labels_file.read_labels_csv` (rows marked
    ``skip`` left out, errors naming the file's line); in a table or a list every row must carry
    a label (:data:`~analysis.stance.labels_file.LABEL_SPELLINGS`).
    """
    if isinstance(examples, (str, os.PathLike)):
        path = Path(examples)
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        return labels_file_examples(read_labels_csv(path))
    if isinstance(examples, pd.DataFrame):
        if not {"text", "stance"} <= set(examples.columns):
            raise ExamplesError(f"an examples DataFrame needs the columns text and stance, got {list(examples.columns)}")
        raw = list(zip(examples["text"].tolist(), examples["stance"].tolist()))
    elif isinstance(examples, Sequence) and not isinstance(examples, (str, bytes)):
        raw = []
        for i, item in enumerate(examples):
            if isinstance(item, Mapping) and {"text", "stance"} <= set(item):
                raw.append((item["text"], item["stance"]))
            elif isinstance(item, Sequence) and not isinstance(item, (str, bytes)) and len(item) == 2:
                raw.append((item[0], item[1]))
            else:
                raise ExamplesError(f"example #{i} must be a (text, stance) pair or a {{text, stance}} object, got {item!r}")
    else:
        raise ExamplesError(f"examples must be (text, stance) pairs, a DataFrame or a CSV path, got {type(examples).__name__}")
    return _validate(raw, [f"example #{i}" for i in range(len(raw))])


def _validate(raw: list[tuple[Any, Any]], where: list[str]) -> Pairs:
    pairs: list[tuple[str, str]] = []
    for i, (text, stance) in enumerate(raw):
        missing = stance is None or (isinstance(stance, float) and np.isnan(stance))
        label = None if missing else normalise_label(stance)
        if not label:  # blank, unknown, or a skip outside a labels file
            what = f"unknown stance label {stance!r}" if not missing and str(stance).strip() else "blank stance label"
            raise ExamplesError(f"{where[i]}: {what}; use {spellings_help()}")
        if not isinstance(text, str) or not text.strip():
            raise ExamplesError(f"{where[i]}: the example has an empty text")
        pairs.append((text, label))
    seen: dict[str, tuple[int, str]] = {}
    dupes: list[tuple[int, int]] = []
    clashes: list[tuple[int, int]] = []
    for i, (text, label) in enumerate(pairs):
        key = norm_text(text)
        if key in seen:
            (dupes if seen[key][1] == label else clashes).append((seen[key][0], i))
        else:
            seen[key] = (i, label)
    if clashes:
        i, j = clashes[0]
        raise ExamplesError(f"contradictory examples: {pairs[i][0][:60]!r} is labelled both {pairs[i][1]!r} "
                            f"({where[i]}) and {pairs[j][1]!r} ({where[j]}); keep one label per statement")
    if dupes:
        i, j = dupes[0]
        raise ExamplesError(f"duplicate examples ({where[i]} and {where[j]}, {len(dupes)} such pair(s)); "
                            "each statement may appear once")
    classes = sorted({label for _, label in pairs})
    if len(classes) < 2:
        raise ExamplesError(f"examples need at least two stance classes, got {classes or 'none'} "
                            f"from {len(pairs)} labelled row(s)")
    return tuple(pairs)


def examples_sha256(pairs: Pairs) -> str:
    """Hash of the examples as a set (order does not matter)."""
    blob = json.dumps(sorted([norm_text(t), s] for t, s in pairs), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def examples_summary(pairs: Pairs) -> dict[str, Any]:
    """What the provenance records: ``n``, ``sha256`` and the count per label."""
    return {"n": len(pairs), "sha256": examples_sha256(pairs),
            "per_label": {s: sum(1 for _, x in pairs if x == s) for s in STANCES}}


def statement_text(content: str, cue: str = "", kind: str = "") -> str:
    """What the head reads of an attributed statement: the content, preceded by the cue verb for
    reported speech ("accused the Kremlin of ...", "defended its decision ..."), where the verb
    carries the speaker's stance; a direct quote or the author's own sentence as it is."""
    content, cue = content.strip(), (cue or "").strip()
    if cue and kind in ("indirect", "mixed"):
        return f"{cue} {content}"
    return content
