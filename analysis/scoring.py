"""Zero-shot stance and frame scores for statements, with a persistent cache and provenance.

``score_stance`` asks, for each statement, how likely its speaker is in favor of, against or
neutral toward a target (SemEval-2016 Task 6 stance labels, Mohammad et al. 2016);
``score_frames`` how likely it uses each frame of the Policy Frames Codebook (see
:mod:`analysis.frames`). Neither is trained on the article's topic: the "llm" backend
(default; :mod:`analysis.llm_backend`) prompts a local instruction model, the "nli" backend
(:mod:`analysis.nli_backend`) ranks NLI hypotheses. Backends load lazily, on first use.

Premises name who speaks, so the model judges the speaker's stance and not the reporter's:
``Dmitry Peskov (Kremlin) said: "…"``, narrator rows ``The article's author writes: "…"``.

Empty or blank statements raise ValueError (naming their rows) instead of getting a score:
a statement without words has no stance, and a number for it would hide an extraction bug.

Scores are cached in SQLite (:mod:`analysis.score_cache`) under a key made of the task, the
backend's provenance (model hash, templates / prompt version), the target, the label
definitions or frames, and the premise; ``cache=False`` or ``ANALYSIS_SCORE_CACHE=0`` turns
the cache off. ``df.attrs["score_cache"]`` says how many rows came from it.
"""
from __future__ import annotations

import importlib
import inspect
import string
from functools import lru_cache
from typing import Any, Iterable, Mapping, NamedTuple, Protocol, Sequence, runtime_checkable

import numpy as np
import pandas as pd

from .frames import Frame, frame_column, frames_for, parse_frames
from .score_cache import ScoreCache, cache_enabled_by_env, cache_key

STANCES = ("favor", "against", "neutral")
DEFAULT_BACKEND = "llm"
#: name -> (module, class); imported only when the backend is used.
BACKENDS: dict[str, tuple[str, str]] = {
    "llm": ("analysis.llm_backend", "LLMBackend"),
    "nli": ("analysis.nli_backend", "NLIBackend"),
}
#: One-line definitions; ``{target}`` is replaced by the target before a backend sees them.
#: They are verb phrases so the NLI backend can put them in "The speaker {}." templates.
DEFAULT_LABELS: dict[str, str] = {
    "favor": "supports or defends {target}",
    "against": "opposes or criticizes {target}",
    "neutral": "takes no clear side on {target}",
}
NARRATOR_PREFIX = "The article's author writes"


def rows_are_distributions(probs: np.ndarray) -> bool:
    """True when every row is finite, non-negative and sums to 1 (within 1e-4)."""
    return bool(np.isfinite(probs).all() and (probs >= 0).all() and np.allclose(probs.sum(axis=1), 1.0, atol=1e-4))


def normalised_entropy(probs: np.ndarray) -> np.ndarray:
    """Entropy of each row divided by log(k): 0 = certain, 1 = uniform."""
    p = np.clip(probs, 1e-12, 1.0)
    return -(p * np.log(p)).sum(axis=1) / np.log(probs.shape[1])


class StanceResult(NamedTuple):
    """What a backend's ``stance`` returns for n premises."""

    probs: np.ndarray        # (n, 3): favor, against, neutral; rows sum to 1
    uncertainty: np.ndarray  # (n,)
    n_windows: np.ndarray    # (n,) int, 1 unless the premise was split


@runtime_checkable
class ScoringBackend(Protocol):
    """The interface of the "llm" and "nli" backends."""

    name: str

    def provenance(self) -> dict: ...

    def stance(self, premises: list[str], target: str, labels: dict[str, str]) -> StanceResult: ...

    def frames(self, premises: list[str], frames: list[Frame]) -> np.ndarray: ...


# ---------------------------------------------------------------- validation

def check_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    """Label definitions with exactly the keys favor/against/neutral; ValueError otherwise.

    A definition is a non-empty one-line string; its only allowed field is ``{target}``.
    """
    if labels is None:
        return dict(DEFAULT_LABELS)
    if not isinstance(labels, Mapping):
        raise ValueError(f"labels must be a dict of favor/against/neutral -> definition, got {type(labels).__name__}")
    if set(labels) != set(STANCES):
        missing, extra = set(STANCES) - set(labels), set(labels) - set(STANCES)
        raise ValueError(f"labels must have exactly the keys favor, against, neutral (missing {sorted(missing)}, "
                         f"unexpected {sorted(map(str, extra))})")
    out = {}
    for k in STANCES:
        d = labels[k]
        if not isinstance(d, str) or not d.strip() or "\n" in d:
            raise ValueError(f"labels[{k!r}] must be a non-empty one-line string, got {d!r}")
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(d) if f is not None}
        except ValueError as e:
            raise ValueError(f"labels[{k!r}] = {d!r} is malformed ({e})") from None
        if names - {"target"}:
            raise ValueError(f"labels[{k!r}] = {d!r}: the only allowed field is {{target}}, found {sorted(names)}")
        out[k] = d.strip()
    return out


