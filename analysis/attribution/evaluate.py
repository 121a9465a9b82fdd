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

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.article import parse_article
from analysis.attribution.cues import cue_class
from analysis.attribution.scoring import MatchCounts
from analysis.attribution.statements import extract_statements
from analysis.errors import InputError
from analysis.speakers.resolution import canonical_name

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
class AttributionScores(MatchCounts):
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


# ---------------------------------------------------------------- resolved-name accuracy

#: Words that are not part of a person's or an organisation's name when names are compared.
_NAME_NOISE = frozenset("the a an mr mrs ms dr sen rep gov gen president senator governor representative former".split())


class SpeakerGold(NamedTuple):
    """One pronoun or role-noun source of a gold attribution and the one it refers to, as named in the text
    (``tests/gold/pronoun_speakers.json``; ``also``: other forms of the same name)."""

    article: str
    source_start: int
    source_end: int
    mention: str
    cue: str
    cue_start: int
    referent: str
    also: tuple[str, ...] = ()


def read_speaker_gold(path: str | Path) -> list[SpeakerGold]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [SpeakerGold(**{**row, "also": tuple(row.get("also", ()))}) for row in rows]


def _name_words(name: str) -> frozenset[str]:
    name = re.sub(r"['’]s\b", "", name.lower())
    return frozenset(w for w in re.findall(r"\w+", name) if w not in _NAME_NOISE)


def names_match(predicted: str, gold: SpeakerGold) -> bool:
    """The predicted speaker names the gold referent: the words of one name (titles, determiners and
    possessives aside) hold all the words of the other ("Trump" ~ "Donald J. Trump"; "Bill Clinton"
    is not "Hillary Clinton"). A speaker that only repeats the mention ("the ministry") is no name."""
    words = _name_words(predicted)
    if not words or words == _name_words(gold.mention) or "unresolved" in words:
        return False
    return any(words <= other or other <= words for other in map(_name_words, (gold.referent, *gold.also)) if other)


@dataclass
class SpeakerNameScores:
    """Resolved-name accuracy: of the gold pronoun / role sources that the extraction finds as a speaker
    mention, how many resolve to the person or organisation the text means."""

    gold: int = 0
    found: int = 0
    correct: int = 0
    unresolved: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def wrong(self) -> int:
        return self.found - self.correct - self.unresolved

    def summary(self) -> dict[str, float]:
        return {"gold": self.gold, "found": self.found, "correct": self.correct, "unresolved": self.unresolved,
                "wrong": self.wrong, "accuracy": round(self.accuracy, 4),
                "accuracy_of_all_gold": round(self.correct / self.gold, 4) if self.gold else 0.0}


def _row_for(frame, gold: SpeakerGold):
    """The predicted statement whose speaker mention overlaps the gold source (nearest cue first)."""
    rows = [row for row in frame.itertuples() if row.kind != "narrator" and row.speaker_start < gold.source_end
            and gold.source_start < row.speaker_end]
    return min(rows, key=lambda row: abs(row.cue_start - gold.cue_start), default=None)


def resolved_name_accuracy(directory: str | Path, gold_path: str | Path) -> SpeakerNameScores:
    """Score speaker resolution on ``gold_path`` (articles read from ``directory``)."""
    directory = Path(directory)
    gold = read_speaker_gold(gold_path)
    scores = SpeakerNameScores(gold=len(gold))
    frames: dict[str, pd.DataFrame] = {}
    for item in gold:
        if item.article not in frames:
            path = directory / item.article
            frames[item.article] = extract_statements(parse_article(path.read_text(encoding="utf-8"), path=path))
        row = _row_for(frames[item.article], item)
        if row is None:
            continue
        scores.found += 1
        if names_match(row.speaker, item):
            scores.correct += 1
            continue
        unresolved = _name_words(row.speaker) <= _name_words(item.mention) | {"unresolved"}
        scores.unresolved += unresolved
        scores.misses.append({"article": item.article, "mention": item.mention, "at": item.source_start,
                              "referent": item.referent, "speaker": row.speaker, "unresolved": unresolved})
    return scores
