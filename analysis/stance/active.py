"""Which statements to label next: active learning for few-shot stance.

Four strategies choose ``n`` statements from a pool of unlabelled ones; ``auto``, the default,
picks one of them by the number of labels so far. The representative ones
read a *selection space*: the principal components (:data:`SELECTION_DIMS`) of the sentence
embedding, which ``suggest-labels`` takes from the final block of the few-shot features
(:func:`analysis.stance.fewshot.features`).

- ``auto`` (the default): ``typical`` until there are :data:`AUTO_SWITCH_PER_CLASS` labels per
  class seen on average (48 for three classes) and at least two classes, ``uncertainty`` from
  then on. Hacohen, Dekel & Weinshall (2022, "Active learning on a budget: opposite strategies
  suit high and low budgets") find typical examples best while labels are few and uncertain
  ones best once there are more; so do our three stance sets (MEASUREMENTS.md, "Active choice
  of labels").
- ``typical``: TypiClust (Hacohen et al. 2022). k-means with one cluster per label known so far
  plus one per new label; in each of the ``n`` largest clusters that hold no labelled statement
  yet, the most *typical* statement (the inverse of its mean distance to its nearest neighbours
  in the cluster). Needs no labels.
- ``diversity``: k-means with ``n`` clusters, the statement nearest each centre (representative
  sampling; cf. the cold-start strategies of Yuan et al. 2020).
- ``uncertainty``: the head adapted from the labels so far (:mod:`analysis.stance.fewshot`)
  scores the pool; among the ``4n`` statements with the smallest margin between the two most
  probable labels (margin sampling, Scheffer et al. 2001; Settles 2009), k-means picks ``n``
  spread-out ones, so a batch is not ``n`` near-copies (cf. Zhdanov 2019, diverse mini-batch
  active learning). Falls back to ``diversity`` while fewer than two labels are known.
- ``random``: uniform, the baseline.

:func:`suggest_labels` is ``python -m analysis suggest-labels``: it returns the chosen
statements with an empty ``stance`` column for a researcher to fill in (favor / against /
neutral, or ``skip``; a row left blank is an error naming its line, :mod:`analysis.stance.labels_file`);
``--examples`` reads the filled-in file back, and the next call leaves out the clusters the
labels already cover. ``news-stance label`` (:mod:`analysis.labelling`) does the same in a page.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.schema import STANCES

STRATEGIES = ("auto", "typical", "uncertainty", "diversity", "random")
DEFAULT_STRATEGY = "auto"
AUTO_SWITCH_PER_CLASS = 16  # auto: typical below this many labels per class seen (on average), then uncertainty
FIRST_ROUND = AUTO_SWITCH_PER_CLASS * len(STANCES)  # suggest-labels' default n: 16 for each of the three stances
CANDIDATES_PER_PICK = 4  # uncertainty: k-means picks n among the 4n least certain
SELECTION_DIMS = 64  # principal components of the selection space (chosen on three stance sets)
TYPICALITY_NEIGHBOURS = 20  # TypiClust's k nearest neighbours for a statement's typicality


def one_thread():
    """BLAS and OpenMP on one thread: sums in another order (more cores) change the last bits of the
    principal components and can flip a k-means tie, so the statements offered for labelling would
    depend on the machine. Selection is small work; one thread costs little."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


def pick_random(n_pool: int, n: int, exclude: Sequence[int] | np.ndarray = (), seed: int = 0) -> np.ndarray:
    free = np.setdiff1d(np.arange(n_pool), np.asarray(exclude, dtype=int))
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(free, size=min(n, len(free)), replace=False))


def pick_diverse(Z: np.ndarray, n: int, exclude: Sequence[int] | np.ndarray = (), seed: int = 0,
                 candidates: np.ndarray | None = None) -> np.ndarray:
    """Indices of ``n`` statements nearest the centres of ``n`` k-means clusters of the pool
    (``Z``: the selection space, :func:`principal_components`)."""
    from sklearn.cluster import KMeans

    pool = np.setdiff1d(np.arange(len(Z)) if candidates is None else candidates, np.asarray(exclude, dtype=int))
    if len(pool) <= n:
        return np.sort(pool)
    Z = Z[pool]
    with one_thread():
        km = KMeans(n_clusters=n, n_init=3, random_state=seed).fit(Z)
    chosen: list[int] = []
    dist = km.transform(Z)  # (pool, n): distance of each statement to each centre
    for c in range(n):
        order = np.argsort(dist[:, c])
        chosen.append(next(int(pool[i]) for i in order if int(pool[i]) not in chosen))
    return np.sort(np.array(chosen))


