"""Frame scorers side by side on human frame labels: quality and statements per second.

Usage (from the repository root):

    .venv/bin/python -m benchmarks.bench_frames                      # ../shared/eval/frac/, all scorers
    .venv/bin/python -m benchmarks.bench_frames DATA --scorers encoder,head --speed-n 200
    .venv/bin/python -m benchmarks.bench_frames --sample 60             # a stratified sample of ~60 rows

Prints one row per scorer on the same rows of ``DATA`` (a CSV of ``text, frames``; see
``python -m analysis evaluate-frames``): accuracy of the top frame, macro-F1 over the gold
classes, the share of rows whose gold frame is among the present frames, the mean number of
present frames, and the most predicted top frames. Scorers:

* ``encoder``: the zero-shot prototypes (the default frame scorer);
* ``head``: a head adapted on the training folds (``--cv`` folds, default 5);
* ``llm``: the LLM backend's lettered choice among the 15 frames (scores come from the score
  cache when an earlier run filled it; a cold run of 523 sentences takes 6+ minutes on 2 cores).

Speed: ``--speed-n`` statements (default 100) are scored through ``score_frames`` with the
score and embedding caches off (``ANALYSIS_SCORE_CACHE=0``), so the model runs on every one;
the LLM gets ``--speed-n-llm`` (default 20), as it is slow. Both statements per wall second and
per CPU second of the process are printed: on shared cores the first understates what 2 idle
cores give (about 2x the second, both scorers using 2 threads). Data is read at run time and never
copied.

``--runtimes torch,onnx,torch-bf16`` (with the encoder scorer) also times the encoder on each
runtime side by side: ``--rounds`` alternating rounds of ``--speed-n`` statements each, the
best round of each kept, and the ratio printed. ``torch`` is the plain ``transformers`` model in
PyTorch eager mode, the obvious baseline. The quality rows run on the runtime that
``ANALYSIS_ENCODER_RUNTIME`` chooses, e.g. ``ANALYSIS_ENCODER_RUNTIME=torch-bf16 ... --scorers
encoder,head`` for bfloat16's accuracy.
"""
from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from analysis.frames.codebook import POLICY_FRAMES
from analysis.frames.evaluate import evaluate_scorer, format_scores, read_frame_labels, sample_labels

