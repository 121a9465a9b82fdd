"""Attribution quality and speed, optionally side by side with an older version of the package.

Usage:  .venv/bin/python -m benchmarks.bench_attribution [--eval-dir ../shared/eval/polnear-train]
                                                         [--baseline DIR] [--no-synthetic]
                                                         [--speaker-gold tests/gold/pronoun_speakers.json]

Prints precision / recall / F1 / quoted recall / speaker accuracy on the PolNeAR articles (read at
run time from ../shared, never copied) with the per-rule breakdown, the resolved-name accuracy of
pronoun and role speakers on ``tests/gold/pronoun_speakers.json`` (the resolved speaker is the
person the text means; :func:`analysis.attribution.evaluate.resolved_name_accuracy`), statements per second on that
set, and the time for a synthetic article of 10,000 and 100,000 words to show that extraction is
linear in length. ``--baseline DIR`` names a directory holding another ``analysis`` package (for
example ``git worktree add /tmp/before HEAD``); both versions run in their own processes in the
same run, article by article in alternation, each article's fastest of ``--rounds`` tries kept,
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

WORKER = """
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
print(len(texts), flush=True)
for line in sys.stdin:
    path, text = texts[int(line)]
    start = time.perf_counter()
    rows = len(extract_statements(parse_article(text, path=path)))
    print(json.dumps({"statements": rows, "seconds": time.perf_counter() - start}), flush=True)
"""


class Worker:
    """One version of the package in its own process, extracting one article per request."""

    def __init__(self, package_root: Path, eval_dir: Path):
        self.process = subprocess.Popen([sys.executable, "-c", WORKER, str(package_root), str(eval_dir)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.articles = int(self.process.stdout.readline())

    def run(self, index: int) -> dict:
        self.process.stdin.write(f"{index}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def side_by_side(runs: list[tuple[str, Path]], eval_dir: Path, rounds: int) -> dict[str, dict]:
    """Statements per second of each version, article by article in alternation (the order flips
    every article), keeping each article's fastest of ``rounds`` tries: a shared machine's load
    then weighs on both versions alike."""
    workers = {name: Worker(root, eval_dir) for name, root in runs}
    best: dict[str, dict[int, dict]] = {name: {} for name in workers}
    try:
        for _ in range(rounds):
            for i in range(next(iter(workers.values())).articles):
                order = list(workers) if i % 2 == 0 else list(reversed(workers))
                for name in order:
                    r = workers[name].run(i)
                    if i not in best[name] or r["seconds"] < best[name][i]["seconds"]:
                        best[name][i] = r
    finally:
        for worker in workers.values():
            worker.close()
    result = {}
    for name, per_article in best.items():
        seconds = sum(r["seconds"] for r in per_article.values())
        statements = sum(r["statements"] for r in per_article.values())
        result[name] = {"statements": statements, "seconds": seconds, "articles": len(per_article),
                        "per_second": statements / seconds}
    return result


def synthetic_article(words: int) -> str:
    paragraph = ('"Prices will keep rising this winter," the economist said on Monday. Officials warned that '
                 "supply was short and urged households to save energy. Markets closed early on Friday.")
    per = len(paragraph.split())
    return "A long synthetic article\n\n" + "\n\n".join(paragraph for _ in range(words // per))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval" / "polnear-train"))
    parser.add_argument("--baseline", help="directory holding an older `analysis` package to time side by side")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the 10k / 100k word articles")
    parser.add_argument("--rounds", type=int, default=3, help="tries per article and version (the fastest counts)")
    parser.add_argument("--speaker-gold", default=str(ROOT / "tests" / "gold" / "pronoun_speakers.json"),
                        help="pronoun / role speakers with their referents, over the --eval-dir articles")
    args = parser.parse_args()
    from analysis.article import parse_article
    from analysis.attribution.evaluate import evaluate_directory, resolved_name_accuracy
    from analysis.attribution.parsing import load_parser
    from analysis.attribution.statements import extract_statements

    load_parser()  # model load is not part of the throughput
    eval_dir = Path(args.eval_dir)
    if eval_dir.exists():
        scores = evaluate_directory(eval_dir)
        print(f"PolNeAR ({scores.articles} articles, {eval_dir}):")
        for key, value in scores.summary().items():
            print(f"  {key:>28}: {value}")
        if Path(args.speaker_gold).exists():
            names = resolved_name_accuracy(eval_dir, args.speaker_gold).summary()
            print(f"  {'resolved-name accuracy':>28}: {names['accuracy']:.3f} ({names['correct']}/{names['found']} "
                  f"pronoun / role speakers found of {names['gold']}; {names['unresolved']} left unresolved, "
                  f"{names['wrong']} wrong)")
        runs = ([("baseline", Path(args.baseline))] if args.baseline else []) + [("current", ROOT)]
        for name, r in side_by_side(runs, eval_dir, args.rounds).items():
            print(f"  speed {name:>8}: {r['statements']} statements in {r['seconds']:.1f} s → "
                  f"{r['per_second']:.1f} statements/s ({r['articles']} articles, spaCy en_core_web_sm, "
                  f"fastest of {args.rounds} per article)")
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