def principal_components(E: np.ndarray, dims: int = SELECTION_DIMS) -> np.ndarray:
    """The selection space: ``E`` (a sentence embedding per statement) on its first ``dims``
    principal components. Clustering there rather than in all 768 dimensions keeps the directions
    the pool varies along and drops the rest as noise; it also makes k-means fast (under a second
    for 2,000 statements)."""
    from sklearn.decomposition import PCA

    E = np.asarray(E, dtype=np.float64)
    dims = min(dims, E.shape[1], len(E))
    if dims == E.shape[1]:
        return E - E.mean(0)
    with one_thread():
        return PCA(dims, random_state=0).fit_transform(E - E.mean(0))


def pick_typical(Z: np.ndarray, n: int, labelled: Sequence[int] | np.ndarray = (), seed: int = 0,
                 neighbours: int = TYPICALITY_NEIGHBOURS) -> np.ndarray:
    """TypiClust: the most typical statement of each of the ``n`` largest clusters without a label.

    k-means splits the pool (``Z``, the selection space) into ``len(labelled) + n`` clusters; a
    statement's typicality is the inverse of its mean distance to its ``neighbours`` nearest
    statements in its cluster (Hacohen et al. 2022, section 3).
    """
    from sklearn.cluster import KMeans

    known = np.asarray(labelled, dtype=int)
    free = np.setdiff1d(np.arange(len(Z)), known)
    k = len(known) + n
    if len(free) <= n:
        return np.sort(free)
    with one_thread():
        cluster = KMeans(n_clusters=k, n_init=3, random_state=seed).fit(Z).labels_
    labels_in = np.bincount(cluster[known], minlength=k)
    sizes = np.bincount(cluster, minlength=k)
    # Clusters with a free statement, those holding fewest labels first, the largest first among
    # them (the reference implementation's order): the n largest without a label, unless identical
    # embeddings left clusters empty, when the least-labelled others fill in.
    order = sorted((c for c in range(k) if sizes[c] > labels_in[c]), key=lambda c: (labels_in[c], -sizes[c], c))
    chosen = [_most_typical(Z, np.setdiff1d(np.where(cluster == c)[0], known), neighbours) for c in order[:n]]
    if len(chosen) < n:  # fewer clusters with free statements than n: the rest at random
        chosen += pick_random(len(Z), n - len(chosen), np.concatenate([known, chosen]), seed).tolist()
    return np.sort(np.array(chosen, dtype=int))


def _most_typical(Z: np.ndarray, members: np.ndarray, neighbours: int) -> int:
    if len(members) <= 2:
        return int(members[0])
    from sklearn.neighbors import NearestNeighbors

    k = min(neighbours, len(members) - 1)
    dist, _ = NearestNeighbors(n_neighbors=k + 1).fit(Z[members]).kneighbors(Z[members])
    return int(members[np.argmin(dist[:, 1:].mean(1))])  # highest typicality = smallest mean distance


def margins(probs: np.ndarray) -> np.ndarray:
    """Top-1 minus top-2 probability per row: small = uncertain."""
    top = np.sort(probs, axis=1)
    return top[:, -1] - top[:, -2]


def pick_uncertain(X: np.ndarray, Z: np.ndarray, n: int, labelled: Sequence[int], labels: Sequence[str],
                   seed: int = 0) -> np.ndarray:
    """``n`` diverse statements (in ``Z``) among the least certain for the head fitted on the labels so far."""
    from analysis.stance.fewshot import fit_head

    known = np.asarray(labelled, dtype=int)
    if len(set(labels)) < 2:
        return pick_diverse(Z, n, known, seed)
    head = fit_head(X[known], list(labels), calibrate=False)
    pool = np.setdiff1d(np.arange(len(X)), known)
    m = margins(head.predict_proba(X[pool], calibrated=False))
    cand = pool[np.argsort(m)[: CANDIDATES_PER_PICK * n]]
    return pick_diverse(Z, n, known, seed, candidates=cand)


