"""Which statements to label next: active learning for few-shot stance.

Three strategies choose ``n`` statements from a pool of unlabelled ones, on the few-shot
features (:func:`analysis.stance.fewshot.features`):

- ``diversity``: k-means with ``n`` clusters over the pool (on a 64-dimensional random
  projection of the features), the statement nearest each centre (representative sampling;
  cf. the cold-start strategies of Yuan et al. 2020 and the k-means "typical" selection of
  Hacohen et al. 2022). Needs no labels, so it is the first round's choice.
- ``uncertainty``: the head adapted from the labels so far (:mod:`analysis.stance.fewshot`)
  scores the pool; among the ``4n`` statements with the smallest margin between the two most
  probable labels (margin sampling, Scheffer et al. 2001; Settles 2009), k-means picks ``n``
  spread-out ones, so a batch is not ``n`` near-copies (cf. Zhdanov 2019, diverse mini-batch
  active learning). Falls back to ``diversity`` while fewer than two labels are known.
- ``random``: uniform, the baseline.

:func:`suggest_labels` is ``python -m analysis suggest-labels``: it returns the chosen
statements with an empty ``stance`` column for a researcher to fill in; ``--examples`` reads
the filled-in file back (blank rows are skipped).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError

STRATEGIES = ("uncertainty", "diversity", "random")
CANDIDATES_PER_PICK = 4  # uncertainty: k-means picks n among the 4n least certain
REDUCED_DIMS = 64  # k-means runs on a random projection of the features to this many dimensions


def pick_random(n_pool: int, n: int, exclude: Sequence[int] | np.ndarray = (), seed: int = 0) -> np.ndarray:
    free = np.setdiff1d(np.arange(n_pool), np.asarray(exclude, dtype=int))
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(free, size=min(n, len(free)), replace=False))


def pick_diverse(X: np.ndarray, n: int, exclude: Sequence[int] | np.ndarray = (), seed: int = 0,
                 candidates: np.ndarray | None = None) -> np.ndarray:
    """Indices of ``n`` statements nearest the centres of ``n`` k-means clusters of the pool."""
    from sklearn.cluster import KMeans

    pool = np.setdiff1d(np.arange(len(X)) if candidates is None else candidates, np.asarray(exclude, dtype=int))
    if len(pool) <= n:
        return np.sort(pool)
    Z = _reduce(X[pool], seed)
    km = KMeans(n_clusters=n, n_init=3, random_state=seed).fit(Z)
    chosen: list[int] = []
    dist = km.transform(Z)  # (pool, n): distance of each statement to each centre
    for c in range(n):
        order = np.argsort(dist[:, c])
        chosen.append(next(int(pool[i]) for i in order if int(pool[i]) not in chosen))
    return np.sort(np.array(chosen))


def _reduce(X: np.ndarray, seed: int, dims: int = REDUCED_DIMS) -> np.ndarray:
    """The rows under a fixed Gaussian random projection to ``dims`` dimensions, which keeps
    distances up to a small distortion (Johnson-Lindenstrauss; for clustering, Dasgupta 2000):
    k-means in 3,072 dimensions takes about a minute on 2 busy cores, here well under a second."""
    if X.shape[1] <= dims:
        return X
    proj = np.random.default_rng(seed).normal(scale=1 / np.sqrt(dims), size=(X.shape[1], dims))
    return np.asarray(X, dtype=np.float64) @ proj


def margins(probs: np.ndarray) -> np.ndarray:
    """Top-1 minus top-2 probability per row: small = uncertain."""
    top = np.sort(probs, axis=1)
    return top[:, -1] - top[:, -2]


def pick_uncertain(X: np.ndarray, n: int, labelled: Sequence[int], labels: Sequence[str], seed: int = 0) -> np.ndarray:
    """``n`` diverse statements among the least certain for the head fitted on the labels so far."""
    from analysis.stance.fewshot import fit_head

    known = np.asarray(labelled, dtype=int)
    if len(set(labels)) < 2:
        return pick_diverse(X, n, known, seed)
    head = fit_head(X[known], list(labels), calibrate=False)
    pool = np.setdiff1d(np.arange(len(X)), known)
    m = margins(head.predict_proba(X[pool], calibrated=False))
    cand = pool[np.argsort(m)[: CANDIDATES_PER_PICK * n]]
    return pick_diverse(X, n, known, seed, candidates=cand)


def choose(X: np.ndarray, n: int, strategy: str, labelled: Sequence[int] = (), labels: Sequence[str] = (),
           seed: int = 0) -> np.ndarray:
    """Indices of the ``n`` pool rows to label next (never one in ``labelled``)."""
    if strategy not in STRATEGIES:
        raise InputError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    if n < 1:
        raise InputError(f"n must be at least 1, got {n}")
    if strategy == "random":
        return pick_random(len(X), n, labelled, seed)
    if strategy == "diversity":
        return pick_diverse(X, n, labelled, seed)
    return pick_uncertain(X, n, labelled, labels, seed)


# ---------------------------------------------------------------- the command

def _pool(inputs: Sequence[str | os.PathLike], encoding: str | None) -> pd.DataFrame:
    """Candidate statements: an article's attributed statements and narrator sentences, or a CSV's texts."""
    from analysis.article import read_article
    from analysis.attribution.statements import extract_statements

    frames = []
    for item in inputs:
        path = Path(item)
        if path.suffix.lower() == ".csv":
            try:
                df = pd.read_csv(path, dtype=str, keep_default_na=False)
            except (OSError, ValueError, UnicodeDecodeError) as e:
                raise InputError(f"{path}: not a readable CSV ({e})") from None
            col = next((c for c in ("text", "content", "sentence") if c in df.columns), None)
            if col is None:
                raise InputError(f"{path}: a CSV pool needs a text (or content / sentence) column, got {list(df.columns)}")
            frames.append(pd.DataFrame({"source": str(path), "statement_id": range(len(df)), "speaker": "",
                                        "actor": "", "text": df[col]}))
        else:
            st = extract_statements(read_article(path, encoding=encoding))
            frames.append(pd.DataFrame({"source": str(path), "statement_id": st["statement_id"],
                                        "speaker": st["speaker"], "actor": st["actor"], "text": st["content"]}))
    pool = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if pool.empty:
        raise InputError("no statements to choose from")
    pool = pool[pool["text"].str.strip().astype(bool)]
    return pool.drop_duplicates("text").reset_index(drop=True)


def suggest_labels(inputs: Sequence[str | os.PathLike], *, target: str, n: int = 30, strategy: str | None = None,
                   examples: Any = None, encoding: str | None = None, model: Any = None, seed: int = 0) -> pd.DataFrame:
    """The ``n`` statements to label next, with an empty ``stance`` column (see the module docstring)."""
    from analysis.stance.encoder import load_encoder
    from analysis.stance.fewshot import _norm_text, features, parse_examples

    if not isinstance(target, str) or not target.strip():
        raise InputError("suggest-labels needs a --target")
    pairs = parse_examples(examples) if examples is not None else ()
    strategy = strategy or ("uncertainty" if pairs else "diversity")
    pool = _pool(inputs, encoding)
    known = {_norm_text(t) for t, _ in pairs}
    pool = pool[~pool["text"].map(_norm_text).isin(known)].reset_index(drop=True)
    if pool.empty:
        raise InputError("every statement is labelled already")
    enc = load_encoder(model)
    texts = pool["text"].tolist() + [t for t, _ in pairs]
    X = features(enc, texts)
    labelled = list(range(len(pool), len(texts)))
    picked = choose(X, n, strategy, labelled, [s for _, s in pairs], seed)
    out = pool.iloc[picked].copy()
    out.insert(0, "target", target.strip())
    out["stance"] = ""
    out["strategy"] = strategy
    return out[["text", "stance", "target", "source", "statement_id", "speaker", "actor", "strategy"]].reset_index(drop=True)
