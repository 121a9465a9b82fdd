"""Quality and speed of the LLM stance backend (analysis.stance.backends.llm). Prints numbers only.

Usage (from the repo root; needs the model: python -m analysis models fetch):

    .venv/bin/python -m benchmarks.bench_llm_stance                 # all sections, 300-sentence GWSD subset
    .venv/bin/python -m benchmarks.bench_llm_stance --limit 0       # full GWSD dev set (1,850 sentences)
    .venv/bin/python -m benchmarks.bench_llm_stance --variants default --limit 0
    .venv/bin/python -m benchmarks.bench_llm_stance --sections seed,speed

Sections:
  seed   the seed article's attributed statements (analysis.extract_statements, non-narrator rows)
         against a careful reader's labels by actor: Kremlin and Roskomnadzor favor the blocking,
         WhatsApp and Telegram (Durov) are against it. Target "the blocking of WhatsApp in Russia".
  gwsd   macro-F1 on ../shared/eval/gwsd-dev/gwsd_dev.csv (GWSD, Luo et al. 2020; read at run time,
         never copied), target "Climate change is a serious concern.", one row per prompt variant,
         then the same scores after batch calibration over the whole set (analysis.stance.calibration).
         --limit N takes a label-stratified random subset (seed 0); 0 = all rows.
  speed  seconds per statement: plain loop (whole prompt per statement) vs prefix reuse; peak RSS.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import time
from collections import Counter
from pathlib import Path

import numpy as np

from analysis.schema import STANCES
from analysis.stance.backends.llm import LLMBackend, PromptStyle
from analysis.stance.calibration import balance
from analysis.stance.premises import statement_premise
from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels

ROOT = Path(__file__).resolve().parents[1]

GWSD = ROOT.parent / "shared" / "eval" / "gwsd-dev" / "gwsd_dev.csv"
GWSD_TARGET = "Climate change is a serious concern."
SEED = ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"
SEED_TARGET = "the blocking of WhatsApp in Russia"
SEED_GOLD = {"Kremlin": "favor", "Roskomnadzor": "favor", "WhatsApp": "against", "Telegram": "against"}

VARIANTS = {
    "chat plain": PromptStyle(form="chat", definitions=False, examples=False, calibrate=False),
    "chat +definitions": PromptStyle(form="chat", definitions=True, examples=False, calibrate=False),
    "chat +definitions +calibration": PromptStyle(form="chat", definitions=True, examples=False, calibrate=True),
    "code plain": PromptStyle(form="code", definitions=False, examples=False, calibrate=False),
    "code +calibration": PromptStyle(form="code", definitions=False, examples=False, calibrate=True),
    "code +definitions": PromptStyle(form="code", definitions=True, examples=False, calibrate=False),
    "code +definitions +calibration": PromptStyle(form="code", definitions=True, examples=False, calibrate=True),
    "code +definitions +examples": PromptStyle(form="code", definitions=True, examples=True, calibrate=False),
    "code +definitions +examples +calibration (default)": PromptStyle(),
    "code +support/oppose words, no definitions": PromptStyle(
        form="code", definitions=False, examples=False, calibrate=False, words=(("support",), ("oppose",), ("neutral",))),
}


def f1_per_label(truth: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """F1 of each label index 0..2 (0 where a label has no true positive)."""
    out = np.zeros(len(STANCES))
    for c in range(len(STANCES)):
        tp = np.sum((pred == c) & (truth == c))
        out[c] = 2 * tp / (np.sum(pred == c) + np.sum(truth == c)) if tp else 0.0
    return out


def macro_f1(gold: list[str], pred: list[str]) -> tuple[float, dict[str, float]]:
    per = f1_per_label(np.array([STANCES.index(g) for g in gold]), np.array([STANCES.index(p) for p in pred]))
    return float(per.mean()), dict(zip(STANCES, per.tolist()))


def seed_items() -> tuple[list[str], list[str], list[str]]:
    """(premises, gold labels, short row names) for the seed's attributed statements."""
    import analysis

    df = analysis.extract_statements(analysis.read_article(SEED))
    df = df[(df["kind"] != "narrator") & df["actor"].isin(list(SEED_GOLD))]
    premises = [statement_premise(r.content, r.speaker, r.actor, r.kind, r.cue) for r in df.itertuples()]
    names = [f"#{r.statement_id} {r.speaker or r.actor}" for r in df.itertuples()]
    return premises, [SEED_GOLD[a] for a in df["actor"]], names


