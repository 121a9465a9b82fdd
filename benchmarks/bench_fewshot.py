"""Few-shot stance (analysis.stance.fewshot) on GWSD dev and the seed. Prints numbers only.

Usage (from the repo root; needs the encoder: python -m analysis models fetch):

    .venv/bin/python -m benchmarks.bench_fewshot                        # every section
    .venv/bin/python -m benchmarks.bench_fewshot --sections gwsd,calib  # some
    .venv/bin/python -m benchmarks.bench_fewshot --sections speed --llm 20

Sections:
  gwsd    macro-F1 on ../shared/eval/gwsd-dev/gwsd_dev.csv (read at run time, never copied) with k
          random labelled sentences per class, scored on the rest, mean ± sd over --draws draws;
          the default head, then the levers tried (regularisation, class weights, self-training).
  calib   expected calibration error (15 bins, top label) before / after temperature scaling.
  speed   adaptation time for 48 examples and scoring statements/s (embedding cache off), beside
          the LLM backend's statements/s (--llm N measures it on N GWSD sentences; 0 quotes
          MEASUREMENTS.md).
  aux, llm, heldout  levers measured in fewshot_levers.py (public stance data retrieved by target
          similarity; the LLM's probabilities as features; cheap head levers on held-out sets).
  seed    the seed with its sidecar codebook against tests/gold/seed_stance.json: statements
          right, per-actor and per-speaker nets.
  llmfeat the shipped opt-in llm_features=True (analysis.stance.llm_features): GWSD at k = 8, 16,
          32 (same draws as gwsd) and the held-out HCQ tweets of fewshot_levers, and the seed
          section with it. (Active choice of labels, with and without it: bench_active.py.) The
          LLM's scores come through the score cache (the LLM runs only on texts it has not
          scored yet: slow, about 1 s each on free cores).
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from analysis.models.encoder import load_encoder
from analysis.schema import STANCES
from analysis.stance.evaluate import expected_calibration_error
from analysis.stance.fewshot import FEATURE_LAYERS, features, fit_head
from benchmarks.pools import GWSD, GWSD_TARGET, LABELS, ROOT, f1, heldout_sets, macro_f1, stratified


def evaluate(X: np.ndarray, y: np.ndarray, train: np.ndarray, **head_args) -> tuple[float, np.ndarray, np.ndarray]:
    """(macro-F1 on the rest, calibrated probs, uncalibrated probs) for a head fitted on ``train``."""
    rest = np.setdiff1d(np.arange(len(y)), train)
    head = fit_head(X[train], y[train].tolist(), **head_args)
    p = head.predict_proba(X[rest])
    return macro_f1(y[rest], LABELS[p.argmax(1)]), p, head.predict_proba(X[rest], calibrated=False)


def self_training(X, y, train, rounds=2, share=0.2, weight=0.5):
    """Lever: add the most confident pool predictions per class as down-weighted pseudo-labels."""
    from sklearn.linear_model import LogisticRegression

    rest = np.setdiff1d(np.arange(len(y)), train)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(X[train], y[train])
    for _ in range(rounds):
        p = model.predict_proba(X[rest])
        lab, conf = model.classes_[p.argmax(1)], p.max(1)
        n = int(share * len(rest) / 3)
        pick = np.concatenate([np.where(lab == c)[0][np.argsort(-conf[lab == c])][:n] for c in model.classes_])
        Xa, ya = np.vstack([X[train], X[rest][pick]]), np.concatenate([y[train], lab[pick]])
        w = np.concatenate([np.ones(len(train)), np.full(len(pick), weight)])
        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(Xa, ya, sample_weight=w)
    return macro_f1(y[rest], model.predict(X[rest]))


def row(name: str, scores: list[float]) -> str:
    return f"| {name} | {np.mean(scores):.3f} ± {np.std(scores):.3f} |"


def section_gwsd(X, y, draws: int, texts: list[str], ks=(4, 8, 16, 32)) -> None:
    print("\n## GWSD dev, random labels: macro-F1 mean ± sd over", draws, "draws (scored on the rest)\n")
    print(f"| k per class | default head (LR C=1, balanced, temperature; layers {FEATURE_LAYERS}) |")
    print("|---|---|")
    for k in ks:
        s = [evaluate(X, y, stratified(y, k, d))[0] for d in range(draws)]
        print(f"| {k} | {np.mean(s):.3f} ± {np.std(s):.3f} |", flush=True)
    print("\nLevers at k = 16 and 32 per class:\n\n| lever | k=16 | k=32 |\n|---|---|---|")
    final = load_encoder().encode(texts)  # the sentence embedding alone
    levers = {
        "default (C=1)": lambda tr: evaluate(X, y, tr)[0],
        "final-layer sentence embedding only (no middle layers)": lambda tr: evaluate(final, y, tr)[0],
        "C=10": lambda tr: evaluate(X, y, tr, C=10.0)[0],
        "C=0.3": lambda tr: evaluate(X, y, tr, C=0.3)[0],
        "self-training on the unlabelled rest (2 rounds, 20%, weight 0.5)": lambda tr: self_training(X, y, tr),
    }
    for name, fn in levers.items():
        cells = []
        for k in (16, 32):
            s = [fn(stratified(y, k, d)) for d in range(draws)]
            cells.append(f"{np.mean(s):.3f} ± {np.std(s):.3f}")
        print(f"| {name} | {cells[0]} | {cells[1]} |", flush=True)


def section_calib(X, y, draws: int) -> None:
    print("\n## Calibration (GWSD dev, ECE with 15 bins on the top label, mean over draws)\n")
    print("| k per class | ECE raw (T=1) | ECE temperature-scaled | mean T |")
    print("|---|---|---|---|")
    for k in (8, 16, 32):
        raw, cal, ts = [], [], []
        for d in range(draws):
            tr = stratified(y, k, d)
            rest = np.setdiff1d(np.arange(len(y)), tr)
            _, p, p_raw = evaluate(X, y, tr)
            idx = np.array([STANCES.index(v) for v in y[rest]])
            raw.append(expected_calibration_error(p_raw, idx))
            cal.append(expected_calibration_error(p, idx))
            ts.append(fit_head(X[tr], y[tr].tolist()).temperature)
        print(f"| {k} | {np.mean(raw):.3f} | {np.mean(cal):.3f} | {np.mean(ts):.2f} |", flush=True)


def section_speed(texts: list[str], y: np.ndarray, llm_n: int) -> None:
    enc = load_encoder()
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(texts))
    ex = idx[:48]
    t0 = time.perf_counter()
    Xe = enc.encode([texts[i] for i in ex], progress=False, cache=False, layers=FEATURE_LAYERS)
    head = fit_head(Xe, y[ex].tolist())
    adapt_s = time.perf_counter() - t0
    score = [texts[i] for i in idx[48:248]]
    t0 = time.perf_counter()
    head.predict_proba(enc.encode(score, progress=False, cache=False, layers=FEATURE_LAYERS))
    rate = len(score) / (time.perf_counter() - t0)
    print("\n## Speed (2 CPU cores, shared with other jobs; embedding cache off)\n")
    print(f"- adaptation, 48 examples (embed + fit + temperature): {adapt_s:.1f} s")
    print(f"- few-shot scoring: {rate:.1f} statements/s ({len(score)} GWSD sentences)")
    if llm_n:
        from analysis.stance.backends.llm import LLMBackend
        from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels

        be = LLMBackend()
        target = GWSD_TARGET
        sub = [texts[i] for i in idx[300:300 + llm_n]]
        t0 = time.perf_counter()
        be.stance(sub, target, resolve_labels(DEFAULT_LABELS, target))
        print(f"- zero-shot LLM backend, same machine and run: {llm_n / (time.perf_counter() - t0):.2f} statements/s")
    else:
        print("- zero-shot LLM backend: 1.47 statements/s (0.68 s per statement, MEASUREMENTS.md, not re-measured)")


def shipped_llm():
    """The LLMFeatures that score_stance(..., llm_features=True) builds: the default LLM's answer
    states for the default label definitions, through the embedding cache."""
    from analysis.stance.llm_features import default_llm_features
    from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels

    return default_llm_features(lambda target: resolve_labels(DEFAULT_LABELS, target))


def with_llm_features(llm, X: np.ndarray, V: np.ndarray, train: np.ndarray) -> np.ndarray:
    """The shipped head's features for one draw: the encoder's, then the LLM states standardised
    with the labelled rows' statistics (as adapt() does with the examples)."""
    return np.hstack([X, llm.transform(V, llm.fit_stats(V[train]))])


