"""analysis.stance.active: the four strategies, suggest_labels and its command line."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.errors import InputError
from analysis.stance.active import (
    AUTO_SWITCH_PER_CLASS,
    choose,
    margins,
    principal_components,
    resolve_strategy,
    suggest_labels,
)
from analysis.stance.examples import parse_examples
from tests.support import seed_sentences


def _clusters(n_per=20, k=4, d=8, seed=0):
    rng = np.random.default_rng(seed)
    centers = np.eye(d)[:k] * 10
    return np.vstack([c + rng.normal(scale=0.3, size=(n_per, d)) for c in centers])


@pytest.mark.parametrize("strategy", ["random", "diversity", "uncertainty", "typical", "auto"])
def test_choices_are_new_distinct_rows(strategy):
    X = _clusters()
    labelled = [0, 20]
    got = choose(X, 6, strategy, labelled, ["favor", "against"], seed=1)
    assert len(got) == 6 == len(set(got.tolist()))
    assert not set(got.tolist()) & set(labelled)


def test_diversity_takes_one_statement_per_cluster():
    X = _clusters()
    got = choose(X, 4, "diversity")
    assert sorted(i // 20 for i in got) == [0, 1, 2, 3]


def _uneven_clusters(sizes=(40, 30, 20, 10), d=8, seed=0):
    rng = np.random.default_rng(seed)
    return np.vstack([np.eye(d)[c] * 10 + rng.normal(scale=0.5, size=(size, d)) for c, size in enumerate(sizes)])


def _blob(i: int, starts=(0, 40, 70, 90)) -> int:
    return int(np.searchsorted(starts, i, side="right")) - 1


def test_typical_takes_the_densest_statement_of_each_cluster():
    X = _uneven_clusters()
    X[1] = np.eye(8)[0] * 10 + 2.0  # an outlier of the first cluster is never its typical statement
    X[0] = np.eye(8)[0] * 10  # the first cluster's centre: its most typical statement
    got = choose(X, 4, "typical")
    assert sorted(_blob(i) for i in got) == [0, 1, 2, 3]
    assert 0 in got and 1 not in got


def test_typical_takes_the_largest_clusters_without_a_label():
    X = _uneven_clusters()
    # two labels in the 40-row cluster: 4 clusters, 3 without a label; the 2 largest of those
    got = choose(X, 2, "typical", labelled=[0, 1], labels=["favor", "against"])
    assert sorted(_blob(i) for i in got) == [1, 2]


def test_typical_leaves_out_the_clusters_labels_already_cover():
    X = _uneven_clusters()
    got = choose(X, 2, "typical", labelled=[0, 40], labels=["favor", "against"])
    assert sorted(_blob(i) for i in got) == [2, 3]


def test_typical_in_many_dimensions_clusters_on_principal_components():
    rng = np.random.default_rng(1)
    centres = rng.normal(scale=5, size=(4, 300))
    X = np.vstack([c + rng.normal(size=(25, 300)) for c in centres])  # 300 dims: PCA to 64 first
    got = choose(X, 4, "typical")
    assert sorted(i // 25 for i in got) == [0, 1, 2, 3]


@pytest.mark.filterwarnings("ignore:Number of distinct clusters")
def test_typical_copes_with_identical_statements():
    X = np.vstack([np.zeros((6, 3)), np.ones((6, 3))])  # two distinct points: k-means leaves clusters empty
    got = choose(X, 5, "typical", labelled=[0], labels=["favor"])
    assert len(got) == 5 == len(set(got.tolist())) and 0 not in got


@pytest.mark.parametrize("labels, expected", [
    ([], "typical"),
    (["favor", "against", "neutral"] * (AUTO_SWITCH_PER_CLASS - 1), "typical"),
    (["favor", "against", "neutral"] * AUTO_SWITCH_PER_CLASS, "uncertainty"),
    (["favor", "against"] * AUTO_SWITCH_PER_CLASS, "uncertainty"),  # two classes seen: 16 each on average
    (["favor"] * 3 * AUTO_SWITCH_PER_CLASS, "typical"),  # one class seen: no uncertainty to measure yet
])
def test_auto_is_typical_while_labels_are_few_then_uncertainty(labels, expected):
    assert resolve_strategy("auto", labels) == expected
    assert resolve_strategy("diversity", labels) == "diversity"


def test_principal_components_keep_the_pools_main_directions():
    rng = np.random.default_rng(0)
    E = np.outer(rng.normal(size=300), rng.normal(size=100)) + 0.01 * rng.normal(size=(300, 100))
    Z = principal_components(E, dims=5)
    assert Z.shape == (300, 5)
    assert np.var(Z[:, 0]) > 100 * np.var(Z[:, 1])  # one direction carries the pool
    assert principal_components(E[:3], dims=5).shape == (3, 3)  # never more components than rows


def test_uncertainty_picks_statements_between_the_labelled_classes():
    rng = np.random.default_rng(0)
    left = rng.normal(loc=(-3, 0), scale=0.2, size=(20, 2))
    right = rng.normal(loc=(3, 0), scale=0.2, size=(20, 2))
    middle = rng.normal(loc=(0, 0), scale=0.2, size=(20, 2))  # the 4n least certain: k-means picks n of them
    X = np.vstack([left, right, middle])
    labelled = list(range(0, 5)) + list(range(20, 25))
    got = choose(X, 5, "uncertainty", labelled, ["favor"] * 5 + ["against"] * 5)
    assert all(i >= 40 for i in got)


def test_uncertainty_without_two_classes_falls_back_to_diversity():
    X = _clusters()
    assert sorted(i // 20 for i in choose(X, 4, "uncertainty")) == [0, 1, 2, 3]


def test_margins_and_bad_arguments():
    assert np.allclose(margins(np.array([[0.5, 0.3, 0.2], [0.4, 0.4, 0.2]])), [0.2, 0.0])
    with pytest.raises(InputError, match="strategy"):
        choose(np.zeros((3, 2)), 1, "smart")
    with pytest.raises(InputError, match="at least 1"):
        choose(np.zeros((3, 2)), 0, "random")




@pytest.mark.slow
def test_suggest_labels_round_trip_through_the_command_line(tiny_dir, private_cache, tmp_path, capsys):
    pool = tmp_path / "pool.csv"
    pd.DataFrame({"text": seed_sentences()[:40]}).to_csv(pool, index=False)
    out = tmp_path / "to_label.csv"
    assert main(["suggest-labels", str(pool), "--target", "the blocking", "--n", "6", "--out", str(out),
                 "--model", str(tiny_dir)]) == 0
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(sheet) == 6 and (sheet["stance"] == "").all() and (sheet["strategy"] == "typical").all()
    with pytest.raises(Exception, match="to_label.csv line 2: blank stance label"):
        parse_examples(out)  # nothing filled in yet: a blank is an error, not a silent skip
    sheet.loc[:2, "stance"] = ["favor", "against", "neutral"]
    sheet.to_csv(out, index=False)
    with pytest.raises(Exception, match="to_label.csv line 5: blank stance label"):
        parse_examples(out)
    sheet.loc[3:, "stance"] = "skip"
    sheet.to_csv(out, index=False)
    assert len(parse_examples(out)) == 3  # rows marked skip are left out
    more = suggest_labels([pool], target="the blocking", n=5, examples=out, model=tiny_dir)
    assert (more["strategy"] == "typical").all()
    assert not set(more["text"]) & set(sheet["text"][:3])  # never asks again for a labelled one
    assert (suggest_labels([pool], target="the blocking", n=5, examples=out, model=tiny_dir, strategy="diversity")
            ["strategy"] == "diversity").all()


def test_suggest_labels_auto_turns_to_uncertainty_with_enough_labels(tiny_dir, private_cache, tmp_path, monkeypatch):
    from analysis.stance import active

    pool = tmp_path / "pool.csv"
    texts = seed_sentences()[:40]
    pd.DataFrame({"text": texts}).to_csv(pool, index=False)
    examples = list(zip(texts[:6], ["favor", "against", "neutral"] * 2))
    few = suggest_labels([pool], target="the blocking", n=4, examples=examples, model=tiny_dir)
    assert (few["strategy"] == "typical").all()
    monkeypatch.setattr(active, "AUTO_SWITCH_PER_CLASS", 2)  # 6 labels, 3 classes: enough now
    more = suggest_labels([pool], target="the blocking", n=4, examples=examples, model=tiny_dir)
    assert (more["strategy"] == "uncertainty").all()
    by_hand = suggest_labels([pool], target="the blocking", n=4, examples=examples, model=tiny_dir,
                             strategy="uncertainty")
    assert more["text"].tolist() == by_hand["text"].tolist()


def test_suggest_labels_needs_a_target(tiny_dir, private_cache, tmp_path):
    pool = tmp_path / "pool.csv"
    pd.DataFrame({"sentence": ["a b c", "d e f"]}).to_csv(pool, index=False)
    with pytest.raises(InputError, match="target"):
        suggest_labels([pool], target=" ", model=tiny_dir)
    assert main(["suggest-labels", str(tmp_path / "none.csv"), "--target", "t", "--model", str(tiny_dir)]) == 2


def test_the_selection_space_and_choice_do_not_depend_on_the_thread_count():
    """More BLAS / OpenMP threads sum in another order: without one thread inside, the principal
    components differ in their last bits (and k-means ties can flip), so two machines would offer
    different statements to label."""
    from threadpoolctl import threadpool_limits

    from analysis.stance.active import pick_typical, principal_components

    E = np.random.default_rng(0).normal(size=(2000, 768)).astype(np.float32)
    runs = []
    for threads in (1, 2):
        with threadpool_limits(threads):
            Z = principal_components(E)
            runs.append((Z, pick_typical(Z, 48, seed=0)))
    assert np.array_equal(runs[0][0], runs[1][0]) and np.array_equal(runs[0][1], runs[1][1])
