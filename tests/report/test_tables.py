"""Aggregate tables over the hand-scored seed statements: voices, words, stance, frames."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.report import tables
from analysis.report.tables import NARRATOR_LABEL, UNATTRIBUTED_LABEL
from tests.scored_sample import scored_statements


@pytest.fixture(scope="module")
def statements() -> pd.DataFrame:
    return scored_statements()


def test_voice_labels_use_actor_then_speaker_and_name_the_author(statements):
    df = statements.copy()
    durov = df.index[df["speaker"] == "Pavel Durov"][0]
    df.loc[durov, "actor"] = ""
    labels = tables.voice_labels(df)
    assert labels[durov] == "Pavel Durov"
    assert set(labels[df["kind"] == "narrator"]) == {NARRATOR_LABEL}
    assert tables.voice_labels(df, by="speaker")[df["speaker"] == "Dmitry Peskov"].unique().tolist() == ["Dmitry Peskov"]
    df.loc[durov, "speaker"] = ""
    assert tables.voice_labels(df)[durov] == UNATTRIBUTED_LABEL
    with pytest.raises(ValueError):
        tables.voice_labels(df, by="outlet")


def test_voice_order_is_first_appearance_with_the_author_last(statements):
    assert tables.voice_order(statements) == ["WhatsApp", "Kremlin", "Telegram", "Roskomnadzor", NARRATOR_LABEL]


def test_voice_table_counts_words_and_shares(statements):
    table = tables.voice_table(statements)
    assert table["statements"].sum() == len(statements)
    assert table["words"].sum() == sum(len(c.split()) for c in statements["content"])
    assert table["word_share"].sum() == pytest.approx(1.0)
    kinds = [f"words:{k}" for k in tables.KINDS]
    assert (table[kinds].sum(axis=1) == table["words"]).all()
    assert table.loc["Kremlin", "statements"] == 3 and table.loc["Kremlin", "words:direct"] > 0
    assert table.loc[NARRATOR_LABEL, "words:narrator"] == table.loc[NARRATOR_LABEL, "words"]


def test_kind_table_crosses_voices_and_quote_kinds(statements):
    table = tables.kind_table(statements)
    assert list(table.columns) == list(tables.KINDS)
    assert table.loc["Kremlin"].tolist() == [1, 1, 1, 0]
    assert table.to_numpy().sum() == len(statements)


def test_stance_table_means_net_and_standard_errors(statements):
    table = tables.stance_table(statements)
    kremlin = statements[statements["actor"] == "Kremlin"]
    net = kremlin["p_favor"] - kremlin["p_against"]
    assert table.loc["Kremlin", "net"] == pytest.approx(net.mean())
    assert table.loc["Kremlin", "net_se"] == pytest.approx(net.std(ddof=1) / np.sqrt(3))
    assert table.loc["Kremlin", "label"] == "favor" and table.loc["WhatsApp", "label"] == "against"
    assert table.loc["Telegram", ["net_se", "p_favor_se", "p_against_se"]].tolist() == [0.0, 0.0, 0.0]
    assert table[["p_favor", "p_against", "p_neutral"]].sum(axis=1).to_numpy() == pytest.approx(1.0)


def test_frame_tables_average_by_voice_and_compare_author_with_quoted(statements):
    table = tables.frame_table(statements)
    assert "privacy and surveillance" in table.columns
    assert table.loc["WhatsApp", "privacy and surveillance"] == pytest.approx((0.9 + 0.95) / 2)
    cmp = tables.author_vs_quoted_frames(statements)
    narrator = statements["kind"] == "narrator"
    col = "frame:digital sovereignty"
    assert cmp.loc["digital sovereignty", "author"] == pytest.approx(statements.loc[narrator, col].mean())
    assert cmp.loc["digital sovereignty", "quoted"] == pytest.approx(statements.loc[~narrator, col].mean())
    no_author = tables.author_vs_quoted_frames(statements[~narrator])
    assert no_author["author"].isna().all() and no_author["quoted"].notna().all()
    with pytest.raises(ValueError, match="score_frames"):
        tables.frame_table(statements.drop(columns=tables.frame_columns(statements)))


def test_extreme_statements_pick_the_most_favourable_and_most_opposed(statements):
    extremes = tables.extreme_statements(statements, n=1)
    assert extremes["voice"].tolist() == ["Kremlin", "WhatsApp"]
    assert extremes["net"].iloc[0] > 0 > extremes["net"].iloc[1]


def test_views_are_indexed_by_statement(statements):
    for view in (tables.statements_view(statements), tables.stance_view(statements), tables.frame_view(statements)):
        assert view.index.tolist() == statements["statement_id"].tolist()
        assert "voice" in view.columns and "content" in view.columns
    assert tables.stance_view(statements)["net"].iloc[0] == pytest.approx(0.2)


def test_wilson_interval_matches_known_values():
    low, high = tables.wilson_interval(np.array([0, 3, 5]), np.array([3, 3, 10]))
    np.testing.assert_allclose(low, [0.0, 0.4385, 0.2366], atol=1e-4)
    np.testing.assert_allclose(high, [0.5615, 1.0, 0.7634], atol=1e-4)
    assert np.isnan(tables.wilson_interval(0, 0)[0])


def test_frame_shares_count_present_frames_per_voice_with_intervals(statements):
    table = tables.frame_share_table(statements)
    assert list(dict.fromkeys(table["voice"])) == tables.voice_order(statements)
    assert table["frame"].iloc[0] == "digital sovereignty"  # present in 6 of 10 statements, most often
    row = table[(table["voice"] == NARRATOR_LABEL) & (table["frame"] == "digital sovereignty")].iloc[0]
    assert (row["statements"], row["present"]) == (3, 2) and row["share"] == pytest.approx(2 / 3)
    assert row["low"] < row["share"] < row["high"]
    sides = tables.frame_share_table(statements, "author_vs_quoted")
    quoted = sides[(sides["voice"] == "Quoted voices") & (sides["frame"] == "privacy and surveillance")].iloc[0]
    assert (quoted["statements"], quoted["present"]) == (7, 3)
    none = statements.assign(frames_present="")
    assert tables.frame_share_table(none).empty
    assert len(tables.frame_share_table(none, present_only=False)) == 5 * 4  # voices x frames


def test_present_matrix_falls_back_to_the_top_frame(statements):
    older = tables.present_matrix(statements.drop(columns=["frames_present"]))
    assert (older.sum(axis=1) == 1).all()
    assert [older.columns[r.argmax()] for r in older.to_numpy()] == statements["top_frame"].tolist()


def test_word_counts_count_nested_words_once_per_article():
    """The Kremlin's sentence holds Peskov's nested attribution: his words are his, the rest the
    Kremlin's; two articles whose statement ids repeat are counted apart."""
    text = "Moscow defended the ban, with spokesman Dmitry Peskov blaming Meta for breaking the law."
    parent = text.index("the ban"), len(text) - 1
    child = text.index("Meta"), len(text) - 1
    rows = []
    for article in ("a", "b"):
        for sid, parent_id, (start, end) in ((0, -1, parent), (1, 0, child)):
            rows.append({"article_id": article, "statement_id": sid, "parent_id": parent_id, "content_start": start,
                         "content_end": end, "content": text[start:end]})
    words = tables.word_counts(pd.DataFrame(rows))
    assert words.tolist() == [7, 5, 7, 5]  # the 12 words of the parent's span, each counted once


@pytest.mark.parametrize("k, n", [(6, 6), (21, 21), (0, 11), (0, 22), (0, 27), (1, 1), (3, 7)])
def test_the_wilson_interval_holds_its_proportion_even_at_the_edges(k, n):
    """At k = n or k = 0 the textbook formula can put a rounding error on the wrong side of k/n
    (6/6: high = 1 - 1e-16), which a chart's error bar refuses as a negative length."""
    from analysis.report.tables import wilson_interval

    low, high = wilson_interval(k, n)
    assert low <= k / n <= high and 0 <= low and high <= 1