def resolve_labels(labels: Mapping[str, str], target: str) -> dict[str, str]:
    """Definitions with ``{target}`` filled in (what backends receive)."""
    return {k: labels[k].format(target=target) for k in STANCES}


def _check_target(target: Any) -> str:
    if not isinstance(target, str) or not target.strip():
        raise ValueError(f"target must be a non-empty string, got {target!r}")
    return target.strip()


# ---------------------------------------------------------------- premises

def statement_premise(content: str, speaker: str = "", actor: str = "", kind: str = "", cue: str = "") -> str:
    """The premise for one statement row: who speaks, then what.

    Reported speech keeps its cue verb ("Moscow (Kremlin) justified its restriction of …"):
    the verb often carries the stance ("defended", "accused … of") that the bare complement
    lacks. Direct quotes read as ``SPEAKER (ACTOR) said: "…"``.
    """
    speaker, actor, cue = (speaker or "").strip(), (actor or "").strip(), (cue or "").strip()
    if kind == "narrator" or (not speaker and not actor):
        who = NARRATOR_PREFIX if kind == "narrator" else "An unnamed source said"
        return f'{who}: "{content}"'
    name = f"{speaker} ({actor})" if speaker and actor and actor.casefold() != speaker.casefold() else (speaker or actor)
    if kind in ("indirect", "mixed") and cue:
        return f"{name} {cue} {content}"
    quote = content.strip().strip('"“”«»').strip()  # direct content carries its own marks
    return f'{name} said: "{quote}"'


def _items_frame(items: Any) -> tuple[pd.DataFrame, list[str]]:
    """(output frame to extend, premises) from a statements DataFrame or a list of strings."""
    if isinstance(items, pd.DataFrame):
        if "content" not in items.columns:
            raise ValueError(f"a statements DataFrame needs a 'content' column, got {list(items.columns)}")
        df = items.copy()
        ids = df["statement_id"].tolist() if "statement_id" in df.columns else list(df.index)
        col = lambda name: df[name].fillna("").astype(str).tolist() if name in df.columns else [""] * len(df)  # noqa: E731
        contents = df["content"].tolist()
        _check_texts(contents, ids, "statement_id")
        premises = [statement_premise(c, s, a, k, q) for c, s, a, k, q in
                    zip(contents, col("speaker"), col("actor"), col("kind"), col("cue"))]
    elif isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise ValueError(f"items must be a list of strings or a statements DataFrame, got {type(items).__name__}")
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
        raise ValueError(f"{what}s {bad_type[:10]} are not strings")
    empty = [i for i, t in zip(ids, texts) if not t.strip()]
    if empty:
        raise ValueError(f"{what}s {empty[:10]} are empty or blank; drop them before scoring (they have no stance)")


# ---------------------------------------------------------------- backends

def available_backends() -> tuple[str, ...]:
    return tuple(BACKENDS)


def get_backend(backend: str | ScoringBackend | None = None, model: Any = None,
                templates: Sequence[str] | None = None) -> ScoringBackend:
    """A backend instance: ``backend`` itself if it is one, else the named one (default "llm").

    Named backends are built once per (name, model, templates) in a process. ``templates``
    only applies to backends whose constructor takes them (the "nli" one).
    """
    if backend is not None and not isinstance(backend, str):
        if not isinstance(backend, ScoringBackend):
            raise ValueError(f"backend must be one of {list(BACKENDS)} or a ScoringBackend object, got {backend!r}")
        if model is not None or templates is not None:
            raise ValueError("model and templates cannot be given with a backend object; construct it with them")
        return backend
    name = DEFAULT_BACKEND if backend is None else backend.strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; available backends: {', '.join(BACKENDS)}")
    if templates is not None:
        from .nli_backend import check_templates

        templates = check_templates(templates)
        module, cls = BACKENDS[name]
        params = inspect.signature(getattr(importlib.import_module(module), cls)).parameters
        if "templates" not in params:
            raise ValueError(f"backend {name!r} takes no templates (they are NLI hypothesis templates); use backend='nli'")
    return _build_backend(name, None if model is None else str(model), templates)


@lru_cache(maxsize=4)
def _build_backend(name: str, model: str | None, templates: tuple[str, ...] | None) -> ScoringBackend:
    module, cls = BACKENDS[name]
    factory = getattr(importlib.import_module(module), cls)
    return factory(model=model) if templates is None else factory(model=model, templates=templates)


def _package_version() -> str:
    from . import __version__

    return __version__


def _cache_identity(provenance: Mapping[str, Any]) -> dict:
    """The provenance minus run-time details (device, batch size) that do not change scores."""
    return {k: v for k, v in provenance.items() if k != "runtime"}


def _open_cache(cache: bool | ScoreCache | None) -> ScoreCache | None:
    if isinstance(cache, ScoreCache):
        return cache
    if cache is None:
        cache = cache_enabled_by_env()
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

