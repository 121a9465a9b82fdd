"""What one worker does with one article: statements, stance (and optionally frames), one summary row.

:func:`analyse_record` runs in a Dask worker process. It lays the text out
(:func:`analysis.article.parse_article`), extracts statements and scores them with
:func:`analysis.pipeline.score_statements` under the options :func:`analysis.pipeline.resolve`
gives, exactly as a single article is scored. The models are
loaded once per worker process: the scorers keep the backend in a process-wide cache
(``analysis.stance.base.build_scorer``) and spaCy's pipeline is loaded once too, so only the first article a
worker gets pays for loading. A worker lives for thousands of articles, so each article is
parsed inside spaCy's ``memory_zone`` (spaCy 3.8): the strings and lexemes its new words add to
the shared vocabulary are freed when the article is done, and the lemmatizer's cache is cleared
when it passes :data:`LEMMA_CACHE_LIMIT` entries, so a worker's memory does not grow with the
vocabulary of the corpus. Scores go through the shared SQLite score cache, so a rerun, or
an article retried after a worker died, costs no model time.

A problem with the article itself (no statements, no target) comes back as an error result; the
run records it and goes on. The result is small tables, sent back to the process that writes
the dataset, so workers need no access to the output folder.
"""
from __future__ import annotations

import hashlib
import json
import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.article import Article, parse_article
from analysis.attribution.parsing import load_parser
from analysis.attribution.statements import extract_statements, voice_words
from analysis.corpus.inputs import ArticleRecord
from analysis.errors import AnalysisError
from analysis.pipeline import ScoreOptions, resolve, score_statements
from analysis.schema import QUOTED_KINDS

LEMMA_CACHE_LIMIT = 50_000  # entries of (word, tag, morphology) -> lemmas kept between articles


def record_article(record: ArticleRecord) -> Article:
    """The record laid out as an article; a folder's file path lets its sidecar's relative paths resolve."""
    source = Path(record.source)
    return parse_article(record.text, path=source if source.suffix == ".txt" else None, sidecar=record.sidecar)


def article_key(record: ArticleRecord, options: ScoreOptions) -> str:
    """12 hex digits that change when the text, the metadata or what scores it change (the
    article's :meth:`~analysis.pipeline.Resolved.identity`, the same rule as one article's file).
    An article that cannot be resolved (no target, a bad codebook) is keyed by its reason: its
    worker records the same error."""
    try:
        identity: Any = resolve(record_article(record), options).identity()
    except AnalysisError as exc:
        identity = f"unresolved: {exc}"
    side = json.dumps(record.sidecar.__dict__, sort_keys=True, default=str)
    blob = "\n".join((record.text_sha256, side, json.dumps(identity, sort_keys=True, default=str)))
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


@dataclass
class ArticleResult:
    """A scored article (``statements`` and ``article`` rows), or an error (``reason``)."""

    article_id: str
    key: str
    statements: pd.DataFrame | None = None
    article: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    worker_pid: int = 0
    backend_loads: int = 0

    @property
    def ok(self) -> bool:
        return self.reason is None


def _backend_loads() -> int:
    """How many backends this process has built so far (1 after the first article, then 1)."""
    from analysis.stance.base import build_scorer

    return build_scorer.cache_info().currsize


def analyse_record(record: ArticleRecord, options: ScoreOptions, key: str) -> ArticleResult:
    """Score one article (in a worker); an error result for a problem of the article itself."""
    try:
        statements, article, provenance = _analyse(record, options)
        result = ArticleResult(record.id, key, statements, article, provenance)
    except AnalysisError as exc:
        result = ArticleResult(record.id, key, reason=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a bug: recorded with its place, the run goes on with the other articles
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result = ArticleResult(record.id, key, reason=f"internal error {type(exc).__name__}: {exc} "
                                                       f"({os.path.basename(where.filename)}:{where.lineno})")
    result.worker_pid, result.backend_loads = os.getpid(), _backend_loads()
    return result


def _analyse(record: ArticleRecord, options: ScoreOptions) -> tuple[pd.DataFrame, dict[str, Any], dict[str, Any]]:
    article = record_article(record)
    resolved = resolve(article, options)
    with parser_memory_zone():
        statements = extract_statements(article)
    scored, provenance, caption = score_statements(article, statements, resolved)
    scored = scored.drop(columns=["premise"], errors="ignore")
    scored.insert(0, "article_id", record.id)
    scored.insert(1, "outlet", record.sidecar.outlet)
    scored.insert(2, "date", record.sidecar.date)
    scored.insert(3, "language", article.language)
    row = {**record.meta(), "language": article.language, "title": article.title, "target": resolved.target, **summary(scored),
           "n_chars": len(record.text), "text_sha256": record.text_sha256, "text": record.text,
           "caption": json.dumps(caption.to_dict(), sort_keys=True, default=str)}
    return scored, row, provenance


@contextmanager
def parser_memory_zone() -> Iterator[None]:
    """Free what parsing one article adds to spaCy's vocabulary once it is done (nothing parsed
    inside may be used after it: the statements are plain strings and offsets)."""
    nlp = load_parser()
    with nlp.memory_zone():
        yield
    for _, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if isinstance(cache, dict) and len(cache) > LEMMA_CACHE_LIMIT:
            cache.clear()


def summary(scored: pd.DataFrame) -> dict[str, Any]:
    """Per-article counts and mean net stance (P(favor) - P(against)) of quoted and author rows."""
    quoted = scored["kind"].isin(QUOTED_KINDS)
    words = voice_words(scored)  # a nested statement's words count once, in its own voice
    net = scored["p_favor"] - scored["p_against"]
    total = float(words.sum()) or 1.0
    return {
        "n_statements": int(len(scored)), "n_quoted": int(quoted.sum()), "n_narrator": int((~quoted).sum()),
        "quoted_word_share": float(words[quoted].sum() / total),
        "n_speakers": int(scored.loc[quoted, "speaker"].replace("", pd.NA).dropna().nunique()),
        "net_quoted": float(net[quoted].mean()) if quoted.any() else float("nan"),
        "net_author": float(net[~quoted].mean()) if (~quoted).any() else float("nan"),
    }
