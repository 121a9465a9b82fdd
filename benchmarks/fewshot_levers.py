"""Levers for few-shot stance measured by bench_fewshot.py (sections aux, llm, heldout). Numbers only.

- aux: public stance pairs (../shared/stance-train, read at run time through fewshot_aux.py,
  never copied) whose target is most similar to the user's target, added to the examples.
- llm: the zero-shot LLM's stance probabilities as extra features, on the sentences whose LLM
  scores are in the score cache (score them first, e.g. score_stance(texts, target,
  backend="llm"); nothing is scored here); baseline on the same subset and draws.
- heldout: the default head and the cheap levers on two held-out stance sets (HCQ tweets of
  covid19-stance, Trump tweets of P-Stance: test splits, fixed random samples), to see whether
  a lever that helps GWSD generalises.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.models.encoder import load_encoder
from analysis.schema import STANCES
from analysis.stance.fewshot import features, fit_head
from benchmarks.fewshot_aux import align, align_by_claim, load_pool, retrieve
from benchmarks.pools import GWSD, GWSD_TARGET, LABELS, TRAIN, draws, f1, heldout_sets

LOGP_SCALE = 0.3  # the multiplier the first version of llm_features shipped


def plain(X: np.ndarray, y: np.ndarray, train: np.ndarray) -> float:
    """The default head (analysis.stance.fewshot.fit_head) fitted on ``train``, scored on the rest."""
    rest = np.setdiff1d(np.arange(len(y)), train)
    return f1(y[rest], LABELS[fit_head(X[train], y[train].tolist()).predict_proba(X[rest]).argmax(1)])


def cells(fn, y: np.ndarray, ks=(16, 32), n: int = 10) -> list[str]:
    out = []
    for k in ks:
        s = [fn(draws(y, k, d)) for d in range(n)]
        out.append(f"{np.nanmean(s):.3f} ± {np.nanstd(s):.3f}")
    return out


def fit_weighted(X, y, w, C=1.0):
    """The default head (balanced classes, temperature off) with per-example weights."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(X, y, sample_weight=w)


def aux_lever(X, y, train, Xa, aux, weight=0.3, do_align=True):
    """Lever: retrieved public stance pairs (aux, features Xa) added with total weight ``weight``
    relative to the examples; their polarity aligned per target by the examples' own head."""
    rest = np.setdiff1d(np.arange(len(y)), train)
    keep = np.arange(len(aux))
    if do_align == "claim":
        head = fit_head(X[train], y[train].tolist(), calibrate=False)
        claims = sorted(aux["target"].unique())
        Xc = features(load_encoder(), claims, progress=False)
        a = align_by_claim(dict(zip(claims, head.predict_proba(Xc))), aux.reset_index(drop=True).assign(row=keep))
        keep, labels = a["row"].to_numpy(), a["stance"].to_numpy()
    elif do_align:
        head = fit_head(X[train], y[train].tolist(), calibrate=False)
        a = align(head.predict_proba(Xa), aux.reset_index(drop=True).assign(row=keep))
        keep, labels = a["row"].to_numpy(), a["stance"].to_numpy()
    else:
        labels = aux["stance"].to_numpy()
    if len(keep) == 0:
        return plain(X, y, train)
    Xt = np.vstack([X[train], Xa[keep]])
    yt = np.concatenate([y[train], labels])
    w = np.concatenate([np.ones(len(train)), np.full(len(keep), weight * len(train) / len(keep))])
    return f1(y[rest], fit_weighted(Xt, yt, w).predict(X[rest]))


def cv_guard(X, y, train, Xa, aux, weight=0.3, folds=4):
    """Lever: use the retrieved pairs only where they raise the examples' own cross-validated
    macro-F1 (each fold's head with vs without the aux pairs, scored on the held-out examples)."""
    from sklearn.model_selection import StratifiedKFold

    Xt, yt = X[train], y[train]
    gain = 0.0
    for a, b in StratifiedKFold(folds, shuffle=True, random_state=0).split(Xt, yt):
        w = np.concatenate([np.ones(len(a)), np.full(len(aux), weight * len(a) / len(aux))])
        with_aux = fit_weighted(np.vstack([Xt[a], Xa]), np.concatenate([yt[a], aux["stance"].to_numpy()]), w)
        plain = fit_weighted(Xt[a], yt[a], np.ones(len(a)))
        gain += f1(yt[b], with_aux.predict(Xt[b])) - f1(yt[b], plain.predict(Xt[b]))
    if gain > 0:
        return aux_lever(X, y, train, Xa, aux, weight, False)
    rest = np.setdiff1d(np.arange(len(y)), train)
    return f1(y[rest], fit_weighted(Xt, yt, np.ones(len(train))).predict(X[rest]))


