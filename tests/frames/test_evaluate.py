"""analysis.frames.evaluate: reading frame labels, the metrics, folds, and the CLI."""
from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.__main__ import main
from analysis.errors import InputError
from analysis.frames.codebook import POLICY_FRAMES
from analysis.frames.evaluate import (
    OUTSIDE,
    FrameLabels,
    evaluate_predictions,
    read_frame_labels,
    sample_labels,
    stratified_folds,
)

CSV = """text,frames,source
The plan costs taxpayers a fortune.,Economic,x
The court struck the law down.,"Legality, constitutionality and jurisprudence;Crime and punishment",x
Police arrested three men.,"Legality, constitutionality and jurisprudence;Crime and punishment",x
Voters are angry about it.,Public opinion,x
"""


def _labels(gold: list[tuple[str, ...]]) -> FrameLabels:
    return FrameLabels([f"text {i}" for i in range(len(gold))], gold)


def test_read_maps_names_case_insensitively_and_keeps_merged_classes(tmp_path):
    (tmp_path / "labels.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "meta.csv").write_text("id,code\n1,2\n", encoding="utf-8")  # no text column: ignored
    labels = read_frame_labels(tmp_path, POLICY_FRAMES)  # a directory holding one labels CSV
    assert labels.gold[0] == ("economic",)
    assert labels.gold[1] == ("legality, constitutionality and jurisprudence", "crime and punishment")
    assert labels.classes[0] == "legality, constitutionality and jurisprudence;crime and punishment"  # most frequent


def test_read_refuses_unknown_names_and_missing_columns(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,frames\nSome text.,Weather\n", encoding="utf-8")
    with pytest.raises(InputError, match="Weather"):
        read_frame_labels(bad, POLICY_FRAMES)
    bad.write_text("sentence,label\nSome text.,Economic\n", encoding="utf-8")
    with pytest.raises(InputError, match="text and frames"):
        read_frame_labels(bad, POLICY_FRAMES)
    with pytest.raises(InputError, match="no such file"):
        read_frame_labels(tmp_path / "missing.csv", POLICY_FRAMES)


def test_metrics_count_either_name_of_a_merged_class_as_right():
    merged = ("legality, constitutionality and jurisprudence", "crime and punishment")
    labels = _labels([("economic",), ("economic",), merged, merged, ("public opinion",)])
    top = ["economic", "political", "crime and punishment", "legality, constitutionality and jurisprudence", "economic"]
    scores = evaluate_predictions(labels, top)
    assert scores.accuracy == pytest.approx(3 / 5)
    f1 = scores.per_class["f1"]
    # economic: tp 1, predicted 2 (one public-opinion row), support 2 -> P 0.5, R 0.5
    assert f1["economic"] == pytest.approx(0.5)
    assert f1[";".join(merged)] == pytest.approx(1.0)
    assert f1["public opinion"] == 0.0
    assert scores.macro_f1 == pytest.approx((0.5 + 1.0 + 0.0) / 3)
    assert scores.confusion.loc["economic", OUTSIDE] == 1  # "political" is in no gold class
    assert scores.confusion.to_numpy().sum() == 5
    assert scores.predicted_share["economic"] == pytest.approx(0.4)


def test_present_sets_are_summarised():
    labels = _labels([("economic",), ("morality",)])
    scores = evaluate_predictions(labels, ["economic", "economic"], [["economic", "political"], []])
    assert scores.present == {"gold_present": 0.5, "mean_present": 1.0, "none_present": 0.5}
    with pytest.raises(InputError):
        evaluate_predictions(labels, ["economic"])


def test_folds_spread_every_class_evenly():
    labels = _labels([("economic",)] * 10 + [("morality",)] * 5)
    fold = stratified_folds(labels, 5)
    assert np.bincount(fold[:10], minlength=5).tolist() == [2] * 5
    assert np.bincount(fold[10:], minlength=5).tolist() == [1] * 5
    with pytest.raises(InputError):
        stratified_folds(labels, 1)


def test_sample_keeps_every_class_in_proportion():
    labels = _labels([("economic",)] * 20 + [("morality",)] * 10)
    sample = sample_labels(labels, 10)
    assert len(sample.texts) == 10  # one of 3 stratified folds: each class within one row of its share
    assert sample.gold.count(("economic",)) in (6, 7) and sample.gold.count(("morality",)) in (3, 4)
    assert sample_labels(labels, 0) is labels


@pytest.mark.slow
def test_cli_evaluates_the_encoder_scorer(tmp_path, tiny_models, private_cache, capsys):
    data = tmp_path / "labels.csv"
    data.write_text(CSV, encoding="utf-8")
    assert main(["evaluate-frames", str(data), "--model", str(tiny_models["3way"]), "--cv", "0", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["n"] == 4 and 0 <= summary["accuracy"] <= 1 and 0 <= summary["macro_f1"] <= 1
    assert set(summary["present"]) == {"gold_present", "mean_present", "none_present"}
    # a head trained on the data it is measured on must be cross-validated
    assert main(["evaluate-frames", str(data), "--method", "head", "--cv", "0",
                 "--model", str(tiny_models["3way"])]) == 2
    assert "--cv" in capsys.readouterr().err
