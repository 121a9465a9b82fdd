"""Measure attribution against gold standoff annotations (brat format, as in PolNeAR).

PolNeAR (Newell, Margolin & Ruths 2018) annotates each attribution with Source, Cue and Content
spans; ``T`` lines are spans (discontinuous ones written ``a b;c d``), ``E`` lines tie them
together. Matching follows the PARC/PolNeAR practice of lenient span overlap: a predicted and a
gold content match when their character sets have Jaccard similarity >= 0.3; pairs are matched
greedily by descending similarity, one to one. Speakers are judged leniently as the corpus
README advises: correct when the predicted mention overlaps the gold Source span, or when both
resolve to the same canonical name.

The scores break down per rule and kind of the prediction (precision: matched / predicted)
and per cue class of the gold (recall): ``verb``, ``belief`` ("believes", "expects"; PolNeAR
counts beliefs, PARC 3.0 mostly does not), ``nominal`` ("his claim", "allegations") and
``according_to``. :func:`evaluate_directory` also scores the corpus *without beliefs*: gold
attributions with a belief cue and predictions flagged ``belief_cue`` left out.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from analysis.article import parse_article
from analysis.attribution.cues import cue_class
from analysis.attribution.speakers import canonical_name
from analysis.attribution.statements import extract_statements
from analysis.errors import InputError

JACCARD_THRESHOLD = 0.3
QUOTE_MARKS = re.compile(r"[\"“”«»]|''")


class GoldAttribution(NamedTuple):
    content: frozenset[int]
    source: frozenset[int]
    source_text: str
    cue_text: str
    quoted: bool

    @property
    def cue_class(self) -> str:
        return cue_class(self.cue_text)


def _chars(spans: str) -> frozenset[int]:
    chars: set[int] = set()
    for part in spans.split(";"):
        start, end = map(int, part.split())
        chars.update(range(start, end))
    return frozenset(chars)


def read_brat(ann_path: Path, text: str) -> list[GoldAttribution]:
    """Gold attributions of one ``.ann`` file (those without a Content span are skipped)."""
    spans: dict[str, tuple[str, str, str]] = {}
    events: list[dict[str, str]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, offsets, parts[2] if len(parts) > 2 else "")
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    gold = []
    for event in events:
        if "Content" not in event or event["Content"] not in spans:
            continue
        content = _chars(spans[event["Content"]][1])
        source_id = event.get("Source")
        source = _chars(spans[source_id][1]) if source_id in spans else frozenset()
        source_text = spans[source_id][2] if source_id in spans else ""
        cue_text = spans[event["Cue"]][2] if event.get("Cue") in spans else ""
        content_text = "".join(text[i] for i in sorted(content))
        gold.append(GoldAttribution(content, source, source_text, cue_text, bool(QUOTE_MARKS.search(content_text))))
    return gold


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass
class AttributionScores:
    """Counts over a corpus; the properties give the rates."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    gold_quoted: int = 0
    matched_quoted: int = 0
    speaker_correct: int = 0
    speaker_judged: int = 0
    articles: int = 0
    per_article: list[dict] = field(default_factory=list)
    rule_predicted: Counter = field(default_factory=Counter)
    rule_matched: Counter = field(default_factory=Counter)
    kind_predicted: Counter = field(default_factory=Counter)
    kind_matched: Counter = field(default_factory=Counter)
    level_predicted: Counter = field(default_factory=Counter)
    level_matched: Counter = field(default_factory=Counter)
    class_gold: Counter = field(default_factory=Counter)
    class_matched: Counter = field(default_factory=Counter)
    without_beliefs: AttributionScores | None = None

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def quoted_recall(self) -> float:
        return self.matched_quoted / self.gold_quoted if self.gold_quoted else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_judged if self.speaker_judged else 0.0

    def headline(self) -> dict[str, float]:
        return {
            "articles": self.articles, "predicted": self.predicted, "gold": self.gold, "matched": self.matched,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "quoted_recall": round(self.quoted_recall, 4), "speaker_accuracy": round(self.speaker_accuracy, 4),
        }

    def breakdown(self) -> dict[str, dict[str, dict[str, float]]]:
        """Precision per rule, kind and level (top / nested) of prediction, recall per cue class of the gold."""
        def rates(hits: Counter, totals: Counter, name: str) -> dict[str, dict[str, float]]:
            return {k: {"n": totals[k], "hits": hits[k], name: round(hits[k] / totals[k], 4)} for k in sorted(totals)}
        return {"rule": rates(self.rule_matched, self.rule_predicted, "precision"),
                "kind": rates(self.kind_matched, self.kind_predicted, "precision"),
                "level": rates(self.level_matched, self.level_predicted, "precision"),
                "gold_cue": rates(self.class_matched, self.class_gold, "recall")}

    def summary(self) -> dict[str, float | str]:
        """Headline numbers, then one line per rule, kind and gold cue class, then the scores without beliefs."""
        out: dict[str, float | str] = dict(self.headline())
        for group, rows in self.breakdown().items():
            for key, row in rows.items():
                rate = "recall" if group == "gold_cue" else "precision"
                out[f"{group} {key}"] = f"{rate} {row[rate]:.3f} ({row['hits']}/{row['n']})"
        if self.without_beliefs is not None:
            other = self.without_beliefs
            out["without beliefs"] = (f"precision {other.precision:.3f} recall {other.recall:.3f} f1 {other.f1:.3f} "
                                      f"(gold {other.gold}, predicted {other.predicted})")
        return out