def cached_llm_probs(texts: list[str], target: str) -> np.ndarray:
    """The zero-shot LLM's stance probabilities from the score cache, NaN where not scored yet
    (score them with score_stance(texts, target, backend="llm"); nothing is computed here)."""
    from analysis.models.cache import ScoreCache, cache_key
    from analysis.stance.backends.llm import DEFAULT_STYLE, LLMBackend, resolve_model
    from analysis.stance.base import cache_identity
    from analysis.stance.scoring import backend_identity, check_labels, resolve_labels

    # score_stance(..., backend="llm") and score_stance(..., backend=LLMBackend()) key the cache by
    # the identity and by the instance's provenance: look under both (no model is loaded here)
    be = LLMBackend.__new__(LLMBackend)
    be.local, be.n_ctx, be.style, be.n_threads, be.reuse_prefix, be._calibration = (
        resolve_model(None), 2048, DEFAULT_STYLE, 1, True, {})
    labels = resolve_labels(check_labels(None), target)
    out = np.full((len(texts), 3), np.nan)
    with ScoreCache() as cache:
        for ident in (backend_identity("llm"), cache_identity(be.provenance())):
            keys = [cache_key("stance", ident, target, labels, t) for t in texts]
            found = cache.get_many(keys)
            for i, k in enumerate(keys):
                if k in found:
                    out[i] = found[k]["p"]
    return out


def log_prob_features(probs: np.ndarray, scale: float = LOGP_SCALE) -> np.ndarray:
    """(n, 3) features from (n, 3) probabilities: log (clipped at 1e-6), centred per row, times ``scale``."""
    lp = np.log(np.clip(np.asarray(probs, dtype=np.float64), 1e-6, 1.0))
    return scale * (lp - lp.mean(axis=1, keepdims=True))


def llm_concat(X, y, train, L, scale=1.0):
    """Lever: the LLM's log-probabilities (centred, times ``scale``) appended to the features, as
    the first version of analysis.stance.llm_features shipped it (at scale 0.3)."""
    return plain(np.hstack([X, log_prob_features(L, scale)]), y, train)


def llm_stack(X, y, train, L, folds=4):
    """Lever: product of experts, head logits + w * LLM log-probabilities, w (0..2) chosen by the
    examples' cross-validated log-loss (the head's logits of each fold from the other folds)."""
    from sklearn.model_selection import StratifiedKFold

    lp = np.log(np.clip(L, 1e-6, 1))
    Xt, yt = X[train], y[train]
    idx = np.array([STANCES.index(v) for v in yt])
    z = np.zeros((len(train), 3))
    for a, b in StratifiedKFold(folds, shuffle=True, random_state=0).split(Xt, yt):
        z[b] = np.log(np.clip(fit_head(Xt[a], yt[a].tolist(), calibrate=False).predict_proba(Xt[b], False), 1e-9, 1))
    grid = np.linspace(0, 2, 21)
    nll = [-np.mean(np.log(np.clip(_softmax(z + w * lp[train])[np.arange(len(idx)), idx], 1e-12, 1))) for w in grid]
    w = grid[int(np.argmin(nll))]
    rest = np.setdiff1d(np.arange(len(y)), train)
    zr = np.log(np.clip(fit_head(Xt, yt.tolist(), calibrate=False).predict_proba(X[rest], False), 1e-9, 1))
    return f1(y[rest], LABELS[(zr + w * lp[rest]).argmax(1)]), w


def _softmax(z):
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


# ---------------------------------------------------------------- sections

