"""Attribution quality and speed.

Usage:  .venv/bin/python benchmarks/bench_attribution.py [--eval-dir ../shared/eval/polnear-train]

Prints precision / recall / F1 / quoted recall / speaker accuracy on the PolNeAR articles (read at
run time from ../shared, never copied), statements per second on that set, and the time for a
synthetic article of 10,000 and 100,000 words to show that extraction is linear in length.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from analysis.article import parse_article
from analysis.attribution.evaluate import evaluate_directory
from analysis.attribution.parsing import load_parser
from analysis.attribution.statements import extract_statements

ROOT = Path(__file__).resolve().parents[1]


def synthetic_article(words: int) -> str:
    paragraph = ('"Prices will keep rising this winter," the economist said on Monday. Officials warned that '
                 "supply was short and urged households to save energy. Markets closed early on Friday.")
    per = len(paragraph.split())
    return "A long synthetic article\n\n" + "\n\n".join(paragraph for _ in range(words // per))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval" / "polnear-train"))
    args = parser.parse_args()
    load_parser()  # model load is not part of the throughput

    eval_dir = Path(args.eval_dir)
    if eval_dir.exists():
        start = time.perf_counter()
        scores = evaluate_directory(eval_dir)
        elapsed = time.perf_counter() - start
        print(f"PolNeAR ({scores.articles} articles, {eval_dir}):")
        for key, value in scores.summary().items():
            print(f"  {key:>18}: {value}")
        statements = sum(1 for _ in eval_dir.glob("*.txt"))
        paths = sorted(eval_dir.glob("*.txt"))
        total = sum(len(extract_statements(parse_article(p.read_text(encoding="utf-8"), path=p))) for p in paths)
        print(f"  statements (all kinds): {total} in {elapsed:.1f} s → {total / elapsed:.1f} statements/s "
              f"({statements} articles, 2-core machine, spaCy en_core_web_sm)")
    else:
        print(f"{eval_dir}: not found; skipping the PolNeAR evaluation")

    for words in (10_000, 100_000):
        article = parse_article(synthetic_article(words))
        start = time.perf_counter()
        frame = extract_statements(article)
        elapsed = time.perf_counter() - start
        print(f"synthetic {words:>7,} words: {len(frame):>6} statements in {elapsed:6.1f} s "
              f"({words / elapsed:,.0f} words/s)")


if __name__ == "__main__":
    main()