SCORERS = {"encoder": ("encoder", "prototypes"), "head": ("encoder", "head"), "llm": ("llm", "prototypes")}


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set (or, with None, leave alone) environment variables for the block, then restore them."""
    previous = {k: os.environ.get(k) for k in values}
    os.environ.update({k: v for k, v in values.items() if v is not None})
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def speed(scorer: str, texts: list[str], runtime: str | None = None) -> tuple[float, float]:
    """(statements per wall second, statements per CPU second of this process) of
    ``score_frames`` with every cache off (model load excluded). With other work on the cores
    the wall rate drops; the CPU rate, times the 2 cores, estimates the rate on idle cores."""
    from analysis.frames.scoring import score_frames

    backend = "encoder" if scorer in ("encoder", "head") else scorer
    with environment(ANALYSIS_SCORE_CACHE="0", ANALYSIS_ENCODER_RUNTIME=runtime):
        score_frames(texts[:2], backend=backend, cache=False)  # load the model outside the clock
        start, cpu = time.perf_counter(), time.process_time()
        score_frames(texts, backend=backend, cache=False)
        return len(texts) / (time.perf_counter() - start), len(texts) / (time.process_time() - cpu)


def runtimes_side_by_side(texts: list[str], runtimes: list[str], rounds: int) -> dict[str, tuple[float, float]]:
    """Best (statements per wall second, per CPU second) of ``rounds`` alternating rounds per runtime."""
    best: dict[str, tuple[float, float]] = {r: (0.0, 0.0) for r in runtimes}
    for _ in range(rounds):
        for runtime in runtimes:
            wall, cpu = speed("encoder", texts, runtime)
            best[runtime] = max(best[runtime], (wall, cpu))
    return best


def cosine_to_first(texts: list[str], runtimes: list[str]) -> dict[str, tuple[float, float]]:
    """(min, mean) cosine of each runtime's sentence vectors to the first runtime's, cache off."""
    from analysis.models.encoder import load_encoder

    vectors = {}
    for runtime in runtimes:
        with environment(ANALYSIS_ENCODER_RUNTIME=runtime):
            vectors[runtime] = load_encoder().encode(texts, progress=False, cache=False)
    first = vectors[runtimes[0]]
    return {r: (float((v * first).sum(1).min()), float((v * first).sum(1).mean())) for r, v in vectors.items()}


def speed_shared_embeddings(texts: list[str]) -> float:
    """Statements per wall second of the encoder frame scorer when the embeddings are already
    in the embedding cache (as after few-shot stance on the same texts); score cache off."""
    from analysis.frames.scoring import score_frames
    from analysis.models.encoder import load_encoder

    load_encoder().encode(texts, progress=False)
    score_frames(texts[:2], backend="encoder", cache=False)
    start = time.perf_counter()
    score_frames(texts, backend="encoder", cache=False)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="../shared/eval/frac/")
    parser.add_argument("--scorers", default="encoder,head,llm")
    parser.add_argument("--cv", type=int, default=5)
    parser.add_argument("--speed-n", type=int, default=100)
    parser.add_argument("--speed-n-llm", type=int, default=20)
    parser.add_argument("--details", action="store_true", help="per-class table and confusion of each scorer")
    parser.add_argument("--sample", type=int, default=0, help="a stratified sample of about N rows (0: all)")
    parser.add_argument("--threads", type=int, default=0,
                        help="threads for the encoder, on either runtime (0: the CPUs this process may use)")
    parser.add_argument("--runtimes", default="", help="e.g. torch,onnx,torch-bf16: time the encoder on each, side by side")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per runtime for --runtimes")
    args = parser.parse_args()
    if args.threads:
        import torch

        os.environ["OMP_NUM_THREADS"] = str(args.threads)  # read by ONNX Runtime's session (config.cpu_threads)
        torch.set_num_threads(args.threads)
    labels = sample_labels(read_frame_labels(args.data, POLICY_FRAMES), args.sample)
    rows = []
    for name in [s.strip() for s in args.scorers.split(",") if s.strip()]:
        scorer, method = SCORERS[name]
        scores = evaluate_scorer(labels, POLICY_FRAMES, scorer, method, args.cv if name != "llm" else 0)
        n_speed = args.speed_n_llm if name == "llm" else args.speed_n
        rate = speed(name, list(labels.texts[:n_speed])) if n_speed > 0 else (float("nan"), float("nan"))
        rows.append((name, scores, rate))
        if args.details:
            print(format_scores(name, scores), "\n")
    print(f"{len(labels.texts)} rows of {labels.source}")
    print(f"{'scorer':10} {'accuracy':>8} {'macro-F1':>8} {'gold present':>12} {'n present':>9} {'stmt/s':>7} "
          f"{'stmt/CPU-s':>10}  most predicted")
    for name, s, (rate, cpu_rate) in rows:
        present = s.present or {}
        top = ", ".join(f"{k} {v:.0%}" for k, v in s.predicted_share.head(3).items())
        print(f"{name:10} {s.accuracy:8.3f} {s.macro_f1:8.3f} {present.get('gold_present', float('nan')):12.3f} "
              f"{present.get('mean_present', float('nan')):9.2f} {rate:7.1f} {cpu_rate:10.1f}  {top}")
    if any(name == "encoder" for name, _, _ in rows):
        shared = speed_shared_embeddings(list(labels.texts))
        print(f"encoder frame scores with the embeddings already cached: {shared:.0f} statements/s")
    runtimes = [r.strip() for r in args.runtimes.split(",") if r.strip()]
    if runtimes:
        texts = list(labels.texts[:args.speed_n])
        best = runtimes_side_by_side(texts, runtimes, args.rounds)
        print(f"encoder frame scoring, every statement encoded ({len(texts)} statements, best of {args.rounds} "
              f"alternating rounds, {os.getloadavg()[0]:.1f} load average at the end):")
        cosines = cosine_to_first(texts, runtimes)
        for runtime, (wall, cpu) in best.items():
            print(f"  {runtime:10} {wall:6.1f} statements/s  {cpu:6.1f} per CPU-second  "
                  f"{wall / best[runtimes[0]][0]:.2f}x {runtimes[0]}  cosine to {runtimes[0]}'s vectors: "
                  f"min {cosines[runtime][0]:.5f}, mean {cosines[runtime][1]:.5f}")


if __name__ == "__main__":
    main()
