"""Public stance data as auxiliary examples, retrieved by the similarity of their targets.

Measurement code for bench_fewshot.py (section ``aux``), not part of the package: the lever did
not generalise beyond GWSD (MEASUREMENTS.md, "Few-shot stance"), so nothing ships.

A researcher's handful of labelled statements can be padded with labelled pairs from public
stance data sets whose target (a debate claim, a misinformation claim, a drug, a politician)
is close to the researcher's target: the pairs of the ``n_targets`` most similar targets (cosine
of the encoder's sentence embeddings) join the examples with a small weight. A retrieved
target may be the *opposite* of the researcher's ("climate change is exaggerated" for "climate
change is a serious concern"), which cosine similarity does not see; :func:`align` therefore
flips or drops each retrieved target's labels by how a head fitted on the researcher's own
examples reads them.

The data are read at run time from a directory laid out as ``../shared/stance-train/`` (see its
README for sources and licences: nothing of it is copied into the repository). The directory is
``$ANALYSIS_STANCE_TRAIN`` or the ``root`` argument; a missing one raises
:class:`~analysis.errors.InputError` naming both.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.schema import STANCES

ENV = "ANALYSIS_STANCE_TRAIN"
_VACCINE = {2: "favor", 3: "against", 0: "neutral", 1: "neutral"}
_COVID = {"FAVOR": "favor", "AGAINST": "against", "NONE": "neutral"}
_PSTANCE = {1: "favor", 0: "against"}
_PERSPECTRUM = {"SUPPORT": "favor", "UNDERMINE": "against"}


def stance_train_dir(root: str | os.PathLike | None = None) -> Path:
    """The public stance data directory: ``root``, else ``$ANALYSIS_STANCE_TRAIN``."""
    raw = root if root is not None else os.environ.get(ENV, "").strip()
    if not raw:
        raise InputError(f"auxiliary stance data needs a directory: pass root= or set ${ENV} "
                         "(a copy of the stance-train data sets; never shipped with the package)")
    path = Path(raw)
    if not path.is_dir():
        raise InputError(f"auxiliary stance data directory {path} does not exist (from root or ${ENV})")
    return path


def _perspectrum(root: Path) -> list[tuple[str, str, str, str]]:
    d = root / "perspectrum"
    if not (d / "perspectrum_with_answers_v1.0.json").is_file():
        return []
    pool = {p["pId"]: p["text"] for p in json.loads((d / "perspective_pool_v1.0.json").read_text())}
    rows = []
    for claim in json.loads((d / "perspectrum_with_answers_v1.0.json").read_text()):
        for cluster in claim["perspectives"]:
            label = _PERSPECTRUM.get(cluster.get("stance_label_3", ""))
            if label and cluster["pids"] and cluster["pids"][0] in pool:
                rows.append((claim["text"], pool[cluster["pids"][0]], label, "perspectrum"))
    return rows


def _csvs(root: Path) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    v = root / "vaccinelies" / "preprocessed.csv"
    if v.is_file():
        df = pd.read_csv(v)
        rows += [(t, x, _VACCINE[int(s)], "vaccinelies") for t, x, s in zip(df["target"], df["text"], df["label"])]
    for f in sorted((root / "covid19-stance").glob("hcq_train.csv")):
        df = pd.read_csv(f)
        rows += [("hydroxychloroquine as a COVID-19 treatment", x, _COVID[s], "covid19-stance")
                 for x, s in zip(df["text"], df["stance"]) if s in _COVID]
    for f in sorted((root / "pstance").glob("train_*.csv")):
        df = pd.read_csv(f)
        rows += [(t, x, _PSTANCE[int(s)], "pstance") for t, x, s in zip(df["target"], df["text"], df["label"])]
    return rows


@lru_cache(maxsize=2)
def _load(root: str) -> pd.DataFrame:
    rows = _perspectrum(Path(root)) + _csvs(Path(root))
    df = pd.DataFrame(rows, columns=["target", "text", "stance", "source"])
    df = df[df["text"].astype(str).str.strip().astype(bool)]
    return df.drop_duplicates(["target", "text"]).reset_index(drop=True)


def load_pool(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every labelled pair: columns ``target``, ``text``, ``stance`` (favor / against / neutral), ``source``."""
    df = _load(str(stance_train_dir(root)))
    if df.empty:
        raise InputError(f"no stance data found under {stance_train_dir(root)}")
    return df


def retrieve(encoder: Any, target: str, pool: pd.DataFrame, n_targets: int = 10, per_target: int = 40,
             seed: int = 0) -> pd.DataFrame:
    """The pairs of the ``n_targets`` pool targets most similar to ``target`` (at most
    ``per_target`` each, a fixed random sample), with their target's cosine ``sim``."""
    targets = sorted(pool["target"].unique())
    E = encoder.encode(targets + [target], progress=False)
    sims = E[:-1] @ E[-1]
    order = np.argsort(-sims)[:n_targets]
    parts = []
    for i in order:
        rows = pool[pool["target"] == targets[i]]
        if len(rows) > per_target:
            rows = rows.sample(per_target, random_state=seed)
        parts.append(rows.assign(sim=float(sims[i])))
    return pd.concat(parts, ignore_index=True)


def align(probs: np.ndarray, aux: pd.DataFrame, min_agreement: float = 0.0) -> pd.DataFrame:
    """Each retrieved target's pairs kept as they are, with favor / against swapped, or dropped:
    ``probs`` (rows of ``aux``, STANCES order) are a head's reading of the aux texts, fitted on the
    researcher's examples. Per target, score = mean of P(label) - P(swapped label) over the pairs
    labelled favor or against; above ``min_agreement`` keep, below ``-min_agreement`` swap, else drop."""
    fav, ag = STANCES.index("favor"), STANCES.index("against")
    swap = {"favor": "against", "against": "favor", "neutral": "neutral"}
    keep = []
    out = aux.copy()
    for _, idx in aux.groupby("target").groups.items():
        idx = np.asarray(idx)
        lab = aux.loc[idx, "stance"].to_numpy()
        polar = lab != "neutral"
        if not polar.any():
            keep.extend(idx)
            continue
        p = probs[idx][polar]
        sign = np.where(lab[polar] == "favor", 1.0, -1.0)
        score = float(np.mean(sign * (p[:, fav] - p[:, ag])))
        if score > min_agreement:
            keep.extend(idx)
        elif score < -min_agreement:
            out.loc[idx, "stance"] = [swap[s] for s in lab]
            keep.extend(idx)
    return out.loc[sorted(keep)].reset_index(drop=True)


def align_by_claim(claim_probs: dict[str, np.ndarray], aux: pd.DataFrame, min_margin: float = 0.0) -> pd.DataFrame:
    """Like :func:`align`, by how a head fitted on the researcher's examples reads each retrieved
    *target* itself as a statement (``claim_probs``: target -> probabilities in STANCES order): a
    target read as favor keeps its labels, one read as against has favor / against swapped, one
    whose P(favor) - P(against) is within ``min_margin`` of 0 is dropped."""
    fav, ag = STANCES.index("favor"), STANCES.index("against")
    swap = {"favor": "against", "against": "favor", "neutral": "neutral"}
    out, keep = aux.copy(), []
    for target, idx in aux.groupby("target").groups.items():
        p = claim_probs[str(target)]
        lean = float(p[fav] - p[ag])
        if lean > min_margin:
            keep.extend(idx)
        elif lean < -min_margin:
            out.loc[idx, "stance"] = [swap[s] for s in aux.loc[idx, "stance"]]
            keep.extend(idx)
    return out.loc[sorted(keep)].reset_index(drop=True)
