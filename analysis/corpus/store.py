"""The corpus dataset on disk: Parquet parts per article, written atomically, read back as tables.

Layout of a run's output folder::

    OUT/manifest.json                          what ran, on what, with which model (provenance)
    OUT/statements/part-<idhash>-<key>.parquet one file per article: its statements with scores
    OUT/articles/part-<idhash>-<key>.parquet   one row per article (metadata, counts, text)
    OUT/errors/part-<idhash>-<key>.parquet     one row per article that could not be analysed
    OUT/calibrated/statements.parquet          batch-calibrated stance (only with --batch-calibration)

``idhash`` is 16 hex digits of the sha256 of the article id, ``key`` 12 of the hash of its text,
metadata and the run's options. A part is written to a temporary name and renamed
(``os.replace``), so a reader never sees half a file, and the article row is written after the
statements: an article is done exactly when its ``articles`` part exists with the current key.
That is what makes a killed run resumable (the rerun skips done articles and rewrites any
half-finished one under the same name) and a retried task harmless (it rewrites the same file):
no article is lost or counted twice. Each folder is a Parquet dataset in its own right
(``pandas.read_parquet(OUT / "statements")``, Spark, DuckDB, ...).
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus.names import apply_names
from analysis.errors import CorpusError
from analysis.parquet_files import read_parquet_meta

DATASETS = ("statements", "articles", "errors")
MANIFEST = "manifest.json"
CALIBRATED = Path("calibrated") / "statements.parquet"
_PART = re.compile(r"part-([0-9a-f]{16})-([0-9a-f]{12})\.parquet")
ERROR_COLUMNS = ("article_id", "source", "reason", "stage")
#: What every statement row carries from its article (see :meth:`Corpus.statements`).
ARTICLE_KEYS = ("outlet", "date", "story")


def part_name(idhash: str, key: str) -> str:
    return f"part-{idhash}-{key}.parquet"


@dataclass
class PartIndex:
    """Which articles have which parts, from the file names alone (no file is opened):
    dataset -> idhash -> the keys of its parts."""

    parts: dict[str, dict[str, set[str]]]

    def finished(self, idhash: str, key: str) -> bool:
        """Scored (articles part) or failed (errors part) under ``key``."""
        return any(key in self.parts[d].get(idhash, ()) for d in ("articles", "errors"))

    def ids(self) -> set[str]:
        return set().union(*(set(p) for p in self.parts.values()))


def index_parts(out: Path) -> PartIndex:
    found: dict[str, dict[str, set[str]]] = {d: {} for d in DATASETS}
    for dataset in DATASETS:
        folder = out / dataset
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            match = _PART.fullmatch(entry.name)
            if match:
                found[dataset].setdefault(match.group(1), set()).add(match.group(2))
    return PartIndex(found)


def remove_parts(out: Path, idhash: str, keep: Mapping[str, str] | None = None) -> None:
    """Delete an article's parts in every dataset, except ``keep[dataset]``'s file name."""
    for dataset in DATASETS:
        folder = out / dataset
        if not folder.is_dir():
            continue
        for path in folder.glob(f"part-{idhash}*.parquet"):
            if keep is None or path.name != keep.get(dataset):
                path.unlink(missing_ok=True)


def clean_stale(out: Path, index: PartIndex, current: Mapping[str, str]) -> dict[str, int]:
    """Remove what no longer counts: parts of articles no longer in the input (``current``:
    idhash -> key), of half-finished articles and of articles whose key changed. Counts."""
    gone = index.ids() - set(current)
    for h in gone:
        remove_parts(out, h)
    stale = 0
    for h, key in current.items():
        names = {d: index.parts[d].get(h, set()) for d in DATASETS}
        if not any(names.values()):
            continue
        scored = key in names["articles"] and names["statements"] == {key} and names["articles"] == {key}
        failed = names["errors"] == {key} and not names["articles"] and not names["statements"]
        if not (scored or failed):
            remove_parts(out, h)
            for d in DATASETS:
                index.parts[d].pop(h, None)
            stale += 1
    for d in DATASETS:
        for h in gone:
            index.parts[d].pop(h, None)
        if (out / d).is_dir():
            for tmp in (out / d).glob(".part-*.tmp"):
                tmp.unlink(missing_ok=True)
    return {"removed_not_in_input": len(gone), "redone_incomplete_or_changed": stale}


def write_manifest(out: Path, manifest: Mapping[str, Any]) -> Path:
    path = out / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_manifest(out: Path) -> dict[str, Any]:
    path = Path(out) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def read_dataset(folder: Path, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Every part under ``folder`` as one DataFrame (empty when there is none)."""
    import pyarrow.dataset as ds

    files = sorted(str(p) for p in folder.glob("part-*.parquet")) if folder.is_dir() else []
    if not files:
        return pd.DataFrame()
    dataset = ds.dataset(files, format="parquet")
    wanted = None if columns is None else [c for c in columns if c in dataset.schema.names]
    return dataset.to_table(columns=wanted).to_pandas()