def _scores_through_cache(cache: bool | ScoreCache | None, task: str, keys: list[str], premises: list[str],
                          compute) -> tuple[dict, dict]:
    """Scores for every key, computing only the misses; closes a cache it opened itself."""
    store = _open_cache(cache)
    try:
        values, hits = _cached(store, task, keys, premises, compute)
        return values, _cache_attrs(store, hits, len(keys))
    finally:
        if store is not None and not isinstance(cache, ScoreCache):
            store.close()


def score_stance(
    items: Any,
    target: str,
    *,
    backend: str | ScoringBackend | None = None,
    model: Any = None,
    labels: Mapping[str, str] | None = None,
    templates: Sequence[str] | None = None,
    cache: bool | ScoreCache | None = None,
) -> pd.DataFrame:
    """Stance of each statement toward ``target``.

    ``items``: a list of strings (used as premises as they are) or the statements DataFrame
    (premises name the speaker). Returns the statement columns (or ``text``) plus
    ``premise``, ``p_favor``, ``p_against``, ``p_neutral``, ``stance`` (argmax; ties go to
    the first of favor, against, neutral), ``uncertainty`` and ``n_windows``;
    ``attrs["provenance"]`` records how the scores were made.
    """
    target = _check_target(target)
    labels = check_labels(labels)
    df, premises = _items_frame(items)
    be = get_backend(backend, model, templates)
    prov = be.provenance()
    resolved = resolve_labels(labels, target)
    identity = _cache_identity(prov)
    keys = [cache_key("stance", identity, target, resolved, p) for p in premises]

    def compute(todo: list[str]) -> list[dict]:
        res = be.stance(todo, target, dict(resolved))
        probs = np.asarray(res.probs, dtype=float)
        if probs.shape != (len(todo), 3) or not rows_are_distributions(probs):
            raise RuntimeError(f"backend {be.name!r} returned invalid stance probabilities of shape {probs.shape}")
        return [{"p": probs[i].tolist(), "u": float(res.uncertainty[i]), "w": int(res.n_windows[i])} for i in range(len(todo))]

    values, attrs_cache = _scores_through_cache(cache, "stance", keys, premises, compute)
    probs = np.array([values[k]["p"] for k in keys], dtype=float).reshape(len(keys), 3)
    for j, s in enumerate(STANCES):
        df[f"p_{s}"] = probs[:, j]
    df["stance"] = [STANCES[j] for j in probs.argmax(1)] if len(keys) else pd.Series([], dtype=object)
    df["uncertainty"] = np.array([values[k]["u"] for k in keys], dtype=float)
    df["n_windows"] = np.array([values[k]["w"] for k in keys], dtype=int)
    df.attrs["provenance"] = {
        **prov,
        "backend": be.name,
        "task": "stance",
        "target": target,
        "labels": resolved,
        "premise_format": 'SPEAKER (ACTOR) said: "QUOTE" / SPEAKER (ACTOR) CUE CONTENT / ' + NARRATOR_PREFIX + ': "CONTENT"',
        "package_version": _package_version(),
    }
    df.attrs["score_cache"] = attrs_cache
    return df


def score_frames(
    items: Any,
    *,
    frames: Iterable[Frame | Mapping[str, Any]] | None = None,
    backend: str | ScoringBackend | None = None,
    model: Any = None,
    cache: bool | ScoreCache | None = None,
) -> pd.DataFrame:
    """Multi-label frame probabilities: one ``frame:<name>`` column per frame, plus ``top_frame``.

    ``frames``: Frame records or ``{"name", "description"}`` objects; default the 15 Policy
    Frames Codebook dimensions (use ``frames_for(article.meta)`` to add a sidecar's frames).
    """
    chosen = frames_for() if frames is None else parse_frames(frames)
    if not chosen:
        raise ValueError("frames must not be empty")
    df, premises = _items_frame(items)
    be = get_backend(backend, model)
    prov = be.provenance()
    frame_spec = [[f.name, f.description] for f in chosen]
    identity = _cache_identity(prov)
    keys = [cache_key("frames", identity, frame_spec, p) for p in premises]

    def compute(todo: list[str]) -> list[list[float]]:
        p = np.asarray(be.frames(todo, list(chosen)), dtype=float)
        if p.shape != (len(todo), len(chosen)) or (p < 0).any() or (p > 1).any():
            raise RuntimeError(f"backend {be.name!r} returned invalid frame probabilities of shape {p.shape}")
        return p.tolist()

    values, attrs_cache = _scores_through_cache(cache, "frames", keys, premises, compute)
    probs = np.array([values[k] for k in keys], dtype=float).reshape(len(keys), len(chosen))
    for j, f in enumerate(chosen):
        df[frame_column(f.name)] = probs[:, j]
    df["top_frame"] = [chosen[j].name for j in probs.argmax(1)] if len(keys) else pd.Series([], dtype=object)
    df.attrs["provenance"] = {
        **prov,
        "backend": be.name,
        "task": "frames",
        "frames": [{"name": f.name, "description": f.description, "source": f.source} for f in chosen],
        "package_version": _package_version(),
    }
    df.attrs["score_cache"] = attrs_cache
    return df