def _speaker_ok(row, gold: GoldAttribution) -> bool:
    predicted = frozenset(range(row.speaker_start, row.speaker_end)) if row.speaker_start >= 0 else frozenset()
    if predicted & gold.source:
        return True
    if not gold.source_text or not row.speaker:
        return False
    return canonical_name(gold.source_text).lower() in {row.speaker.lower(), canonical_name(row.speaker_mention).lower()}


def score_article(text: str, statements, gold: list[GoldAttribution], scores: AttributionScores, name: str = "") -> None:
    """Match one article's predicted attributions (non-narrator rows) to gold and add the counts."""
    predicted = [row for row in statements.itertuples() if row.kind != "narrator"]
    pred_chars = [frozenset(range(row.content_start, row.content_end)) for row in predicted]
    pairs = sorted(
        ((jaccard(p, g.content), i, j) for i, p in enumerate(pred_chars) for j, g in enumerate(gold) if p & g.content),
        reverse=True,
    )
    used_p, used_g = set(), set()
    for similarity, i, j in pairs:
        if similarity < JACCARD_THRESHOLD or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        if gold[j].source:
            scores.speaker_judged += 1
            scores.speaker_correct += _speaker_ok(predicted[i], gold[j])
    scores.predicted += len(predicted)
    scores.gold += len(gold)
    scores.matched += len(used_g)
    scores.gold_quoted += sum(g.quoted for g in gold)
    scores.matched_quoted += sum(gold[j].quoted for j in used_g)
    for i, row in enumerate(predicted):
        scores.rule_predicted[row.rule] += 1
        scores.kind_predicted[row.kind] += 1
        scores.rule_matched[row.rule] += i in used_p
        scores.kind_matched[row.kind] += i in used_p
        level = "nested" if row.parent_id >= 0 else "top"
        scores.level_predicted[level] += 1
        scores.level_matched[level] += i in used_p
    for j, g in enumerate(gold):
        scores.class_gold[g.cue_class] += 1
        scores.class_matched[g.cue_class] += j in used_g
    scores.articles += 1
    scores.per_article.append({"article": name, "predicted": len(predicted), "gold": len(gold), "matched": len(used_g)})


def evaluate_directory(directory: str | Path) -> AttributionScores:
    """Score every ``NAME.txt`` + ``NAME.ann`` pair under ``directory``."""
    directory = Path(directory)
    pairs = sorted(p for p in directory.glob("*.txt") if p.with_suffix(".ann").exists())
    if not pairs:
        raise InputError(f"{directory}: no .txt files with a matching .ann (brat standoff) found.")
    without_beliefs = AttributionScores()
    scores = AttributionScores(without_beliefs=without_beliefs)
    for txt in pairs:
        text = txt.read_text(encoding="utf-8")
        article = parse_article(text, path=txt)
        statements = extract_statements(article)
        gold = read_brat(txt.with_suffix(".ann"), text)
        score_article(text, statements, gold, scores, txt.stem)
        no_beliefs = statements[~statements["statement_flags"].str.contains("belief_cue", regex=False)]
        score_article(text, no_beliefs, [g for g in gold if g.cue_class != "belief"], without_beliefs, txt.stem)
    return scores
