"""One article pipeline for every caller: options resolved once, statements scored once.

:class:`ScoreOptions` is what a caller asks for (CLI flags, API arguments, a corpus run's
settings). :func:`resolve` turns it and one article into :class:`Resolved`, what runs: the
target, few-shot examples or a zero-shot backend, LLM features, the frames. The rule lives here
and nowhere else: explicit examples win; a named backend asks for zero-shot stance and leaves
the sidecar's codebook aside; otherwise the sidecar's ``stance_examples`` (and its
``stance_llm_features``) are used; otherwise the default zero-shot backend.
:func:`score_statements` scores a statements table under a :class:`Resolved` (stance, then the
encoder's frames) and returns the table with its provenance and :class:`Caption`.

:func:`score_article` (the CLI's ``stance``/``figures``), :mod:`analysis.corpus.analyse` (each
corpus article) and the notebooks all call these. ``score_article`` writes
``<stem>.scored.parquet``, a self-contained file: the statement table with every score column,
and in the Parquet metadata the article's text and sidecar, the provenance, the caption and a
*key*: a hash of everything that decides the result (:meth:`Resolved.identity` plus the
article's bytes). A later call with the same key returns the file as it is, so a warm run
neither parses the article with spaCy nor loads a model; :func:`read_scored` needs nothing but
the file.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.article import Article, parse_article, read_article, sidecar_path
from analysis.attribution import extraction_fingerprint
from analysis.attribution.statements import extract_statements
from analysis.errors import InputError
from analysis.frames.codebook import frames_for
from analysis.frames.scoring import DEFAULT_FRAME_BACKEND, score_frames
from analysis.models.encoder_choice import encoder_name_for
from analysis.parquet_files import read_parquet_meta, write_parquet
from analysis.schema import TOP_FRAME, Frame, Sidecar, frame_columns
from analysis.stance.examples import Pairs, examples_sha256, labels_file_examples, parse_examples
from analysis.stance.labels_file import check_target, read_labels_csv, record_target, same_target
from analysis.stance.scoring import backend_identity, score_stance

FORMAT_VERSION = 2  # 2: the article's text and sidecar travel in the file
SUFFIX = ".scored.parquet"
#: The frame scorer of every table and figure: the encoder (independent per-frame probabilities,
#: measured against the LLM's on FrAC in MEASUREMENTS.md), whatever scores stance.
FRAMES_BACKEND = DEFAULT_FRAME_BACKEND


@dataclass(frozen=True)
class ScoreOptions:
    """What the caller asks for; the same for every article of a run.

    ``examples``: validated ``(text, stance)`` pairs (:func:`analysis.stance.fewshot.parse_examples`;
    a corpus driver reads the file so that workers need no access to it), with ``examples_source``
    naming where they came from. ``backend`` names a zero-shot stance backend; with ``model``
    (an encoder directory for few-shot stance, a GGUF file or NLI model for zero-shot).
    ``frames``: score frames too; ``sidecar_frames``: add each sidecar's own frames to the
    codebook's (a corpus keeps one frame schema for all articles, so it says False).
    ``codebook``: general labelled sentences joining the examples as rows of a smaller weight
    (:data:`analysis.stance.fewshot.CODEBOOK_WEIGHT`; ``--codebook``), with ``codebook_source``.
    """

    target: str | None = None
    backend: str | None = None
    model: str | None = None
    examples: Pairs | None = None
    examples_source: str | None = None
    llm_features: bool = False
    frames: bool = True
    sidecar_frames: bool = True
    codebook: Pairs | None = None
    codebook_source: str | None = None

    def __post_init__(self) -> None:
        if self.codebook is not None and self.backend is not None:
            raise InputError("a codebook (--codebook) joins the labelled examples of few-shot stance; drop --backend")
        if self.examples is not None and self.backend is not None:
            raise InputError("stance examples select few-shot stance on the sentence encoder; drop the backend "
                             "(--backend) or the examples (--examples); --model then names an encoder directory")
        if self.target is not None and self.target.strip():
            check_target(self.target)

    @classmethod
    def from_files(cls, *, examples: str | os.PathLike | None = None, codebook: str | os.PathLike | None = None,
                   **kwargs: Any) -> ScoreOptions:
        """Options with ``examples`` (and a ``codebook``) read from labels files (what the command line passes).

        The file carries its target (:mod:`analysis.stance.labels_file`): a ``target`` that
        differs is an InputError naming both; without ``target`` the file's is used; a file
        without one takes ``target`` and records it in the file.
        """
        if codebook is not None:
            book = read_labels_csv(codebook)
            kwargs.update(codebook=labels_file_examples(book), codebook_source=str(codebook))
        if examples is None:
            return cls(**kwargs)
        target = (kwargs.get("target") or "").strip() or None
        if target:
            check_target(target)
        labels = read_labels_csv(examples)
        pairs = labels_file_examples(labels)
        if labels.target and target and not same_target(labels.target, target):
            raise InputError(f"{examples} holds labels for the target {labels.target!r}, but --target is {target!r}; "
                             f"label statements for {target!r} in a new file (news-stance label ... --target) or drop "
                             "--target")
        if labels.target is None and target:
            record_target(examples, target)
        kwargs["target"] = target or labels.target
        if codebook is not None and book.target and not same_target(book.target, kwargs["target"]):
            raise InputError(f"the codebook {codebook} is for the target {book.target!r}, the labels for "
                             f"{kwargs['target']!r}; use a codebook written for this target, or one without a target")
        return cls(examples=pairs, examples_source=str(examples), **kwargs)


def options_identity(options: ScoreOptions) -> dict[str, Any]:
    """The options as a corpus manifest records them (examples by their hash); no model is read."""
    from analysis.version import __version__

    out = asdict(options)
    out["examples"] = examples_sha256(options.examples) if options.examples is not None else None
    out["codebook"] = examples_sha256(options.codebook) if options.codebook is not None else None
    return {**out, "format": FORMAT_VERSION, "package_version": __version__, "extraction": extraction_fingerprint()}


@dataclass(frozen=True)
class Resolved:
    """What runs for one article (see the module docstring for the rule)."""

    target: str
    backend: str | None
    model: str | None
    examples: Pairs | None
    examples_source: str
    llm_features: bool
    frames: tuple[Frame, ...] | None
    language: str = "en"  # the article's: with the examples' languages it chooses the encoder
    codebook: Pairs | None = None
    codebook_source: str = ""  # where the codebook came from (a file path), as provenance records it

    @property
    def few_shot(self) -> bool:
        return self.examples is not None

    def stance_identity(self) -> dict[str, Any]:
        """What decides the stance scores, found without loading a model (well under a
        millisecond: model hashes come from the verification records beside the models)."""
        if self.examples is None:
            return dict(backend_identity(self.backend, self.model))
        from analysis.models.encoder_choice import load_encoder_for, scoring_languages

        languages = scoring_languages([self.language], (text for text, _ in self.examples))  # as FewShotBackend
        ident: dict[str, Any] = {"backend": "few-shot", "examples": examples_sha256(self.examples),
                                 "encoder": load_encoder_for(self.model, languages).identity()}
        if self.codebook is not None:
            from analysis.stance.fewshot import CODEBOOK_WEIGHT

            ident["codebook"] = {"sha256": examples_sha256(self.codebook), "weight": CODEBOOK_WEIGHT}
        if self.llm_features:
            from analysis.stance.llm_features import default_llm_features

            ident["llm_features"] = default_llm_features().spec()
        return ident

    def frames_model(self) -> str | None:
        """The frame scorer's encoder: the one ``--model`` names for few-shot stance (one encoder
        for both, e.g. ``all-mpnet-base-v2``), else the language's (:func:`frames_encoder`)."""
        return self.model if self.few_shot and self.model else frames_encoder(self.language)

    def identity(self) -> dict[str, Any]:
        """Everything but the article that decides the scored table."""
        from analysis.version import __version__

        stance = self.stance_identity()  # first: a missing stance model is the error to report
        frames = (frames_identity(self.frames_model()), [asdict(f) for f in self.frames]) if self.frames else None
        return {"format": FORMAT_VERSION, "target": self.target, "stance": stance, "frames": frames,
                "package_version": __version__, "extraction": extraction_fingerprint()}


