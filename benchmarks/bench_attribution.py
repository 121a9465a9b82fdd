"""Attribution quality and speed, optionally side by side with an older version of the package.

Usage:  .venv/bin/python benchmarks/bench_attribution.py [--eval-dir ../shared/eval/polnear-train]
                                                        [--baseline DIR] [--no-synthetic]

Prints precision / recall / F1 / quoted recall / speaker accuracy on the PolNeAR articles (read at
run time from ../shared, never copied) with the per-rule breakdown, statements per second on that
set, and the time for a synthetic article of 10,000 and 100,000 words to show that extraction is
linear in length. ``--baseline DIR`` names a directory holding another ``analysis`` package (for
example ``git worktree add /tmp/before HEAD``); its speed is measured in a subprocess in the same
run, alternating with the current code for ``--rounds`` rounds and keeping each one's fastest,
so the two numbers share the machine's load.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SPEED = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from analysis.article import parse_article
from analysis.attribution.statements import extract_statements
from analysis.attribution.parsing import load_parser
load_parser()
paths = sorted(Path(sys.argv[2]).glob("*.txt"))
texts = [(p, p.read_text(encoding="utf-8")) for p in paths]
extract_statements(parse_article(texts[0][1], path=texts[0][0]))  # warm-up
start = time.perf_counter()
rows = sum(len(extract_statements(parse_article(t, path=p))) for p, t in texts)
print(json.dumps({"statements": rows, "seconds": time.perf_counter() - start, "articles": len(texts)}))
"""


def synthetic_article(words: int) -> str:
    paragraph = ('"Prices will keep rising this winter," the economist said on Monday. Officials warned that '
                 "supply was short and urged households to save energy. Markets closed early on Friday.")
    per = len(paragraph.split())
    return "A long synthetic article\n\n" + "\n\n".join(paragraph for _ in range(words // per))


def speed(package_root: Path, eval_dir: Path) -> dict:
    """Statements per second of the ``analysis`` package under ``package_root`` (own process)."""
    out = subprocess.run([sys.executable, "-c", SPEED, str(package_root), str(eval_dir)],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["per_second"] = result["statements"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval" / "polnear-train"))
    parser.add_argument("--baseline", help="directory holding an older `analysis` package to time side by side")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the 10k / 100k word articles")
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds per version (best one is reported)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from analysis.article import parse_article
    from analysis.attribution.evaluate import evaluate_directory
    from analysis.attribution.parsing import load_parser
    from analysis.attribution.statements import extract_statements

    load_parser()  # model load is not part of the throughput
    eval_dir = Path(args.eval_dir)
    if eval_dir.exists():
        scores = evaluate_directory(eval_dir)
        print(f"PolNeAR ({scores.articles} articles, {eval_dir}):")
        for key, value in scores.summary().items():
            print(f"  {key:>28}: {value}")
        runs = ([("baseline", Path(args.baseline))] if args.baseline else []) + [("current", ROOT)]
        best: dict[str, dict] = {}
        for _ in range(args.rounds):  # alternate, keep each version's fastest round: load on a shared machine varies
            for name, root in runs:
                r = speed(root, eval_dir)
                if name not in best or r["seconds"] < best[name]["seconds"]:
                    best[name] = r
        for name, _ in runs:
            r = best[name]
            print(f"  speed {name:>8}: {r['statements']} statements in {r['seconds']:.1f} s → "
                  f"{r['per_second']:.1f} statements/s ({r['articles']} articles, spaCy en_core_web_sm, "
                  f"best of {args.rounds})")
    else:
        print(f"{eval_dir}: not found; skipping the PolNeAR evaluation")

    if args.no_synthetic:
        return
    for words in (10_000, 100_000):
        article = parse_article(synthetic_article(words))
        start = time.perf_counter()
        frame = extract_statements(article)
        elapsed = time.perf_counter() - start
        print(f"synthetic {words:>7,} words: {len(frame):>6} statements in {elapsed:6.1f} s "
              f"({words / elapsed:,.0f} words/s)")


if __name__ == "__main__":
    main()
