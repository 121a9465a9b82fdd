"""One labelling sitting: which statement to show next, every decision saved at once, the head refitted.

The labels file (:mod:`analysis.stance.labels_file`) is the session's only state: each label,
skip or undo rewrites it atomically before the page hears back, so closing the tab or killing
the server loses nothing, and a new session on the same file resumes where the last one stopped
(skipped statements are kept as ``skip`` rows and not offered again).

Every :data:`REFIT_EVERY` labels the few-shot head (:mod:`analysis.stance.fewshot`, the default
head) is refitted and the next statements chosen by the ``auto`` strategy of
:mod:`analysis.stance.active`: TypiClust's typical statements (Hacohen, Dekel & Weinshall 2022)
until there are 16 labels per class seen, uncertain ones (margin sampling) after. While typical
statements are chosen, each round asks for the rest of the first round (48 labels), so the
clusters stay those of one call of 48, which measured best (MEASUREMENTS.md, "Active choice of
labels"); skipped statements are not offered again.

The page then shows the head's cross-validated macro-F1 (:mod:`analysis.labelling.estimate`),
and what the current labels say about the articles: the net stance (mean P(favor) - P(against))
of each actor's statements, scored by the current head.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analysis.errors import InputError
from analysis.labelling.estimate import Estimate, cv_macro_f1, stopped_rising
from analysis.labelling.pace import labelling_pace, stamp
from analysis.labelling.pool import Pool
from analysis.schema import STANCES
from analysis.stance.active import FIRST_ROUND, choose, principal_components, resolve_strategy
from analysis.stance.examples import norm_text
from analysis.stance.fewshot import features, fit_head
from analysis.stance.labels_file import LabelRow, check_target, read_labels_csv, same_target, write_labels_csv

REFIT_EVERY = 12  # labels between two refits of the head (and two choices of the next statements)


@dataclass
class Round:
    """What one refit produced: when, on how many labels, its estimate and how long it took."""

    labels: int
    estimate: Estimate | None
    strategy: str
    seconds: float
    parts: dict[str, float] = field(default_factory=dict)  # seconds of: estimate, head, choice


@dataclass
class SessionState:
    """The decisions so far, in order (labels and skips), as the labels file holds them."""

    rows: list[LabelRow] = field(default_factory=list)

    @property
    def labelled(self) -> list[LabelRow]:
        return [r for r in self.rows if r.stance in STANCES]


class LabellingSession:
    """A pool, a target and a labels file; thread-safe (the server calls it from several threads)."""

    def __init__(self, pool: Pool, labels_path: str | os.PathLike, target: str | None, encoder: Any,
                 seed: int = 0, progress: bool = False) -> None:
        self.pool = pool
        self.path = Path(labels_path)
        self.lock = threading.RLock()
        self.state = SessionState(self._resume())
        file_target = next((r.target for r in self.state.rows if r.target), None)
        if file_target and target and not same_target(file_target, target):
            raise InputError(f"{self.path} holds labels for the target {file_target!r}, but --target is {target!r}; "
                             "label in a new file (--labels) or drop --target")
        if not (target or file_target):
            raise InputError(f"give the stance target (--target); {self.path} does not name one yet")
        self.target = check_target(str(target or file_target))
        self.seed = seed
        self.encoder = encoder
        texts = [c.text for c in pool.candidates]
        index = {norm_text(t): i for i, t in enumerate(texts)}
        extra = [r.text for r in self.state.rows if norm_text(r.text) not in index]  # labels from elsewhere
        self.texts = texts + extra
        self.index = {**index, **{norm_text(t): len(texts) + i for i, t in enumerate(extra)}}
        self.X = features(encoder, self.texts, progress=progress)
        dim = int(getattr(encoder, "dim", 0) or self.X.shape[1])
        # the chooser's selection space, reduced once here (the PCA took longer than a refit, and the
        # chooser gets the same space back: principal_components of centred components is a no-op)
        self.space = principal_components(self.X[:, self.X.shape[1] - dim:])
        self.rounds: list[Round] = []
        self.queue: list[int] = []
        self.probs: np.ndarray | None = None
        self._refit()

    # ------------------------------------------------------------ the file

    def _resume(self) -> list[LabelRow]:
        if not self.path.exists():
            return []
        return list(read_labels_csv(self.path, keep_skipped=True).rows)

    def _save(self) -> None:
        write_labels_csv(self.path, self.state.rows)

    # ------------------------------------------------------------ decisions

    def _seen(self) -> set[int]:
        return {self.index[norm_text(r.text)] for r in self.state.rows if norm_text(r.text) in self.index}

    def current(self) -> int | None:
        """Pool index of the statement to show, None when every statement has been seen."""
        seen = self._seen()
        self.queue = [i for i in self.queue if i not in seen]
        if not self.queue:
            self._choose()
        return self.queue[0] if self.queue else None

    def decide(self, pool_index: int, stance: str, frames: Sequence[str] = ()) -> None:
        """Record ``stance`` ("favor" / "against" / "neutral", or "skip") for a statement; saved at once."""
        with self.lock:
            if stance not in (*STANCES, "skip"):
                raise InputError(f"unknown stance {stance!r}; use favor, against, neutral or skip")
            if not 0 <= pool_index < len(self.pool):
                raise InputError(f"no statement {pool_index} in the pool")
            if pool_index in self._seen():
                return  # a repeated request (a double key press): decided already
            names = {f.name for f in self.pool.frames}
            unknown = [f for f in frames if f not in names]
            if unknown:
                raise InputError(f"unknown frames {unknown}")
            c = self.pool.candidates[pool_index]
            self.state.rows.append(LabelRow(c.text, stance, self.target, tuple(frames) if stance != "skip" else (),
                                            c.source, c.statement_id, decided_at=stamp(time.time())))
            self._save()
            if stance != "skip" and len(self.state.labelled) % REFIT_EVERY == 0:
                self._refit()

    def undo(self) -> LabelRow | None:
        """Take back the last decision (saved at once); the statement is shown again next."""
        with self.lock:
            if not self.state.rows:
                return None
            row = self.state.rows.pop()
            self._save()
            i = self.index.get(norm_text(row.text))
            if i is not None and i < len(self.pool):
                self.queue.insert(0, i)
            return row

    # ------------------------------------------------------------ the head

    def _labelled_indices(self) -> tuple[list[int], list[str]]:
        rows = self.state.labelled
        return [self.index[norm_text(r.text)] for r in rows], [r.stance for r in rows]

    def _choose(self) -> None:
        idx, labels = self._labelled_indices()
        strategy = resolve_strategy("auto", labels)
        seen = self._seen()
        free = len(self.pool) - len([i for i in seen if i < len(self.pool)])
        if free <= 0:
            self.queue = []
            return
        n = max(REFIT_EVERY, FIRST_ROUND - len(idx)) if strategy == "typical" else REFIT_EVERY
        skipped = sorted(seen - set(idx))
        # statements not in the pool (labels from another file) are never chosen: exclude them too
        outside = list(range(len(self.pool), len(self.texts)))
        if strategy == "uncertainty":
            # uncertainty fits the head on the labels: pass them; skips and outsiders leave the pool after
            picked = choose(self.X, min(n + len(skipped), len(self.texts) - len(idx)), strategy, idx, labels,
                            self.seed, space=self.space)
        else:
            picked = choose(self.X, min(n + len(skipped) + len(outside), len(self.texts) - len(idx)), strategy,
                            idx, labels, self.seed, space=self.space)
        self.queue = [int(i) for i in picked if int(i) not in seen and int(i) < len(self.pool)][:n]
        if not self.queue:  # the chooser's picks were all skipped: the rest in pool order
            self.queue = [i for i in range(len(self.pool)) if i not in seen][:n]

    def _refit(self) -> None:
        t0 = time.perf_counter()
        idx, labels = self._labelled_indices()
        estimate = None
        parts: dict[str, float] = {}
        if len(set(labels)) >= 2:
            estimate = cv_macro_f1(self.X[idx], labels, seed=self.seed)
            parts["estimate"] = time.perf_counter() - t0
            head = fit_head(self.X[idx], labels)
            self.probs = head.predict_proba(self.X[: len(self.pool)])
            parts["head"] = time.perf_counter() - t0 - parts["estimate"]
        t1 = time.perf_counter()
        self._choose()
        parts["choice"] = time.perf_counter() - t1
        self.rounds.append(Round(len(labels), estimate, resolve_strategy("auto", labels), time.perf_counter() - t0,
                                 parts))

    # ------------------------------------------------------------ what the page shows

    def net_by_actor(self, top: int = 12) -> list[dict[str, Any]]:
        """Per actor (speaker when no actor): statements, mean P(favor) - P(against) under the current head."""
        if self.probs is None:
            return []
        groups: dict[str, list[float]] = {}
        for c, p in zip(self.pool.candidates, self.probs):
            name = c.actor or c.speaker
            if name:
                groups.setdefault(name, []).append(float(p[0] - p[1]))
        ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
        return [{"actor": a, "n": len(v), "net": round(float(np.mean(v)), 3)} for a, v in ranked]

    def snapshot(self) -> dict[str, Any]:
        """Everything the page renders, as JSON-ready values."""
        with self.lock:
            i = self.current()
            labelled = self.state.labelled
            last = self.rounds[-1] if self.rounds else None
            history = [{"labels": r.labels, "f1": r.estimate.f1, "low": r.estimate.low, "high": r.estimate.high}
                       for r in self.rounds if r.estimate is not None]
            card = None
            if i is not None:
                c = self.pool.candidates[i]
                card = {"index": i, "text": c.text, "sentence": c.sentence, "paragraph": c.paragraph,
                        "speaker": c.speaker, "cue": c.cue, "source": Path(c.source).name, "statement_id": c.statement_id}
            return {
                "target": self.target, "labels_file": str(self.path), "card": card,
                "labelled": len(labelled), "skipped": len(self.state.rows) - len(labelled), "pool": len(self.pool),
                "per_class": {s: sum(r.stance == s for r in labelled) for s in STANCES},
                "with_frames": sum(bool(r.frames) for r in labelled),
                "frames": [f.name for f in self.pool.frames], "estimate": history[-1] if history else None,
                "history": history, "next_refit": REFIT_EVERY - len(labelled) % REFIT_EVERY,
                "strategy": last.strategy if last else "", "refit_seconds": round(last.seconds, 2) if last else None,
                "stopped_rising": stopped_rising([r.estimate for r in self.rounds if r.estimate is not None]),
                "actors": self.net_by_actor(),
                "pace": pace.line() if (pace := labelling_pace(self.state.rows)) else None,
            }