def frames_identity(model: str | None = None) -> dict[str, Any]:
    """What decides the figures' frame scores (encoder hash, method version, calibration)."""
    from analysis.frames.scorer import EncoderFrameBackend

    return EncoderFrameBackend.identity(model)


def article_target(article: Article, target: str | None) -> str:
    """``target``, else the sidecar's; InputError naming both ways to give one."""
    chosen = (target or "").strip() or article.target
    if not chosen:
        where = article.path.with_suffix(".json").name if article.path else "the sidecar"
        raise InputError(f"{article.path or 'article'}: no stance target: pass target=... (CLI: --target) "
                         f"or add \"target\" to {where}")
    return check_target(chosen)


def resolve(article: Article, options: ScoreOptions) -> Resolved:
    """The one place where the caller's options and the article's sidecar decide what runs."""
    side = article.sidecar
    examples, source = options.examples, options.examples_source or ("examples" if options.examples else "")
    if examples is None and options.backend is None and side.stance_examples is not None:
        if not isinstance(side.stance_examples, str):
            examples, source = parse_examples(side.stance_examples), "sidecar"
        else:
            path, base = Path(side.stance_examples), Path(article.path).parent if article.path else None
            labels = read_labels_csv(path if path.is_absolute() or base is None else base / path)
            examples, source = labels_file_examples(labels), f"sidecar: {side.stance_examples}"
            chosen = article_target(article, options.target)
            if labels.target and not same_target(labels.target, chosen):
                raise InputError(f"{side.stance_examples} holds labels for the target {labels.target!r}, but this "
                                 f"article's target is {chosen!r}; label statements for {chosen!r}")
    if options.codebook is not None and examples is None:
        raise InputError("a codebook (--codebook) joins labelled examples as lighter rows: give --examples too "
                         "(or a sidecar's stance_examples)")
    if options.llm_features and examples is None:
        raise InputError("LLM features (--llm-features) add the LLM's reading to few-shot stance: give labelled "
                         "examples (--examples, or the sidecar's stance_examples) too")
    llm_features = examples is not None and (options.llm_features or side.stance_llm_features)
    frames = (frames_for(side) if options.sidecar_frames else frames_for()) if options.frames else None
    return Resolved(article_target(article, options.target), options.backend, options.model, examples, source,
                    llm_features, tuple(frames) if frames else None, article.language,
                    options.codebook if examples is not None else None,
                    (options.codebook_source or "codebook") if options.codebook is not None else "")


