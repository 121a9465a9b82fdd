"""``python -m analysis corpus INPUT --target "..." --out DIR [--scheduler ADDRESS] [--workers N]``."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from analysis.corpus.inputs import DEFAULT_MAX_BYTES, NAME_PATTERNS
from analysis.stance.calibration import MIN_ITEMS

DESCRIPTION = """\
Scores every article of a corpus on Dask and writes a Parquet dataset to --out: statements/
(one row per statement with stance scores), articles/ (one row per article), errors/ (articles
that could not be analysed, with the reason) and manifest.json (provenance). INPUT is a folder
of .txt files (sidecars are read) or a CSV / JSONL / Parquet table with columns id, text and
optional title, outlet, date, url, target. Rerun the same command after an interruption:
finished articles are skipped. With --scheduler the same job runs on an existing Dask cluster
(its workers need this package, the models and the same Python packages installed)."""


def add_parser(sub: Any, prior_type: Any) -> argparse.ArgumentParser:
    p = sub.add_parser("corpus", help="score a corpus of articles on Dask into a Parquet dataset (resumable)",
                       description=DESCRIPTION)
    p.add_argument("input", help="folder of .txt files, or a .csv / .jsonl / .parquet table")
    p.add_argument("--out", required=True, help="output folder (rerun with the same folder to resume)")
    p.add_argument("--target", default=None, help="stance target (default: each article's target column / sidecar)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster here)")
    p.add_argument("--workers", type=int, default=None, help="LocalCluster worker processes (default: one per core)")
    p.add_argument("--backend", choices=["llm", "nli"], default=None, help="default: llm")
    p.add_argument("--model", default=None, help="hub id or local directory (nli), GGUF path (llm)")
    p.add_argument("--frames", action="store_true",
                   help="also score the 15 policy frames (the sentence encoder's frame scorer, as in the figures)")
    p.add_argument("--examples", default=None, metavar="FILE.csv",
                   help="labelled statements (CSV: text, stance) for few-shot stance on the sentence encoder "
                        "instead of the zero-shot backend (--model then names an encoder directory)")
    p.add_argument("--llm-features", action="store_true",
                   help="with --examples: add the zero-shot LLM's reading as features of the few-shot head (slow)")
    p.add_argument("--name-pattern", default=None, metavar="NAME|REGEX",
                   help="read outlet/date/title from .txt file names: "
                        + ", ".join(f"{k} ({v})" for k, v in NAME_PATTERNS.items()).replace("%", "%%")
                        + ", or a regex with those named groups")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"larger articles are errors (default {DEFAULT_MAX_BYTES:,})")
    p.add_argument("--encoding", default=None, help="the .txt files' encoding when it is not UTF-8")
    p.add_argument("--batch-calibration", action="store_true",
                   help="also batch-calibrate stance over all statements (one target, >= --min-items statements)")
    p.add_argument("--prior", type=prior_type, default=None, help="label shares FAVOR,AGAINST,NEUTRAL for calibration")
    p.add_argument("--min-items", type=int, default=MIN_ITEMS, help=f"calibration refuses smaller sets (default {MIN_ITEMS})")
    p.add_argument("--aliases", default=None, metavar="FILE",
                   help="name aliases (JSON object or CSV variant,canonical) added to the run's name table")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> None:
    from analysis.corpus.analyse import ScoreOptions
    from analysis.corpus.names import load_aliases
    from analysis.corpus.runner import run_corpus
    from analysis.errors import InputError

    if args.prior and not args.batch_calibration:
        raise InputError("--prior only applies with --batch-calibration")
    examples = None
    if args.examples:
        from analysis.stance.fewshot import parse_examples

        examples = parse_examples(args.examples)
    options = ScoreOptions(target=args.target, backend=args.backend, model=args.model, frames=args.frames,
                           examples=examples, llm_features=args.llm_features)
    manifest = run_corpus(args.input, args.out, options, scheduler=args.scheduler, workers=args.workers,
                          name_pattern=args.name_pattern, max_bytes=args.max_bytes, encoding=args.encoding,
                          batch_calibration=args.batch_calibration, prior=args.prior, min_items=args.min_items,
                          progress=not args.no_progress, aliases=load_aliases(args.aliases) if args.aliases else None)
    counts = manifest["counts"]
    print(json.dumps({"out": str(args.out), **{k: counts.get(k) for k in ("total", "done", "errors", "skipped_done",
                                                                       "scored", "failed", "seconds")}}))
    if counts.get("errors"):
        print(f"{counts['errors']} article(s) could not be analysed; see {args.out}/errors/", file=sys.stderr)
