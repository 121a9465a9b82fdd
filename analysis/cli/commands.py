"""What each command does; the parser (:mod:`analysis.cli.parser`) says which arguments it takes.

Every command that scores resolves its options through :mod:`analysis.pipeline` (the rule of
examples, backends and sidecars lives there); results go to stdout or ``--out`` as rows
(:mod:`analysis.cli.output`), messages and errors to stderr.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analysis.cli.output import emit
from analysis.errors import InputError
from analysis.schema import STANCES

TABLE_COLUMNS = ["statement_id", "kind", "speaker", "actor", "cue", "content"]
STANCE_COLUMNS = ["stance", "p_favor", "p_against", "p_neutral", "uncertainty"]


def _read(path: str, encoding: str | None):
    from analysis.article import read_article

    return read_article(path, encoding=encoding)


def score_options(args: argparse.Namespace, *, frames: bool = True, sidecar_frames: bool = True):
    """The pipeline's options from the shared stance arguments (examples read and checked here)."""
    from analysis.pipeline import ScoreOptions
    from analysis.stance.labels_file import read_labels_csv

    untargeted = bool(args.examples and args.target and read_labels_csv(args.examples).target is None)
    options = ScoreOptions.from_files(target=args.target, backend=args.backend, model=args.model,
                                      examples=args.examples, codebook=getattr(args, "codebook", None),
                                      llm_features=args.llm_features, frames=frames, sidecar_frames=sidecar_frames)
    if untargeted:
        print(f"recorded the target {options.target!r} in {args.examples} (it had none)", file=sys.stderr)
    return options


def cmd_statements(args: argparse.Namespace) -> None:
    from analysis.attribution.statements import extract_statements

    emit(extract_statements(_read(args.article, args.encoding)), args.format, args.out,
         columns=TABLE_COLUMNS + ["statement_flags"])


def cmd_stance(args: argparse.Namespace) -> None:
    from analysis.attribution.statements import extract_statements
    from analysis.pipeline import resolve, score_statements

    article = _read(args.article, args.encoding)
    resolved = resolve(article, score_options(args, frames=False))
    statements = extract_statements(article)
    if not resolved.few_shot and not statements.empty:
        resolved.stance_identity()  # a missing model is the one error to report, before the note
        _notice_zero_shot(resolved.target, args.article)
    scored, provenance, _ = score_statements(article, statements, resolved)
    scored.attrs["provenance"] = provenance["stance"]
    emit(scored, args.format, args.out, columns=["statement_id", "kind", "speaker", "actor"] + STANCE_COLUMNS + ["content"])


def _notice_zero_shot(target: str | None, inputs: str) -> None:
    from analysis.pipeline import zero_shot_notice

    print(zero_shot_notice(target, inputs), file=sys.stderr)


def _zero_shot_articles(paths: list[Path], options, encoding: str | None) -> list[tuple[Path, str]]:
    """(article, target) of those the options leave zero-shot (the sidecars' codebooks counted)."""
    from analysis.pipeline import resolve

    out = []
    for path in paths:
        resolved = resolve(_read(str(path), encoding), options)
        if not resolved.few_shot:
            resolved.stance_identity()  # a missing model is the one error to report, before the note
            out.append((path, resolved.target))
    return out


def cmd_frames(args: argparse.Namespace) -> None:
    from analysis.attribution.statements import extract_statements
    from analysis.frames.codebook import frames_for
    from analysis.frames.scoring import score_frames

    article = _read(args.article, args.encoding)
    frames = frames_for(article.sidecar)
    backend, model = args.backend, args.model
    if args.frame_examples:
        from analysis.frames.evaluate import read_frame_labels
        from analysis.frames.scorer import EncoderFrameBackend

        if backend not in (None, "encoder"):
            raise InputError("--frame-examples adapts the encoder frame scorer; drop --backend or use --backend encoder")
        backend, model = EncoderFrameBackend(model=model, examples=read_frame_labels(args.frame_examples, frames)), None
    scored = score_frames(extract_statements(article), frames=frames, backend=backend, model=model)
    emit(scored, args.format, args.out, columns=["statement_id", "kind", "speaker", "top_frame", "frames_present", "content"])


def cmd_suggest_labels(args: argparse.Namespace) -> None:
    """A CSV of the statements whose labels would help most, with an empty stance column."""
    from analysis.stance.active import suggest_labels

    if args.serve:
        _serve(args.inputs, args.out or "labels.csv", args.target, args.port, args.model, args.encoding)
        return
    table = suggest_labels(args.inputs, target=args.target, n=args.n, strategy=args.strategy,
                           examples=args.examples, encoding=args.encoding, model=args.model)
    if args.out:
        table.to_csv(args.out, index=False)
        print(f"wrote {len(table)} statements to label to {args.out}", file=sys.stderr)
    else:
        table.to_csv(sys.stdout, index=False)


def _serve(inputs: list[str], labels: str, target: str | None, port: int, model: str | None,
           encoding: str | None) -> None:
    from analysis.labelling import run_labelling
    from analysis.labelling.pace import labelling_pace
    from analysis.stance.labels_file import read_labels_csv

    n = run_labelling(inputs, labels, target=target, port=port, model=model, encoding=encoding)
    print(f"{n} labels in {labels}; use them: --examples {labels} (stance), --frame-examples {labels} (frames)",
          file=sys.stderr)
    pace = labelling_pace(read_labels_csv(labels, keep_skipped=True).rows) if n else None
    if pace is not None:
        print(f"pace: {pace.line()}", file=sys.stderr)