#: Zero-shot stance on the shipped LLM, GWSD dev (1,850 news sentences), macro-F1: near chance
#: for three classes (MEASUREMENTS.md, "Stance and frames").
ZERO_SHOT_GWSD_MACRO_F1 = 0.39
#: Few-shot, the default head (EmbeddingGemma) on 48 labels chosen by the labelling page's chooser,
#: the same set (benchmarks/bench_labelling.py, 10 draws: 0.637 ± 0.019; MEASUREMENTS.md).
PAGE_48_GWSD_MACRO_F1 = 0.64


def zero_shot_notice(target: str | None, inputs: str = "ARTICLE.txt") -> str:
    """The one stderr line of a zero-shot run: how weak it is, measured, and how to label instead."""
    quoted = f'"{target}"' if target else '"YOUR TARGET"'
    return (f"note: zero-shot stance on this model is near chance on news (macro-F1 {ZERO_SHOT_GWSD_MACRO_F1:.2f} "
            f"on GWSD, 3 classes; 48 labels give {PAGE_48_GWSD_MACRO_F1:.2f}); label statements in minutes: "
            f"news-stance label {inputs} --target {quoted} --labels labels.csv, then --examples labels.csv")


@dataclass(frozen=True)
class Caption:
    """What every chart of one scored table says about where its numbers come from."""

    article: str
    article_date: str | None
    target: str
    backend: str | None
    model: str | None
    model_hash: str
    version: str | None
    mode: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def stance_mode(stance_prov: Mapping[str, Any]) -> str:
    """"zero-shot", or "few-shot, n examples" for stance adapted from labelled examples (plus
    " + LLM features" when the zero-shot LLM's reading was part of the head's features)."""
    mode = str(stance_prov.get("mode") or "")
    if not mode.startswith("few-shot"):
        return "zero-shot"
    n = (stance_prov.get("examples") or {}).get("n")
    extra = " + LLM features" if stance_prov.get("llm_features") else ""
    return (f"few-shot, {n} examples" if n is not None else "few-shot") + extra


