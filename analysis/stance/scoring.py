"""Stance scores for statements, with a persistent cache and provenance.

``score_stance`` asks, for each statement, how likely its speaker is in favor of, against or
neutral toward a target (SemEval-2016 Task 6 stance labels, Mohammad et al. 2016): few-shot from
a researcher's labelled examples (:mod:`analysis.stance.fewshot`), or zero-shot: the "llm" backend
(default; :mod:`analysis.stance.backends.llm`) prompts a local instruction model, the "nli" backend
(:mod:`analysis.stance.backends.nli`) ranks NLI hypotheses. Backends load lazily, on first use.

Premises name who speaks, so the model judges the speaker's stance and not the reporter's:
``Dmitry Peskov (Kremlin) said: "…"``, narrator rows ``The article's author writes: "…"``.

Empty or blank statements raise InputError (naming their rows) instead of getting a score:
a statement without words has no stance, and a number for it would hide an extraction bug.

Scores are cached in SQLite (:mod:`analysis.models.cache`) under a key made of the task, the
backend's provenance (model hash, templates / prompt version), the target, the label
definitions or frames, and the premise; ``cache=False`` or ``ANALYSIS_SCORE_CACHE=0`` turns
the cache off. ``df.attrs["score_cache"]`` says how many rows came from it.
"""
from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.config import score_cache_enabled
from analysis.errors import BackendError, InputError
from analysis.models.cache import ScoreCache, cache_key
from analysis.schema import PROB_DECIMALS, STANCES, Provenance
from analysis.stance.backends.llm import LLMBackend
from analysis.stance.backends.nli import NLIBackend, check_templates
from analysis.stance.base import ScorerRegistry, StanceScorer, cache_identity, rows_are_distributions
from analysis.stance.premises import PREMISE_FORMAT, statement_premise

DEFAULT_BACKEND = "llm"
#: One-line definitions; ``{target}`` is replaced by the target before a backend sees them.
#: They are verb phrases so the NLI backend can put them in "The speaker {}." templates.
DEFAULT_LABELS: dict[str, str] = {
    "favor": "supports or defends {target}",
    "against": "opposes or criticizes {target}",
    "neutral": "takes no clear side on {target}",
}


# ---------------------------------------------------------------- validation

def check_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    """Label definitions with exactly the keys favor/against/neutral; ValueError otherwise.

    A definition is a non-empty one-line string; its only allowed field is ``{target}``.
    """
    if labels is None:
        return dict(DEFAULT_LABELS)
    if not isinstance(labels, Mapping):
        raise InputError(f"labels must be a dict of favor/against/neutral -> definition, got {type(labels).__name__}")
    if set(labels) != set(STANCES):
        missing, extra = set(STANCES) - set(labels), set(labels) - set(STANCES)
        raise InputError(f"labels must have exactly the keys favor, against, neutral (missing {sorted(missing)}, "
                         f"unexpected {sorted(map(str, extra))})")
    out = {}
    for k in STANCES:
        d = labels[k]
        if not isinstance(d, str) or not d.strip() or "\n" in d:
            raise InputError(f"labels[{k!r}] must be a non-empty one-line string, got {d!r}")
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(d) if f is not None}
        except ValueError as e:
            raise InputError(f"labels[{k!r}] = {d!r} is malformed ({e})") from None
        if names - {"target"}:
            raise InputError(f"labels[{k!r}] = {d!r}: the only allowed field is {{target}}, found {sorted(names)}")
        out[k] = d.strip()
    return out


def resolve_labels(labels: Mapping[str, str], target: str) -> dict[str, str]:
    """Definitions with ``{target}`` filled in (what backends receive)."""
    return {k: labels[k].format(target=target) for k in STANCES}


def _check_target(target: Any) -> str:
    if not isinstance(target, str) or not target.strip():
        raise InputError(f"target must be a non-empty string, got {target!r}")
    return target.strip()


# ---------------------------------------------------------------- premises

def items_frame(items: Any) -> tuple[pd.DataFrame, list[str]]:
    """(output frame to extend, premises) from a statements DataFrame or a list of strings."""
    if isinstance(items, pd.DataFrame):
        if "content" not in items.columns:
            raise InputError(f"a statements DataFrame needs a 'content' column, got {list(items.columns)}")
        df = items.copy()
        ids = df["statement_id"].tolist() if "statement_id" in df.columns else list(df.index)
        col = lambda name: df[name].fillna("").astype(str).tolist() if name in df.columns else [""] * len(df)  # noqa: E731
        contents = df["content"].tolist()
        _check_texts(contents, ids, "statement_id")
        premises = [statement_premise(c, s, a, k, q) for c, s, a, k, q in
                    zip(contents, col("speaker"), col("actor"), col("kind"), col("cue"))]
    elif isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise InputError(f"items must be a list of strings or a statements DataFrame, got {type(items).__name__}")
    else:
        texts = list(items)
        _check_texts(texts, list(range(len(texts))), "item")
        df = pd.DataFrame({"text": texts})
        premises = list(texts)
    df["premise"] = premises
    return df, premises


