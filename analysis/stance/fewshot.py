"""Few-shot stance: a linear head on frozen sentence embeddings, adapted from labelled statements.

A researcher labels a handful of statements for *their* target (favor / against / neutral);
a multinomial logistic regression on frozen sentence-encoder features of those statements
(the encoder :mod:`analysis.models.encoder_choice` picks, EmbeddingGemma by default: layers 12
and 18 and the sentence embedding; all-mpnet-base-v2 when named: the mean-pooled states of
layers 6, 8, 10 and 12; each normalised, as in layer-wise probing, Tenney et al. 2019) then
scores every other statement. This is the
"frozen body + linear head" baseline of SetFit (Tunstall et al. 2022) without its contrastive
fine-tuning, which on 2 CPU cores is slower and was no better here (MEASUREMENTS.md). Classes
are weighted to balance, so a codebook with more examples of one label does not tilt scores.

Probabilities are calibrated by temperature scaling (Guo et al. 2017), the temperature fitted
on 5-fold cross-validated logits of the examples themselves (no extra labels needed) and
capped at 1 (only sharpening: the regularised head is under-confident); with fewer than two
examples in some class the temperature stays 1.

Examples are read and checked by :mod:`analysis.stance.examples`. The adapted head is cached under
``cache_root()/fewshot/<key>.json``, the key a hash of the head version, target, examples and
encoder identity (and, with ``llm_features``, the LLM's identity: :mod:`analysis.stance.llm_features`).

A *codebook* (general labelled sentences, not from the statements scored, e.g. a short English
or Russian list of sentences praising, accusing or merely mentioning someone) can join the
examples as extra rows of smaller weight (``codebook_weight``, default :data:`CODEBOOK_WEIGHT`):
the head then leans on the codebook where the few labels leave it unsure. This is prior
knowledge as weighted pseudo-examples, the instance-weighting route of domain adaptation
(Jiang & Zhai 2007); classes are balanced by summed weight.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import cache_root
from analysis.errors import ExamplesError, InputError
from analysis.schema import STANCES
from analysis.stance.base import StanceResult, normalised_entropy, softmax
from analysis.stance.examples import Pairs, examples_sha256, examples_summary, norm_text, parse_examples, statement_text
from analysis.stance.llm_features import MODE as LLM_MODE
from analysis.stance.llm_features import LLMFeatures
from analysis.stance.target_marking import mark_name

HEAD_VERSION = "lr-balanced-T-v2"
#: Encoder layers whose pooled states are concatenated as features (0 = token embeddings, 12 =
#: the sentence embedding): middle layers keep more of how something is said, which stance needs,
#: than the final layer tuned for topical similarity (GWSD and the seed, MEASUREMENTS.md).
FEATURE_LAYERS = (6, 8, 10, 12)
DEFAULT_C = 1.0  # inverse L2 strength on unit-norm embeddings (chosen on GWSD, MEASUREMENTS.md)
#: The L2 penalty shrinks logits, so the head is under- not over-confident; a cross-validated
#: temperature above 1 comes from folds too small to judge and is capped (MEASUREMENTS.md).
MAX_TEMPERATURE = 1.0
#: A codebook row's weight in the head (a labelled example weighs 1): chosen on RuSentNE (notes of issue 22)
CODEBOOK_WEIGHT = 0.25

# ---------------------------------------------------------------- the head

@dataclass(frozen=True)
class StanceHead:
    """A fitted linear head: logits = X @ coef.T + intercept, divided by the temperature."""

    classes: tuple[str, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    temperature: float = 1.0
    #: with LLM features: the examples' per-dimension mean and sd of the LLM states (see llm_features)
    llm_stats: tuple[tuple[float, ...], tuple[float, ...]] | None = None

    def logits(self, X: np.ndarray) -> np.ndarray:
        z = np.asarray(X, dtype=np.float64) @ np.asarray(self.coef).T + np.asarray(self.intercept)
        if len(self.classes) == 2 and z.shape[1] == 1:  # sklearn's binary shape
            z = np.hstack([-z / 2, z / 2])
        return z

    def predict_proba(self, X: np.ndarray, calibrated: bool = True) -> np.ndarray:
        """(n, 3) probabilities in STANCES order; a class without examples gets 0."""
        p = softmax(self.logits(X) / (self.temperature if calibrated else 1.0), axis=1)
        out = np.zeros((p.shape[0], len(STANCES)))
        for j, c in enumerate(self.classes):
            out[:, STANCES.index(c)] = p[:, j]
        return out


def _fit_lr(X: np.ndarray, y: np.ndarray, C: float, weights: np.ndarray | None = None):
    """Classes balanced (sklearn's ``balanced``); with ``weights``, balanced by summed weight."""
    from sklearn.linear_model import LogisticRegression

    if weights is None:
        return LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(X, y)
    classes = np.unique(y)
    per_class = {c: weights[y == c].sum() for c in classes}
    balance = np.array([weights.sum() / (len(classes) * per_class[c]) for c in y])
    return LogisticRegression(C=C, max_iter=2000).fit(X, y, sample_weight=weights * balance)


def _fit_temperature(z: np.ndarray, y_idx: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of ``z`` (grid, then refined)."""
    def nll(t: float) -> float:
        p = softmax(z / t, axis=1)
        return float(-np.log(np.clip(p[np.arange(len(y_idx)), y_idx], 1e-12, 1)).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(MAX_TEMPERATURE), 50))
    best = grid[int(np.argmin([nll(t) for t in grid]))]
    fine = np.minimum(best * np.exp(np.linspace(-0.1, 0.1, 21)), MAX_TEMPERATURE)
    return float(fine[int(np.argmin([nll(t) for t in fine]))])


def fit_head(X: np.ndarray, labels: Sequence[str], C: float = DEFAULT_C, calibrate: bool = True,
             weights: Sequence[float] | None = None) -> StanceHead:
    """Fit the head on embeddings ``X`` of labelled texts; temperature from cross-validation.

    ``weights``: one positive weight per row (codebook rows below 1), None: all 1."""
    y = np.asarray(labels)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    if w is not None and (w.shape != (len(y),) or not np.all(np.isfinite(w)) or np.any(w <= 0)):
        raise InputError(f"weights must be {len(y)} positive numbers, one per row")
    model = _fit_lr(X, y, C, w)
    classes = tuple(str(c) for c in model.classes_)
    temperature = 1.0
    counts = pd.Series(y).value_counts()
    folds = int(min(5, counts.min()))
    if calibrate and folds >= 2:
        from sklearn.model_selection import StratifiedKFold

        z = np.zeros((len(y), len(classes)))
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(X, y):
            sub = _fit_lr(X[train], y[train], C, None if w is None else w[train])
            if len(sub.classes_) != len(classes):
                break
            part = StanceHead(classes, tuple(map(tuple, sub.coef_)), tuple(sub.intercept_))
            z[test] = part.logits(X[test])
        else:
            temperature = _fit_temperature(z, np.array([classes.index(c) for c in y]))
    return StanceHead(classes, tuple(map(tuple, model.coef_.tolist())), tuple(model.intercept_.tolist()), temperature)


# ---------------------------------------------------------------- adaptation and scoring

def feature_layers(n_layers: int) -> tuple[int, ...]:
    """FEATURE_LAYERS of a 12-layer encoder, scaled to one with ``n_layers`` layers."""
    return tuple(sorted({max(1, min(n_layers, round(x * n_layers / 12))) for x in FEATURE_LAYERS}))


def features(encoder: Any, texts: list[str], progress: bool = True) -> np.ndarray:
    """What the head reads: the encoder's pooled states of FEATURE_LAYERS, concatenated; a
    multilingual encoder names its own (``stance_layers``; None: its sentence embedding alone)."""
    if hasattr(encoder, "stance_layers"):
        return encoder.encode(texts, progress=progress, layers=encoder.stance_layers)
    return encoder.encode(texts, progress=progress, layers=feature_layers(getattr(encoder, "n_layers", 12)))


def head_features(encoder: Any, texts: list[str], target: str, llm: LLMFeatures | None = None,
                  progress: bool = True, stats: Any = None) -> tuple[np.ndarray, Any]:
    """(:func:`features`, with the LLM's states toward ``target`` appended when ``llm`` is given;
    the standardising statistics used: ``stats``, else fitted on these texts (the examples))."""
    X = features(encoder, texts, progress=progress)
    if llm is None:
        return X, None
    V = llm.vectors(texts, target)
    stats = llm.fit_stats(V) if stats is None else stats
    return np.hstack([X, llm.transform(V, stats)]), stats


def head_key(target: str, pairs: Pairs, encoder_identity: Mapping[str, Any], C: float = DEFAULT_C,
             llm: Mapping[str, Any] | None = None, codebook: Pairs = (), codebook_weight: float = CODEBOOK_WEIGHT) -> str:
    """The head cache's key; ``llm``: the LLM features' spec (:meth:`LLMFeatures.spec`) when they are on;
    a codebook's hash and weight when there is one."""
    parts: list[Any] = [HEAD_VERSION, FEATURE_LAYERS, C, target, examples_sha256(pairs), dict(encoder_identity)]
    if llm is not None:
        parts.append({"llm_features": dict(llm)})
    if codebook:
        parts.append({"codebook": examples_sha256(codebook), "weight": codebook_weight})
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def adapt(target: str, pairs: Pairs, encoder: Any, progress: bool = True, cache: bool = True,
          llm: LLMFeatures | None = None, codebook: Pairs = (), codebook_weight: float = CODEBOOK_WEIGHT) -> StanceHead:
    """The head for (target, examples, encoder[, LLM features][, codebook rows at ``codebook_weight``]):
    from ``cache_root()/fewshot`` or fitted now."""
    key = head_key(target, pairs, encoder.identity(), llm=None if llm is None else llm.spec(),
                   codebook=codebook, codebook_weight=codebook_weight)
    path = cache_root() / "fewshot" / (key + ".json")
    if cache and path.is_file():
        try:
            rec = json.loads(path.read_text())
            stats = rec.get("llm_stats")
            if (stats is None) != (llm is None):
                raise ValueError("the record's LLM statistics do not match the option")
            return StanceHead(tuple(rec["classes"]), tuple(map(tuple, rec["coef"])), tuple(rec["intercept"]),
                              float(rec["temperature"]), None if stats is None else (tuple(stats[0]), tuple(stats[1])))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged record is refitted
    rows = (*pairs, *codebook)
    X, stats = head_features(encoder, [t for t, _ in rows], target, llm, progress)
    weights = [1.0] * len(pairs) + [codebook_weight] * len(codebook) if codebook else None
    head = replace(fit_head(X, [s for _, s in rows], weights=weights), llm_stats=stats)
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(head)))
        os.replace(tmp, path)
    return head


