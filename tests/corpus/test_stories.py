"""Stories: grouping articles about one event, scoring a grouping against gold, and the run's story column."""
from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import store
from analysis.corpus.runner import run_corpus
from analysis.corpus.stories import StoryOptions, day_gaps, evaluate_grouping, find_stories, given_stories, lead_text, stories_for
from analysis.pipeline import ScoreOptions
from analysis.report.charts import caption
from tests.support import ROOT, fetched_encoder_dir, synthetic_corpus

GOLD = ROOT / "tests" / "gold" / "polnear_events.csv"
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear-train"


def bag_of_words(texts):
    """A cheap stand-in for the encoder: word-count vectors over the texts' own vocabulary."""
    vocab = sorted({w for t in texts for w in t.lower().split()})
    index = {w: i for i, w in enumerate(vocab)}
    out = np.zeros((len(texts), len(vocab)))
    for row, text in enumerate(texts):
        for word in text.lower().split():
            out[row, index[word]] += 1
    return out


def capitalised(texts):
    return [frozenset(w.strip(".,") for w in t.split() if w[:1].isupper()) for t in texts]


EVENTS = {
    "quake": "Earthquake strikes Lisbon harbour district overnight, Mayor Costa orders evacuation of Alfama",
    "vote": "Senate passes Farm Bill after Senator Reyes ends filibuster on subsidies in Washington",
}


def three_outlets_two_events():
    rows = []
    for event, lead in EVENTS.items():
        for k, outlet in enumerate(("ledger", "post", "wire")):
            words = lead.split()
            words.insert(3 + k, ["reported", "said", "confirmed"][k])
            rows.append({"article_id": f"{outlet}-{event}", "title": " ".join(words[:6]), "text": " ".join(words),
                         "date": f"2025-03-{10 + k}" if event == "quake" else f"2025-03-{11 + k}"})
    return pd.DataFrame(rows)


def test_articles_of_one_event_are_one_story_and_of_two_events_two():
    articles = three_outlets_two_events()
    found = find_stories(articles, StoryOptions(threshold=0.5), embed=bag_of_words, entities=capitalised)
    by_event = {aid: aid.split("-")[1] for aid in articles["article_id"]}
    score = evaluate_grouping(by_event, found.to_dict())
    assert score.ari == 1.0 and score.n_found_stories == 2
    assert found["ledger-quake"].startswith("2025-03-10-")  # named by the story's first date


def test_the_date_window_keeps_the_same_words_apart():
    articles = three_outlets_two_events()
    articles.loc[articles["article_id"] == "wire-quake", "date"] = "2025-06-01"  # months later: another story
    found = find_stories(articles, StoryOptions(threshold=0.5, window_days=3), embed=bag_of_words, entities=capitalised)
    assert found["wire-quake"] != found["ledger-quake"] == found["post-quake"]


def test_day_gaps_are_nan_for_missing_dates():
    gaps = day_gaps(["2025-01-01", None, "2025-01-31"])
    assert gaps[0, 2] == 30 and np.isnan(gaps[0, 1])


def test_lead_text_does_not_repeat_the_title():
    assert lead_text("Title", "Title\n\nBody text here", 4) == "Title\n\nBody"


def test_evaluate_grouping_counts_pairs():
    gold = {"a": 1, "b": 1, "c": 2, "d": 3}
    found = {"a": "x", "b": "y", "c": "y", "d": "z"}
    score = evaluate_grouping(gold, found)
    assert (score.true_pairs, score.found_pairs, score.pair_precision, score.pair_recall) == (1, 1, 0.0, 0.0)
    assert score.ari < 0.1
    assert evaluate_grouping(gold, gold).ari == 1.0


def test_given_stories_come_first_and_unnamed_articles_stand_alone():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "date": ["2025-01-01"] * 3,
                             "story_given": ["e1", "e1", None], "title": "", "text": ""})
    stories, how = stories_for(articles, "auto")
    assert how == "column" and stories["a"] == stories["b"] == "e1" and stories["c"] == "2025-01-01-c"
    assert stories_for(articles, "none") == (None, "none")
    with pytest.raises(ValueError):
        stories_for(articles, "sometimes")
    assert list(given_stories(["x"], [None], [None])) == ["undated-x"]


