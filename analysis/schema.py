"""The contract between the stages: labels, kinds, column names and the typed records.

Each stage passes small frozen records (the span schema of BBC Citron, Newell et al. 2018:
source, cue, content as character offsets) and turns them into a DataFrame only at the edge
(``to_frame``). ``docs/schema.md`` documents every column and provenance field; a test keeps
it in step with the names defined here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from analysis.errors import ArticleError, InputError

# ---------------------------------------------------------------- labels and kinds

#: SemEval-2016 Task 6 stance labels (Mohammad et al. 2016), in the order of every probability row.
STANCES: tuple[str, str, str] = ("favor", "against", "neutral")
Stance = Literal["favor", "against", "neutral"]
#: Statement kinds: quote types of PARC 3.0 (Pareti 2016) plus the author's own voice.
KINDS: tuple[str, ...] = ("direct", "indirect", "mixed", "narrator")
Kind = Literal["direct", "indirect", "mixed", "narrator"]
QUOTED_KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")

# ---------------------------------------------------------------- column names

STATEMENT_COLUMNS: tuple[str, ...] = (
    "statement_id", "kind", "content", "content_start", "content_end", "sentence_start", "sentence_end",
    "speaker", "speaker_mention", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
    "actor", "paragraph", "section", "statement_flags", "rule", "parent_id", "speaker_confidence",
)
PROB_COLUMNS: tuple[str, ...] = tuple(f"p_{s}" for s in STANCES)
#: Decimals kept of every probability a scorer reports (their last float digits vary between CPUs).
PROB_DECIMALS = 6
STANCE_COLUMNS: tuple[str, ...] = ("premise", *PROB_COLUMNS, "stance", "uncertainty", "n_windows")
FRAME_PREFIX = "frame:"
TOP_FRAME = "top_frame"


def frame_column(name: str) -> str:
    """Column name of a frame's probability in score_frames output."""
    return FRAME_PREFIX + name


def frame_columns(columns: Iterable[str]) -> list[str]:
    """The ``frame:<name>`` columns among ``columns``, in order."""
    return [c for c in columns if str(c).startswith(FRAME_PREFIX)]


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class Statement:
    """One attributed statement (or one narrator sentence). Offsets index ``Article.text``."""

    statement_id: int
    kind: Kind
    content_start: int
    content_end: int
    sentence_start: int
    sentence_end: int
    paragraph: int
    section: str
    speaker_mention: str = ""
    speaker_start: int = -1
    speaker_end: int = -1
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    speaker: str = ""
    actor: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)
    #: The named rule that found the statement (``analysis.attribution.rules``); "narrator" for the author.
    rule: str = "narrator"
    #: ``statement_id`` of the statement this one is nested in; -1 for a top-level statement.
    parent_id: int = -1
    #: How sure the speaker is, 0..1 (rule and resolution together); 0.0 when there is no speaker.
    speaker_confidence: float = 0.0

    def row(self, text: str) -> dict[str, Any]:
        """The statement as one table row (``content`` cut from ``text``, flags ``;``-joined as ``statement_flags``)."""
        record = asdict(self)
        record["content"] = text[self.content_start:self.content_end]
        record["statement_flags"] = ";".join(self.flags)
        return {c: record[c] for c in STATEMENT_COLUMNS}


@dataclass(frozen=True)
class Frame:
    """One frame dimension: a short name (the column is ``frame:<name>``) and a description."""

    name: str
    description: str
    source: str = "custom"

    def __post_init__(self) -> None:
        for attr in ("name", "description"):
            value = getattr(self, attr)
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"frame {attr} must be a non-empty string, got {value!r}")
            if value != value.strip() or "\n" in value:
                raise InputError(f"frame {attr} must be one line without surrounding spaces: {value!r}")

    @property
    def column(self) -> str:
        return frame_column(self.name)


@dataclass(frozen=True)
class StanceScores:
    """One statement's stance: probabilities in :data:`STANCES` order, summing to 1."""

    p_favor: float
    p_against: float
    p_neutral: float
    uncertainty: float
    n_windows: int = 1

    @property
    def stance(self) -> str:
        """The argmax; ties go to the first of favor, against, neutral."""
        probs = (self.p_favor, self.p_against, self.p_neutral)
        return STANCES[probs.index(max(probs))]

    @property
    def net(self) -> float:
        """P(favor) - P(against), from -1 to +1."""
        return self.p_favor - self.p_against


#: Provenance fields every scorer fills; the rest goes into ``details``.
PROVENANCE_CORE = ("task", "backend", "model", "model_sha256", "prompt_version", "package_version")


