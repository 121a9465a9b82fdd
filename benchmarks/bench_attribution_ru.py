"""Russian attribution on the RuSentNE gold set (tests/gold/rusentne_attribution.jsonl): precision,
quoted recall and resolved-speaker accuracy of ``extract_statements`` on Russian sentences, per split
(``dev``: the rules were developed on it; ``test``: held out; ``heldout2``: batch 3, drawn and
labelled in round 2, held out then and tuned on in round 3; ``heldout3``: batch 4, drawn and labelled
before round 3's rule changes, its errors read after it and used in round 4; ``heldout4``: batch 5,
drawn and labelled before round 4's rule changes and scored once after them, its errors read then and used
in round 5; ``heldout5``: batch 6, drawn and labelled before round 5's rule changes, scored once after them, its
errors used in round 6; ``heldout6``: batch 7, drawn and labelled before round 6's rule changes, its errors used in
round 7; ``heldout7``: batch 8, drawn and labelled before round 7's rule changes), beside the
obvious baseline (a sentence with a quotation mark or a cue word is one statement, spoken by no one).

    python -m benchmarks.bench_attribution_ru            # scores
    python -m benchmarks.bench_attribution_ru --errors dev   # also each miss and false alarm of a split
    python -m benchmarks.bench_attribution_ru --splits dev test   # only these splits (keeps a held-out batch unseen)
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from analysis.attribution.russian.evaluate import (
    baseline_statements,
    extractor_statements,
    load_gold,
    same_speaker,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "rusentne_attribution.jsonl"
SPLITS = ("dev", "test", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7")
RUSENTNE = ROOT.parent / "shared" / "eval" / "rusentne" / "train_data.csv"


def _show_errors(sentence, predicted, pairs) -> None:
    matched = {id(p) for _, p in pairs}
    found = {id(g) for g, _ in pairs}
    lines = []
    for g in sentence.statements:
        if id(g) not in found:
            content = sentence.text[g["content_start"]:g["content_end"]]
            lines.append(f"  MISS {g['kind']:8} {g['speaker_nominative']!r}: {content[:90]!r}")
    for p in predicted:
        if id(p) not in matched:
            lines.append(f"  FALSE {p.kind:8} {p.rule} {p.speaker!r}: {sentence.text[p.content[0]:p.content[1]][:90]!r}")
    for g, p in pairs:
        if not same_speaker(p.speaker, g):
            lines.append(f"  SPEAKER {p.speaker!r} vs gold {g['speaker_nominative']!r} ({p.rule})")
    if lines:
        print(f"row {sentence.row}: {sentence.text[:160]}")
        print("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=[*SPLITS, "all"], help="print the errors of one split")
    parser.add_argument("--splits", nargs="+", choices=SPLITS, default=list(SPLITS),
                        help="score only these splits (the extractor is not run on the others)")
    args = parser.parse_args(argv)
    gold = [s for s in load_gold(GOLD, RUSENTNE) if s.split in args.splits]
    started = time.perf_counter()
    predicted = {s.row: extractor_statements(s.text) for s in tqdm(gold, desc="Russian attribution", file=sys.stderr)}
    seconds = time.perf_counter() - started
    print(f"Russian attribution gold: {len(gold)} sentences, {sum(len(s.statements) for s in gold)} statements "
          f"({seconds:.1f} s for the extractor, natasha loading included)")
    for split in (*args.splits, "all"):
        rows = [s for s in gold if split == "all" or s.split == split]
        show = _show_errors if args.errors == split else None
        ours = score(rows, lambda text, rows=rows: predicted[next(s.row for s in rows if s.text == text)], show)
        base = score(rows, baseline_statements)
        print(f"{split:8} extractor  {ours.line()}")
        print(f"{split:8} baseline   {base.line()}")


if __name__ == "__main__":
    main()