@dataclass(frozen=True)
class Corpus:
    """A finished (or partial) corpus run, read back: what the report layer works from."""

    root: Path
    manifest: dict[str, Any]

    def articles(self, columns: Iterable[str] | None = None, text: bool = False) -> pd.DataFrame:
        if columns is None and not text:
            columns = [c for c in _schema_names(self.root / "articles") if c != "text"]
        frame = read_dataset(self.root / "articles", columns)
        return frame.sort_values("article_id", kind="stable").reset_index(drop=True) if not frame.empty else frame

    def statements(self, columns: Iterable[str] | None = None, calibrated: bool = False) -> pd.DataFrame:
        """Every statement with its scores and its article's outlet, date and story, speakers and
        actors in the run's canonical names (``speaker_as_written``, ``speaker_id`` beside them,
        :func:`analysis.corpus.names.apply_names`): one table ready for ``groupby(["story", "outlet"])``."""
        columns = None if columns is None else list(columns)
        frame = read_dataset(self.root / "statements", columns)
        if frame.empty:
            return frame
        frame = frame.sort_values(["article_id", "statement_id"], kind="stable").reset_index(drop=True)
        missing = [c for c in ARTICLE_KEYS if c not in frame.columns and (columns is None or c in columns)]
        if missing:  # a run written before statement rows carried them: attached here, so no merge is needed
            meta = read_dataset(self.root / "articles", ["article_id", *missing])
            frame = frame.merge(meta, on="article_id", how="left", validate="many_to_one") if not meta.empty else frame
        frame = apply_names(frame, self.manifest.get("names"))  # one canonical name per person (corpus.names)
        if calibrated:
            path = self.root / CALIBRATED
            if not path.exists():
                raise CorpusError(f"{self.root}: no batch calibration in this run (rerun with --batch-calibration)")
            cal = pd.read_parquet(path)
            probs = [c for c in cal.columns if c not in ("article_id", "statement_id")]
            frame = frame.drop(columns=[c for c in probs if c in frame.columns]).merge(
                cal, on=["article_id", "statement_id"], how="left", validate="one_to_one")
        return frame

    def part_records(self) -> list[tuple[dict[str, Any], tuple[str, ...]]]:
        """(provenance, languages) of each article's statements part, read in one pass over the
        parts' Parquet metadata: what the scorers recorded, per article."""
        import pyarrow.parquet as pq

        records = []
        for path in sorted((self.root / "statements").glob("part-*.parquet")):
            provenance = read_parquet_meta(path).get("provenance", {})
            languages: tuple[str, ...] = ()
            if "language" in pq.read_schema(path).names:
                found = pq.read_table(path, columns=["language"]).column(0).unique().to_pylist()
                languages = tuple(str(x) for x in found if x)
            records.append((provenance, languages))
        return records

    def models_by_language(self, part: str = "stance",
                           records: list[tuple[dict[str, Any], tuple[str, ...]]] | None = None,
                           ) -> dict[str, tuple[str, str]]:
        """{language: (model, sha256)} of the ``part`` ("stance" / "frames") scorer, as each
        article's statements part records it (a corpus of two languages has two encoders).
        ``records``: :meth:`part_records`, when the caller has read them already."""
        found: dict[str, tuple[str, str]] = {}
        for provenance, languages in self.part_records() if records is None else records:
            scorer = provenance.get(part) or {}
            for language in languages if scorer.get("model") else ():
                found.setdefault(language, (str(scorer["model"]), str(scorer.get("model_sha256") or "")))
        return found

    def stance_modes(self, records: list[tuple[dict[str, Any], tuple[str, ...]]] | None = None) -> dict[str, int]:
        """{stance mode: articles} over the articles' statement parts, as each part's provenance
        records it (sidecars may differ: one article few-shot + LLM features, another few-shot)."""
        from analysis.pipeline import stance_mode

        counts: dict[str, int] = {}
        for provenance, _ in self.part_records() if records is None else records:
            stance = provenance.get("stance") or {}
            if stance:
                mode = stance_mode(stance)
                counts[mode] = counts.get(mode, 0) + 1
        return counts

    def errors(self) -> pd.DataFrame:
        frame = read_dataset(self.root / "errors")
        if frame.empty:
            return pd.DataFrame(columns=list(ERROR_COLUMNS))
        return frame.sort_values("article_id", kind="stable").reset_index(drop=True)

    def date_range(self) -> str | None:
        """``first to last, k of n articles dated`` over the articles' dates, for captions; None when none is dated."""
        dates = self.articles(["article_id", "date"])
        if dates.empty or "date" not in dates.columns:
            return None
        known = sorted(d for d in dates["date"].dropna().astype(str) if d)
        if not known:
            return None
        return f"{known[0]} to {known[-1]}, {len(known)} of {len(dates)} articles dated"

    @property
    def calibrated(self) -> bool:
        """Whether the run batch-calibrated its stance (``--batch-calibration``)."""
        return bool(self.manifest.get("batch_calibration")) and (self.root / CALIBRATED).exists()

    @property
    def provenance(self) -> dict[str, Any]:
        """Caption fields for corpus charts: backend, model hash, target, version, n articles, mode."""
        return self._caption("stance")

    @property
    def frames_provenance(self) -> dict[str, Any]:
        """The same for frame charts, naming the frame scorer instead of the stance backend."""
        return self._caption("frames")

    def _caption(self, part: str) -> dict[str, Any]:
        from analysis.pipeline import stance_mode

        recorded = self.manifest.get("provenance", {})
        stance, scorer = recorded.get("stance", {}), recorded.get(part) or {}
        done = len(index_parts(self.root).parts["articles"])
        partial = "" if self.manifest.get("status") == "complete" else ", run not finished"
        records = self.part_records()  # one pass over the parts serves the models and the modes
        models = self.models_by_language(part, records)
        model, model_hash = scorer.get("model"), str(scorer.get("model_sha256") or "")
        if len(set(models.values())) > 1:  # a corpus of several languages: each read by its encoder
            model = " + ".join(f"{m} ({lang})" for lang, (m, _) in sorted(models.items()))
            model_hash = " + ".join(h[:7] for _, (_, h) in sorted(models.items()))
        return {"article": f"corpus {Path(str(self.manifest.get('input', self.root))).name} ({done} articles{partial})",
                "article_date": self.date_range(),
                "target": self.manifest.get("options", {}).get("target") or stance.get("target"),
                "backend": scorer.get("backend"), "model": model,
                "model_hash": model_hash, "version": stance.get("package_version"),
                "mode": self._mode(stance_mode(stance), self.stance_modes(records))
                + (", batch-calibrated" if self.manifest.get("batch_calibration") else "")}

    @staticmethod
    def _mode(recorded: str, modes: dict[str, int]) -> str:
        """The corpus's stance mode: the one every article shares, else each with its count of articles."""
        if len(modes) <= 1:
            return next(iter(modes), recorded)
        return "; ".join(f"{m} ({n} article{'s' if n > 1 else ''})" for m, n in sorted(modes.items()))


def _schema_names(folder: Path) -> list[str]:
    import pyarrow.parquet as pq

    first = next(iter(sorted(folder.glob("part-*.parquet"))), None) if folder.is_dir() else None
    return list(pq.read_schema(first).names) if first else []


def open_corpus(out: str | os.PathLike) -> Corpus:
    """A run's output folder, read back; CorpusError when it holds no corpus run."""
    root = Path(out)
    manifest = read_manifest(root)
    if not manifest:
        raise CorpusError(f"{root}: not a corpus run (no {MANIFEST}); make one with `python -m analysis corpus`")
    return Corpus(root, manifest)
