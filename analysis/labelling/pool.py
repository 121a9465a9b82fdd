"""The statements a labelling session offers, each with the context a person needs to judge it.

From an article: every attributed statement (:func:`analysis.attribution.statements.extract_statements`)
with its sentence, its paragraph, its speaker and cue verb; the text that is labelled (and that
the few-shot head reads) is :func:`analysis.stance.fewshot.statement_text`, the cue verb and the
content of reported speech, the content of a quote. From a CSV: its ``text`` (or ``content`` /
``sentence``) column, as it is. Statements whose text repeats one already in the pool are left out.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.frames.codebook import frames_for, merge_frames
from analysis.schema import Frame
from analysis.stance.active import read_pool_csv
from analysis.stance.examples import norm_text, statement_text


@dataclass(frozen=True)
class Candidate:
    """One statement to label: ``text`` is what the label file records; the rest is context."""

    text: str
    sentence: str
    paragraph: str
    speaker: str
    actor: str
    cue: str
    source: str
    statement_id: str


@dataclass(frozen=True)
class Pool:
    """The candidates of a session, and the frames a card offers (codebook plus the sidecars')."""

    candidates: tuple[Candidate, ...]
    frames: tuple[Frame, ...]

    def __len__(self) -> int:
        return len(self.candidates)


def _span(text: str, start: object, end: object) -> str:
    try:
        return text[int(start):int(end)].strip()  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""


def _article_candidates(path: Path, encoding: str | None) -> tuple[list[Candidate], list[Frame]]:
    from analysis.article import read_article
    from analysis.attribution.statements import extract_statements

    article = read_article(path, encoding=encoding)
    st = extract_statements(article)
    paragraphs = {p.index: article.text[p.start:p.end].strip() for p in article.paragraphs}
    out = []
    for row in st.itertuples(index=False):
        text = statement_text(str(row.content), str(row.cue or ""), str(row.kind or ""))
        out.append(Candidate(text, _span(article.text, row.sentence_start, row.sentence_end) or str(row.content),
                             paragraphs.get(int(row.paragraph), "") if pd.notna(row.paragraph) else "",
                             str(row.speaker or ""), str(row.actor or row.speaker or ""), str(row.cue or ""),
                             str(path), str(row.statement_id)))
    return out, list(article.sidecar.frames)


def _csv_candidates(path: Path) -> list[Candidate]:
    df, col = read_pool_csv(path)
    speaker = df["speaker"] if "speaker" in df.columns else [""] * len(df)
    actor = df["actor"] if "actor" in df.columns else speaker
    ids = df["id"] if "id" in df.columns else [str(i) for i in range(len(df))]
    return [Candidate(t, t, "", s, a, "", str(path), str(i)) for t, s, a, i in zip(df[col], speaker, actor, ids)]


def build_pool(inputs: Sequence[str | os.PathLike], encoding: str | None = None) -> Pool:
    """The session's pool from articles (``.txt``) and CSV files; InputError when it is empty."""
    candidates: list[Candidate] = []
    extra_frames: list[Frame] = []
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.suffix.lower() == ".csv":
            candidates += _csv_candidates(path)
        else:
            found, frames = _article_candidates(path, encoding)
            candidates += found
            extra_frames = merge_frames(extra_frames, frames)
    seen: set[str] = set()
    unique = []
    for c in candidates:
        key = norm_text(c.text)
        if c.text.strip() and key not in seen:
            seen.add(key)
            unique.append(c)
    if not unique:
        raise InputError("no statements to label in " + ", ".join(str(i) for i in inputs))
    return Pool(tuple(unique), tuple(merge_frames(frames_for(), extra_frames)))
