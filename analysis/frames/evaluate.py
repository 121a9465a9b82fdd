"""Frame scoring measured against human frame labels (e.g. FrAC, Guida et al. 2025).

The data is a CSV with a ``text`` column and a ``frames`` column of ``;``-joined frame names
(Policy Frames Codebook names, Boydstun et al. 2014, matched case-insensitively). A row with
several names is one merged gold class (FrAC merges "legality ..." with "crime and
punishment" and "policy prescription ..." with "political"): a top frame that is any of
them is right.

Metrics follow the single-label evaluation of the Media Frames Corpus (Card et al. 2015):
accuracy of the top frame, and per gold class precision / recall / F1, macro-averaged over
the gold classes. A predicted frame outside every gold class counts against recall only
(it is column ``(other frame)`` of the confusion table). For scorers with a "present" set
(independent per-frame probabilities over a threshold) the share of rows whose gold frame
is present and the mean number of present frames are reported too.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.schema import Frame

OUTSIDE = "(other frame)"


@dataclass(frozen=True)
class FrameLabels:
    """Texts with their gold classes; ``gold[i]`` is a tuple of frame names (either is right)."""

    texts: list[str]
    gold: list[tuple[str, ...]]
    source: str = ""

    @property
    def classes(self) -> list[str]:
        """The gold classes (``;``-joined names), most frequent first, ties by name."""
        counts = pd.Series([";".join(g) for g in self.gold]).value_counts()
        return sorted(counts.index, key=lambda c: (-counts[c], c))


def _find_csv(path: Path) -> Path:
    if path.is_file():
        return path
    if not path.is_dir():
        raise InputError(f"{path}: no such file or directory")
    found = []
    for candidate in sorted(path.glob("*.csv")):
        with candidate.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh), [])
        if {"text", "frames"} <= set(header):
            found.append(candidate)
    if len(found) != 1:
        raise InputError(f"{path}: expected exactly one CSV with 'text' and 'frames' columns, found {[p.name for p in found]}")
    return found[0]


def read_frame_labels(path: str | Path, frames: Sequence[Frame]) -> FrameLabels:
    """Read ``text, frames`` rows and map each gold name onto the name of one of ``frames``.

    A labels file of ``news-stance label`` (it has a ``stance`` column too) is read for the rows
    with frames ticked: one sitting of labelling trains both the stance and the frame head."""
    source = _find_csv(Path(path))
    try:
        table = pd.read_csv(source, dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{source}: not a readable UTF-8 CSV ({exc})") from None
    missing = {"text", "frames"} - set(table.columns)
    if missing:
        raise InputError(f"{source}: needs the columns text and frames, lacks {sorted(missing)}")
    if "stance" in table.columns:
        # a labels file of the labelling page: frames were ticked on some cards only, skips have none
        table = table[table["frames"].str.strip().astype(bool)].reset_index(drop=True)
        if table.empty:
            raise InputError(f"{source}: no row has a frame ticked; tick frames on the labelling page's cards")
    by_key = {f.name.casefold(): f.name for f in frames}
    gold: list[tuple[str, ...]] = []
    unknown: set[str] = set()
    for cell in table["frames"]:
        names = [n.strip() for n in str(cell).split(";") if n.strip()]
        unknown.update(n for n in names if n.casefold() not in by_key)
        gold.append(tuple(by_key.get(n.casefold(), n) for n in names))
    if unknown:
        raise InputError(f"{source}: gold frame names not among the scored frames: {sorted(unknown)}")
    empty = [i for i, (t, g) in enumerate(zip(table["text"], gold)) if not t.strip() or not g]
    if empty:
        raise InputError(f"{source}: rows {empty[:10]} have no text or no gold frame")
    return FrameLabels(table["text"].tolist(), gold, str(source))


@dataclass
class FrameScores:
    """What :func:`evaluate_predictions` measured; ``summary()`` is the JSON-ready part."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: pd.DataFrame                 # precision, recall, f1, support per gold class
    confusion: pd.DataFrame                 # gold class (rows) x predicted class (columns)
    predicted_share: pd.Series              # share of each predicted top frame
    present: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "n": self.n, "accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1, 4),
            "per_class_f1": {k: round(float(v), 4) for k, v in self.per_class["f1"].items()},
            "predicted_share": {k: round(float(v), 4) for k, v in self.predicted_share.head(5).items()},
            **({"present": {k: round(v, 4) for k, v in self.present.items()}} if self.present else {}),
            **self.extra,
        }


