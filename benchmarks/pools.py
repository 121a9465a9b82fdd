"""The labelled pools the few-shot benchmarks share, read at run time from ../shared (never
copied), and the random draws and scores every benchmark uses the same way."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.schema import STANCES

ROOT = Path(__file__).resolve().parents[1]
GWSD = ROOT.parent / "shared" / "eval" / "gwsd-dev" / "gwsd_dev.csv"
GWSD_TARGET = "Climate change is a serious concern."
TRAIN = ROOT.parent / "shared" / "stance-train"
HCQ_TARGET = "Hydroxychloroquine is an effective treatment for COVID-19."
LABELS = np.array(STANCES)


def stratified(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """k random indices of each of the three stances."""
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.choice(np.where(y == c)[0], k, replace=False) for c in STANCES])


def draws(y: np.ndarray, k: int, seed: int) -> np.ndarray:
    """k per class of the classes present (for GWSD the same draws as :func:`stratified`)."""
    if set(y) == set(STANCES):
        return stratified(y, k, seed)
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.choice(np.where(y == c)[0], k, replace=False) for c in sorted(set(y))])


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Macro-F1 over the three stances."""
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, labels=list(STANCES), average="macro", zero_division=0))


def f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Macro-F1 over the classes present in the gold labels."""
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, labels=sorted(set(y_true)), average="macro", zero_division=0))


def heldout_sets() -> dict[str, tuple[str, list[str], np.ndarray, str]]:
    """name -> (target, texts, gold labels, source to leave out of the aux pool)."""
    c = pd.read_csv(TRAIN / "covid19-stance" / "hcq_test.csv").sample(450, random_state=0)
    p = pd.read_csv(TRAIN / "pstance" / "test_trump.csv").sample(400, random_state=0)
    return {
        "covid19-stance HCQ (450 tweets)": (HCQ_TARGET, c["text"].tolist(), c["stance"].map(
            {"FAVOR": "favor", "AGAINST": "against", "NONE": "neutral"}).to_numpy(), "covid19-stance"),
        "P-Stance Trump (400 tweets, no neutral)": ("Donald Trump", p["text"].tolist(),
                                                     p["label"].map({1: "favor", 0: "against"}).to_numpy(), "pstance"),
    }
