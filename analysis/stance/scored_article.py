"""Score once, render many: one article's statements, stance and frame scores in one file.

:func:`score_article` reads an article, extracts its statements and scores them, and writes
``<stem>.scored.parquet``: the statement table with every score column, and in the Parquet
schema's metadata the provenance (:class:`analysis.schema.Provenance` of stance and frames),
the caption fields and a *key*. The key is a hash of what decides the result: the article's
bytes, its sidecar's bytes, the target, the backend identity (name, model hash from the
verification record beside the model, prompt or template version) and the package version.
A later call with the same key returns the file as it is, so a warm run neither parses the
article with spaCy nor loads a model. :func:`load_scored_article` is the one call the
notebooks make.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.article import Article, read_article, sidecar_path
from analysis.attribution import extraction_fingerprint
from analysis.attribution.statements import extract_statements
from analysis.errors import InputError
from analysis.parquet_files import read_parquet_meta, write_parquet
from analysis.schema import TOP_FRAME, frame_columns
from analysis.stance.frames import frames_for
from analysis.stance.scoring import backend_identity, score_frames, score_stance

FORMAT_VERSION = 1
SUFFIX = ".scored.parquet"


@dataclass
class ScoredArticle:
    """An article, its statements with stance and frame columns, and the provenance line.

    ``provenance`` is flat, for captions: article (file name), article_date (the sidecar's
    date, not the run's), target, backend, model, model_hash, version; ``stance_provenance``
    and ``frames_provenance`` keep what the scorers reported in full.
    """

    article: Article
    statements: pd.DataFrame
    provenance: dict[str, Any]
    stance_provenance: dict[str, Any] = field(default_factory=dict)
    frames_provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return str(self.provenance["target"])


def caption_fields(article: Article, target: str, stance_prov: Mapping[str, Any]) -> dict[str, Any]:
    """The caption fields from the article's sidecar and the stance scorer's provenance."""
    return {
        "article": Path(article.path).name if article.path else "article",
        "article_date": article.sidecar.date,
        "target": target,
        "backend": stance_prov.get("backend"),
        "model": stance_prov.get("model"),
        "model_hash": str(stance_prov.get("model_sha256") or ""),
        "version": stance_prov.get("package_version"),
        "mode": stance_mode(stance_prov),
    }


def stance_mode(stance_prov: Mapping[str, Any]) -> str:
    """"zero-shot", or "few-shot, n examples" for stance adapted from labelled examples (plus
    " + LLM features" when the zero-shot LLM's reading was part of the head's features)."""
    mode = str(stance_prov.get("mode") or "")
    if not mode.startswith("few-shot"):
        return "zero-shot"
    n = (stance_prov.get("examples") or {}).get("n")
    extra = " + LLM features" if stance_prov.get("llm_features") else ""
    return (f"few-shot, {n} examples" if n is not None else "few-shot") + extra


def article_examples(article: Article, examples: str | os.PathLike | None = None) -> tuple[Any, Path | None]:
    """(stance examples, the folder relative paths start from): ``examples`` (a CSV path, e.g.
    from ``--examples``) if given, else the sidecar's ``stance_examples``; (None, None) when neither."""
    if examples is not None:
        return Path(examples), None
    chosen = article.sidecar.stance_examples
    if chosen is None:
        return None, None
    return chosen, (Path(article.path).parent if article.path else None)


def _examples_part(path: Path, examples: str | os.PathLike | None, backend: str | None,
                   llm_features: bool = False) -> dict[str, Any] | None:
    """What of the examples the scored key depends on: the CSV's bytes (a sidecar's inline list is
    in the sidecar's hash already), the encoder's identity and, with LLM features, the LLM's;
    None without examples."""
    from analysis.article import read_sidecar
    from analysis.stance.encoder import load_encoder

    side = read_sidecar(path)
    ref = examples if examples is not None else side.stance_examples
    if ref is None or (backend is not None and examples is None):
        return None
    part: dict[str, Any] = {"encoder": load_encoder().identity()}
    if llm_features or side.stance_llm_features:
        from analysis.stance.llm_features import default_llm_features

        part["llm_features"] = default_llm_features().spec()
    if isinstance(ref, (str, os.PathLike)):
        csv = Path(ref) if examples is not None else path.parent / ref
        part["csv"] = hashlib.sha256(csv.read_bytes()).hexdigest() if csv.is_file() else f"missing:{csv}"
    return part


def article_target(article: Article, target: str | None) -> str:
    """``target``, else the sidecar's; InputError naming both ways to give one."""
    chosen = (target or "").strip() or article.target
    if not chosen:
        where = article.path.with_suffix(".json").name if article.path else "the sidecar"
        raise InputError(f"{article.path or 'article'}: no stance target: pass target=... (CLI: --target) "
                         f"or add \"target\" to {where}")
    return chosen


#: The frame scorer of the figures: the encoder (independent per-frame probabilities, measured
#: against the LLM's on FrAC in MEASUREMENTS.md), whatever scores stance. The LLM and NLI frame
#: paths stay available through ``score_frames`` and ``python -m analysis frames --backend``.
FRAMES_BACKEND = "encoder"


def frames_identity() -> dict[str, Any]:
    """What decides the figures' frame scores (encoder hash, method version, calibration)."""
    from analysis.stance.frame_scorer import EncoderFrameBackend

    return EncoderFrameBackend.identity()


def scored_key(path: Path, target: str | None, backend: str | None, model: str | None,
               examples: str | os.PathLike | None = None, llm_features: bool = False) -> str:
    """The hash that decides whether a scored file is still valid (see the module docstring)."""
    from analysis.version import __version__

    side = sidecar_path(path)
    parts: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "article": hashlib.sha256(path.read_bytes()).hexdigest(),
        "sidecar": hashlib.sha256(side.read_bytes()).hexdigest() if side.exists() else None,
        "target": target,
        "package_version": __version__,
        "extraction": extraction_fingerprint(),
    }
    few = _examples_part(path, examples, backend, llm_features)
    if few is not None:  # few-shot stance: the examples and the encoder decide, not the zero-shot model
        parts["examples"] = few
        parts["model"] = model
    else:
        parts["backend"] = backend_identity(backend, model)
    parts["frames"] = frames_identity()
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def scored_path(article_path: Path, directory: Path) -> Path:
    return directory / (article_path.stem + SUFFIX)