def _predicted_class(top: str, gold: tuple[str, ...], members: dict[str, str]) -> str:
    """The gold class a predicted frame falls in: the row's own when it is one of its names."""
    if top in gold:
        return ";".join(gold)
    return members.get(top, OUTSIDE)


def evaluate_predictions(labels: FrameLabels, top: Sequence[str],
                         present: Sequence[Iterable[str]] | None = None) -> FrameScores:
    """Accuracy, macro-F1, per-class F1 and confusion of ``top`` frames against the gold."""
    if len(top) != len(labels.gold):
        raise InputError(f"{len(top)} predictions for {len(labels.gold)} gold rows")
    classes = labels.classes
    members = {name: c for c in classes for name in c.split(";")}
    gold_cls = [";".join(g) for g in labels.gold]
    pred_cls = [_predicted_class(t, g, members) for t, g in zip(top, labels.gold)]
    confusion = pd.crosstab(pd.Categorical(gold_cls, classes), pd.Categorical(pred_cls, classes + [OUTSIDE]),
                            dropna=False).rename_axis(index="gold", columns="predicted")
    tp = np.array([confusion.loc[c, c] for c in classes], dtype=float)
    support = confusion.sum(axis=1).reindex(classes).to_numpy(dtype=float)
    predicted = confusion.sum(axis=0).reindex(classes).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    per_class = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support.astype(int)},
                             index=pd.Index(classes, name="class"))
    shares = pd.Series(list(top)).value_counts(normalize=True)
    scores = FrameScores(n=len(top), accuracy=float(tp.sum() / len(top)) if len(top) else 0.0,
                         macro_f1=float(f1.mean()) if len(f1) else 0.0, per_class=per_class,
                         confusion=confusion, predicted_share=shares)
    if present is not None:
        sets = [set(p) for p in present]
        scores.present = {
            "gold_present": float(np.mean([bool(s & set(g)) for s, g in zip(sets, labels.gold)])),
            "mean_present": float(np.mean([len(s) for s in sets])),
            "none_present": float(np.mean([not s for s in sets])),
        }
    return scores


def stratified_folds(labels: FrameLabels, k: int, seed: int = 0) -> np.ndarray:
    """Fold index (0..k-1) per row, each gold class spread evenly over the folds."""
    if k < 2:
        raise InputError(f"cross-validation needs at least 2 folds, got {k}")
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels.gold), dtype=int)
    gold_cls = np.array([";".join(g) for g in labels.gold])
    offset = 0
    for c in labels.classes:
        idx = np.flatnonzero(gold_cls == c)
        rng.shuffle(idx)
        fold[idx] = (np.arange(len(idx)) + offset) % k
        offset += len(idx)
    return fold


def format_scores(name: str, scores: FrameScores, confusion: bool = True) -> str:
    """A plain-text report: headline numbers, per-class table, top predictions, confusion."""
    lines = [f"{name}: n={scores.n}  accuracy={scores.accuracy:.3f}  macro-F1={scores.macro_f1:.3f}"]
    for key, value in scores.present.items():
        lines.append(f"  {key}: {value:.3f}")
    for key, value in scores.extra.items():
        lines.append(f"  {key}: {value}")
    lines.append("  most predicted: " + ", ".join(f"{k} {v:.0%}" for k, v in scores.predicted_share.head(5).items()))
    with pd.option_context("display.width", 200, "display.max_columns", None, "display.precision", 3):
        lines.append(scores.per_class.to_string())
        if confusion:
            short = scores.confusion.copy()
            short.index = [_abbrev(c) for c in short.index]
            short.columns = [_abbrev(c) for c in short.columns]
            lines.append("confusion (rows gold, columns predicted):")
            lines.append(short.to_string())
    return "\n".join(lines)


def _abbrev(name: str) -> str:
    return "+".join(part.split(",")[0].split()[0][:6] for part in name.split(";")) if name != OUTSIDE else "outside"


def _gold_matrix(labels: FrameLabels, names: Sequence[str]) -> np.ndarray:
    return np.array([[n in g for n in names] for g in labels.gold], dtype=bool)


def _subset(labels: FrameLabels, mask: np.ndarray) -> FrameLabels:
    idx = np.flatnonzero(mask)
    return FrameLabels([labels.texts[i] for i in idx], [labels.gold[i] for i in idx], labels.source)


