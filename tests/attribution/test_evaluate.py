"""The brat scorer on a small hand-written gold file (PolNeAR's format)."""
from __future__ import annotations

from analysis.attribution.evaluate import evaluate_directory, read_brat

TEXT = 'Budget row\n\n"We will not cut schools," Mayor Ana Lopez said. Critics argued the budget was unrealistic.\n'


def test_read_brat_discontinuous_and_quoted(tmp_path):
    ann = tmp_path / "a.ann"
    q = TEXT.index('"We')
    ann.write_text(f"T1\tSource {TEXT.index('Mayor')} {TEXT.index(' said')}\tMayor Ana Lopez\n"
                   f"T2\tContent {q} {q + 10};{q + 10} {TEXT.index(' Mayor')}\tx\nT3\tCue 0 1\tsaid\n"
                   "E1\tAttribution:T3 Content:T2 Cue:T3 Source:T1\n", encoding="utf-8")
    (gold,) = read_brat(ann, TEXT)
    assert gold.quoted and gold.source_text == "Mayor Ana Lopez" and len(gold.content) == TEXT.index(" Mayor") - q


def test_evaluate_directory_counts(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    q = TEXT.index('"We')
    c = TEXT.index("the budget")
    crit = TEXT.index("Critics")
    (tmp_path / "a.ann").write_text(
        f"T1\tSource {TEXT.index('Mayor')} {TEXT.index(' said')}\tMayor Ana Lopez\n"
        f"T2\tContent {q} {TEXT.index(' Mayor')}\tq\nT3\tCue {TEXT.index('said')} {TEXT.index('said') + 4}\tsaid\n"
        "E1\tAttribution:T3 Content:T2 Cue:T3 Source:T1\n"
        f"T4\tSource {crit} {crit + 7}\tCritics\nT5\tContent {c} {TEXT.index('.', c)}\tc\n"
        f"T6\tCue {TEXT.index('argued')} {TEXT.index('argued') + 6}\targued\nE2\tAttribution:T6 Content:T5 Cue:T6 Source:T4\n"
        f"T7\tContent 0 10\tBudget row\nT8\tCue 0 1\tB\nE3\tAttribution:T8 Content:T7 Cue:T8\n",
        encoding="utf-8")
    scores = evaluate_directory(tmp_path)
    assert (scores.gold, scores.matched, scores.predicted) == (3, 2, 2)
    assert scores.precision == 1.0 and abs(scores.recall - 2 / 3) < 1e-9
    assert scores.quoted_recall == 1.0 and scores.speaker_accuracy == 1.0
