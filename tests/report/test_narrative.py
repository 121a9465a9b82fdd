"""Narrative sentences quote the numbers of the tables they summarise."""
from __future__ import annotations

import pytest

from analysis.report import narrative
from analysis.schema import Sidecar
from tests.scored_sample import PROVENANCE, scored_statements


@pytest.fixture(scope="module")
def statements():
    return scored_statements()


def test_voices_summary_counts_kinds_and_ranks_voices_by_words(statements):
    text = narrative.voices_summary(statements)
    assert "**10 statements**: 1 direct, 2 indirect and 4 mixed quotes and 3 sentences" in text
    assert text.index("**Kremlin** 39%") < text.index("**WhatsApp** 19%") < text.index("**Roskomnadzor**")
    assert "(1 statement)" in text and "(3 statements)" in text
    assert "author's own sentences carry 23%" in text


def test_voices_summary_without_quotes(statements):
    text = narrative.voices_summary(statements[statements["kind"] == "narrator"])
    assert "No one is quoted." in text


def test_stance_summary_names_the_extremes(statements):
    text = narrative.stance_summary(statements, "the blocking")
    assert "Stance toward **the blocking**" in text
    assert "Most favourable: **Roskomnadzor** (+0.60); most opposed: **WhatsApp** (-0.89)." in text
    assert "1 of 10 statements are uncertain, their most probable stance below 0.5" in text  # 0.4; 0.5 is not below


def test_frames_summary_compares_author_and_quoted(statements):
    text = narrative.frames_summary(statements)  # frames present: probability >= 0.5 in the sample
    assert text.startswith("Frames present most often: **digital sovereignty** (6 of 10 statements)")
    assert "widest gap is **privacy and surveillance** (author 0% vs quoted 43%)" in text
    assert narrative.frames_summary(statements.assign(frames_present="")) == "No frame is present in any statement."


def test_report_facts_and_header(statements):
    facts = narrative.report_facts(statements, Sidecar(outlet="RT", date="2025-08-14"), PROVENANCE)
    assert facts[0] == "Source: RT · 2025-08-14"
    assert facts[2].startswith("10 statements from 4 quoted voices; loudest: Kremlin")
    header = narrative.article_header("Title", Sidecar(), PROVENANCE)
    assert header.startswith("### Title") and "No outlet, date or URL" in header and "(01234567)" in header
