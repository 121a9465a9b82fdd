"""Stories: articles about the same event, so outlets can be compared with the event held fixed.

A *story* is a set of articles whose main subject is the same occurrence (one attack, one
convention, one debate, one interview, one announcement), published within a few days of each
other. Comparing outlets only makes sense inside a story: averaged over articles, what happened
and how it was told are mixed (see :mod:`analysis.report.within_story`).

**Given stories.** A table's ``story`` (or ``event``) column, or a sidecar's ``story`` /
``event`` key, names the story of an article (:func:`given_stories`); articles without one
are stories of their own.

**Found stories** (:func:`find_stories`). Each article is represented by its title and lead
(the first :attr:`StoryOptions.lead_chars` characters): the all-mpnet-base-v2 document
embedding of that text (:mod:`analysis.models.encoder`) and the set of named entities spaCy
finds in it (people, organisations, places, groups, events). Two articles' similarity is

    s = (1 - w) * cosine(embeddings) + w * Jaccard(entity sets),  w = ``entity_weight``

and articles more than ``window_days`` apart (when both are dated) are never the same story.
Stories are the clusters of complete-linkage agglomerative clustering (scikit-learn) cut at
distance ``1 - threshold``: every two articles of a story are at least ``threshold`` similar.
Average linkage (``linkage="average"``) lets one outlet's unusually worded piece join on the
strength of its neighbours, but it also chains related rumours and follow-ups of one topic
(several Apple Watch rumours, several claims about one hostage) into one story; on held-out
multi-outlet news (below) complete linkage cut those false merges by more than half for a
smaller loss of recall, and a false merge costs more than a miss. A pair outside the date
window counts as distance 10, which keeps any group holding it far above the cut.

**Dateline link** (``datelines``, on by default; :mod:`analysis.corpus.datelines`). Text finds
what an article is about, not where and when it was reported, and articles on one event from
different angles (at a convention: one on a speech, one on two guests) can share little text.
The dateline ("PHILADELPHIA —") says where the reporter was: two articles filed from the same
city, both dated within ``window_days``, whose texts are at least ``dateline_floor`` similar,
have their stories joined (unless that would put articles more than ``window_days`` apart in
one story). Hub cities where wires file many unrelated stories a day (WASHINGTON, NEW YORK,
LONDON, MOSCOW, ...; :data:`~analysis.corpus.datelines.HUB_DATELINES`) link nothing. The floor
(0.30, about the 75th percentile of different-event pairs within 3 days on PolNeAR) keeps two
unrelated stories from one city apart.

**How the numbers were chosen.** On the 63 PolNeAR training articles, labelled by hand
(``tests/gold/polnear_events.csv``, rule in ``tests/gold/README.md``), with ``w`` = 0.3 and a
1,500-character lead, the pairs published within three days of each other score: different
events at most 0.46; the one same-event pair whose texts say so, NYT and Washington Post on
the 2016 Democratic convention, 0.54. :data:`DEFAULT_THRESHOLD` = 0.50 lies between them: a
false merge mixes two events in every comparison that follows, a missed one only loses that
story, so precision comes first. The third convention article (HuffPost, Charleston survivors
speaking there) scores 0.38 with the other two and never names the convention; it shares the
Washington Post's PHILADELPHIA dateline a day apart, which is how the link joins it. The
threshold, weight and dateline rule were all set on these articles, the linkage on multi-outlet
news (Emergent claims in FNC-1: undated, so it checks the text similarity, threshold and
linkage, not the window or the link); ``python -m benchmarks.bench_stories --variants`` scores
each choice on both.

**Across languages.** A corpus whose articles are in several languages (its ``language``
column) is embedded by the multilingual encoder (:mod:`analysis.models.encoder_choice`), whose
cosines run on another scale: it is cut at ``multilingual_threshold`` (0.60), chosen like the
English 0.50 as the lowest cut with no false merge on PolNeAR (``bench_stories --encoder
embeddinggemma``). Entities are read in each lead's language and compared by spelling key
(:mod:`analysis.corpus.story_entities`), so "Peskov" in English and "Пескова" in Russian count
as one. English-only corpora keep all-mpnet-base-v2 and 0.50; in a mixed corpus two English
articles are compared by all-mpnet-base-v2 at 0.50 as well, and the multilingual cosines of the
other pairs are shifted onto that scale (:mod:`analysis.corpus.story_vectors`).

:func:`evaluate_grouping` scores a grouping against gold: the adjusted Rand index (Hubert &
Arabie 1985, scikit-learn) and the precision and recall of same-story pairs.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus.datelines import HUB_DATELINES, dateline
from analysis.corpus.story_entities import lead_entities
from analysis.corpus.story_vectors import Embed, corpus_encoder, encoder_embed, english_rows

STORY_KEYS = ("story", "event")
DEFAULT_THRESHOLD = 0.50
#: The threshold when a corpus of several languages is embedded by the multilingual encoder,
#: whose cosines run on another scale (chosen as DEFAULT_THRESHOLD was: bench_stories --encoder).
DEFAULT_MULTILINGUAL_THRESHOLD = 0.60
DEFAULT_WINDOW_DAYS = 3
DEFAULT_ENTITY_WEIGHT = 0.3
DEFAULT_LEAD_CHARS = 1500
DEFAULT_DATELINE_FLOOR = 0.30
DEFAULT_LINKAGE = "complete"
MODES = ("none", "auto", "column")

Entities = Callable[[list[str]], list[frozenset[str]]]


@dataclass(frozen=True)
class StoryOptions:
    """How stories are found (see the module docstring for what each number does)."""

    threshold: float = DEFAULT_THRESHOLD
    multilingual_threshold: float = DEFAULT_MULTILINGUAL_THRESHOLD
    window_days: int = DEFAULT_WINDOW_DAYS
    entity_weight: float = DEFAULT_ENTITY_WEIGHT
    lead_chars: int = DEFAULT_LEAD_CHARS
    datelines: bool = True
    dateline_floor: float = DEFAULT_DATELINE_FLOOR
    linkage: str = DEFAULT_LINKAGE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GroupingScore:
    """A grouping against gold: adjusted Rand index and same-story pair precision / recall."""

    n_articles: int
    n_gold_stories: int
    n_found_stories: int
    ari: float
    pair_precision: float
    pair_recall: float
    true_pairs: int
    found_pairs: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def lead_text(title: str | None, text: str | None, lead_chars: int = DEFAULT_LEAD_CHARS) -> str:
    """Title and lead of an article: what its story is recognised by."""
    title = (title or "").strip()
    body = (text or "").strip()
    if title and body.startswith(title):
        body = body[len(title):].lstrip()
    return f"{title}\n\n{body[:lead_chars]}".strip()


def similarity(vectors: np.ndarray, entities: Sequence[frozenset[str]],
               entity_weight: float = DEFAULT_ENTITY_WEIGHT) -> np.ndarray:
    """(n, n) story similarity: cosine of the embeddings and Jaccard of the entity sets, blended."""
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    unit = vectors / norms
    cosine = np.clip(unit @ unit.T, -1.0, 1.0)
    n = len(entities)
    jaccard = np.eye(n)
    for i, j in combinations(range(n), 2):
        union = len(entities[i] | entities[j])
        jaccard[i, j] = jaccard[j, i] = len(entities[i] & entities[j]) / union if union else 0.0
    return (1 - entity_weight) * cosine + entity_weight * jaccard


def day_gaps(dates: Sequence[Any]) -> np.ndarray:
    """(n, n) absolute gaps in days; NaN where either date is missing or unreadable."""
    days = pd.to_datetime(pd.Series(list(dates), dtype="object"), errors="coerce", format="%Y-%m-%d")
    values = days.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("float64")
    values[days.isna().to_numpy()] = np.nan
    return np.abs(values[:, None] - values[None, :])


def cluster(sim: np.ndarray, gaps: np.ndarray, options: StoryOptions) -> np.ndarray:
    """Cluster labels: ``options.linkage`` (average) on 1 - sim, pairs outside the date window kept apart."""
    from sklearn.cluster import AgglomerativeClustering

    n = len(sim)
    if n < 2:
        return np.zeros(n, dtype=int)
    distance = 1.0 - sim
    far = np.nan_to_num(gaps, nan=0.0) > options.window_days
    distance = np.where(far, 10.0, np.maximum(distance, 0.0))
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage=options.linkage,
                                    distance_threshold=1.0 - options.threshold)
    return np.asarray(model.fit_predict(distance))


def dateline_links(sim: np.ndarray, gaps: np.ndarray, places: Sequence[str | None],
                   options: StoryOptions) -> list[tuple[int, int]]:
    """Pairs filed from the same non-hub dateline, both dated within the window, whose texts
    are at least ``dateline_floor`` similar; the most similar first."""
    pairs = []
    for i, j in combinations(range(len(places)), 2):
        place = places[i]
        if (place and place == places[j] and place not in HUB_DATELINES and not np.isnan(gaps[i, j])
                and gaps[i, j] <= options.window_days and sim[i, j] >= options.dateline_floor):
            pairs.append((float(sim[i, j]), i, j))
    return [(i, j) for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))]


def join_linked(labels: np.ndarray, links: Sequence[tuple[int, int]], gaps: np.ndarray,
                window_days: int) -> np.ndarray:
    """Merge the clusters of each linked pair, unless that would put two articles more than
    ``window_days`` apart into one story."""
    labels = np.asarray(labels).copy()
    spread = np.nan_to_num(gaps, nan=0.0)
    for i, j in links:
        a, b = labels[i], labels[j]
        if a == b or spread[np.ix_(labels == a, labels == b)].max() > window_days:
            continue
        labels[labels == b] = a
    return labels


def story_ids(article_ids: Sequence[str], labels: Sequence[Any], dates: Sequence[Any]) -> list[str]:
    """Readable, stable story ids: ``YYYY-MM-DD-<6 hex>`` from the earliest date and the member ids."""
    frame = pd.DataFrame({"article_id": list(article_ids), "label": list(labels), "date": list(dates)})
    names: dict[Any, str] = {}
    for label, group in frame.groupby("label", sort=False):
        members = "\n".join(sorted(map(str, group["article_id"])))
        dated = sorted(d for d in group["date"] if isinstance(d, str) and d)
        digest = hashlib.sha256(members.encode("utf-8")).hexdigest()[:6]
        names[label] = f"{dated[0] if dated else 'undated'}-{digest}"
    return [names[label] for label in frame["label"]]


@dataclass(frozen=True)
class StoryEvidence:
    """What grouping reads of each article (sorted by ``article_id``): computed once, so that
    options can be compared without embedding again (``benchmarks/bench_stories.py``)."""

    article_ids: list[str]
    dates: list[Any]
    vectors: np.ndarray
    entities: list[frozenset[str]]
    places: list[str | None]
    multilingual: bool = False  # embedded by the multilingual encoder: its own threshold applies
    #: a corpus mixing English with other languages: its English articles embedded by the English
    #: encoder too (rows ``english``), so two English articles compare as in an English-only run
    english: tuple[int, ...] = ()
    english_vectors: np.ndarray | None = None


def story_evidence(articles: pd.DataFrame, lead_chars: int = DEFAULT_LEAD_CHARS, *, embed: Embed | None = None,
                   entities: Entities | None = None, english_embed: Embed | None = None) -> StoryEvidence:
    """Embeddings and entities of each article's title + lead (each read in its ``language``,
    when the table has that column), and its dateline. A corpus of several languages is embedded
    by the multilingual encoder, and its English articles by the English one too (unless ``embed``
    is given; then ``english_embed``, if given, marks the evidence multilingual)."""
    frame = articles.sort_values("article_id", kind="stable").reset_index(drop=True)
    texts = [lead_text(t, x, lead_chars) for t, x in zip(frame["title"], frame["text"], strict=True)]
    languages = [x if isinstance(x, str) else None for x in frame["language"]] if "language" in frame else [None] * len(frame)
    multilingual = english_embed is not None
    if embed is None:
        encoder = corpus_encoder(languages)
        multilingual = getattr(encoder, "multilingual", False)
        embed = functools.partial(encoder_embed, encoder=encoder)
        if multilingual and english_embed is None:
            english_embed = functools.partial(encoder_embed, encoder=corpus_encoder(["en"]))
    english = english_rows(languages) if multilingual and english_embed is not None else ()
    english_vectors = np.asarray(english_embed([texts[i] for i in english])) if english and english_embed else None
    return StoryEvidence(
        article_ids=[str(a) for a in frame["article_id"]], dates=list(frame["date"]),
        vectors=np.asarray(embed(texts)),
        entities=list(entities(texts) if entities else lead_entities(texts, languages)),
        places=[dateline(t, x) for t, x in zip(frame["title"], frame["text"], strict=True)], multilingual=multilingual,
        english=english, english_vectors=english_vectors)


def group_stories(evidence: StoryEvidence, options: StoryOptions | None = None) -> pd.Series:
    """The story id of each article: clusters of :func:`similarity`, joined by dateline links."""
    options = options or StoryOptions()
    sim = similarity(evidence.vectors, evidence.entities, options.entity_weight)
    if evidence.multilingual and evidence.english_vectors is not None:
        # one scale for all pairs: the multilingual cosines shifted so that their threshold falls on
        # the English one, and pairs of English articles compared by the English encoder
        sim = sim + (options.threshold - options.multilingual_threshold)
        rows = list(evidence.english)
        sim[np.ix_(rows, rows)] = similarity(evidence.english_vectors, [evidence.entities[i] for i in rows],
                                             options.entity_weight)
    elif evidence.multilingual:
        options = replace(options, threshold=options.multilingual_threshold)
    return group_by_similarity(sim, evidence, options)


def group_by_similarity(sim: np.ndarray, evidence: StoryEvidence, options: StoryOptions) -> pd.Series:
    """Stories from a given (n, n) similarity: clustered within the date window, then dateline links."""
    gaps = day_gaps(evidence.dates)
    labels = cluster(sim, gaps, options)
    if options.datelines:
        labels = join_linked(labels, dateline_links(sim, gaps, evidence.places, options), gaps, options.window_days)
    ids = story_ids(evidence.article_ids, labels.tolist(), evidence.dates)
    return pd.Series(ids, index=pd.Index(evidence.article_ids, name="article_id"), name="story")


def find_stories(articles: pd.DataFrame, options: StoryOptions | None = None, *, embed: Embed | None = None,
                 entities: Entities | None = None, english_embed: Embed | None = None) -> pd.Series:
    """The story id of each article (index: ``article_id``), found from title, lead, dateline and date.

    ``articles`` needs ``article_id``, ``title``, ``text`` and ``date``. ``embed`` (texts ->
    vectors) defaults to the pinned encoder (:func:`encoder_embed`; pass
    ``functools.partial(encoder_embed, encoder=other)`` for another one) and ``entities`` to
    spaCy; tests pass cheaper ones."""
    options = options or StoryOptions()
    evidence = story_evidence(articles, options.lead_chars, embed=embed, entities=entities, english_embed=english_embed)
    return group_stories(evidence, options)


def given_stories(article_ids: Sequence[str], given: Sequence[Any], dates: Sequence[Any]) -> pd.Series:
    """Stories named by the input (a ``story``/``event`` column or sidecar key); an article
    without one is a story of its own (named after its id)."""
    names = [str(g).strip() if isinstance(g, str) and g.strip() else f"{d or 'undated'}-{a}"
             for a, g, d in zip(article_ids, given, dates, strict=True)]
    return pd.Series(names, index=pd.Index(list(article_ids), name="article_id"), name="story")


def pair_matrix(labels: Sequence[Any]) -> np.ndarray:
    values = np.asarray([str(x) for x in labels])
    return values[:, None] == values[None, :]


def evaluate_grouping(gold: Mapping[str, Any], found: Mapping[str, Any]) -> GroupingScore:
    """Score ``found`` (article id -> story) against ``gold`` over the articles both have.

    ARI is 1 for the same partition and about 0 for a chance one; pair precision is the share of
    found same-story pairs that gold groups together, pair recall the share of gold pairs found
    (1.0 when there are none to find or none were claimed)."""
    from sklearn.metrics import adjusted_rand_score

    ids = sorted(set(gold) & set(found))
    if not ids:
        raise ValueError("the gold and found groupings share no article")
    g = [str(gold[i]) for i in ids]
    f = [str(found[i]) for i in ids]
    upper = np.triu(np.ones((len(ids), len(ids)), dtype=bool), 1)
    gp, fp = pair_matrix(g) & upper, pair_matrix(f) & upper
    both = int((gp & fp).sum())
    true_pairs, found_pairs = int(gp.sum()), int(fp.sum())
    return GroupingScore(
        n_articles=len(ids), n_gold_stories=len(set(g)), n_found_stories=len(set(f)),
        ari=round(float(adjusted_rand_score(g, f)), 4),
        pair_precision=round(both / found_pairs, 4) if found_pairs else 1.0,
        pair_recall=round(both / true_pairs, 4) if true_pairs else 1.0,
        true_pairs=true_pairs, found_pairs=found_pairs)


def story_members(stories: pd.Series) -> dict[str, list[str]]:
    """story -> its article ids (sorted), for the manifest."""
    members: dict[str, list[str]] = {}
    for article_id, story in stories.items():
        members.setdefault(str(story), []).append(str(article_id))
    return {k: sorted(v) for k, v in sorted(members.items())}


# ---------------------------------------------------------------- on a corpus run


def stories_for(articles: pd.DataFrame, mode: str = "auto", options: StoryOptions | None = None, *,
                embed: Embed | None = None, entities: Entities | None = None) -> tuple[pd.Series | None, str]:
    """(story of each article, how it was decided) for a run's articles table.

    ``none``: no stories. ``column``: the input's ``story``/``event`` (one story per article
    without one). ``auto``: the input's when any article names one, else found
    (:func:`find_stories`)."""
    if mode not in MODES:
        raise ValueError(f"stories must be one of {MODES}, got {mode!r}")
    if mode == "none" or articles.empty:
        return None, "none"
    given = articles["story_given"] if "story_given" in articles.columns else pd.Series([None] * len(articles))
    has_given = given.notna().any()
    if mode == "column" or has_given:
        return given_stories(articles["article_id"], given, articles["date"]), "column"
    return find_stories(articles, options, embed=embed, entities=entities), "found"


def apply_stories(out: Any, mode: str = "auto", options: StoryOptions | None = None, *,
                  embed: Embed | None = None, entities: Entities | None = None) -> dict[str, Any]:
    """Decide the stories of a finished run at ``out`` and write them where a researcher looks:
    a ``story`` column in every ``articles/`` and ``statements/`` part (rewritten atomically under
    the same names, so resuming still works), and the members in the manifest (returned)."""
    from pathlib import Path

    from analysis.corpus import store
    from analysis.parquet_files import read_parquet_meta, write_parquet

    out = Path(out)
    options = options or StoryOptions()
    articles = store.read_dataset(out / "articles", ["article_id", "title", "text", "date", "story_given", "language"])
    stories, how = stories_for(articles, mode, options, embed=embed, entities=entities)
    lookup = stories.to_dict() if stories is not None else {}
    for dataset in ("articles", "statements"):
        for path in sorted((out / dataset).glob("part-*.parquet")):
            frame = pd.read_parquet(path)
            if frame.empty or "article_id" not in frame.columns:
                continue
            frame["story"] = [lookup.get(a) for a in frame["article_id"]]
            write_parquet(frame, path, read_parquet_meta(path) or None)
    record: dict[str, Any] = {"mode": mode, "decided_by": how}
    if how == "found":
        record["options"] = options.to_dict()
    if stories is not None:
        record["members"] = story_members(stories)
        record["n_stories"] = len(record["members"])
        record["n_multi_article"] = sum(len(v) > 1 for v in record["members"].values())
    return record