def cmd_label(args: argparse.Namespace) -> None:
    """The labelling page (analysis.labelling) until Finish or Ctrl-C."""
    _serve(args.inputs, args.labels, args.target, args.port, args.model, args.encoding)


def prior_option(text: str) -> dict[str, float]:
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


def cmd_corpus(args: argparse.Namespace) -> None:
    from analysis.corpus.names import load_aliases
    from analysis.corpus.runner import run_corpus

    if args.prior and not args.batch_calibration:
        raise InputError("--prior only applies with --batch-calibration")
    # one frame schema for every article of a corpus: the codebook's frames, not each sidecar's
    options = score_options(args, frames=args.frames, sidecar_frames=False)
    manifest = run_corpus(args.input, args.out, options, scheduler=args.scheduler, workers=args.workers,
                          name_pattern=args.name_pattern, max_bytes=args.max_bytes, encoding=args.encoding,
                          batch_calibration=args.batch_calibration, prior=args.prior, min_items=args.min_items,
                          progress=not args.no_progress, stories=args.stories,
                          aliases=load_aliases(args.aliases) if args.aliases else None)
    counts = manifest["counts"]
    print(json.dumps({"out": str(args.out), **{k: counts.get(k) for k in ("total", "done", "errors", "skipped_done",
                                                                       "scored", "failed", "seconds")}}))
    if counts.get("errors"):
        print(f"{counts['errors']} article(s) could not be analysed; see {args.out}/errors/", file=sys.stderr)
    if options.examples is None and _any_zero_shot(Path(args.out)):  # after the run: a failed run says one thing, its error
        _notice_zero_shot(options.target, str(args.input))


def _any_zero_shot(out: Path) -> bool:
    """Whether any article of the run was scored zero-shot (sidecar codebooks make theirs few-shot)."""
    from analysis.corpus.store import open_corpus

    captions = open_corpus(out).articles(columns=["article_id", "caption"]) if out.exists() else None
    if captions is None or captions.empty or "caption" not in captions:
        return True
    return any(not str(json.loads(c).get("mode", "")).startswith("few-shot") for c in captions["caption"].dropna())


def cmd_evaluate_frames(args: argparse.Namespace) -> None:
    from analysis.frames.codebook import POLICY_FRAMES
    from analysis.frames.evaluate import evaluate_scorer, format_scores, read_frame_labels, sample_labels

    labels = read_frame_labels(args.data, POLICY_FRAMES)
    if args.sample:
        labels = sample_labels(labels, args.sample)
    scores = evaluate_scorer(labels, POLICY_FRAMES, args.scorer, args.method, args.cv, args.model)
    if args.json:
        print(json.dumps(scores.summary()))
        return
    name = args.scorer + (f" ({args.method})" if args.scorer == "encoder" else "")
    print(format_scores(name, scores))


def cmd_models(args: argparse.Namespace) -> None:
    from analysis.models.fetching import fetch_all

    def progress(msg: str) -> None:
        print(msg, file=sys.stderr)

    if args.wheels_dir and not args.multilingual:
        raise InputError("--wheels-dir is for --multilingual (the EmbeddingGemma wheels)")
    for path in fetch_all(progress=progress):
        print(path)
    if args.multilingual:
        from analysis.models import chunked_fetch

        print(chunked_fetch.fetch_chunked(chunked_fetch.GEMMA_SPEC, progress=progress, wheels_dir=args.wheels_dir))


def cmd_evaluate(args: argparse.Namespace) -> None:
    from analysis.attribution.evaluate import evaluate_directory

    scores = evaluate_directory(args.directory)
    summary = scores.summary()
    if args.json:
        print(json.dumps(summary))
        return
    for key, value in summary.items():
        print(f"{key:>18}: {value}")


def cmd_figures(args: argparse.Namespace) -> None:
    from analysis.report.runner import run_suite

    if args.corpus:
        from analysis.report.corpus_suite import run_corpus_report

        if args.articles:
            raise InputError("give either articles or --corpus DIR, not both")
        out = Path(args.out) if args.out else Path("figures") / "corpus"
        for path in run_corpus_report(args.corpus, out, pages=not args.no_pages,
                                      build_dir=Path(args.build_dir) if args.build_dir else None):
            print(path)
        return
    from analysis.report.runner import DEFAULT_ARTICLE

    options = score_options(args)
    zero = _zero_shot_articles([Path(a) for a in args.articles] or [DEFAULT_ARTICLE], options, args.encoding)
    if zero:
        _notice_zero_shot(zero[0][1], " ".join(str(p) for p, _ in zero[:3]) + (" ..." if len(zero) > 3 else ""))
    written = run_suite([Path(a) for a in args.articles] or None, Path(args.out) if args.out else None,
                        options, build_dir=Path(args.build_dir) if args.build_dir else None,
                        encoding=args.encoding)
    for path in written:
        print(path)
    if written:
        print(f"figures written to {written[0].parent}", file=sys.stderr)
