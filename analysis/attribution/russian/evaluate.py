"""Score Russian attribution against the RuSentNE gold set (``tests/gold/rusentne_attribution.jsonl``).

Each gold sentence is read from RuSentNE's ``train_data.csv`` (never copied into the project) and
checked against the sha256 the gold row keeps; it is then analysed alone as a one-line Russian
article. Scores, over the non-narrator statements (nested ones included):

- **precision**: extracted statements that match a gold statement of the same sentence;
- **quoted recall**: gold direct and mixed statements that an extracted statement matches
  (recall over all gold statements is reported beside it);
- **speaker accuracy**: matched pairs whose speaker, in the nominative, is the gold one or one
  of its alternatives (case, ё/е, punctuation, parenthesised words and "(unresolved)" aside).

Two statements match when the Dice coefficient of their content words is at least
:data:`MIN_DICE` (partial-span matching as in quotation extraction scoring, Pareti 2016);
matching is one-to-one, best pairs first. The obvious baseline (:func:`baseline_statements`)
marks every sentence with a quotation mark or a cue word as one statement of its whole text.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.attribution.scoring import MatchCounts
from analysis.errors import InputError

__all__ = ["GoldSentence", "Scores", "baseline_statements", "extractor_statements", "load_gold", "same_speaker",
           "score"]

MIN_DICE = 0.5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Predicted:
    kind: str
    content: tuple[int, int]
    speaker: str
    rule: str = ""


@dataclass(frozen=True)
class GoldSentence:
    row: int
    text: str
    split: str
    statements: tuple[dict, ...]


def load_gold(gold_path: str | Path, rusentne_csv: str | Path) -> list[GoldSentence]:
    """The gold rows with their sentences, each checked against its sha256 (an InputError if not)."""
    csv.field_size_limit(10**7)
    with open(rusentne_csv, encoding="utf-8", newline="") as handle:
        rows = [r[0] for r in list(csv.reader(handle, delimiter="\t"))[1:]]
    gold = []
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        row = record["row"]
        if row >= len(rows):
            raise InputError(f"{gold_path}: row {row} is past the end of {rusentne_csv} ({len(rows)} rows).")
        text = rows[row]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != record["sha256"]:
            raise InputError(f"{gold_path}: row {row} of {rusentne_csv} does not match its sha256; a different file?")
        gold.append(GoldSentence(row, text, record["split"], tuple(record["statements"])))
    return gold


def _words(text: str) -> list[str]:
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text)]


def dice(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    return 2 * common / (len(wa) + len(wb))


def _speaker_key(name: str) -> str:
    name = name.replace(" (unresolved)", "")
    name = re.sub(r"\([^)]*\)", " ", name)
    # punctuation is not part of who speaks: "NEWSru.com" / "NEWSru com", "«Экозащита!»" / "Экозащита",
    # "организации — Демократической партии" / "организации Демократической партии"
    name = re.sub(r"[^\w\s'’-]|(?<!\w)[-'’]|[-'’](?!\w)", " ", name).lower().replace("ё", "е")
    return " ".join(name.split())


def same_speaker(predicted: str, gold: dict) -> bool:
    return _speaker_key(predicted) in {_speaker_key(n) for n in [gold["speaker_nominative"], *gold["speaker_alternatives"]]}


def extractor_statements(sentence: str) -> list[Predicted]:
    """The package's statements for one sentence read as a Russian article."""
    from analysis.article import parse_article
    from analysis.attribution.statements import extract_statements

    frame = extract_statements(parse_article(sentence, sidecar={"language": "ru"}))
    return [Predicted(r.kind, (r.content_start, r.content_end), r.speaker, r.rule)
            for r in frame.itertuples() if r.kind != "narrator"]


_BASELINE = re.compile(r"[«„\"]|по словам|по данным|по мнению|\b(?:заяв|сообщ|отмет|подчеркн|добав|поясн|призна|"
                       r"напомн|счита|уверен|сказа|говор|рассказ|написа|пишет|предупред|указа|объясн)", re.IGNORECASE)


def baseline_statements(sentence: str) -> list[Predicted]:
    """The obvious baseline: a sentence with a quotation mark or a cue word is one statement of its
    whole text (direct when it holds «, else indirect), spoken by no one."""
    if not _BASELINE.search(sentence):
        return []
    return [Predicted("direct" if "«" in sentence else "indirect", (0, len(sentence)), "")]


@dataclass(frozen=True)
class Scores(MatchCounts):
    sentences: int
    gold: int
    gold_quoted: int
    predicted: int
    matched: int
    quoted_found: int
    speaker_right: int

    @property
    def quoted_recall(self) -> float:
        return self.quoted_found / self.gold_quoted if self.gold_quoted else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0

    def line(self) -> str:
        return (f"P {self.precision:.3f} ({self.matched}/{self.predicted})  quoted R {self.quoted_recall:.3f} "
                f"({self.quoted_found}/{self.gold_quoted})  R {self.recall:.3f} ({self.matched}/{self.gold})  "
                f"speaker {self.speaker_accuracy:.3f} ({self.speaker_right}/{self.matched})")


def match(sentence: GoldSentence, predicted: list[Predicted]) -> list[tuple[dict, Predicted]]:
    """One-to-one pairs of gold and predicted statements whose content words overlap enough."""
    pairs = []
    for g in sentence.statements:
        gold_text = sentence.text[g["content_start"]:g["content_end"]]
        for i, p in enumerate(predicted):
            d = dice(gold_text, sentence.text[p.content[0]:p.content[1]])
            if d >= MIN_DICE:
                pairs.append((d, id(g), i, g, p))
    pairs.sort(key=lambda x: -x[0])
    used_gold, used_pred, result = set(), set(), []
    for _, gid, i, g, p in pairs:
        if gid in used_gold or i in used_pred:
            continue
        used_gold.add(gid)
        used_pred.add(i)
        result.append((g, p))
    return result


def score(gold: Iterable[GoldSentence], extract: Callable[[str], list[Predicted]], on_row=None) -> Scores:
    """Scores of ``extract`` over the gold sentences; ``on_row(sentence, predicted, pairs)`` sees each."""
    counts = dict(sentences=0, gold=0, gold_quoted=0, predicted=0, matched=0, quoted_found=0, speaker_right=0)
    for sentence in gold:
        predicted = extract(sentence.text)
        pairs = match(sentence, predicted)
        counts["sentences"] += 1
        counts["gold"] += len(sentence.statements)
        counts["gold_quoted"] += sum(g["kind"] in ("direct", "mixed") for g in sentence.statements)
        counts["predicted"] += len(predicted)
        counts["matched"] += len(pairs)
        counts["quoted_found"] += sum(g["kind"] in ("direct", "mixed") for g, _ in pairs)
        counts["speaker_right"] += sum(same_speaker(p.speaker, g) for g, p in pairs)
        if on_row is not None:
            on_row(sentence, predicted, pairs)
    return Scores(**counts)