def gwsd_items(limit: int) -> tuple[list[str], list[str]]:
    with open(GWSD, newline="", encoding="utf-8") as f:
        rows = [(r["sentence"], r["label"]) for r in csv.DictReader(f)]
    if limit and limit < len(rows):
        rng = random.Random(0)
        by = {c: [r for r in rows if r[1] == c] for c in STANCES}
        take = {c: round(limit * len(by[c]) / len(rows)) for c in STANCES}
        rows = [r for c in STANCES for r in rng.sample(by[c], take[c])]
    return [r[0] for r in rows], [r[1] for r in rows]


def run_variant(be: LLMBackend, style: PromptStyle, premises, target) -> tuple[np.ndarray, float]:
    be.style = style
    labels = resolve_labels(DEFAULT_LABELS, target)
    t = time.perf_counter()
    res = be.stance(premises, target, labels)
    return res.probs, (time.perf_counter() - t) / len(premises)


def section_seed(be, variants) -> None:
    premises, gold, names = seed_items()
    print(f"\n== seed: {len(premises)} attributed statements, target {SEED_TARGET!r}")
    for vname, style in variants.items():
        probs, _ = run_variant(be, style, premises, SEED_TARGET)
        pred = [STANCES[i] for i in probs.argmax(1)]
        acc = np.mean([p == g for p, g in zip(pred, gold)])
        print(f"\n-- {vname}: accuracy {acc:.2f} ({sum(p == g for p, g in zip(pred, gold))}/{len(gold)})")
        print(f"   {'row':28s} {'gold':8s} {'pred':8s}  p_favor p_against p_neutral")
        for n, g, p, pr in zip(names, gold, pred, probs):
            print(f"   {n[:28]:28s} {g:8s} {p:8s}  {pr[0]:7.3f} {pr[1]:9.3f} {pr[2]:9.3f}{'' if p == g else '  <-'}")


def uncalibrated(be: LLMBackend, probs: np.ndarray, target: str) -> np.ndarray:
    """The backend's probabilities before contextual calibration: p ~ q * p_content_free
    (p_content_free as recorded in the provenance, rounded to 6 decimals)."""
    if not be.style.calibrate:
        return probs
    entry, = [e for e in be.provenance()["runtime"]["calibration_factors"]
              if e["task"] == "stance" and e["target"] == target and e["prompt_version"] == be.style.version]
    raw = probs * np.asarray(entry["p_content_free"])
    return raw / raw.sum(axis=1, keepdims=True)


def best_bias_upper_bound(probs: np.ndarray, gold: list[str]) -> float:
    """Macro-F1 with per-label log-biases TUNED ON THE GOLD LABELS (grid, 49 x 49): not a method,
    the ceiling that any correction of label bias could reach with these scores."""
    lp = np.log(np.clip(probs, 1e-12, None))
    truth = np.array([STANCES.index(g) for g in gold])
    grid = np.linspace(-6, 6, 49)
    best = 0.0
    for b1 in grid:
        for b2 in grid:
            best = max(best, float(f1_per_label(truth, (lp + np.array([0.0, b1, b2])).argmax(1)).mean()))
    return best