def section_aux(draws_n: int) -> None:
    enc = load_encoder()
    pool = load_pool(TRAIN)
    g = pd.read_csv(GWSD)
    X, y = features(enc, g["sentence"].tolist(), progress=False), g["label"].to_numpy()
    aux = retrieve(enc, GWSD_TARGET, pool, n_targets=5)
    Xa = features(enc, aux["text"].tolist(), progress=False)
    print(f"\n## Public stance data as auxiliary examples ({len(pool):,} pairs under {TRAIN.name}/)\n")
    print(f"Retrieved for {GWSD_TARGET!r} (cosine of final-layer embeddings of the targets):\n")
    for t, grp in aux.groupby("target", sort=False):
        print(f"- {grp['sim'].iloc[0]:.3f} {t} ({len(grp)} pairs: {grp['stance'].value_counts().to_dict()})")
    shuffled = aux.assign(stance=np.random.default_rng(1).permutation(aux["stance"].to_numpy()))
    persp = pool[pool["source"] == "perspectrum"]
    picked = np.random.default_rng(0).choice(persp["target"].unique(), 5, replace=False)
    rnd = persp[persp["target"].isin(picked)].groupby("target").head(12).reset_index(drop=True)
    Xr = features(enc, rnd["text"].tolist(), progress=False)
    hi = (aux["sim"] >= 0.6).to_numpy()
    rows = {
        "default head, no aux": lambda tr: plain(X, y, tr),
        "5 nearest targets, weight 0.3, labels as they are": lambda tr: aux_lever(X, y, tr, Xa, aux, 0.3, False),
        "5 nearest targets, weight 1, labels as they are": lambda tr: aux_lever(X, y, tr, Xa, aux, 1.0, False),
        "5 nearest, weight 1, polarity aligned by the head's reading of the pairs":
            lambda tr: aux_lever(X, y, tr, Xa, aux, 1.0, True),
        "5 nearest, weight 1, polarity aligned by the head's reading of the claim":
            lambda tr: aux_lever(X, y, tr, Xa, aux, 1.0, "claim"),
        "targets with cosine >= 0.6, weight 1":
            lambda tr: aux_lever(X, y, tr, Xa[hi], aux[hi].reset_index(drop=True), 1.0, False),
        "5 nearest, weight 0.3, only where the examples' 4-fold CV gains": lambda tr: cv_guard(X, y, tr, Xa, aux, 0.3),
        "control: 5 nearest, weight 1, labels shuffled": lambda tr: aux_lever(X, y, tr, Xa, shuffled, 1.0, False),
        "control: 5 random perspectrum targets, weight 1": lambda tr: aux_lever(X, y, tr, Xr, rnd, 1.0, False),
    }
    print(f"\nGWSD dev, same draws as the gwsd section (mean ± sd over {draws_n}):\n")
    print("| lever | k=16 | k=32 |\n|---|---|---|")
    for name, fn in rows.items():
        print(f"| {name} | " + " | ".join(cells(fn, y, n=draws_n)) + " |", flush=True)
    print("\nHeld-out sets (the aux pool without the set's own source):\n")
    print("| set | lever | k=16 | k=32 |\n|---|---|---|---|")
    for name, (target, texts, yh, source) in heldout_sets().items():
        _aux_heldout(enc, pool[pool["source"] != source], name, target, texts, yh, draws_n)


def _aux_heldout(enc, sub: pd.DataFrame, name: str, target: str, texts: list[str], yh: np.ndarray, draws_n: int) -> None:
    Xh = features(enc, texts, progress=False)
    ah = retrieve(enc, target, sub, n_targets=5)
    Xah = features(enc, ah["text"].tolist(), progress=False)
    near = (ah["sim"] >= 0.6).to_numpy()
    top = f"nearest {ah['sim'].max():.2f}"
    for lever, fn in {
        "default head, no aux": lambda tr: plain(Xh, yh, tr),
        f"5 nearest targets ({top}), weight 0.3": lambda tr: aux_lever(Xh, yh, tr, Xah, ah, 0.3, False),
        "5 nearest targets, weight 1": lambda tr: aux_lever(Xh, yh, tr, Xah, ah, 1.0, False),
        "5 nearest, weight 1, aligned by the pairs": lambda tr: aux_lever(Xh, yh, tr, Xah, ah, 1.0, True),
        f"cosine >= 0.6 ({int(near.sum())} pairs), weight 1": lambda tr: (
            aux_lever(Xh, yh, tr, Xah[near], ah[near].reset_index(drop=True), 1.0, False) if near.any()
            else plain(Xh, yh, tr)),
        "5 nearest, weight 0.3, CV-guarded": lambda tr: cv_guard(Xh, yh, tr, Xah, ah, 0.3),
    }.items():
        print(f"| {name} | {lever} | " + " | ".join(cells(fn, yh, n=draws_n)) + " |", flush=True)


