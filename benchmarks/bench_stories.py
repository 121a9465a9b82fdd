"""Story grouping against hand-labelled events: adjusted Rand index and same-story pair precision / recall.

    .venv/bin/python -m benchmarks.bench_stories [FOLDER] [--gold tests/gold/polnear_events.csv]
        [--threshold T] [--window-days D] [--entity-weight W] [--pairs 12]

FOLDER defaults to the 63 PolNeAR training articles (``../shared/eval/polnear-train``, file
names ``OUTLET_YYYY-MM-DD_slug.txt``). Prints the score (:func:`analysis.corpus.stories.evaluate_grouping`)
and the most similar pairs within the date window, marked by whether gold groups them, so the
margin around the threshold can be seen.

Tried on PolNeAR before choosing the defaults (lowest same-event / highest different-event
similarity among pairs within 3 days): lead 1,500 characters, w = 0: 0.48 / 0.61; w = 0.3:
0.38 / 0.46 (0.54 for the convention pair that the texts show); w = 0.5: 0.30 / 0.36;
w = 0.7: 0.21 / 0.30; a 4,000-character lead was worse at every w (w = 0.3: 0.36 / 0.49).
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.corpus.inputs import ArticleRecord, read_corpus
from analysis.corpus.stories import (
    StoryOptions,
    day_gaps,
    encoder_embed,
    evaluate_grouping,
    find_stories,
    lead_text,
    similarity,
    spacy_entities,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "eval" / "polnear-train"
DEFAULT_GOLD = ROOT / "tests" / "gold" / "polnear_events.csv"


def load_articles(folder: Path) -> pd.DataFrame:
    rows = [{"article_id": r.id, "title": r.sidecar.title, "text": r.text, "date": r.sidecar.date}
            for r in read_corpus(folder, name_pattern="outlet_date") if isinstance(r, ArticleRecord)]
    frame = pd.DataFrame(rows)
    frame["title"] = [t or x.split("\n", 1)[0] for t, x in zip(frame["title"], frame["text"], strict=True)]
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    defaults = StoryOptions()
    parser.add_argument("--threshold", type=float, default=defaults.threshold)
    parser.add_argument("--window-days", type=int, default=defaults.window_days)
    parser.add_argument("--entity-weight", type=float, default=defaults.entity_weight)
    parser.add_argument("--pairs", type=int, default=12, help="how many of the closest pairs to list")
    args = parser.parse_args(argv)
    options = StoryOptions(threshold=args.threshold, window_days=args.window_days, entity_weight=args.entity_weight)
    articles = load_articles(args.folder).sort_values("article_id").reset_index(drop=True)
    with args.gold.open(encoding="utf-8") as fh:
        gold = {row["article_id"]: row["event"] for row in csv.DictReader(fh)}
    found = find_stories(articles, options)
    score = evaluate_grouping(gold, found.to_dict())
    print(json.dumps({"options": options.to_dict(), **score.to_dict()}, indent=1))
    texts = [lead_text(t, x, options.lead_chars) for t, x in zip(articles["title"], articles["text"], strict=True)]
    sim = similarity(encoder_embed(texts), spacy_entities(texts), options.entity_weight)
    gaps = np.nan_to_num(day_gaps(articles["date"]), nan=0.0)
    ids = list(articles["article_id"])
    pairs = [(sim[i, j], ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids))
             if gaps[i, j] <= options.window_days]
    print(f"closest pairs within {options.window_days} days (gold: same = one event):")
    for s, a, b in sorted(pairs, reverse=True)[:args.pairs]:
        print(f"  {s:.3f}  {'same' if gold.get(a) == gold.get(b) else 'diff'}  {a}  {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
