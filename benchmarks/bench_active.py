"""Active choice of labels for few-shot stance (analysis.stance.active) against random choice.

Prints numbers only. Usage (from the repo root; needs the encoder and, for the "+ LLM features"
columns, the LLM: python -m analysis models fetch):

    .venv/bin/python -m benchmarks.bench_active                      # both sections
    .venv/bin/python -m benchmarks.bench_active --sections choice --draws 20

Three pools with gold stance, read at run time from ../shared (never copied): GWSD dev (1,850
news sentences), and the held-out HCQ tweets (450, three classes) and Trump tweets (400, favor /
against only) of fewshot_levers.py. For each, labels are chosen from the pool by a strategy,
their gold labels looked up, the default head fitted on them, and macro-F1 (over the classes
present) taken on the rest of the pool; mean ± sd over --draws draws (random seeds; for
k-means strategies the k-means seed). Budgets: 16 and 32 labels per class (48 and 96 with
three classes, 32 and 64 with two).

Sections:
  choice  every strategy at both budgets, scored by the default head and (GWSD, HCQ) by the head
          with llm_features=True. Strategies choose on the encoder's features as suggest-labels
          does (the LLM is never asked during the choice). "random k per class" needs the gold
          labels to draw, so no researcher can choose that way; it is the issue's reference.
  space   how the selection space was chosen: typical at 16 per class on the first 16 ... 96
          principal components of the sentence embedding, all 768 dimensions, and 32 / 64
          components of the head's full features (all four layers).
"""
from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.models.encoder import load_encoder
from analysis.stance.active import choose, pick_typical, principal_components
from analysis.stance.fewshot import features, fit_head
from benchmarks.bench_fewshot import shipped_llm, with_llm_features
from benchmarks.pools import GWSD, GWSD_TARGET, LABELS, f1, heldout_sets
from benchmarks.pools import draws as stratified

ROUND = 12  # labels per suggest-labels call in the "rounds" rows


class Pool:
    """One stance set: the head's features ``X``, the sentence embedding ``E`` (their final
    block), the LLM's states ``V`` (None where not measured) and the gold labels ``y``."""

    def __init__(self, name: str, X: np.ndarray, dim: int, y: np.ndarray, V: np.ndarray | None, llm) -> None:
        self.name, self.X, self.E, self.y, self.V, self.llm = name, X, X[:, -dim:], y, V, llm
        self.n_classes = len(set(y))
        self.heads = [False, True] if V is not None else [False]  # llm_features off / on

    def score(self, train: np.ndarray, llm_features: bool) -> float:
        """Macro-F1 on the rest of the pool for the default head fitted on ``train`` (no temperature:
        it does not move the argmax)."""
        F = with_llm_features(self.llm, self.X, self.V, train) if llm_features else self.X
        rest = np.setdiff1d(np.arange(len(self.y)), train)
        head = fit_head(F[train], self.y[train].tolist(), calibrate=False)
        return f1(self.y[rest], LABELS[head.predict_proba(F[rest], calibrated=False).argmax(1)])


def pools() -> list[Pool]:
    enc, llm = load_encoder(), shipped_llm()
    df = pd.read_csv(GWSD)
    texts, y = df["sentence"].tolist(), df["label"].to_numpy()
    out = [Pool("GWSD dev (1,850 news sentences)", features(enc, texts, progress=False), enc.dim, y,
                llm.vectors(texts, GWSD_TARGET), llm)]
    for name, (target, texts, y, _) in heldout_sets().items():
        V = llm.vectors(texts, target) if "HCQ" in name else None  # the Trump tweets have no LLM states
        out.append(Pool(name, features(enc, texts, progress=False), enc.dim, y, V, llm))
    return out


def in_rounds(pool: Pool, budget: int, strategy: str, seed: int, batch: int = ROUND,
              start: np.ndarray | None = None) -> np.ndarray:
    """Labels chosen ``batch`` at a time after ``start``, each call seeing the labels so far
    (suggest-labels with --examples); uncertainty's first call, without two labelled classes, is
    diversity. Returns the new ones."""
    first = np.array([], dtype=int) if start is None else start
    chosen = first
    while len(chosen) < budget:
        pick = choose(pool.X, min(batch, budget - len(chosen)), strategy, chosen, pool.y[chosen].tolist(),
                      seed=seed, space=pool.E)
        chosen = np.concatenate([chosen, pick])
    return chosen[len(first):]


