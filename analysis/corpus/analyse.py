"""What one worker does with one article: statements, stance (and optionally frames), one summary row.

:func:`analyse_record` runs in a Dask worker process. It lays the text out
(:func:`analysis.article.parse_article`), extracts statements and scores them with
:func:`analysis.stance.scoring.score_stance` / :func:`~analysis.stance.scoring.score_frames`,
exactly as a single article is scored (:mod:`analysis.stance.scored_article`). The models are
loaded once per worker process: the scorers keep the backend in a process-wide cache
(``scoring._build_backend``) and spaCy's pipeline is loaded once too, so only the first article a
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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.article import parse_article
from analysis.attribution import extraction_fingerprint
from analysis.attribution.parsing import load_parser
from analysis.attribution.statements import extract_statements, voice_words
from analysis.corpus.inputs import ArticleRecord
from analysis.errors import AnalysisError, CorpusError, InputError
from analysis.schema import QUOTED_KINDS, TOP_FRAME, frame_columns
from analysis.stance.frames import frames_for
from analysis.stance.scored_article import FRAMES_BACKEND, caption_fields, frames_identity
from analysis.stance.scoring import backend_identity, score_frames, score_stance

FORMAT_VERSION = 1
LEMMA_CACHE_LIMIT = 50_000  # entries of (word, tag, morphology) -> lemmas kept between articles


@dataclass(frozen=True)
class ScoreOptions:
    """How every article of a run is scored (the same for all of them).

    ``examples``: validated ``(text, stance)`` pairs (:func:`analysis.stance.fewshot.parse_examples`,
    read by the driver, so workers need no access to the file) for few-shot stance on the sentence
    encoder (``model`` then names an encoder directory); ``llm_features`` adds the zero-shot LLM's
    reading to that head's features (:mod:`analysis.stance.llm_features`).
    """

    target: str | None = None
    backend: str | None = None
    model: str | None = None
    frames: bool = False
    examples: tuple[tuple[str, str], ...] | None = None
    llm_features: bool = False

    def __post_init__(self) -> None:
        if self.examples is not None and self.backend is not None:
            raise InputError("stance examples select few-shot stance on the sentence encoder; drop the backend")
        if self.llm_features and self.examples is None:
            raise InputError("LLM features add the LLM to few-shot stance: give stance examples too")

    def identity(self) -> dict[str, Any]:
        """What decides the results, without loading a model: part of each article's key."""
        from analysis.version import __version__

        return {"format": FORMAT_VERSION, "target": self.target, "backend": self._stance_identity(),
                "frames": frames_identity() if self.frames else False, "package_version": __version__,
                "extraction": extraction_fingerprint()}

    def _stance_identity(self) -> dict[str, Any]:
        if self.examples is None:
            return dict(backend_identity(self.backend, self.model))
        from analysis.stance.encoder import load_encoder
        from analysis.stance.fewshot import examples_sha256
        from analysis.stance.llm_features import default_llm_features

        ident: dict[str, Any] = {"backend": "few-shot", "examples": examples_sha256(self.examples),
                                 "encoder": load_encoder(self.model).identity()}
        if self.llm_features:
            ident["llm_features"] = default_llm_features().spec()
        return ident


def options_hash(identity: Mapping[str, Any]) -> str:
    """Hash of :meth:`ScoreOptions.identity` (computed once per run: it hashes the models)."""
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()


def article_key(record: ArticleRecord, options_digest: str) -> str:
    """12 hex digits that change when the text, the metadata or the options change."""
    side = json.dumps(record.sidecar.__dict__, sort_keys=True, default=str)
    blob = "\n".join((record.text_sha256, side, options_digest))
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
    from analysis.stance import scoring

    return scoring._build_backend.cache_info().currsize


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
    article = parse_article(record.text, sidecar=record.sidecar)
    target = (options.target or "").strip() or article.target
    if not target:
        raise CorpusError("no stance target: pass --target or give the article a target (column or sidecar)")
    with parser_memory_zone():
        statements = extract_statements(article)
    if statements.empty:
        raise CorpusError("no statements found")
    if options.examples is None:
        scored = score_stance(statements, target, backend=options.backend, model=options.model)
    else:
        scored = score_stance(statements, target, examples=list(options.examples), model=options.model,
                              llm_features=options.llm_features)
    stance_prov = dict(scored.attrs["provenance"])
    provenance: dict[str, Any] = {"stance": stance_prov}
    if options.frames:
        # the figures' frame scorer, whatever scores stance (the codebook's frames: one schema for every article)
        frames = score_frames(statements, frames=frames_for(), backend=FRAMES_BACKEND)
        cols = frame_columns(frames.columns) + [TOP_FRAME] + [c for c in ("frames_present",) if c in frames]
        scored = pd.concat([scored.reset_index(drop=True), frames[cols].reset_index(drop=True)], axis=1)
        provenance["frames"] = dict(frames.attrs["provenance"])
    scored = scored.drop(columns=["premise"], errors="ignore")
    scored.insert(0, "article_id", record.id)
    scored.attrs = {}
    row = {**record.meta(), "title": article.title, "target": target, **summary(scored),
           "n_chars": len(record.text), "text_sha256": record.text_sha256, "text": record.text,
           "caption": json.dumps(caption_fields(article, target, stance_prov), sort_keys=True, default=str)}
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