def resolve_strategy(strategy: str, labels: Sequence[str]) -> str:
    """The strategy ``auto`` stands for, given the labels so far; any other one unchanged."""
    if strategy not in STRATEGIES:
        raise InputError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    if strategy != "auto":
        return strategy
    seen = len(set(labels))
    return "uncertainty" if seen >= 2 and len(labels) >= AUTO_SWITCH_PER_CLASS * seen else "typical"


def choose(X: np.ndarray, n: int, strategy: str = DEFAULT_STRATEGY, labelled: Sequence[int] = (),
           labels: Sequence[str] = (), seed: int = 0, space: np.ndarray | None = None) -> np.ndarray:
    """Indices of the ``n`` pool rows to label next (never one in ``labelled``).

    ``X``: what the head reads (for ``uncertainty``); ``space``: a sentence embedding per row for
    the representative strategies, reduced by :func:`principal_components` (default: ``X``).
    """
    strategy = resolve_strategy(strategy, labels)
    if n < 1:
        raise InputError(f"n must be at least 1, got {n}")
    if strategy == "random":
        return pick_random(len(X), n, labelled, seed)
    Z = principal_components(X if space is None else space)
    if strategy == "typical":
        return pick_typical(Z, n, labelled, seed)
    if strategy == "diversity":
        return pick_diverse(Z, n, labelled, seed)
    return pick_uncertain(X, Z, n, labelled, labels, seed)


# ---------------------------------------------------------------- the command

def read_pool_csv(path: Path) -> tuple[pd.DataFrame, str]:
    """(the CSV as strings, its text column: ``text``, ``content`` or ``sentence``) of a pool
    of statements to choose from; InputError for an unreadable file or one without text."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not a readable CSV ({e})") from None
    col = next((c for c in ("text", "content", "sentence") if c in df.columns), None)
    if col is None:
        raise InputError(f"{path}: a CSV pool needs a text (or content / sentence) column, got {list(df.columns)}")
    return df, col


def _pool(inputs: Sequence[str | os.PathLike], encoding: str | None) -> pd.DataFrame:
    """Candidate statements: an article's attributed statements and narrator sentences, or a CSV's texts."""
    from analysis.article import read_article
    from analysis.attribution.statements import extract_statements

    frames = []
    for item in inputs:
        path = Path(item)
        if path.suffix.lower() == ".csv":
            df, col = read_pool_csv(path)
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


def suggest_labels(inputs: Sequence[str | os.PathLike], *, target: str, n: int = FIRST_ROUND,
                   strategy: str | None = None, examples: Any = None, encoding: str | None = None,
                   model: Any = None, seed: int = 0) -> pd.DataFrame:
    """The ``n`` statements to label next, with an empty ``stance`` column (see the module docstring)."""
    from analysis.languages import detect_language
    from analysis.models.encoder_choice import load_encoder_for
    from analysis.stance.examples import norm_text, parse_examples
    from analysis.stance.fewshot import features
    from analysis.stance.labels_file import check_target

    if not isinstance(target, str) or not target.strip():
        raise InputError("suggest-labels needs a --target")
    target = check_target(target)
    pairs = parse_examples(examples) if examples is not None else ()
    strategy = resolve_strategy(strategy or DEFAULT_STRATEGY, [s for _, s in pairs])
    pool = _pool(inputs, encoding)
    known = {norm_text(t) for t, _ in pairs}
    pool = pool[~pool["text"].map(norm_text).isin(known)].reset_index(drop=True)
    if pool.empty:
        raise InputError("every statement is labelled already")
    texts = pool["text"].tolist() + [t for t, _ in pairs]
    enc = load_encoder_for(model, sorted({detect_language(t) for t in texts}))  # Russian: the multilingual encoder
    X = features(enc, texts)
    labelled = list(range(len(pool), len(texts)))
    sentence_embedding = X[:, -enc.dim:]  # the final layer's block (features() ends with it)
    picked = choose(X, n, strategy, labelled, [s for _, s in pairs], seed, space=sentence_embedding)
    out = pool.iloc[picked].copy()
    out.insert(0, "target", target.strip())
    out["stance"] = ""
    out["strategy"] = strategy
    return out[["text", "stance", "target", "source", "statement_id", "speaker", "actor", "strategy"]].reset_index(drop=True)