def section_seed(llm_features: bool = False) -> None:
    from analysis.article import read_article
    from analysis.attribution.statements import extract_statements
    from analysis.stance.evaluate import load_gold, match_gold, voice_nets
    from analysis.stance.scoring import score_stance

    article = read_article(ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt")
    scored = score_stance(extract_statements(article), article.target, examples=article.sidecar.stance_examples,
                          examples_dir=ROOT / "seeds", llm_features=llm_features)
    m = match_gold(scored, load_gold(ROOT / "tests" / "gold" / "seed_stance.json"))
    prov = scored.attrs["provenance"]
    print(f"\n## Seed with its codebook ({prov['examples']['n']} examples in the sidecar; {prov['mode']})\n")
    print(f"- gold statements right: {int(m['right'].sum())} of {len(m)}")
    for r in m.itertuples():
        print(f"  - {'ok ' if r.right else 'XX '} {r.speaker:14s} gold {r.gold:8s} got {r.predicted!s:8s} "
              f"net {r.net if r.net is None else round(r.net, 2)!s:6s} {r.content[:60]}")
    print("- net P(favor) - P(against) by actor:", ", ".join(f"{k} {v:+.2f}" for k, v in voice_nets(scored).items()))
    print("- by speaker:", ", ".join(f"{k} {v:+.2f}" for k, v in voice_nets(scored, "speaker").items()))
    if llm_features:  # the LLM alone on the same texts (cue verb and content), from the score cache
        from analysis.stance.examples import statement_text
        texts = [statement_text(c, q, k) for c, q, k in zip(scored["content"], scored["cue"], scored["kind"])]
        alone = scored.copy()
        probs = score_stance(texts, article.target, backend="llm")[["p_favor", "p_against", "p_neutral"]]
        alone[["p_favor", "p_against", "p_neutral"]] = probs.to_numpy()
        alone["stance"] = LABELS[alone[["p_favor", "p_against", "p_neutral"]].to_numpy().argmax(1)]
        m = match_gold(alone, load_gold(ROOT / "tests" / "gold" / "seed_stance.json"))
        print(f"- the LLM alone on the same texts: {int(m['right'].sum())} of {len(m)} right; by actor:",
              ", ".join(f"{k} {v:+.2f}" for k, v in voice_nets(alone).items()))


def section_llmfeat(texts: list[str], y: np.ndarray, draws: int) -> None:
    """The shipped llm_features recipe (the LLM's answer states, standardised with each draw's
    labelled rows, as adapt() does), the same draws and head as the gwsd section."""
    from analysis.stance.llm_features import SCALE, VERSION

    llm = shipped_llm()
    t0 = time.perf_counter()
    X, V = features(load_encoder(), texts, progress=False), llm.vectors(texts, GWSD_TARGET)
    spec = llm.spec()["llm"]
    print(f"\n## llm_features=True ({VERSION}): {spec['model']} ({spec['model_sha256'][:8]}, {spec['prompt_version']}), "
          f"scale {SCALE}; features of {len(texts)} GWSD sentences in {time.perf_counter() - t0:.0f} s\n")
    _with_and_without(llm, X, V, y, draws, stratified, lambda F, tr: evaluate(F, y, tr)[0])
    _llmfeat_heldout(llm, draws)
    section_seed(llm_features=True)


def _llmfeat_heldout(llm, draws: int) -> None:
    """The same on the held-out HCQ tweets of fewshot_levers (macro-F1 over the classes present)."""
    pick = draws
    for name, (target, texts, y, _) in heldout_sets().items():
        if "HCQ" not in name:
            continue  # the Trump tweets have no LLM states
        X, V = features(load_encoder(), texts, progress=False), llm.vectors(texts, target)
        print(f"\n{name}\n")

        def score(F: np.ndarray, tr: np.ndarray, y: np.ndarray = y) -> float:
            rest = np.setdiff1d(np.arange(len(y)), tr)
            return f1(y[rest], LABELS[fit_head(F[tr], y[tr].tolist()).predict_proba(F[rest]).argmax(1)])

        _with_and_without(llm, X, V, y, draws, pick, score)


def _with_and_without(llm, X: np.ndarray, V: np.ndarray, y: np.ndarray, draws: int, pick, score) -> None:
    """One table row per k: mean ± sd over ``draws`` of ``score(features, train rows)`` for the
    default head's features and for those plus the LLM features, on the same draws ``pick(y, k, d)``."""
    print("| k per class | default head | + LLM features |\n|---|---|---|")
    for k in (8, 16, 32):
        cells = []
        for shipped in (False, True):
            s = []
            for d in range(draws):
                tr = pick(y, k, d)
                s.append(score(with_llm_features(llm, X, V, tr) if shipped else X, tr))
            cells.append(f"{np.mean(s):.3f} ± {np.std(s):.3f}")
        print(f"| {k} | {cells[0]} | {cells[1]} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sections", default="gwsd,calib,speed,seed")
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--llm", type=int, default=0, help="measure the LLM backend on N sentences (0: quote)")
    args = ap.parse_args()
    sections = args.sections.split(",")
    if set(sections) & {"gwsd", "calib", "speed", "llmfeat"}:
        df = pd.read_csv(GWSD)
        texts, y = df["sentence"].tolist(), df["label"].to_numpy()
    if set(sections) & {"gwsd", "calib"}:
        X = features(load_encoder(), texts)  # from the embedding cache after the first run
    if "gwsd" in sections:
        section_gwsd(X, y, args.draws, texts)
    if "calib" in sections:
        section_calib(X, y, args.draws)
    if "speed" in sections:
        section_speed(texts, y, args.llm)
    if "seed" in sections:
        section_seed()
    if "llmfeat" in sections:
        section_llmfeat(texts, y, args.draws)
    if set(sections) & {"aux", "llm", "heldout"}:
        import fewshot_levers

        for name in ("aux", "llm", "heldout"):
            if name in sections:
                getattr(fewshot_levers, f"section_{name}")(args.draws)


if __name__ == "__main__":
    main()
