"""The labels file: statements labelled for one stance target, read and written line by line.

A labels file is a UTF-8 CSV with the columns ``text, stance, target, frames, source,
statement_id, decided_at`` (``news-stance label`` writes it; all but ``text`` and ``stance`` are
optional when a person writes one by hand; ``decided_at`` is when the page wrote the decision, UTC,
from which :mod:`analysis.labelling.pace` reads how long labelling took). It carries its target: every
labelled row names the same one, and few-shot stance refuses to score another target with it,
since a label is only true of the target it was given for ("against" a ban is "favor" of the
right it bans).

Label spellings (:data:`LABEL_SPELLINGS`, case and surrounding spaces ignored):

- favor: ``favor``, ``favour``, ``f``, ``pro``, ``for``, ``support``
- against: ``against``, ``a``, ``con``, ``oppose``
- neutral: ``neutral``, ``n``, ``none``
- ``skip`` or ``-``: the row stays unlabelled (it is read and left out)

Any other label, and a blank one, is an error naming the file's line, so a typo never silently
drops a statement. ``frames`` holds ``;``-joined frame names (the Policy Frames Codebook's, or a
sidecar's), ticked on the same card; they train the frame head (:mod:`analysis.frames.scorer`).

Every write goes to a temporary file beside the target and is moved over it with
:func:`os.replace`, so a killed process leaves the old file or the new one, never half of one.
"""
from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import ExamplesError, InputError

COLUMNS = ("text", "stance", "target", "frames", "source", "statement_id", "decided_at")
LABEL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "favor": ("favor", "favour", "f", "pro", "for", "support"),
    "against": ("against", "a", "con", "oppose"),
    "neutral": ("neutral", "n", "none"),
}
SKIP_SPELLINGS = ("skip", "-")
_SPELLING = {s: label for label, spellings in LABEL_SPELLINGS.items() for s in spellings}
GOOD_TARGET = "Climate change is a serious concern."
MAX_TARGET_WORDS = 30
_QUESTION_START = re.compile(r"^(is|are|was|were|should|shall|does|do|did|can|could|will|would|must|"
                             r"what|why|how|who|whom|which|whether)\b", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?;]\s+\S")


def spellings_help() -> str:
    """The accepted spellings, as one line for error messages."""
    return "; ".join(f"{label}: {', '.join(s)}" for label, s in LABEL_SPELLINGS.items()) + \
        f"; {' or '.join(SKIP_SPELLINGS)} leaves a row unlabelled"


def normalise_label(raw: object) -> str | None:
    """The stance a spelling stands for; "" for an explicit skip; None for a blank or unknown one."""
    label = "" if raw is None else str(raw).strip().lower()
    if label in SKIP_SPELLINGS:
        return ""
    return _SPELLING.get(label)


def check_target(target: str) -> str:
    """``target`` stripped, or InputError when it is a question or longer than one sentence.

    A target is a position a statement can be for or against; the models read it as a claim
    (GWSD's "Climate change is a serious concern."). A question has no side to take, and a
    paragraph states several positions at once.
    """
    if not isinstance(target, str) or not target.strip():
        raise InputError("the stance target is empty; give one, e.g. --target \"" + GOOD_TARGET + "\"")
    text = " ".join(target.split())
    example = f'e.g. "{GOOD_TARGET}" or "The ban on the messenger is justified."'
    if text.endswith("?") or _QUESTION_START.match(text):
        raise InputError(f"the stance target {text!r} is phrased as a question; state the position a statement can "
                         f"be for or against as a claim, {example}")
    if _SENTENCE_BREAK.search(text) or len(text.split()) > MAX_TARGET_WORDS:
        raise InputError(f"the stance target {text[:80]!r}{'...' if len(text) > 80 else ''} is longer than one "
                         f"sentence; state one position in one short sentence, {example}")
    return text


def same_target(a: str, b: str) -> bool:
    """Whether two spellings of a target are the same claim (case, spaces and a final period aside)."""
    def norm(t: str) -> str:
        return " ".join(t.split()).casefold().rstrip(".")
    return norm(a) == norm(b)


@dataclass(frozen=True)
class LabelRow:
    """One row of a labels file; ``line``: where it starts in the file (1 = the header)."""

    text: str
    stance: str
    target: str = ""
    frames: tuple[str, ...] = ()
    source: str = ""
    statement_id: str = ""
    line: int = 0
    decided_at: str = ""

    def as_csv(self) -> dict[str, str]:
        return {"text": self.text, "stance": self.stance, "target": self.target, "frames": ";".join(self.frames),
                "source": self.source, "statement_id": self.statement_id, "decided_at": self.decided_at}