def evaluate_scorer(labels: FrameLabels, frames: Sequence[Frame], scorer: str = "encoder",
                    method: str = "prototypes", cv: int = 5, model: Any = None, progress: bool = True) -> FrameScores:
    """Score ``labels.texts`` and measure the top frame (and the present set where there is one).

    ``scorer`` "llm" / "nli": :func:`analysis.stance.scoring.score_frames` with that backend.
    ``scorer`` "encoder": ``method`` "prototypes" (zero-shot; with ``cv`` >= 2 the calibration and
    present threshold are refitted on the training folds, so the present numbers are
    cross-validated) or "head" (a head adapted on the training folds, ``cv`` >= 2 required).
    """
    import time

    frames = list(frames)
    names = [f.name for f in frames]
    start = time.perf_counter()
    if scorer in ("llm", "nli"):
        top, hits = _score_in_chunks(list(labels.texts), frames, scorer, model, progress)
        result = evaluate_predictions(labels, top)
        result.extra = {"scorer": scorer, "score_cache_hits": hits}
    elif scorer == "encoder":
        result = _evaluate_encoder(labels, frames, names, method, cv, model, progress)
    else:
        raise InputError(f"unknown frame scorer {scorer!r}; choose encoder, llm or nli")
    result.extra["seconds"] = round(time.perf_counter() - start, 1)
    return result


def _score_in_chunks(texts: list[str], frames: list[Frame], scorer: str, model: Any, progress: bool,
                     chunk: int = 10) -> tuple[list[str], int]:
    """Top frames from ``score_frames`` in chunks, so each chunk reaches the score cache (a slow
    backend's interrupted run resumes there) and a progress bar moves."""
    import sys

    from tqdm.auto import tqdm

    from analysis.frames.scoring import score_frames

    top: list[str] = []
    hits = 0
    with tqdm(total=len(texts), desc=f"frames ({scorer})", unit="text", file=sys.stderr, disable=not progress) as bar:
        for i in range(0, len(texts), chunk):
            scored = score_frames(texts[i:i + chunk], frames=frames, backend=scorer, model=model)
            top += scored["top_frame"].tolist()
            hits += int(scored.attrs.get("score_cache", {}).get("hits") or 0)
            bar.update(len(scored))
    return top, hits


def sample_labels(labels: FrameLabels, n: int, seed: int = 0) -> FrameLabels:
    """A stratified sample of about ``n`` rows (each gold class in proportion), in file order."""
    if n <= 0 or n >= len(labels.gold):
        return labels
    k = max(2, int(round(len(labels.gold) / n)))
    return _subset(labels, stratified_folds(labels, k, seed) == 0)


def _evaluate_encoder(labels: FrameLabels, frames: list[Frame], names: list[str], method: str, cv: int,
                      model: Any, progress: bool) -> FrameScores:
    from analysis.frames import scorer as fs

    backend = fs.EncoderFrameBackend(model=model, progress=progress)
    X = backend.encoder.encode(list(labels.texts), progress=progress)
    S = backend.prototype_scores(X, frames)
    G = _gold_matrix(labels, names)
    P = fs.calibrated(S, backend.calibration)
    present = P >= backend.present_threshold
    extra: dict[str, Any] = {"scorer": "encoder", "method": method, "model_sha256": backend.encoder.sha256[:16]}
    if method not in ("prototypes", "head"):
        raise InputError(f"unknown encoder method {method!r}; choose prototypes or head")
    if method == "head" and cv < 2:
        raise InputError("the head is trained on the data it is measured on: give --cv 2 or more")
    if cv >= 2:
        fold = stratified_folds(labels, cv)
        thresholds = []
        for k in range(cv):
            train, test = fold != k, fold == k
            if method == "prototypes":
                cal, t = fs.fit_calibration(S[train], G[train])
                P[test] = fs.calibrated(S[test], cal)
                present[test] = P[test] >= t
                thresholds.append(t)
            else:
                head = fs.fit_head(X[train], [labels.gold[i] for i in np.flatnonzero(train)])
                adapted = fs.EncoderFrameBackend(model=model, progress=False, head=head)
                P[test] = adapted.frames(_subset(labels, test).texts, frames)
                per_frame = adapted.thresholds(frames)
                present[test] = P[test] >= np.array([per_frame[n] for n in names])
                thresholds.append(head.thresholds[0])
        extra["cv"] = cv
        extra["thresholds"] = [round(t, 2) for t in thresholds]
    top = [names[j] for j in P.argmax(axis=1)]
    result = evaluate_predictions(labels, top, [[n for n, hit in zip(names, row) if hit] for row in present])
    result.extra = extra
    return result