def test_a_run_records_stories_in_articles_statements_and_manifest(tmp_path, tiny_models, private_cache):
    folder = tmp_path / "corpus"
    synthetic_corpus(folder, 6, stories=True)
    options = ScoreOptions(backend="nli", model=str(tiny_models["3way"]), frames=False)
    manifest = run_corpus(folder, tmp_path / "out", options, processes=False, workers=1, progress=False,
                          name_pattern="outlet_date")
    assert manifest["stories"]["decided_by"] == "column"
    assert [len(v) for v in manifest["stories"]["members"].values()] == [3, 3]
    corpus = store.open_corpus(tmp_path / "out")
    statements = corpus.statements()
    assert {"outlet", "date", "story", "speaker", "speaker_as_written", "speaker_id"} <= set(statements.columns)
    assert statements["story"].notna().all() and statements["outlet"].notna().all()
    per_story = statements.groupby(["story", "outlet"]).size()
    assert per_story.index.get_level_values("story").nunique() == 2
    assert (tmp_path / "out" / "errors").is_dir() and corpus.errors().empty
    assert set(corpus.articles()["story"]) == {"event-0", "event-1"}
    line = caption(corpus.provenance)  # every corpus chart's caption: n and the date range
    assert "(6 articles)" in line and "dated 2025-01-10 to 2025-03-15, 6 of 6 articles dated" in line
    for part in (tmp_path / "out" / "statements").glob("*.parquet"):  # as a run from before rows carried them
        pd.read_parquet(part).drop(columns=["outlet", "date", "story"]).to_parquet(part)
    again = store.open_corpus(tmp_path / "out").statements()
    assert again[["outlet", "date", "story"]].equals(statements[["outlet", "date", "story"]])
    none = run_corpus(folder, tmp_path / "none", options, processes=False, workers=1, progress=False,
                      name_pattern="outlet_date", stories="none")
    assert none["stories"] == {"mode": "none", "decided_by": "none"}
    assert store.open_corpus(tmp_path / "none").statements()["story"].isna().all()


NEEDS_POLNEAR = pytest.mark.skipif(fetched_encoder_dir() is None or not POLNEAR.is_dir(),
                                   reason="needs the fetched encoder and the PolNeAR articles")


@pytest.fixture(scope="module")
def polnear_score():
    from benchmarks.bench_stories import load_articles

    with GOLD.open(encoding="utf-8") as fh:
        gold = {row["article_id"]: row["event"] for row in csv.DictReader(fh)}
    return evaluate_grouping(gold, find_stories(load_articles(POLNEAR)).to_dict())


@NEEDS_POLNEAR
def test_polnear_grouping_merges_no_two_events(polnear_score):
    """What the default threshold was chosen for: no false merge, and the convention pair the texts show is found."""
    score = polnear_score
    assert score.n_articles == 63 and score.pair_precision == 1.0, json.dumps(score.to_dict())
    assert score.found_pairs >= 1 and score.ari >= 0.49


@NEEDS_POLNEAR
def test_polnear_events_are_found_with_ari_at_least_0_8(polnear_score):
    """Reached through the dateline link (HuffPost and Washington Post both filed from PHILADELPHIA a day
    apart): the text alone gives 0.50. The rule was written with this one triplet in view and no dated
    multi-outlet set with datelines was at hand to check it elsewhere (tests/gold/README.md)."""
    assert polnear_score.ari >= 0.8, json.dumps(polnear_score.to_dict())


@NEEDS_POLNEAR
def test_without_datelines_the_text_alone_finds_the_convention_pair_only():
    from benchmarks.bench_stories import load_articles

    with GOLD.open(encoding="utf-8") as fh:
        gold = {row["article_id"]: row["event"] for row in csv.DictReader(fh)}
    score = evaluate_grouping(gold, find_stories(load_articles(POLNEAR), StoryOptions(datelines=False)).to_dict())
    assert (score.pair_precision, score.found_pairs) == (1.0, 1) and 0.49 <= score.ari < 0.8


def test_one_weak_pair_does_not_split_a_story_but_a_weak_link_does_not_chain():
    from analysis.corpus.stories import cluster

    sim = np.array([[1.0, 0.8, 0.45, 0.1], [0.8, 1.0, 0.6, 0.1], [0.45, 0.6, 1.0, 0.52], [0.1, 0.1, 0.52, 1.0]])
    labels = cluster(sim, np.zeros((4, 4)), StoryOptions(threshold=0.5, linkage="average"))
    assert labels[0] == labels[1] == labels[2] != labels[3]  # C joins A+B on average; D's one link to C is not enough
    strict = cluster(sim, np.zeros((4, 4)), StoryOptions(threshold=0.5))  # complete (default): every pair >= 0.5
    assert strict[0] == strict[1] != strict[2] and strict[2] == strict[3]


