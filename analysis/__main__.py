"""Command line: ``python -m analysis COMMAND ...``.

Commands: ``statements``, ``stance``, ``corpus-stance``, ``suggest-labels``, ``frames``, ``models fetch``,
``evaluate-attribution``, ``evaluate-frames``, ``figures``. Results go to stdout; errors go to stderr as one clear
line with a non-zero exit.
Provenance (backend, model hash, templates, package version) is part of every scored output: the
first line of ``jsonl``, ``#`` comment lines at the top of ``csv``, a footer under ``table``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from analysis.errors import AnalysisError, InputError
from analysis.schema import STANCES
from analysis.stance.active import DEFAULT_STRATEGY, FIRST_ROUND, STRATEGIES
from analysis.stance.calibration import MIN_ITEMS
from analysis.version import __version__

TABLE_COLUMNS = ["statement_id", "kind", "speaker", "actor", "cue", "content"]
STANCE_COLUMNS = ["stance", "p_favor", "p_against", "p_neutral", "uncertainty"]
EXAMPLES_HELP = ("labelled statements (CSV with columns text, stance) for few-shot stance on the sentence "
                 "encoder, instead of the sidecar's stance_examples / the zero-shot backend")
LLM_FEATURES_HELP = ("with few-shot stance: add the zero-shot LLM's reading as features of the head (needs the LLM "
                     "model; scoring runs at the LLM's speed where its scores are not cached)")


def _write(frame: pd.DataFrame, fmt: str, out=sys.stdout, columns: list[str] | None = None) -> None:
    provenance = frame.attrs.get("provenance")
    if fmt == "jsonl":
        if provenance:
            out.write(json.dumps({"provenance": provenance}, ensure_ascii=False, default=str) + "\n")
        for record in frame.to_dict(orient="records"):
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        if provenance:
            for key, value in provenance.items():
                out.write(f"# {key}: {json.dumps(value, ensure_ascii=False, default=str)}\n")
        frame.to_csv(out, index=False)
    else:
        shown = frame[[c for c in (columns or frame.columns) if c in frame.columns]].copy()
        if "content" in shown:
            shown["content"] = shown["content"].str.slice(0, 70)
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 72):
            out.write(shown.to_string(index=False) + "\n")
        if provenance:
            out.write("\nprovenance: " + json.dumps(provenance, ensure_ascii=False, default=str) + "\n")


def _read(path: str, encoding: str | None):
    from analysis.article import read_article

    return read_article(path, encoding=encoding)


def cmd_statements(args) -> None:
    from analysis.attribution.statements import extract_statements

    _write(extract_statements(_read(args.article, args.encoding)), args.format, columns=TABLE_COLUMNS + ["flags"])


def _target(article, given: str | None) -> str:
    from analysis.stance.scored_article import article_target

    return article_target(article, given)


def cmd_stance(args) -> None:
    from analysis.attribution.statements import extract_statements
    from analysis.stance.scored_article import article_examples
    from analysis.stance.scoring import score_stance

    article = _read(args.article, args.encoding)
    if args.examples or args.llm_features:
        _no_backend_with_examples(args)
    # an explicit --backend asks for zero-shot stance even when the sidecar has a codebook
    examples, base = article_examples(article, args.examples) if not args.backend else (None, None)
    if examples is None:
        if args.llm_features:
            raise InputError("--llm-features adds the LLM to few-shot stance: give --examples or the sidecar's "
                             "stance_examples")
        scored = score_stance(extract_statements(article), _target(article, args.target), backend=args.backend,
                              model=args.model)
    else:
        scored = score_stance(extract_statements(article), _target(article, args.target), examples=examples,
                              examples_dir=base, model=args.model,
                              llm_features=args.llm_features or article.sidecar.stance_llm_features)
    _write(scored, args.format, columns=["statement_id", "kind", "speaker", "actor"] + STANCE_COLUMNS + ["content"])


def cmd_corpus_stance(args) -> None:
    """Stance of every statement of several articles toward one target, batch-calibrated over them all."""
    from analysis.attribution.statements import extract_statements
    from analysis.stance.calibration import calibrate_to_batch, check_batch_size
    from analysis.stance.scoring import score_stance

    if args.no_batch_calibration and args.prior:
        raise InputError("--prior only applies to batch calibration; drop it or --no-batch-calibration")
    articles = [_read(path, args.encoding) for path in args.articles]
    targets = {_target(article, args.target) for article in articles}
    if len(targets) > 1:
        raise InputError(f"the articles' sidecars name different targets {sorted(targets)}; pass one --target")
    frames = []
    for path, article in zip(args.articles, articles):
        statements = extract_statements(article)
        statements.insert(0, "article", path)
        frames.append(statements)
    statements = pd.concat(frames, ignore_index=True)
    if not args.no_batch_calibration:
        check_batch_size(len(statements), args.min_items)  # before the scoring, not after
    if args.examples:
        _no_backend_with_examples(args)
        scored = score_stance(statements, targets.pop(), examples=args.examples, model=args.model,
                              llm_features=args.llm_features)
    elif args.llm_features:
        raise InputError("--llm-features adds the LLM to few-shot stance: give --examples too")
    else:
        scored = score_stance(statements, targets.pop(), backend=args.backend, model=args.model)
    if not args.no_batch_calibration:
        scored = calibrate_to_batch(scored, prior=args.prior, min_items=args.min_items)
    _write(scored, args.format, columns=["article", "statement_id", "kind", "speaker", "actor"] + STANCE_COLUMNS + ["content"])


def _no_backend_with_examples(args) -> None:
    if args.backend:
        flag = "--examples" if args.examples else "--llm-features"
        raise InputError(f"{flag} selects few-shot stance on the sentence encoder; drop --backend "
                         "(--model then names an encoder directory)")


def cmd_suggest_labels(args) -> None:
    """A CSV of the statements whose labels would help most, with an empty stance column."""
    from analysis.stance.active import suggest_labels

    table = suggest_labels(args.inputs, target=args.target, n=args.n, strategy=args.strategy,
                           examples=args.examples, encoding=args.encoding, model=args.model)
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"wrote {len(table)} statements to label to {args.out}", file=sys.stderr)
    else:
        table.to_csv(sys.stdout, index=False)


def _prior_option(text: str) -> dict[str, float]:
    """--prior FAVOR,AGAINST,NEUTRAL -> {label: share}, checked before any work is done."""
    from analysis.stance.calibration import prior_vector

    try:
        shares = [float(x) for x in text.split(",")]
        if len(shares) != len(STANCES):
            raise InputError(f"three shares FAVOR,AGAINST,NEUTRAL are needed, got {len(shares)}")
        prior = dict(zip(STANCES, shares))
        prior_vector(prior)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"{text!r}: {e}") from None
    return prior


def cmd_frames(args) -> None:
    from analysis.attribution.statements import extract_statements
    from analysis.stance.frames import frames_for
    from analysis.stance.scoring import score_frames

    article = _read(args.article, args.encoding)
    frames = frames_for(article.sidecar)
    backend, model = args.backend, args.model
    if args.frame_examples:
        from analysis.stance.frame_scorer import EncoderFrameBackend
        from analysis.stance.frames_eval import read_frame_labels

        if backend not in (None, "encoder"):
            raise InputError("--frame-examples adapts the encoder frame scorer; drop --backend or use --backend encoder")
        backend, model = EncoderFrameBackend(model=model, examples=read_frame_labels(args.frame_examples, frames)), None
    scored = score_frames(extract_statements(article), frames=frames, backend=backend or "encoder", model=model)
    _write(scored, args.format, columns=["statement_id", "kind", "speaker", "top_frame", "frames_present", "content"])


def cmd_evaluate_frames(args) -> None:
    from analysis.stance.frames import POLICY_FRAMES
    from analysis.stance.frames_eval import evaluate_scorer, format_scores, read_frame_labels, sample_labels

    labels = read_frame_labels(args.data, POLICY_FRAMES)
    if args.sample:
        labels = sample_labels(labels, args.sample)
    scores = evaluate_scorer(labels, POLICY_FRAMES, args.scorer, args.method, args.cv, args.model)
    if args.json:
        print(json.dumps(scores.summary()))
        return
    name = args.scorer + (f" ({args.method})" if args.scorer == "encoder" else "")
    print(format_scores(name, scores))


def cmd_models(args) -> None:
    from analysis.stance.models import fetch_all

    for path in fetch_all(progress=lambda msg: print(msg, file=sys.stderr)):
        print(path)


def cmd_evaluate(args) -> None:
    from analysis.attribution.evaluate import evaluate_directory

    scores = evaluate_directory(args.directory)
    summary = scores.summary()
    if args.json:
        print(json.dumps(summary))
        return
    for key, value in summary.items():
        print(f"{key:>18}: {value}")


def cmd_figures(args) -> None:
    from analysis.report.runner import run_suite

    if args.corpus:
        from analysis.report.corpus_suite import run_corpus_report

        if args.articles:
            raise InputError("give either articles or --corpus DIR, not both")
        out = Path(args.out) if args.out != "figures" else Path("figures") / "corpus"
        for path in run_corpus_report(args.corpus, out, pages=not args.no_pages,
                                      build_dir=Path(args.build_dir) if args.build_dir else None):
            print(path)
        return
    if args.examples or args.llm_features:
        _no_backend_with_examples(args)
    written = run_suite([Path(a) for a in args.articles] or None, Path(args.out), backend=args.backend,
                        model=args.model, target=args.target, build_dir=Path(args.build_dir) if args.build_dir else None,
                        examples=args.examples, llm_features=args.llm_features)
    for path in written:
        print(path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Who says what in a news article, and where each voice stands.")
    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def article_command(name: str, help_text: str, func):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("article", help="plain-text article (UTF-8); an ARTICLE.json sidecar beside it is read too")
        p.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
        p.add_argument("--encoding", default=None, help="the file's encoding when it is not UTF-8 (e.g. cp1252)")
        p.set_defaults(func=func)
        return p

    article_command("statements", "attributed statements of an article", cmd_statements)
    for name, func in (("stance", cmd_stance), ("frames", cmd_frames)):
        p = article_command(name, f"{name} scores of every statement", func)
        if name == "stance":
            p.add_argument("--target", default=None, help="stance target (default: the sidecar's)")
            p.add_argument("--examples", default=None, metavar="FILE.csv", help=EXAMPLES_HELP)
            p.add_argument("--llm-features", action="store_true", help=LLM_FEATURES_HELP)
        if name == "frames":
            p.add_argument("--backend", choices=["encoder", "llm", "nli"], default=None, help="default: encoder")
            p.add_argument("--frame-examples", default=None, metavar="FILE.csv",
                           help="labelled text,frames rows that adapt the encoder frame scorer (a head)")
        else:
            p.add_argument("--backend", choices=["llm", "nli"], default=None, help="default: llm")
        p.add_argument("--model", default=None, help="hub id or local directory (nli, encoder), GGUF path (llm)")

    corpus = sub.add_parser(
        "corpus-stance", help="stance of all statements of several articles toward one target, batch-calibrated",
        description="Scores every statement of the given articles toward one target, then removes the label "
                    "bias the whole set shows (analysis.calibrate_to_batch; needs >= --min-items statements).")
    corpus.add_argument("articles", nargs="+", help="plain-text articles (UTF-8; sidecars are read)")
    corpus.add_argument("--target", default=None, help="stance target (default: the sidecars', which must agree)")
    corpus.add_argument("--backend", choices=["llm", "nli"], default=None, help="default: llm")
    corpus.add_argument("--model", default=None, help="hub id or local directory (nli), GGUF path (llm)")
    corpus.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    corpus.add_argument("--encoding", default=None, help="the files' encoding when it is not UTF-8")
    corpus.add_argument("--prior", type=_prior_option, default=None,
                        help="assumed label shares FAVOR,AGAINST,NEUTRAL (default: equal)")
    corpus.add_argument("--min-items", type=int, default=MIN_ITEMS, help=f"refuse smaller sets (default {MIN_ITEMS})")
    corpus.add_argument("--no-batch-calibration", action="store_true", help="report the backend's scores as they are")
    corpus.add_argument("--examples", default=None, metavar="FILE.csv", help=EXAMPLES_HELP)
    corpus.add_argument("--llm-features", action="store_true", help=LLM_FEATURES_HELP)
    corpus.set_defaults(func=cmd_corpus_stance)

    suggest = sub.add_parser(
        "suggest-labels", help="write a CSV of statements to label for few-shot stance (empty stance column)",
        description="Picks the statements whose labels would help a few-shot stance model most; fill in the "
                    "stance column (favor / against / neutral) and pass the file back with --examples.")
    suggest.add_argument("inputs", nargs="+", help="articles (.txt, statements are extracted) or CSV files with a text column")
    suggest.add_argument("--target", required=True, help="the stance target")
    suggest.add_argument("--n", type=int, default=FIRST_ROUND,
                         help=f"how many statements to suggest (default {FIRST_ROUND}: 16 for each of the three stances)")
    suggest.add_argument("--out", default=None, help="CSV to write (default: stdout)")
    suggest.add_argument("--strategy", choices=list(STRATEGIES), default=DEFAULT_STRATEGY,
                         help="how to choose (default: auto = typical statements (TypiClust) until --examples holds "
                              "16 labels per class seen on average, then uncertain ones; see analysis.stance.active)")
    suggest.add_argument("--examples", default=None, metavar="FILE.csv", help="statements labelled so far")
    suggest.add_argument("--model", default=None, help="sentence-encoder directory (default: all-mpnet-base-v2)")
    suggest.add_argument("--encoding", default=None, help="the files' encoding when it is not UTF-8")
    suggest.set_defaults(func=cmd_suggest_labels)

    from analysis.corpus import cli as corpus_cli

    corpus_cli.add_parser(sub, _prior_option)

    models = sub.add_parser("models", help="obtain and verify the offline models")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    fetch = models_sub.add_parser("fetch", help="fetch and verify the offline LLM and sentence encoder (idempotent)")
    fetch.set_defaults(func=cmd_models)

    evaluate = sub.add_parser("evaluate-attribution", help="precision/recall/F1 against brat gold (PolNeAR format)")
    evaluate.add_argument("directory")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(func=cmd_evaluate)

    ev_frames = sub.add_parser("evaluate-frames", help="accuracy, macro-F1, per-frame F1 against human frame labels",
                               description="Reads a CSV of text,frames (';'-joined names; either counts) and "
                                           "scores every text with the chosen frame scorer.")
    ev_frames.add_argument("data", help="the CSV, or a directory holding one CSV with text and frames columns")
    ev_frames.add_argument("--scorer", choices=["encoder", "llm", "nli"], default="encoder")
    ev_frames.add_argument("--method", choices=["prototypes", "head"], default="prototypes",
                           help="encoder: zero-shot prototypes, or a head adapted on the training folds")
    ev_frames.add_argument("--cv", type=int, default=5, help="folds for whatever is fitted on the data (0: none)")
    ev_frames.add_argument("--model", default=None, help="encoder directory, NLI model or GGUF file")
    ev_frames.add_argument("--sample", type=int, default=0, help="a stratified sample of about N rows (0: all)")
    ev_frames.add_argument("--json", action="store_true")
    ev_frames.set_defaults(func=cmd_evaluate_frames)

    figures = sub.add_parser("figures", help="run the notebook suite headless and export figures")
    figures.add_argument("articles", nargs="*", help="articles (default: the seed)")
    figures.add_argument("--out", default="figures")
    figures.add_argument("--target", default=None, help="stance target (default: each article's sidecar)")
    figures.add_argument("--build-dir", default=None, help="where executed notebooks go (default: build/notebooks)")
    figures.add_argument("--backend", choices=["llm", "nli"], default=None)
    figures.add_argument("--model", default=None)
    figures.add_argument("--examples", default=None, metavar="FILE.csv", help=EXAMPLES_HELP)
    figures.add_argument("--llm-features", action="store_true", help=LLM_FEATURES_HELP)
    figures.add_argument("--corpus", default=None, metavar="DIR",
                         help="a `corpus` run's --out folder: cross-article figures (05_corpus) into --out "
                              "(default figures/corpus) instead of per-article ones")
    figures.add_argument("--no-pages", action="store_true", help="with --corpus: no index.html / article pages")
    figures.set_defaults(func=cmd_figures)
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


if __name__ == "__main__":
    sys.exit(main())
