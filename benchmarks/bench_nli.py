"""Speed and fidelity of the batched NLI backend against the transformers zero-shot pipeline.

Usage (from the repository root):

    .venv/bin/python -m benchmarks.bench_nli                 # MiniLM-sized random model, ~2 min on 2 cores
    .venv/bin/python -m benchmarks.bench_nli --size base     # BERT-base-sized random model (slower)
    .venv/bin/python -m benchmarks.bench_nli --model DIR     # a real NLI model directory (e.g. from
                                                             #   huggingface-cli download ... --local-dir DIR)
    .venv/bin/python -m benchmarks.bench_nli --n 400         # more GWSD sentences (default 100)

Prints, on the same inputs:
  1. pairs/second of NLIBackend (all pairs of all statements batched, sorted by length) and of a
     plain loop of ``pipeline("zero-shot-classification")`` calls (one per statement, same model,
     same single template, same hypotheses); their ratio (goal >= 3x);
  2. the largest absolute difference between the two paths' probabilities (goal <= 1e-4; every
     input is short enough that neither path windows or truncates it);
  3. the speed-up of a re-run served by the score cache (goal >= 20x);
  4. peak resident memory of the process (resource.getrusage).

No real NLI weights can be downloaded on the development machines, so by default the model is a
randomly initialised BERT of realistic size (MiniLM-L12-H384 or BERT-base shape) with a WordPiece
vocabulary trained on the inputs, saved to a temporary directory: its scores are meaningless,
its cost per token is that of a real model of that shape. Inputs: the seed article's sentences
(split on '. ') and, if present, sentences of ../shared/eval/gwsd-dev/gwsd_dev.csv, read at
run time and never copied.
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from analysis.models.cache import ScoreCache
from analysis.schema import STANCES
from analysis.stance.backends.nli import NLIBackend
from analysis.stance.scoring import DEFAULT_LABELS, resolve_labels, score_stance

ROOT = Path(__file__).resolve().parents[1]

SEED = ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"
GWSD = ROOT.parent / "shared" / "eval" / "gwsd-dev" / "gwsd_dev.csv"
TARGET = "the blocking of WhatsApp in Russia"
TEMPLATE = "The speaker {}."
SIZES = {  # (layers, hidden, heads, intermediate)
    "minilm": (12, 384, 12, 1536),
    "base": (12, 768, 12, 3072),
}


def load_inputs(n_gwsd: int) -> tuple[list[str], str]:
    seed = [s.strip() for line in SEED.read_text(encoding="utf-8").splitlines() for s in line.split(". ")]
    sentences = [s for s in seed if len(s.split()) >= 4]
    origin = f"{len(sentences)} seed-article sentences"
    if GWSD.is_file():
        with open(GWSD, newline="", encoding="utf-8") as f:
            rows = [r["sentence"].strip() for r in csv.DictReader(f) if r["sentence"].strip()]
        sentences += rows[:n_gwsd]
        origin += f" + {min(n_gwsd, len(rows))} GWSD dev sentences"
    else:
        origin += " (GWSD dev set not found, skipped)"
    return sentences, origin


def build_random_model(directory: Path, size: str, corpus: list[str]) -> Path:
    """A randomly initialised 3-way NLI BERT of the given shape with a WordPiece vocab from ``corpus``."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    extra = [t for t in (TEMPLATE, *DEFAULT_LABELS.values())]
    tok.train_from_iterator(corpus + extra, trainers.WordPieceTrainer(vocab_size=8000, special_tokens=special))
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    fast = BertTokenizerFast(tokenizer_object=tok, model_max_length=512, unk_token="[UNK]", pad_token="[PAD]",
                             cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    layers, hidden, heads, inter = SIZES[size]
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tok.get_vocab_size(), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=inter, max_position_embeddings=512,
                        id2label={0: "entailment", 1: "neutral", 2: "contradiction"},
                        label2id={"entailment": 0, "neutral": 1, "contradiction": 2})
    model = BertForSequenceClassification(config).eval()
    with torch.no_grad():
        model.classifier.weight.mul_(20.0)  # spread the random logits so probabilities differ visibly
    model.save_pretrained(directory)
    fast.save_pretrained(directory)
    return directory


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench_nli_"))
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", help="a local NLI model directory (default: build a random one)")
    ap.add_argument("--size", choices=sorted(SIZES), default="minilm", help="shape of the random model")
    ap.add_argument("--n", type=int, default=100, help="GWSD sentences to add to the seed sentences")
    ap.add_argument("--chunk", type=int, default=40, help="statements per timing chunk")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    import torch
    from transformers import pipeline
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    sentences, origin = load_inputs(args.n)
    if args.model:
        model_dir, what = Path(args.model), f"model directory {args.model}"
    else:
        model_dir = build_random_model(tmp / "model", args.size, sentences)
        layers, hidden, _, _ = SIZES[args.size]
        what = (f"RANDOMLY INITIALISED {args.size} BERT ({layers} layers, hidden {hidden}) built locally "
                f"(no real NLI weights are reachable here): speed is realistic, scores are not")
    print(f"model:   {what}")
    print(f"inputs:  {len(sentences)} statements ({origin}); torch {torch.__version__}, {torch.get_num_threads()} threads")

    labels = resolve_labels(DEFAULT_LABELS, TARGET)
    cands = [labels[k] for k in STANCES]
    be = NLIBackend(model_dir, batch_size=args.batch_size, templates=[TEMPLATE])
    assert (be.count_windows(sentences, [TEMPLATE.format(c) for c in cands]) == 1).all(), "an input needs windows"
    pipe = pipeline("zero-shot-classification", model=str(model_dir), device="cpu")
    be.stance(sentences[:4], TARGET, labels)  # warm-up both paths
    pipe(sentences[0], candidate_labels=cands, hypothesis_template=TEMPLATE)

    # Alternate the two paths over chunks of statements so that a change in machine load (other
    # processes on a shared machine) hits both alike; the batched path still batches a whole chunk.
    n_pairs = len(sentences) * len(cands)
    chunks = [sentences[i : i + args.chunk] for i in range(0, len(sentences), args.chunk)]
    load_before = os.getloadavg()[0]
    t_ours = t_pipe = 0.0
    probs, outs, ratios = [], [], []
    for k, chunk in enumerate(chunks):
        times = {}
        for path in (("ours", "pipe") if k % 2 == 0 else ("pipe", "ours")):
            t0 = time.perf_counter()
            if path == "ours":
                probs.append(be.stance(chunk, TARGET, labels).probs)
            else:
                outs += [pipe(s, candidate_labels=cands, hypothesis_template=TEMPLATE) for s in chunk]
            times[path] = time.perf_counter() - t0
        t_ours, t_pipe = t_ours + times["ours"], t_pipe + times["pipe"]
        ratios.append(times["pipe"] / times["ours"])
    ours = np.concatenate(probs)
    ref = np.array([[o["scores"][o["labels"].index(c)] for c in cands] for o in outs])
    diff = float(np.abs(ours - ref).max())
    print(f"\n1. throughput ({n_pairs} premise/hypothesis pairs, 1 template x 3 labels, {len(chunks)} chunks "
          f"of <= {args.chunk} statements, paths alternated; 1-min load average {load_before:.1f} -> {os.getloadavg()[0]:.1f})")
    print(f"   NLIBackend batched:        {n_pairs / t_ours:8.1f} pairs/s  ({t_ours:.2f} s)")
    print(f"   pipeline loop (per stmt):  {n_pairs / t_pipe:8.1f} pairs/s  ({t_pipe:.2f} s)")
    print(f"   ratio:                     {t_pipe / t_ours:8.2f}x   "
          f"(goal >= 3x; per chunk {min(ratios):.2f}x .. {max(ratios):.2f}x)")
    print(f"2. max |p_ours - p_pipeline| = {diff:.2e}   (goal <= 1e-4)")

    with ScoreCache(tmp / "scores.sqlite3") as cache:
        before = be.pairs_scored
        t0 = time.perf_counter()
        cold = score_stance(sentences, TARGET, backend=be, cache=cache)
        t_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        warm = score_stance(sentences, TARGET, backend=be, cache=cache)
        t_warm = time.perf_counter() - t0
    assert warm.attrs["score_cache"]["hits"] == len(sentences) and be.pairs_scored - before == n_pairs
    assert np.array_equal(cold["p_favor"].to_numpy(), warm["p_favor"].to_numpy())
    print(f"3. score_stance on the same inputs: cold {t_cold:.2f} s, cached re-run {t_warm * 1000:.1f} ms: "
          f"speed-up {t_cold / t_warm:.0f}x   (goal >= 20x)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"4. peak resident memory: {peak:.0f} MiB (whole process: torch, model, pipeline)")


if __name__ == "__main__":
    main()