def make_caption(article: Article, target: str, stance_prov: Mapping[str, Any]) -> Caption:
    """The caption of an article's table from its sidecar and the stance scorer's provenance."""
    return Caption(article=Path(article.path).name if article.path else "article", article_date=article.sidecar.date,
                   target=target, backend=stance_prov.get("backend"), model=stance_prov.get("model"),
                   model_hash=str(stance_prov.get("model_sha256") or ""), version=stance_prov.get("package_version"),
                   mode=stance_mode(stance_prov))


def frames_encoder(language: str) -> str | None:
    """The sentence encoder of the frame scorer: the default for English (None: EmbeddingGemma,
    or ``$ANALYSIS_ENCODER_MODEL``); for another language the one that reads it beside the
    codebook's English descriptions (:mod:`analysis.models.encoder_choice`)."""
    if language == "en":
        return None
    return encoder_name_for([language, "en"])


def score_statements(article: Article, statements: pd.DataFrame,
                     resolved: Resolved) -> tuple[pd.DataFrame, dict[str, Any], Caption]:
    """(the statements with stance and frame columns, {"stance": ..., "frames": ...} provenance,
    caption). Raises InputError for an article without statements: there is nothing to score."""
    if statements.empty:
        raise InputError(f"{article.path or 'article'}: no statements found, nothing to score")
    if resolved.examples is None:
        scored = score_stance(statements, resolved.target, backend=resolved.backend, model=resolved.model)
    else:  # the article's language and the examples' choose the sentence encoder (models.encoder_choice)
        read = statements if "language" in statements else statements.assign(language=article.language)
        scored = score_stance(read, resolved.target, examples=list(resolved.examples), model=resolved.model,
                              llm_features=resolved.llm_features,
                              codebook=None if resolved.codebook is None else list(resolved.codebook))
        scored = scored if "language" in statements else scored.drop(columns="language")
    stance_prov = dict(scored.attrs["provenance"])
    if resolved.examples_source:
        stance_prov["examples_source"] = resolved.examples_source
    if resolved.codebook is not None and resolved.codebook_source:
        stance_prov["codebook_source"] = resolved.codebook_source
    provenance: dict[str, Any] = {"stance": stance_prov}
    if resolved.frames:
        frames = score_frames(statements, frames=resolved.frames, backend=FRAMES_BACKEND, model=resolved.frames_model())
        cols = frame_columns(frames.columns) + [TOP_FRAME] + [c for c in ("frames_present",) if c in frames]
        scored = pd.concat([scored.reset_index(drop=True), frames[cols].reset_index(drop=True)], axis=1)
        provenance["frames"] = dict(frames.attrs["provenance"])
    scored.attrs = {}
    return scored, provenance, make_caption(article, resolved.target, stance_prov)