@dataclass(frozen=True)
class Provenance:
    """How a table of scores was made: enough to reproduce it and to caption a chart.

    ``mode`` is ``zero-shot``, ``few-shot`` (then ``details["examples"]`` gives n and hash) or
    ``few-shot + LLM features`` (also ``details["llm_features"]``: the LLM's model, hash and prompt).
    ``details`` keeps what the backend reports beyond the core fields (templates, labels,
    calibration); ``to_dict`` flattens it, so ``df.attrs["provenance"]`` and files carry one shape.
    """

    task: str
    backend: str
    model: str
    model_sha256: str
    prompt_version: str
    package_version: str
    mode: str = "zero-shot"
    target: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.details)
        out.update({f.name: getattr(self, f.name) for f in fields(self) if f.name != "details"})
        return out


@dataclass(frozen=True)
class ActorSpec:
    """An actor group of the sidecar: the people who speak for it and the names it goes by."""

    members: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


SIDECAR_KEYS = ("title", "outlet", "date", "url", "language", "target", "actors", "frames", "stance_examples",
                "stance_llm_features")


@dataclass(frozen=True)
class Sidecar:
    """The article's ``ARTICLE.json``, parsed and validated once (see README, "Analyse another article").

    ``stance_examples`` is a list of ``{"text", "stance"}`` objects or the path of a CSV
    (relative to the sidecar) with those columns; ``stance_llm_features`` (true / false) adds the
    zero-shot LLM's reading (its answer states) as features of the few-shot head. Unknown keys are kept in ``extra``.
    """

    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    target: str | None = None
    actors: Mapping[str, ActorSpec] = field(default_factory=dict)
    frames: tuple[Frame, ...] = ()
    stance_examples: tuple[tuple[str, str], ...] | str | None = None
    stance_llm_features: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any, source: str = "sidecar") -> Sidecar:
        if not isinstance(data, Mapping):
            raise ArticleError(f"{source}: the sidecar must be a JSON object, got {type(data).__name__}.")
        for key in ("title", "outlet", "date", "url", "language", "target"):
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                raise ArticleError(f"{source}: {key!r} must be a string or null, got {value!r}.")
        if not isinstance(data.get("stance_llm_features", False), bool):
            raise ArticleError(f"{source}: 'stance_llm_features' must be true or false, got {data['stance_llm_features']!r}.")
        return cls(
            title=data.get("title"), outlet=data.get("outlet"), date=data.get("date"), url=data.get("url"),
            language=data.get("language"), target=(data.get("target") or "").strip() or None,
            actors=_parse_actors(data.get("actors", {}), source),
            frames=_parse_sidecar_frames(data.get("frames"), source),
            stance_examples=_parse_examples(data.get("stance_examples"), source),
            stance_llm_features=data.get("stance_llm_features", False),
            extra={k: v for k, v in data.items() if k not in SIDECAR_KEYS},
        )

    def source_line(self) -> str:
        """``outlet · date · url`` for captions, empty when the sidecar has none of them."""
        return " · ".join(str(v) for v in (self.outlet, self.date, self.url) if v)


def _parse_actors(raw: Any, source: str) -> dict[str, ActorSpec]:
    bad = ArticleError(f"{source}: 'actors' must map an actor name to {{'members': [...], 'aliases': [...]}}.")
    if not isinstance(raw, Mapping):
        raise bad
    actors: dict[str, ActorSpec] = {}
    for name, spec in raw.items():
        if not isinstance(spec, Mapping) or set(spec) - {"members", "aliases"}:
            raise bad
        lists = [spec.get(k) or [] for k in ("members", "aliases")]
        if not all(isinstance(v, list) and all(isinstance(s, str) and s.strip() for s in v) for v in lists):
            raise bad
        actors[str(name)] = ActorSpec(tuple(lists[0]), tuple(lists[1]))
    return actors


def _parse_sidecar_frames(raw: Any, source: str) -> tuple[Frame, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ArticleError(f"{source}: 'frames' must be a list of {{name, description}} objects, got {type(raw).__name__}.")
    frames = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or set(item) != {"name", "description"}:
            raise ArticleError(f"{source}: frame #{i} must have exactly the keys 'name' and 'description'.")
        try:
            frames.append(Frame(item["name"], item["description"], "sidecar"))
        except InputError as exc:
            raise ArticleError(f"{source}: {exc}") from None
        if any(f.name.casefold() == frames[-1].name.casefold() for f in frames[:-1]):
            raise ArticleError(f"{source}: frame name {frames[-1].name!r} appears twice.")
    return tuple(frames)


def _parse_examples(raw: Any, source: str) -> tuple[tuple[str, str], ...] | str | None:
    if raw is None or isinstance(raw, str):
        return raw
    if not isinstance(raw, list) or not all(isinstance(x, Mapping) and {"text", "stance"} <= set(x) for x in raw):
        raise ArticleError(f"{source}: 'stance_examples' must be a CSV path or a list of {{text, stance}} objects.")
    return tuple(("" if x["text"] is None else str(x["text"]), "" if x["stance"] is None else str(x["stance"]))
                 for x in raw)  # null stays empty: an unlabelled row, never the label "None"
