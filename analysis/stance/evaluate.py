"""Scored statements against hand-labelled stance: per-statement hits and per-voice nets.

Gold files (``tests/gold/seed_stance.json``) list statements by speaker, actor, content and a
stance label. A scored statement is matched to a gold one by word overlap of their contents
(Jaccard >= 0.5, best match first, same actor), the convention of
:mod:`analysis.attribution.evaluate` for attribution spans; a gold statement without a match
counts as wrong. The *net* of a voice is the mean of ``p_favor - p_against`` over its
attributed statements, the quantity the by-actor charts plot.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd

from analysis.errors import InputError

MIN_JACCARD = 0.5


def load_gold(path: str | os.PathLike) -> pd.DataFrame:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = data.get("statements") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise InputError(f"{path}: a gold stance file needs a non-empty 'statements' list")
    return pd.DataFrame(rows)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def jaccard(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(1, len(wa | wb))


def match_gold(scored: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One row per gold statement: its label, the matched prediction (or None) and ``right``."""
    out = []
    used: set[int] = set()
    for g in gold.itertuples():
        best, best_j = None, MIN_JACCARD
        for i, s in scored.iterrows():
            if i in used or str(s.get("actor", "")) != g.actor:
                continue
            j = jaccard(str(s["content"]), g.content)
            if j >= best_j:
                best, best_j = i, j
        pred = None if best is None else str(scored.loc[best, "stance"])
        if best is not None:
            used.add(best)
        net = None if best is None else float(scored.loc[best, "p_favor"] - scored.loc[best, "p_against"])
        out.append({"speaker": g.speaker, "actor": g.actor, "gold": g.stance, "predicted": pred, "net": net,
                    "right": pred == g.stance, "content": g.content[:70]})
    return pd.DataFrame(out)


def voice_nets(scored: pd.DataFrame, by: str = "actor") -> pd.Series:
    """Mean ``p_favor - p_against`` per actor (or speaker) over attributed (non-narrator) statements."""
    quoted = scored[scored["kind"] != "narrator"] if "kind" in scored.columns else scored
    quoted = quoted[quoted[by].astype(str).str.len() > 0]
    return (quoted["p_favor"] - quoted["p_against"]).groupby(quoted[by]).mean().sort_values()


def expected_calibration_error(probs, true_idx, bins: int = 15) -> float:
    """ECE of the top label (Guo et al. 2017): the bin-weighted gap between confidence and accuracy."""
    import numpy as np

    probs = np.asarray(probs, dtype=float)
    conf, pred = probs.max(1), probs.argmax(1)
    right = pred == np.asarray(true_idx)
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            ece += sel.mean() * abs(conf[sel].mean() - right[sel].mean())
    return float(ece)