@pytest.mark.parametrize(("title", "text", "place"), [
    ("Bill Clinton addresses a very different party", "Bill Clinton addresses a very different party.  "
     "PHILADELPHIA - It was Bill Clinton's night at the Democratic convention", "PHILADELPHIA"),
    ("T", "WASHINGTON (AP) \u2014 The Latest on the 2016 presidential campaign", "WASHINGTON"),
    ("T", "WASHINGTON, Aug. 19 (UPI) \u2014 Former President Bill Clinton celebrated", "WASHINGTON"),
    ("T", "MANCHESTER, N.H. \u2014 It was a striking sight that stopped several voters", "MANCHESTER"),
    ("T", "Mexico City (AFP) \u2013 It featured drama and tension fit for a telenovela", "MEXICO CITY"),
    ("T", "PHILADELPHIA \u2015 Felicia Sanders and Polly Sheppard, two of the three people", "PHILADELPHIA"),
    ("T", "ST. LOUIS (Reuters) - A grand jury", "ST LOUIS"),
    ("T", "BREAKING \u2014 The Senate voted", None),
    ("T", "Hillary Clinton doesn't recognize the vile bigotry - of course", None),
    ("T", "ABSTRACT.  Hillary Rodham Clinton has support from 52 percent", None),
    ("T", "The US and NATO - a long story", None),
    ("T", "ЕКАТЕРИНБУРГ, 4 декабря. /ТАСС/. Суд ограничил звонки", "ЕКАТЕРИНБУРГ"),  # Russian agencies
    ("T", "МОСКВА, 4 дек — РИА Новости. Кремль не принимает решений", "МОСКВА"),
    ("T", "Москва. 4 декабря. INTERFAX.RU - Роскомнадзор сообщил", "МОСКВА"),
    ("T", "Кремль не принимает решений об ограничении", None),
])
def test_dateline_is_the_place_a_story_was_filed_from(title, text, place):
    from analysis.corpus.datelines import dateline

    assert dateline(title, text) == place


def dateline_corpus(second_place, second_date):
    """Three articles on one convention: two say so, the third only shares the first's dateline."""
    rows = [("post", "PHILADELPHIA - Delegates cheered the nominee at the convention hall on Tuesday night", "2016-07-27"),
            ("times", "Delegates cheered the nominee at the convention hall on the last night", "2016-07-29"),
            ("daily", f"{second_place} - Two survivors of a church shooting spoke about faith and grief", second_date),
            ("other", "Markets fell sharply in Tokyo as the yen rose against the dollar", "2016-07-28")]
    return pd.DataFrame([{"article_id": a, "title": "", "text": t, "date": d} for a, t, d in rows])


@pytest.mark.parametrize(("place", "date", "joined"), [
    ("PHILADELPHIA", "2016-07-28", True),      # same place, a day apart: one occurrence
    ("WASHINGTON", "2016-07-28", False),       # another place
    ("PHILADELPHIA", "2016-08-09", False),     # same place, outside the window
])
def test_a_shared_dateline_within_the_window_joins_a_story(place, date, joined):
    articles = dateline_corpus(place, date)
    if place == "WASHINGTON":  # a hub dateline shared by two articles says nothing either
        articles.loc[0, "text"] = articles.loc[0, "text"].replace("PHILADELPHIA", "WASHINGTON")
    options = StoryOptions(threshold=0.5, dateline_floor=0.0)
    found = find_stories(articles, options, embed=bag_of_words, entities=capitalised)
    assert found["post"] == found["times"] != found["other"]
    assert (found["daily"] == found["post"]) is joined
    off = find_stories(articles, StoryOptions(threshold=0.5, datelines=False), embed=bag_of_words, entities=capitalised)
    assert off["daily"] != off["post"]


def test_a_dateline_link_needs_some_shared_text():
    articles = dateline_corpus("PHILADELPHIA", "2016-07-28")
    found = find_stories(articles, StoryOptions(threshold=0.5, dateline_floor=0.9), embed=bag_of_words,
                         entities=capitalised)
    assert found["daily"] != found["post"]