def strategies(pool: Pool) -> dict[str, Callable[[int, int], np.ndarray]]:
    """name -> (labels per class, seed) -> the rows chosen."""
    c = pool.n_classes
    return {
        "random (i.i.d.)": lambda k, s: np.random.default_rng(s).choice(len(pool.y), k * c, replace=False),
        "random, k per class (needs the gold labels)": lambda k, s: stratified(pool.y, k, s),
        "diversity (one call)": lambda k, s: choose(pool.X, k * c, "diversity", seed=s, space=pool.E),
        f"uncertainty (rounds of {ROUND})": lambda k, s: in_rounds(pool, k * c, "uncertainty", s),
        f"typical (rounds of {ROUND})": lambda k, s: in_rounds(pool, k * c, "typical", s),
        "typical (one call)": lambda k, s: choose(pool.X, k * c, "typical", seed=s, space=pool.E),
        f"**auto** (one call of 16 per class, then rounds of {ROUND})": lambda k, s: auto(pool, k * c, s),
    }


def auto(pool: Pool, budget: int, seed: int) -> np.ndarray:
    """suggest-labels' default as the README advises: 16 per class in one call (typical), then
    rounds with the labels so far (auto: uncertainty from 16 per class on)."""
    chosen = choose(pool.X, min(budget, 16 * pool.n_classes), "auto", seed=seed, space=pool.E)
    return np.concatenate([chosen, in_rounds(pool, budget, "auto", seed, start=chosen)])


def scores(pool: Pool, picks: list[np.ndarray]) -> list[list[float]]:
    """Per head of ``pool`` (without, then with LLM features): the macro-F1 of each draw's rows."""
    return [[pool.score(train, h) for train in picks] for h in pool.heads]


def section_choice(all_pools: list[Pool], draws: int) -> None:
    for pool in all_pools:
        c = pool.n_classes
        print(f"\n## {pool.name}: macro-F1 on the rest of the pool, mean ± sd over {draws} draws\n")
        head = " | ".join(f"{k} per class ({k * c} labels){', + LLM features' if h else ''}"
                          for k in (16, 32) for h in pool.heads)
        print(f"| labels chosen by | {head} |\n|---|" + "---|" * (2 * len(pool.heads)))
        for name, fn in strategies(pool).items():
            cells = [f"{np.mean(s):.3f} ± {np.std(s):.3f}" for k in (16, 32)
                     for s in scores(pool, [fn(k, d) for d in range(draws)])]  # one choice per draw, every head
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


def section_space(all_pools: list[Pool], draws: int) -> None:
    print(f"\n## Selection space for typical at 16 per class (one call): macro-F1, mean over {draws} draws; "
          "the last column averages the row\n")
    spaces: dict[str, Callable[[Pool], np.ndarray]] = {
        **{f"sentence embedding, {d} principal components": lambda p, d=d: principal_components(p.E, d)
           for d in (16, 32, 48, 64, 96)},
        "sentence embedding, all 768 dimensions": lambda p: p.E - p.E.mean(0),
        **{f"all four layers' features, {d} principal components": lambda p, d=d: principal_components(p.X, d)
           for d in (32, 64)},
    }
    cols = [f"{p.name.split(' (')[0]}{' + LLM' if h else ''}" for p in all_pools for h in p.heads]
    print("| space | " + " | ".join(cols) + " | mean |\n|---|" + "---|" * (len(cols) + 1))
    for name, space in spaces.items():
        means = []
        for p in all_pools:
            Z = space(p)
            picks = [pick_typical(Z, 16 * p.n_classes, seed=d) for d in range(draws)]
            means += [float(np.mean(s)) for s in scores(p, picks)]
        print(f"| {name} | " + " | ".join(f"{m:.3f}" for m in means) + f" | {np.mean(means):.3f} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sections", default="choice,space")
    ap.add_argument("--draws", type=int, default=20)
    args = ap.parse_args()
    all_pools = pools()
    if "choice" in args.sections:
        section_choice(all_pools, args.draws)
    if "space" in args.sections:
        section_space(all_pools, args.draws)


if __name__ == "__main__":
    main()