class FewShotBackend:
    """A stance backend adapted from labelled examples (a :class:`~analysis.stance.base.StanceScorer`).

    ``provenance()`` is cheap (no model is loaded): it names the encoder and the examples' hash.
    ``llm``: append the zero-shot LLM's reading (its answer states) as features (:mod:`analysis.stance.llm_features`).
    ``encoder``: a directory or a multilingual encoder's name; else ``languages`` (of the examples and
    the statements together) choose it (:mod:`analysis.models.encoder_choice`), else English's.
    ``mark_target``: a style of :mod:`analysis.stance.target_marking` (default ``none``): the target's
    name is marked wherever it occurs in the examples and the statements (a person target: "Peskov").
    ``codebook``: general labelled sentences (read as ``examples`` are) added to the examples at
    ``codebook_weight`` each (0 < weight <= 1); a text in both is refused.
    """

    name = "few-shot"

    def __init__(self, examples: Any, *, encoder: str | os.PathLike | None = None,
                 base_dir: str | os.PathLike | None = None, progress: bool = True,
                 llm: LLMFeatures | None = None, languages: Sequence[str] | None = None,
                 mark_target: str = "none", codebook: Any = None, codebook_weight: float = CODEBOOK_WEIGHT) -> None:
        from analysis.models.encoder_choice import load_encoder_for, scoring_languages

        mark_name(".", "x", mark_target)  # an unknown style is refused here, before any work
        self.mark_target = mark_target
        self.pairs = parse_examples(examples, base_dir)
        self.codebook: Pairs = () if codebook is None else parse_examples(codebook, base_dir)
        if not 0 < codebook_weight <= 1:
            raise InputError(f"codebook_weight must be in (0, 1], got {codebook_weight!r}")
        self.codebook_weight = float(codebook_weight)
        both = {norm_text(t) for t, _ in self.pairs} & {norm_text(t) for t, _ in self.codebook}
        if both:
            raise ExamplesError(f"{len(both)} text(s) are both an example and a codebook row, e.g. "
                                f"{sorted(both)[0][:60]!r}; keep each in one of them")
        self.llm = llm
        if encoder is None and languages is not None:  # the examples' languages count too
            languages = scoring_languages(languages, (t for t, _ in self.pairs))
        self.encoder = load_encoder_for(encoder, languages)
        self.progress = progress
        self._heads: dict[str, StanceHead] = {}

    @property
    def mode(self) -> str:
        """The provenance's ``mode``: "few-shot", or "few-shot + LLM features"."""
        return "few-shot" if self.llm is None else LLM_MODE

    def examples(self) -> dict[str, Any]:
        return examples_summary(self.pairs)

    def provenance(self) -> dict:
        ident = self.encoder.identity()
        return {"backend": self.name, "model": ident["model"], "model_sha256": ident["model_sha256"],
                "encoder_runtime": ident["runtime"], "prompt_version": f"{HEAD_VERSION}:{examples_sha256(self.pairs)[:16]}",
                "head": {"kind": "logistic regression, balanced classes, temperature-scaled", "C": DEFAULT_C,
                         "layers": self._layers_read()},
                "examples": self.examples(), **({} if self.llm is None else {"llm_features": self.llm.spec()}),
                **({"encoder_license": ident["license"], "encoder_prompt": ident["prompt"]} if "license" in ident else {}),
                **({} if self.mark_target == "none" else {"target_marking": self.mark_target}),
                **({"codebook": {**examples_summary(self.codebook), "weight": self.codebook_weight}}
                   if self.codebook else {})}

    def _layers_read(self) -> list[Any]:
        """The layers the head reads (-1 or "sentence": a multilingual encoder's finished embedding)."""
        if hasattr(self.encoder, "stance_layers"):
            return list(self.encoder.stance_layers or ("sentence",))
        return list(FEATURE_LAYERS)

    def _marked(self, texts: Sequence[str], target: str) -> list[str]:
        if self.mark_target == "none":
            return list(texts)
        return [mark_name(t, target, self.mark_target) for t in texts]

    def head(self, target: str) -> StanceHead:
        if target not in self._heads:
            pairs = tuple(zip(self._marked([t for t, _ in self.pairs], target), (s for _, s in self.pairs)))
            book = tuple(zip(self._marked([t for t, _ in self.codebook], target), (s for _, s in self.codebook)))
            self._heads[target] = adapt(target, pairs, self.encoder, progress=self.progress, llm=self.llm,
                                        codebook=book, codebook_weight=self.codebook_weight)
        return self._heads[target]

    def stance(self, premises: list[str], target: str, labels: Mapping[str, str] | None = None) -> StanceResult:
        head = self.head(target)
        X, _ = head_features(self.encoder, self._marked(premises, target), target, self.llm, self.progress,
                             head.llm_stats)
        probs = head.predict_proba(X)
        return StanceResult(probs, normalised_entropy(probs), self.encoder.count_windows(list(premises)))

    def details(self) -> dict[str, Any]:
        """Provenance details of a few-shot score table: the examples and what the head read."""
        return {"examples": self.examples(),
                **({"codebook": {**examples_summary(self.codebook), "weight": self.codebook_weight}}
                   if self.codebook else {}),
                "premise_format": "the cue verb and the statement's content (direct quotes: the content)"}


