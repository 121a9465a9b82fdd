"""Few-shot stance with the zero-shot LLM's hidden state as features (a linear probe). Numbers only.

Issue 8 scratch benchmark. The LLM (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, analysis.stance.backends.llm)
reads the package's own zero-shot stance prompt (code form, label definitions, worked examples)
up to where the answer word would start; its final hidden state (after the output norm, 1536-d)
at that last token ("last") and averaged over the statement's tokens ("mean") are the features.
The prompt prefix is evaluated once into the KV cache, each statement as its own batch (as the
backend does), so a vector costs about one zero-shot LLM call.

Usage (from the repo root):

    .venv/bin/python -m benchmarks.fewshot_llm_probe --embed            # fill the vector cache (slow)
    .venv/bin/python -m benchmarks.fewshot_llm_probe                    # the tables (cache only)
    .venv/bin/python -m benchmarks.fewshot_llm_probe --pick             # the pick, paired with (b)

Vectors are cached in $PROBE_CACHE (default /tmp/llm_probe/), one npz per worker keyed by
sha1(target NUL text); an interrupted --embed loses at most 25 vectors. The tables use the same
draws as bench_fewshot (GWSD) and fewshot_levers (HCQ): k per class, scored on the rest; a
sentence without a cached vector is left out of every row alike (the header says how many).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.models.encoder import load_encoder
from analysis.stance.fewshot import features, fit_head
from benchmarks.fewshot_levers import cached_llm_probs, log_prob_features
from benchmarks.pools import GWSD, GWSD_TARGET, LABELS, draws, f1, heldout_sets, stratified

CACHE = Path(os.environ.get("PROBE_CACHE", "/tmp/llm_probe"))
KS = (16, 32)


def key(target: str, text: str) -> str:
    return hashlib.sha1(f"{target}\0{text}".encode()).hexdigest()


def load_sets() -> dict[str, tuple[str, list[str], np.ndarray]]:
    g = pd.read_csv(GWSD)
    out = {"GWSD dev": (GWSD_TARGET, g["sentence"].tolist(), g["label"].to_numpy())}
    out["HCQ"] = next(v[:3] for k, v in heldout_sets().items() if "HCQ" in k)
    return out


# ---------------------------------------------------------------- embedding

def embed_order(sets) -> list[tuple[str, str]]:
    """(target, text) in the order embedded: the training sentences of every draw first (GWSD,
    then HCQ), then HCQ's rest, then GWSD's rest in a fixed random order."""
    order: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(target, texts, idx):
        for i in idx:
            if (target, texts[i]) not in seen:
                seen.add((target, texts[i]))
                order.append((target, texts[i]))

    for target, texts, y in sets.values():
        add(target, texts, [i for k in KS for d in range(10) for i in draws(y, k, d)])
    for name in ("HCQ", "GWSD dev"):
        target, texts, _ = sets[name]
        add(target, texts, np.random.default_rng(0).permutation(len(texts)))
    return order


def embed(order: list[tuple[str, str]], worker: str, threads: int) -> None:
    import llama_cpp

    from analysis.models.fetching import resolve_model
    from analysis.stance.backends.llm import DEFAULT_STYLE, code_prefix, code_suffix
    from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels

    have = set(load_cache())
    todo = [(t, x) for t, x in order if key(t, x) not in have]
    print(f"{len(todo)} of {len(order)} to embed", flush=True)
    llm = llama_cpp.Llama(str(resolve_model(None).path), n_ctx=2048, n_batch=512, n_ubatch=512, n_threads=threads,
                          n_threads_batch=threads, embedding=True, pooling_type=llama_cpp.LLAMA_POOLING_TYPE_NONE,
                          verbose=False, seed=0)
    n = llm.n_embd()

    def tok(s: str) -> list[int]:
        return llm.tokenize(s.encode("utf-8"), add_bos=False, special=True)

    def run(tokens: list[int], n_past: int) -> np.ndarray:  # every token of the batch is an output
        llm._ctx.kv_cache_seq_rm(-1, n_past, -1)
        llm._batch.set_batch(batch=tokens, n_past=n_past, logits_all=True)
        llm._ctx.decode(llm._batch)
        return np.array([np.ctypeslib.as_array(llama_cpp.llama_get_embeddings_ith(llm._ctx.ctx, i), shape=(n,))
                         for i in range(len(tokens))])

    keys, last, mean, prefix = [], [], [], (None, 0)
    path = CACHE / f"vec_{worker}.npz"
    if path.is_file():
        with np.load(path) as z:
            keys, last, mean = list(z["keys"]), list(z["last"]), list(z["mean"])
    CACHE.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    for j, (target, text) in enumerate(todo):
        if key(target, text) in have:  # done by the other worker
            continue
        if prefix[0] != target:  # the package's zero-shot prompt up to the statement
            pre = tok(code_prefix(target, resolve_labels(DEFAULT_LABELS, target), DEFAULT_STYLE))
            run(pre, 0)
            prefix = (target, len(pre))
        suffix = tok(code_suffix(text))
        if prefix[1] + len(suffix) > 2048 - 8:  # never truncated: such a sentence needs windows, as the backend does
            raise SystemExit(f"a text of {len(suffix)} tokens does not fit the 2048-token context: {text[:80]!r}")
        E = run(suffix, prefix[1])
        keys.append(key(target, text))
        last.append(E[-1].astype(np.float32))
        mean.append(E.mean(0).astype(np.float32))
        if (j + 1) % 25 == 0:
            save(path, keys, last, mean)
            have = set(load_cache())
            print(f"{j + 1}/{len(todo)} {(time.perf_counter() - t0) / (j + 1):.2f} s each", flush=True)
    if keys:
        save(path, keys, last, mean)


def save(path: Path, keys, last, mean) -> None:
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, keys=np.array(keys), last=np.array(last), mean=np.array(mean))
    os.replace(tmp, path)


def load_cache() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for p in sorted(CACHE.glob("vec_*.npz")):
        if ".tmp" in p.name:
            continue
        with np.load(p) as z:
            out.update({k: (a, b) for k, a, b in zip(z["keys"], z["last"], z["mean"])})
    return out


# ---------------------------------------------------------------- probe

def unit(A: np.ndarray, ok: np.ndarray, how: str = "raw") -> np.ndarray:
    """L2-normalised rows; "centred": minus the mean over the set's sentences (unlabelled, as a
    user's statements are); "z": each dimension standardised over them first (the LLM's residual
    stream has a few huge, nearly constant dimensions that dominate the raw vectors)."""
    A = A.astype(np.float64)
    if how in ("centred", "z"):
        A = A - A[ok].mean(0)
    if how == "z":
        A = A / (A[ok].std(0) + 1e-6)
    return A / np.linalg.norm(A, axis=1, keepdims=True)


def score(F: np.ndarray, y: np.ndarray, tr: np.ndarray, ok: np.ndarray, C: float = 1.0) -> float:
    """The default head (fit_head: LR, balanced, temperature) on ``tr``, macro-F1 on the rest with a vector."""
    rest = np.setdiff1d(np.where(ok)[0], tr)
    head = fit_head(F[tr], y[tr].tolist(), C=C, calibrate=False)  # temperature: same argmax
    return f1(y[rest], LABELS[head.predict_proba(F[rest]).argmax(1)])


def configs(X, reps: dict[str, np.ndarray], LP) -> dict[str, tuple[np.ndarray, float]]:
    """name -> (features, C). X mpnet layers, reps the unit hidden states, LP log-prob features."""
    c = {"(a) default head (mpnet 6/8/10/12)": (X, 1.0),
         "(b) default + LLM log-probs x0.3": (np.hstack([X, LP]), 1.0)}
    for r, H in reps.items():
        for C in (0.1, 1.0, 10.0, 100.0):
            c[f"(c) hidden {r} alone, C={C:g}"] = (H, C)
    for r in ("last centred", "last z"):
        for s in (0.5, 1.0, 2.0):
            c[f"(d) mpnet + {s:g} x hidden {r}"] = (np.hstack([X, s * reps[r]]), 1.0)
            c[f"(e) mpnet + {s:g} x hidden {r} + log-probs"] = (np.hstack([X, s * reps[r], LP]), 1.0)
    return c


def table(draws_n: int, only: str | None) -> None:
    cache, enc = load_cache(), load_encoder()
    print(f"\n## LLM hidden state as few-shot features ({len(cache)} cached vectors)\n")
    for name, (target, texts, y) in load_sets().items():
        if only and only not in name:
            continue
        ok = np.array([key(target, t) in cache for t in texts])
        need = np.unique([i for k in KS for d in range(draws_n) for i in draws(y, k, d)])
        if not ok[need].all():
            print(f"{name}: {int((~ok[need]).sum())} training sentences lack a vector; skipped")
            continue
        one = np.ones(1536, np.float32)
        last = np.array([cache.get(key(target, t), (one, one))[0] for t in texts])
        mean = np.array([cache.get(key(target, t), (one, one))[1] for t in texts])
        reps = {f"{p} {how}": unit(A, ok, how) for p, A in (("last", last), ("mean", mean))
                for how in ("raw", "centred", "z") if (p, how) != ("mean", "raw")}
        X = features(enc, texts, progress=False)
        L = cached_llm_probs(texts, target)
        ok &= ~np.isnan(L[:, 0])
        LP = log_prob_features(np.nan_to_num(L, nan=1 / 3), 0.3)
        print(f"\n{name}: scored on {int(ok.sum())} of {len(texts)} sentences (those with a vector), "
              f"{draws_n} draws\n")
        print("| features | " + " | ".join(f"k={k}" for k in KS) + " |\n|---|" + "---|" * len(KS))
        for cname, (F, C) in configs(X, reps, LP).items():
            cells = []
            for k in KS:
                s = [score(F, y, (stratified if name == "GWSD dev" else draws)(y, k, d), ok, C) for d in range(draws_n)]
                cells.append(f"{np.mean(s):.3f} ± {np.std(s):.3f}")
            print(f"| {cname} | " + " | ".join(cells) + " |", flush=True)


def pick(draws_n: int) -> None:
    """The configuration picked on GWSD, mpnet + 0.5 x hidden (last token, z-scored), paired with (b)
    per draw; and the same with the z-scoring statistics from the k labelled examples only
    (no dependence on which other statements are scored)."""
    cache, enc = load_cache(), load_encoder()
    print("\n## Picked on GWSD: mpnet + 0.5 x hidden last z (C=1), paired with (b) over the same draws\n")
    print("| set | k | (b) | picked | picked - (b): mean, draws > 0 | picked, z-stats from the examples |")
    print("|---|---|---|---|---|---|")
    for name, (target, texts, y) in load_sets().items():
        last = np.array([cache[key(target, t)][0] for t in texts]).astype(np.float64)
        ok = np.ones(len(texts), bool)
        X = features(enc, texts, progress=False)
        XL = np.hstack([X, log_prob_features(cached_llm_probs(texts, target), 0.3)])
        F = np.hstack([X, 0.5 * unit(last, ok, "z")])
        for k in KS:
            b, p, e = [], [], []
            for d in range(draws_n):
                tr = (stratified if name == "GWSD dev" else draws)(y, k, d)
                b.append(score(XL, y, tr, ok))
                p.append(score(F, y, tr, ok))
                Z = (last - last[tr].mean(0)) / (last[tr].std(0) + 1e-6)
                e.append(score(np.hstack([X, 0.5 * Z / np.linalg.norm(Z, axis=1, keepdims=True)]), y, tr, ok))
            dd = np.array(p) - np.array(b)
            print(f"| {name} | {k} | {np.mean(b):.3f} | {np.mean(p):.3f} ± {np.std(p):.3f} | {dd.mean():+.3f}, "
                  f"{int((dd > 0).sum())}/{draws_n} | {np.mean(e):.3f} ± {np.std(e):.3f} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embed", action="store_true", help="fill the vector cache (about one LLM call per text)")
    ap.add_argument("--reverse", action="store_true", help="embed in reverse order (a second worker)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--only", default=None, help="GWSD or HCQ")
    ap.add_argument("--pick", action="store_true", help="only the picked configuration, paired with (b)")
    args = ap.parse_args()
    if args.embed:
        order = embed_order(load_sets())
        embed(order[::-1] if args.reverse else order, "rev" if args.reverse else "fwd", args.threads)
    elif args.pick:
        pick(args.draws)
    else:
        table(args.draws, args.only)


if __name__ == "__main__":
    main()