@dataclass(frozen=True)
class LabelsFile:
    """The labelled rows of a file (skips left out) and the one target they carry (None if none)."""

    path: Path
    rows: tuple[LabelRow, ...]
    target: str | None
    columns: tuple[str, ...] = field(default=COLUMNS)

    def pairs(self) -> list[tuple[str, str]]:
        return [(r.text, r.stance) for r in self.rows]

    def where(self) -> list[str]:
        return [f"{self.path.name} line {r.line}" for r in self.rows]


def _records(path: Path) -> Iterable[tuple[int, list[str]]]:
    """(starting line, fields) of each CSV record, header included."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise ExamplesError(f"labels file {path} is not a readable UTF-8 CSV ({e})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for fields in reader:
            yield start, fields
            start = reader.line_num + 1
    except csv.Error as e:
        raise ExamplesError(f"{path.name} line {start}: not valid CSV ({e})") from None


def read_labels_csv(path: str | os.PathLike, keep_skipped: bool = False) -> LabelsFile:
    """The labels file at ``path``: ExamplesError (one line, with the file's line number) for a
    missing column, a blank or unknown label, or rows labelled for different targets.
    ``keep_skipped``: keep the ``skip`` rows too (stance "skip"), as a labelling session does."""
    path = Path(path)
    if not path.is_file():
        raise ExamplesError(f"examples file {path} does not exist")
    records = iter(_records(path))
    header = next(records, None)
    if header is None:
        raise ExamplesError(f"labels file {path} is empty; it needs the columns text and stance")
    names = [h.strip().lower() for h in header[1]]
    missing = {"text", "stance"} - set(names)
    if missing:
        raise ExamplesError(f"examples file {path} needs the columns text and stance; missing {sorted(missing)}")
    rows: list[LabelRow] = []
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue  # an empty line
        rec = dict(zip(names, fields))
        stance = normalise_label(rec.get("stance", ""))
        if stance is None:
            raw = rec.get("stance", "").strip()
            what = f"unknown stance label {raw!r}" if raw else "blank stance label"
            raise ExamplesError(f"{path.name} line {line}: {what}; use {spellings_help()}")
        if stance == "" and not keep_skipped:
            continue
        frames = tuple(f.strip() for f in rec.get("frames", "").split(";") if f.strip())
        rows.append(LabelRow(rec.get("text", ""), stance or "skip", rec.get("target", "").strip(), frames,
                             rec.get("source", ""), rec.get("statement_id", ""), line, rec.get("decided_at", "").strip()))
    targets = {r.target for r in rows if r.target}
    distinct: list[str] = []
    for t in sorted(targets):
        if not any(same_target(t, d) for d in distinct):
            distinct.append(t)
    if len(distinct) > 1:
        first = {t: next(r.line for r in rows if r.target == t) for t in distinct[:2]}
        raise ExamplesError(f"{path.name} holds labels for more than one target: "
                            + " and ".join(f"{t!r} (line {n})" for t, n in first.items())
                            + "; keep one target per labels file")
    return LabelsFile(path, tuple(rows), distinct[0] if distinct else None, tuple(names))


def write_labels_csv(path: str | os.PathLike, rows: Sequence[LabelRow]) -> None:
    """Write ``rows`` (with the columns of :data:`COLUMNS`) to ``path`` atomically."""
    path = Path(path)
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.as_csv())
    atomic_write_text(path, buf.getvalue())


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace` (fsynced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def record_target(path: str | os.PathLike, target: str) -> None:
    """Give every row of a labels file without a target ``target`` (rewritten atomically), so the
    file carries the target it was used for from now on. Columns the file had are kept."""
    path = Path(path)
    records = list(_records(path))
    header = [h.strip() for h in records[0][1]]
    lower = [h.lower() for h in header]
    if "target" not in lower:
        header.append("target")
        lower.append("target")
    col = lower.index("target")
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for _, fields in records[1:]:
        fields = fields + [""] * (len(header) - len(fields))
        if not fields[col].strip() and any(f.strip() for f in fields):
            fields[col] = target
        writer.writerow(fields)
    atomic_write_text(path, buf.getvalue())


__all__ = ["COLUMNS", "LABEL_SPELLINGS", "LabelRow", "LabelsFile", "check_target", "normalise_label",
           "read_labels_csv", "record_target", "same_target", "spellings_help", "write_labels_csv"]