def few_shot_backend(df: pd.DataFrame, premises: list[str], examples: Any, examples_dir: Any, backend: Any,
                     model: Any, templates: Any, llm: Any = False, codebook: Any = None,
                     codebook_weight: float = CODEBOOK_WEIGHT) -> tuple[FewShotBackend, list[str]]:
    """(backend, texts it reads) for score_stance(examples=...): a statements table is read as each
    statement's cue verb and content (see :func:`statement_text`), a list of strings as it is. A
    ``language`` column (with the examples' languages) chooses the encoder unless ``model`` is given.
    ``llm``: False, or the LLMFeatures that ``llm_features=True`` built; ``codebook`` (with its weight):
    see :class:`FewShotBackend`."""
    if backend not in (None, FewShotBackend.name) or templates is not None:
        raise InputError(f"examples select the few-shot backend; backend={backend!r} / templates "
                         "cannot be combined with them")
    if not (llm is False or isinstance(llm, LLMFeatures)):
        raise InputError(f"llm_features must be True or False, got {llm!r}")
    languages = df["language"].dropna().astype(str).tolist() if "language" in df.columns else None
    few = FewShotBackend(examples, encoder=model, base_dir=examples_dir, llm=llm or None, languages=languages,
                         codebook=codebook, codebook_weight=codebook_weight)
    if "content" not in df.columns:
        return few, premises

    def col(name: str) -> list[str]:
        return df[name].fillna("").astype(str).tolist() if name in df.columns else [""] * len(df)

    return few, [statement_text(c, q, k) for c, q, k in zip(col("content"), col("cue"), col("kind"))]