def section_gwsd(be, variants, limit) -> None:
    if not GWSD.is_file():
        print(f"\n== gwsd: {GWSD} not found; skipped")
        return
    premises, gold = gwsd_items(limit)
    print(f"\n== gwsd: {len(premises)} sentences {dict(Counter(gold))}, target {GWSD_TARGET!r}")
    print(f"{'variant':58s} {'macroF1':>7s} {'acc':>5s} {'F1 fav':>6s} {'F1 ag':>6s} {'F1 neu':>6s}  "
          f"{'predicted fav/ag/neu':>21s} {'s/stmt':>6s}")
    uniform = np.full(3, 1 / 3)
    for vname, style in variants.items():
        probs, sec = run_variant(be, style, premises, GWSD_TARGET)
        raw = uncalibrated(be, probs, GWSD_TARGET)
        rows = [(vname, probs)]
        if style.calibrate:
            rows.append(("  scores before contextual calibration", raw))
        rows.append(("  batch calibration instead, one step (Zhou et al.)", balance(raw, uniform, max_iter=1)[0]))
        rows.append(("  batch calibration instead, fixed point (calibrate_to_batch)", balance(probs, uniform)[0]))
        for name, p in rows:
            pred = [STANCES[i] for i in p.argmax(1)]
            f1, per = macro_f1(gold, pred)
            acc = np.mean([a == g for a, g in zip(pred, gold)])
            c = Counter(pred)
            dist = "/".join(str(c[s]) for s in STANCES)
            print(f"{name[:58]:58s} {f1:7.3f} {acc:5.2f} {per['favor']:6.3f} {per['against']:6.3f} {per['neutral']:6.3f}  "
                  f"{dist:>21s} {sec:6.3f}", flush=True)
        print(f"{'  ceiling: label biases tuned on the gold labels':58s} {best_bias_upper_bound(probs, gold):7.3f}", flush=True)


def section_speed(be, n: int) -> None:
    premises, _ = gwsd_items(n) if GWSD.is_file() else (seed_items()[0], None)
    premises = premises[:n]
    labels = resolve_labels(DEFAULT_LABELS, GWSD_TARGET)
    be.style = PromptStyle()
    be.stance(premises[:2], GWSD_TARGET, labels)  # warm up and calibrate
    out = {}
    for reuse in (False, True):
        be.reuse_prefix = reuse
        t = time.perf_counter()
        be.stance(premises, GWSD_TARGET, labels)
        out[reuse] = (time.perf_counter() - t) / len(premises)
    be.reuse_prefix = True
    print(f"\n== speed: {len(premises)} statements, {be.n_threads} threads, default prompt")
    print(f"plain loop (whole prompt each time): {out[False]:.3f} s/statement")
    print(f"prefix reused:                       {out[True]:.3f} s/statement")
    print(f"speed-up: {out[False] / out[True]:.2f}x")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=300, help="GWSD stratified subset size (0 = all 1,850)")
    ap.add_argument("--variants", default="all", help="'all', 'default', or comma-separated variant names")
    ap.add_argument("--sections", default="seed,gwsd,speed")
    ap.add_argument("--speed-n", type=int, default=40)
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args()
    if args.variants == "all":
        variants = VARIANTS
    elif args.variants == "default":
        variants = {k: v for k, v in VARIANTS.items() if v == PromptStyle()}
    else:
        variants = {k: VARIANTS[k] for k in args.variants.split(",")}
    t = time.perf_counter()
    be = LLMBackend(n_threads=args.threads)
    print(f"model {be.local.path.name} sha256 {be.local.sha256[:12]}… loaded in {time.perf_counter() - t:.1f} s, "
          f"n_ctx {be.n_ctx}, {be.n_threads} threads")
    sections = args.sections.split(",")
    if "seed" in sections:
        section_seed(be, variants)
    if "gwsd" in sections:
        section_gwsd(be, variants, args.limit)
    if "speed" in sections:
        section_speed(be, args.speed_n)
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, "
          f"total {time.perf_counter() - t:.0f} s")


if __name__ == "__main__":
    main()
