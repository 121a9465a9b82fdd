"""The shared precision/recall of the English and Russian attribution scores (analysis.attribution.scoring)."""
from __future__ import annotations

import pytest

from analysis.attribution.evaluate import AttributionScores
from analysis.attribution.russian.evaluate import Scores


@pytest.mark.parametrize(("predicted", "gold", "matched", "precision", "recall"), [
    (10, 8, 6, 0.6, 0.75),
    (0, 5, 0, 0.0, 0.0),  # nothing predicted: 0, not a division error
    (4, 0, 0, 0.0, 0.0),  # nothing labelled
])
def test_english_and_russian_scores_share_precision_and_recall(predicted, gold, matched, precision, recall):
    english = AttributionScores(predicted=predicted, gold=gold, matched=matched)
    russian = Scores(sentences=1, gold=gold, gold_quoted=0, predicted=predicted, matched=matched, quoted_found=0,
                     speaker_right=0)
    for scores in (english, russian):
        assert (scores.precision, scores.recall) == pytest.approx((precision, recall))
    assert english.f1 == pytest.approx(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
