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


BELIEF_TEXT = "Poll row\n\nCritics argued the budget was unrealistic. Most voters believe the mayor will win.\n"


def test_breakdown_per_rule_kind_and_cue_class_and_without_beliefs(tmp_path):
    text = BELIEF_TEXT
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    lines, n = [], 0
    for source, cue, content in (("Critics", "argued", "the budget was unrealistic"),
                                 ("Most voters", "believe", "the mayor will win")):
        s, c, t = text.index(source), text.index(cue), text.index(content)
        lines += [f"T{n + 1}\tSource {s} {s + len(source)}\t{source}", f"T{n + 2}\tCue {c} {c + len(cue)}\t{cue}",
                  f"T{n + 3}\tContent {t} {t + len(content)}\t{content}",
                  f"E{n // 3 + 1}\tAttribution:T{n + 2} Content:T{n + 3} Cue:T{n + 2} Source:T{n + 1}"]
        n += 3
    (tmp_path / "b.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    scores = evaluate_directory(tmp_path)
    breakdown = scores.breakdown()
    assert breakdown["gold_cue"]["belief"]["n"] == 1 and breakdown["gold_cue"]["verb"]["n"] == 1
    assert breakdown["rule"]["verb_cue"]["n"] == scores.predicted == 2
    assert scores.without_beliefs.gold == 1 and scores.without_beliefs.predicted == 1
    summary = scores.summary()
    assert summary["precision"] == 1.0 and "rule verb_cue" in summary and "without beliefs" in summary


def test_empty_directory_is_an_input_error(tmp_path):
    import pytest

    from analysis.errors import InputError
    with pytest.raises(InputError):
        evaluate_directory(tmp_path)
