"""How tables leave the command line: rows that pandas reads as they are, provenance beside them.

CSV and JSONL hold rows only, so ``pd.read_csv`` and ``pd.read_json(lines=True)`` need no
options; offsets stay integers. With ``--out FILE`` the rows go to FILE and the provenance to
``FILE`` with the suffix ``.provenance.json`` (``stance.csv`` -> ``stance.provenance.json``);
on stdout, the provenance goes to stderr as one ``provenance: {...}`` line. ``table`` is for
reading in a terminal and prints the provenance under the rows.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

import pandas as pd

FORMATS = ("table", "csv", "jsonl")


def provenance_path(rows_path: str | Path) -> Path:
    """``stance.csv`` -> ``stance.provenance.json``."""
    path = Path(rows_path)
    return path.with_name(path.stem + ".provenance.json")


def write_rows(frame: pd.DataFrame, fmt: str, out: IO[str], columns: list[str] | None = None) -> None:
    """The rows of ``frame`` in ``fmt`` (``table`` shows ``columns`` only, contents cut to 70 characters)."""
    if fmt == "jsonl":
        frame.to_json(out, orient="records", lines=True, force_ascii=False, date_format="iso")
    elif fmt == "csv":
        frame.to_csv(out, index=False, lineterminator="\n")
    else:
        shown = frame[[c for c in (columns or frame.columns) if c in frame.columns]].copy()
        if "content" in shown:
            shown["content"] = shown["content"].str.slice(0, 70)
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 72):
            out.write(shown.to_string(index=False) + "\n")


def _provenance_json(provenance: Any) -> str:
    return json.dumps(provenance, ensure_ascii=False, default=str, sort_keys=True)


def emit(frame: pd.DataFrame, fmt: str, out_path: str | None = None, columns: list[str] | None = None) -> None:
    """Write ``frame``'s rows (to ``out_path`` or stdout) and its ``attrs["provenance"]``."""
    provenance = frame.attrs.get("provenance")
    if out_path:
        path = Path(out_path)
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_rows(frame, fmt, handle, columns)
        if provenance:
            provenance_path(path).write_text(_provenance_json(provenance) + "\n", encoding="utf-8")
        print(f"wrote {len(frame)} rows to {path}" + (f" and {provenance_path(path)}" if provenance else ""),
              file=sys.stderr)
        return
    write_rows(frame, fmt, sys.stdout, columns)
    if provenance:
        if fmt == "table":
            sys.stdout.write("\nprovenance: " + _provenance_json(provenance) + "\n")
        else:
            print("provenance: " + _provenance_json(provenance), file=sys.stderr)