def _check_texts(texts: list, ids: list, what: str) -> None:
    bad_type = [i for i, t in zip(ids, texts) if not isinstance(t, str)]
    if bad_type:
        raise InputError(f"{what}s {bad_type[:10]} are not strings")
    empty = [i for i, t in zip(ids, texts) if not t.strip()]
    if empty:
        raise InputError(f"{what}s {empty[:10]} are empty or blank; drop them before scoring (they have no stance)")


# ---------------------------------------------------------------- backends

#: The named stance backends. Constructing one loads its model; ``identity`` (a classmethod) does not.
STANCE_SCORERS = ScorerRegistry("stance", StanceScorer, {"llm": LLMBackend, "nli": NLIBackend}, DEFAULT_BACKEND,
                                templated={"nli": check_templates})


def get_backend(backend: str | StanceScorer | None = None, model: Any = None,
                templates: Sequence[str] | None = None) -> StanceScorer:
    """A stance backend: ``backend`` itself if it is one, else the named one (default "llm")."""
    return STANCE_SCORERS.get(backend, model, templates)


def backend_identity(backend: str | StanceScorer | None = None, model: Any = None,
                     templates: Sequence[str] | None = None) -> dict[str, Any]:
    """What decides a stance backend's scores, found without loading its model."""
    return STANCE_SCORERS.identity(backend, model, templates)


def _package_version() -> str:
    from analysis.version import __version__

    return __version__


def _open_cache(cache: bool | ScoreCache | None) -> ScoreCache | None:
    if isinstance(cache, ScoreCache):
        return cache
    if cache is None:
        cache = score_cache_enabled()
    return ScoreCache() if cache else None


def _cached(cache: ScoreCache | None, task: str, keys: list[str], premises: list[str], compute) -> tuple[dict, int]:
    """Values for ``keys``: from the cache, else ``compute(unique missing premises)``; (values, hits)."""
    found = cache.get_many(keys) if cache is not None else {}
    missing: dict[str, str] = {}
    for k, p in zip(keys, premises):
        if k not in found:
            missing.setdefault(k, p)
    if missing:
        fresh = compute(list(missing.values()))
        new = dict(zip(missing, fresh))
        if cache is not None:
            cache.put_many(task, new)
        found.update(new)
    hits = sum(k not in missing for k in keys)
    return found, hits


def _cache_attrs(cache: ScoreCache | None, hits: int, n: int) -> dict:
    return {"path": str(cache.path) if cache else None, "hits": hits, "misses": n - hits, "enabled": cache is not None}


# ---------------------------------------------------------------- public API

class LazyBackend:
    """The scorer, built (its model loaded) only when a score is missing from the cache."""

    def __init__(self, backend: Any, model: Any, templates: Sequence[str] | None,
                 registry: ScorerRegistry = STANCE_SCORERS) -> None:
        self.args = (backend, model, templates)
        self.registry = registry
        self.identity = registry.identity(*self.args)
        self._backend: Any = None

    @property
    def backend(self) -> Any:
        if self._backend is None:
            self._backend = self.registry.get(*self.args)
        return self._backend

    def provenance(self, store: ScoreCache | None) -> dict:
        """The backend's provenance (minus run-time details): from the cache when every score
        came from there, so a warm run never loads the model."""
        key = cache_key("provenance", self.identity)
        if self._backend is None and store is not None:
            found = store.get_many([key])
            if key in found:
                return dict(found[key])
        prov = cache_identity(self.backend.provenance())
        if store is not None:
            store.put_many("provenance", {key: prov})
        return prov


def through_cache(cache: bool | ScoreCache | None, lazy: LazyBackend, task: str, keys: list[str],
                   premises: list[str], compute: Callable[[list[str]], list]) -> tuple[dict, dict, dict]:
    """(values for every key, cache statistics, provenance); computes only the misses and
    closes a cache it opened itself."""
    store = _open_cache(cache)
    try:
        values, hits = _cached(store, task, keys, premises, compute)
        return values, _cache_attrs(store, hits, len(keys)), lazy.provenance(store)
    finally:
        if store is not None and not isinstance(cache, ScoreCache):
            store.close()