def section_llm(draws_n: int) -> None:
    enc = load_encoder()
    g = pd.read_csv(GWSD)
    sets = {"GWSD dev": (GWSD_TARGET, g["sentence"].tolist(), g["label"].to_numpy())}
    sets.update({k: v[:3] for k, v in heldout_sets().items() if "HCQ" in k})
    print("\n## The zero-shot LLM's probabilities as extra features (sentences with cached LLM scores)\n")
    print("| set (scored subset) | lever | k=8 | k=16 | k=32 |\n|---|---|---|---|---|")
    for name, (target, texts, y) in sets.items():
        _llm_rows(enc, name, target, texts, y, draws_n)


def _llm_rows(enc, name: str, target: str, texts: list[str], y: np.ndarray, draws_n: int) -> None:
    L = cached_llm_probs(texts, target)
    ok = ~np.isnan(L[:, 0])
    if ok.sum() < 150:
        print(f"| {name} | only {int(ok.sum())} sentences scored; skipped | | | |")
        return
    X, ys, Ls = features(enc, [t for t, o in zip(texts, ok) if o], progress=False), y[ok], L[ok]
    counts = pd.Series(ys).value_counts()
    print(f"| {name} ({int(ok.sum())}: {counts.to_dict()}) | LLM alone (argmax) | {f1(ys, LABELS[Ls.argmax(1)]):.3f} | | |")
    ks = tuple(k for k in (8, 16, 32) if counts.min() > 2 * k)
    for lever, fn in {
        "default head": lambda tr: plain(X, ys, tr),
        "+ LLM log-probs (centred) x0.3 as features": lambda tr: llm_concat(X, ys, tr, Ls, 0.3),
        "+ LLM log-probs x1": lambda tr: llm_concat(X, ys, tr, Ls, 1.0),
        "+ LLM log-probs x3": lambda tr: llm_concat(X, ys, tr, Ls, 3.0),
        "head logits + w * LLM log-probs, w by the examples' CV": lambda tr: llm_stack(X, ys, tr, Ls)[0],
    }.items():
        c = cells(fn, ys, ks=ks, n=draws_n)
        print(f"| {name} | {lever} | " + " | ".join(c + [""] * (3 - len(c))) + " |", flush=True)


def section_heldout(draws_n: int) -> None:
    """Cheap head levers beside the default on GWSD and the held-out sets."""
    enc = load_encoder()
    g = pd.read_csv(GWSD)
    sets = {"GWSD dev": (GWSD_TARGET, g["sentence"].tolist(), g["label"].to_numpy())}
    sets.update({k: v[:3] for k, v in heldout_sets().items()})
    print("\n## Cheap head levers on GWSD and held-out sets (macro-F1 over the classes present)\n")
    print("| set | lever | k=16 | k=32 |\n|---|---|---|---|")
    for name, (target, texts, y) in sets.items():
        _heldout_rows(enc, name, target, texts, y, draws_n)


def _heldout_rows(enc, name: str, target: str, texts: list[str], y: np.ndarray, draws_n: int) -> None:
    X = features(enc, texts, progress=False)
    t = features(enc, [target], progress=False)[0]
    G = X * t
    G /= np.linalg.norm(G, axis=1, keepdims=True)
    for lever, fn in {
        "default head": lambda tr: plain(X, y, tr),
        "+ target-gated copy of the features (x * target, a=0.5)": lambda tr: plain(np.hstack([X, 0.5 * G]), y, tr),
        "one head per layer, probabilities averaged": lambda tr: layer_ensemble(X, y, tr),
    }.items():
        print(f"| {name} | {lever} | " + " | ".join(cells(fn, y, n=draws_n)) + " |", flush=True)


def layer_ensemble(X: np.ndarray, y: np.ndarray, train: np.ndarray, blocks: int = 4) -> float:
    rest, width = np.setdiff1d(np.arange(len(y)), train), X.shape[1] // blocks
    P = np.zeros((len(rest), 3))
    for b in range(blocks):
        cols = slice(b * width, (b + 1) * width)
        P += fit_head(X[train][:, cols], y[train].tolist(), calibrate=False).predict_proba(X[rest][:, cols], False)
    return f1(y[rest], LABELS[P.argmax(1)])