# ---------------------------------------------------------------- the scored file

@dataclass
class ScoredArticle:
    """An article, its statements with stance and frame columns, and where they come from.

    ``provenance`` is the flat :class:`Caption` as a dict (what charts print); ``stance_provenance``
    and ``frames_provenance`` keep what the scorers reported in full.
    """

    article: Article
    statements: pd.DataFrame
    provenance: dict[str, Any]
    stance_provenance: dict[str, Any] = field(default_factory=dict)
    frames_provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> str:
        return str(self.provenance["target"])


def scored_path(article_path: Path, directory: Path) -> Path:
    return directory / (article_path.stem + SUFFIX)


def scored_key(article_path: str | os.PathLike, options: ScoreOptions | None = None, *,
               encoding: str | None = None) -> str:
    """The key of an article's scored file: its bytes, its sidecar's bytes and what scores it."""
    path = Path(article_path)
    return _article_key(path, resolve(read_article(path, encoding=encoding), options or ScoreOptions()).identity())


def _article_key(path: Path, identity: Mapping[str, Any]) -> str:
    side = sidecar_path(path)
    parts = {"article": hashlib.sha256(path.read_bytes()).hexdigest(),
             "sidecar": hashlib.sha256(side.read_bytes()).hexdigest() if side.exists() else None, **identity}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def score_article(article_path: str | os.PathLike, directory: str | os.PathLike,
                  options: ScoreOptions | None = None, *, encoding: str | None = None) -> Path:
    """Write (or keep, when its key still matches) the scored file of one article; its path."""
    options = options or ScoreOptions()
    path = Path(article_path).resolve()
    out = scored_path(path, Path(directory))
    article = read_article(path, encoding=encoding)  # cheap: layout only, spaCy runs in extraction
    resolved = resolve(article, options)
    key = _article_key(path, resolved.identity())
    if out.exists() and _read_meta(out).get("key") == key:
        return out
    scored, provenance, caption = score_statements(article, extract_statements(article), resolved)
    side = sidecar_path(path)
    meta = {"format": FORMAT_VERSION, "key": key, "article": str(path), "target": resolved.target,
            "text": article.text, "text_sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
            "sidecar": json.loads(side.read_text(encoding="utf-8")) if side.exists() else {},
            "caption": caption.to_dict(), "stance_provenance": provenance["stance"],
            "frames_provenance": provenance.get("frames", {})}
    write_parquet(scored, out, meta)
    return out


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        return read_parquet_meta(path)
    except (OSError, ValueError):  # a damaged or foreign file is simply rewritten
        return {}


def read_scored(path: str | os.PathLike) -> ScoredArticle:
    """A scored file back as a :class:`ScoredArticle`, from the file alone."""
    path = Path(path)
    meta = _read_meta(path)
    if meta.get("format") != FORMAT_VERSION or "text" not in meta:
        raise InputError(f"{path}: not a scored-article file of format {FORMAT_VERSION} "
                         "(written by analysis.pipeline.score_article); score the article again")
    text = str(meta["text"])
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != meta.get("text_sha256"):
        raise InputError(f"{path}: the article text in the file does not match its hash; score the article again")
    article = parse_article(text, path=Path(meta["article"]),
                            sidecar=Sidecar.from_dict(meta.get("sidecar") or {}, f"{path} (its sidecar)"))
    return ScoredArticle(article, pd.read_parquet(path), dict(meta["caption"]), dict(meta["stance_provenance"]),
                         dict(meta["frames_provenance"]))


def load_scored_article(article_path: str | os.PathLike, directory: str | os.PathLike,
                        options: ScoreOptions | None = None) -> ScoredArticle:
    """Score the article (or reuse its scored file) and read it back."""
    return read_scored(score_article(article_path, directory, options))