def make_provenance(task: str, backend_prov: Mapping[str, Any], *, target: str | None = None,
                    mode: str = "zero-shot", **details: Any) -> Provenance:
    """The typed provenance of a score table from what the backend reported.

    A backend object that leaves a core field out gets it recorded as "unknown", never
    silently dropped, so a reader of the table sees what is missing."""
    prov = dict(backend_prov)
    core = {k: str(prov.pop(k, None) or "unknown") for k in ("backend", "model", "model_sha256", "prompt_version")}
    return Provenance(task=task, **core, package_version=_package_version(), mode=mode, target=target,
                      details={**prov, **details})


def score_stance(
    items: Any,
    target: str,
    *,
    backend: str | StanceScorer | None = None,
    model: Any = None,
    labels: Mapping[str, str] | None = None,
    templates: Sequence[str] | None = None,
    cache: bool | ScoreCache | None = None,
    examples: Any = None,
    examples_dir: Any = None,
    llm_features: bool = False,
    codebook: Any = None,
    codebook_weight: float | None = None,
) -> pd.DataFrame:
    """Stance of each statement toward ``target``.

    ``items``: a list of strings (used as premises as they are) or the statements DataFrame
    (premises name the speaker). Returns the statement columns (or ``text``) plus
    ``premise``, ``p_favor``, ``p_against``, ``p_neutral``, ``stance`` (argmax; ties go to
    the first of favor, against, neutral), ``uncertainty`` and ``n_windows``;
    ``attrs["provenance"]`` records how the scores were made.

    ``examples`` (``(text, stance)`` pairs, ``{text, stance}`` objects, a DataFrame with those
    columns or a CSV path, relative to ``examples_dir``) switches to few-shot stance
    (:mod:`analysis.stance.fewshot`): a head adapted to them on the sentence encoder (``model``:
    an encoder directory) scores each statement's content; provenance ``mode`` is "few-shot".
    ``llm_features=True`` adds the zero-shot LLM's reading (its answer states) as head features
    (:mod:`analysis.stance.llm_features`). ``codebook`` (read as ``examples`` are): general
    labelled sentences added to the examples at ``codebook_weight`` each (default
    :data:`analysis.stance.fewshot.CODEBOOK_WEIGHT`).
    """
    target = _check_target(target)
    labels = check_labels(labels)
    df, premises = items_frame(items)
    mode, few = "zero-shot", None
    if examples is not None:
        from analysis.stance.fewshot import CODEBOOK_WEIGHT, few_shot_backend
        from analysis.stance.llm_features import default_llm_features

        llm = default_llm_features(lambda tgt: resolve_labels(DEFAULT_LABELS, tgt),
                                   cache if cache is None or isinstance(cache, bool) else True) \
            if llm_features is True else llm_features
        few, premises = few_shot_backend(df, premises, examples, examples_dir, backend, model, templates, llm,
                                         codebook, CODEBOOK_WEIGHT if codebook_weight is None else codebook_weight)
        backend, model, mode = few, None, few.mode
    elif llm_features:
        raise InputError("llm_features adds the LLM's reading to few-shot stance: give examples too")
    elif codebook is not None or codebook_weight is not None:
        raise InputError("a codebook joins the examples of few-shot stance: give examples too")
    lazy = LazyBackend(backend, model, templates)
    resolved = resolve_labels(labels, target)
    keys = [cache_key("stance", lazy.identity, target, resolved, p) for p in premises]

    def compute(todo: list[str]) -> list[dict]:
        be = lazy.backend
        res = be.stance(todo, target, dict(resolved))
        probs = np.asarray(res.probs, dtype=float)
        if probs.shape != (len(todo), 3) or not rows_are_distributions(probs):
            raise BackendError(f"backend {be.name!r} returned invalid stance probabilities of shape {probs.shape}")
        return [{"p": probs[i].tolist(), "u": float(res.uncertainty[i]), "w": int(res.n_windows[i])} for i in range(len(todo))]

    values, attrs_cache, prov = through_cache(cache, lazy, "stance", keys, premises, compute)
    # rounded where they leave the scorer: the last digits of a float sum differ between CPUs,
    # and a fresh machine must redraw the committed figures byte for byte
    probs = np.array([values[k]["p"] for k in keys], dtype=float).reshape(len(keys), 3).round(PROB_DECIMALS)
    for j, s in enumerate(STANCES):
        df[f"p_{s}"] = probs[:, j]
    df["stance"] = [STANCES[j] for j in probs.argmax(1)] if len(keys) else pd.Series([], dtype=object)
    df["uncertainty"] = np.array([values[k]["u"] for k in keys], dtype=float).round(PROB_DECIMALS)
    df["n_windows"] = np.array([values[k]["w"] for k in keys], dtype=int)
    extra: dict[str, Any] = {"labels": resolved, "premise_format": PREMISE_FORMAT} if few is None else few.details()
    df.attrs["provenance"] = make_provenance("stance", prov, target=target, mode=mode, **extra).to_dict()
    df.attrs["score_cache"] = attrs_cache
    return df