def score_article(article_path: str | os.PathLike, directory: str | os.PathLike, *, target: str | None = None,
                  backend: str | None = None, model: str | None = None,
                  examples: str | os.PathLike | None = None, llm_features: bool = False) -> Path:
    """Write (or keep, when its key still matches) the scored file of one article; its path.

    Stance is few-shot when ``examples`` (a CSV path) or the sidecar's ``stance_examples`` give
    labelled examples (on the default encoder), unless ``backend`` is named without ``examples``:
    that asks for zero-shot stance. ``llm_features`` (or the sidecar's ``stance_llm_features``)
    adds the zero-shot LLM's reading to the few-shot head's features. Frames always come from :data:`FRAMES_BACKEND`.
    """
    path = Path(article_path).resolve()
    out = scored_path(path, Path(directory))
    key = scored_key(path, target, backend, model, examples, llm_features)
    if out.exists() and _read_meta(out).get("key") == key:
        return out
    article = read_article(path)
    chosen = article_target(article, target)
    statements = extract_statements(article)
    if statements.empty:
        raise InputError(f"{path}: no statements found, nothing to chart")
    labelled, base = article_examples(article, examples) if (backend is None or examples is not None) else (None, None)
    if labelled is None:
        stance = score_stance(statements, chosen, backend=backend, model=model)
    else:
        stance = score_stance(statements, chosen, examples=labelled, examples_dir=base, model=model,
                              llm_features=llm_features or article.sidecar.stance_llm_features)
    frames = score_frames(statements, frames=frames_for(article.sidecar), backend=FRAMES_BACKEND)
    frame_cols = frame_columns(frames.columns) + [TOP_FRAME] + [c for c in ("frames_present",) if c in frames]
    scored = pd.concat([stance.reset_index(drop=True), frames[frame_cols].reset_index(drop=True)], axis=1)
    stance_prov = dict(stance.attrs["provenance"])
    meta = {
        "key": key, "article": str(path), "target": chosen,
        "caption": caption_fields(article, chosen, stance_prov),
        "stance_provenance": stance_prov, "frames_provenance": dict(frames.attrs["provenance"]),
    }
    write_parquet(scored, out, meta)
    return out


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        return read_parquet_meta(path)
    except (OSError, ValueError):  # a damaged or foreign file is simply rewritten
        return {}


def read_scored(path: str | os.PathLike) -> ScoredArticle:
    """A scored file back as a :class:`ScoredArticle` (the article is re-read from its path)."""
    path = Path(path)
    meta = _read_meta(path)
    if "key" not in meta:
        raise InputError(f"{path}: not a scored-article file (written by analysis.stance.scored_article)")
    statements = pd.read_parquet(path)
    article = read_article(meta["article"])
    return ScoredArticle(article, statements, dict(meta["caption"]), dict(meta["stance_provenance"]),
                         dict(meta["frames_provenance"]))


def load_scored_article(article_path: str | os.PathLike, directory: str | os.PathLike, *,
                        target: str | None = None, backend: str | None = None,
                        model: str | None = None, examples: str | os.PathLike | None = None,
                        llm_features: bool = False) -> ScoredArticle:
    """Score the article (or reuse its scored file) and read it back: what notebooks call."""
    return read_scored(score_article(article_path, directory, target=target, backend=backend, model=model,
                                     examples=examples, llm_features=llm_features))