def _gemma_fetched() -> bool:
    from analysis.config import models_dir
    from analysis.models.chunked_fetch import GEMMA_SPEC

    return (models_dir() / GEMMA_SPEC.dirname / GEMMA_SPEC.weights).is_file()


@pytest.mark.real_model
@pytest.mark.skipif(not POLNEAR.is_dir() or not _gemma_fetched(),
                    reason="needs the PolNeAR articles and EmbeddingGemma (python -m analysis models fetch --multilingual)")
def test_one_story_across_languages_and_no_merge_with_other_news():
    """The seed and its Russian translation (one story in two languages) are one story; English
    news of other events, dated the same days, stay apart. A corpus of two languages is embedded
    by the multilingual encoder and cut at its own threshold."""
    from benchmarks.bench_stories import load_articles

    others = load_articles(POLNEAR).sort_values("article_id").head(4).assign(language="en")
    seed = ROOT / "seeds" / "000_3e76e6e75a2eff3d.txt"
    ru = ROOT / "seeds" / "translations" / "000_3e76e6e75a2eff3d.ru.txt"
    pair = pd.DataFrame({"article_id": ["seed-en", "seed-ru"], "title": [None, None], "language": ["en", "ru"],
                         "text": [seed.read_text(encoding="utf-8"), ru.read_text(encoding="utf-8")],
                         "date": [others["date"].iloc[0]] * 2})
    stories = find_stories(pd.concat([others[pair.columns], pair], ignore_index=True))
    assert stories["seed-en"] == stories["seed-ru"]
    assert stories.drop(["seed-en", "seed-ru"]).isin([stories["seed-en"]]).sum() == 0
    assert stories.nunique() == len(others) + 1


def _by_keyword(table):
    """A stand-in encoder: each text's vector is the one of the keyword (its first word) it opens with."""
    return lambda texts: np.array([table[t.split()[0]] for t in texts], dtype=float)


def test_a_mixed_corpus_compares_two_english_articles_as_an_english_only_run_does():
    """Two English articles on one story that the multilingual encoder puts below its threshold (0.55
    < 0.60) but the English encoder above its own (0.80 >= 0.50): with a Russian article in the
    corpus they stay one story, as without it; the Russian article joins on the multilingual scale."""
    multilingual = _by_keyword({"alpha": [1, 0, 0], "beta": [0.55, 0.835, 0], "gamma": [0, 0, 1],
                                "альфа": [0.9, 0.436, 0]})
    english = _by_keyword({"alpha": [1, 0], "beta": [0.8, 0.6], "gamma": [-0.6, 0.8]})
    rows = [("a", "alpha calls are restricted"), ("b", "beta calls are restricted"), ("c", "gamma a flood"),
            ("r", "альфа звонки ограничены")]
    articles = pd.DataFrame({"article_id": [r[0] for r in rows], "title": [None] * 4, "text": [r[1] for r in rows],
                             "date": ["2025-08-13"] * 4, "language": ["en", "en", "en", "ru"]})
    options = StoryOptions(entity_weight=0.0)
    none = lambda texts: [frozenset()] * len(texts)  # noqa: E731
    mixed = find_stories(articles, options, embed=multilingual, english_embed=english, entities=none)
    assert mixed["a"] == mixed["b"] == mixed["r"] != mixed["c"]
    english_only = find_stories(articles.head(3), options, embed=english, entities=none)
    assert english_only["a"] == english_only["b"] != english_only["c"]
    # one encoder for all, cut at its own threshold (the rule before): the English pair falls apart
    from dataclasses import replace

    from analysis.corpus.stories import group_stories, story_evidence

    evidence = replace(story_evidence(articles, embed=multilingual, entities=none), multilingual=True)
    multilingual_only = group_stories(evidence, options)
    assert multilingual_only["a"] != multilingual_only["b"]


@pytest.mark.parametrize(("languages", "rows"), [
    (["en", "ru", None], (0, 2)),  # no language known: read as English, as an English-only corpus reads it
    (["en", "en"], ()),  # English only: the English encoder reads everything anyway
    (["ru", "ru"], ()),
])
def test_english_rows_of_a_mixed_corpus(languages, rows):
    from analysis.corpus.story_vectors import english_rows

    assert english_rows(languages) == rows
