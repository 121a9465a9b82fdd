"""analysis.labelling.pace: the time labelling took, read from the labels file's decided_at stamps."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import ExamplesError
from analysis.labelling.pace import BREAK_SECONDS, labelling_pace, parse_stamp, stamp
from analysis.labelling.pool import build_pool
from analysis.labelling.session import LabellingSession
from analysis.models.encoder import load_encoder
from analysis.stance.labels_file import LabelRow, read_labels_csv, write_labels_csv
from tests.support import HEADS, SEED_TXT, build_tiny_model

T0 = 1_796_000_000.0  # 2026-11-30


def rows(gaps, stances=None):
    """Decisions ``gaps`` seconds apart (the first at T0)."""
    times = [T0]
    for g in gaps:
        times.append(times[-1] + g)
    stances = stances or ["favor"] * len(times)
    return [LabelRow(f"statement {i}", s, decided_at=stamp(t), line=i + 2) for i, (t, s) in enumerate(zip(times, stances))]


@pytest.mark.parametrize("when", [T0, T0 + 0.123, 0.0])
def test_a_stamp_reads_back_to_the_millisecond(when):
    assert parse_stamp(stamp(when)) == pytest.approx(when, abs=1e-3)


@pytest.mark.parametrize("gaps,labels,seconds,breaks", [
    ([5, 7, 6], 4, 5 + 7 + 6 + 6, 0),  # the first card at the median gap (6)
    ([5, 7, BREAK_SECONDS + 1, 6], 5, 5 + 7 + 6 + 2 * 6, 1),  # a break is left out; the second sitting's first card too
    ([4.0], 2, 8.0, 0),
])
def test_pace_sums_the_gaps_and_leaves_breaks_out(gaps, labels, seconds, breaks):
    pace = labelling_pace(rows(gaps))
    assert (pace.labels, pace.breaks) == (labels, breaks)
    assert pace.seconds == pytest.approx(seconds)
    assert f"{labels} labels" in pace.line() and ("break" in pace.line()) == bool(breaks)


def test_skips_cost_time_but_are_not_labels_and_first_n_stops_there():
    r = rows([3, 3, 3, 3, 3], ["favor", "skip", "against", "neutral", "favor", "against"])
    assert labelling_pace(r).labels == 5 and labelling_pace(r).decisions == 6
    first3 = labelling_pace(r, first_labels=3)
    assert (first3.labels, first3.decisions) == (3, 4) and first3.seconds == pytest.approx(12)


def test_unstamped_files_have_no_pace_and_a_bad_stamp_names_its_line(tmp_path):
    assert labelling_pace([LabelRow("a", "favor"), LabelRow("b", "against")]) is None
    bad = [*rows([3]), LabelRow("c", "favor", decided_at="yesterday", line=4)]
    with pytest.raises(ExamplesError, match="line 4: decided_at 'yesterday'"):
        labelling_pace(bad)


def test_the_stamps_survive_the_labels_file(tmp_path):
    path = tmp_path / "labels.csv"
    write_labels_csv(path, rows([5, 6]))
    back = read_labels_csv(path).rows
    assert [r.decided_at for r in back] == [r.decided_at for r in rows([5, 6])]
    assert labelling_pace(back).seconds == pytest.approx(5 + 6 + 5.5)


def test_the_page_stamps_each_decision_and_shows_the_pace(tmp_path, private_cache):
    csv = tmp_path / "pool.csv"
    pd.DataFrame({"text": [f"Officials said the ban number {i} was lawful." for i in range(20)]}).to_csv(csv, index=False)
    encoder = load_encoder(build_tiny_model(tmp_path / "enc", HEADS["3way"]))
    session = LabellingSession(build_pool([SEED_TXT, csv]), tmp_path / "labels.csv", "the ban", encoder)
    assert session.snapshot()["pace"] is None
    for stance in ("favor", "skip", "against"):
        session.decide(session.snapshot()["card"]["index"], stance)
    stamps = [parse_stamp(r.decided_at) for r in read_labels_csv(tmp_path / "labels.csv", keep_skipped=True).rows]
    assert len(stamps) == 3 and stamps == sorted(stamps)
    assert session.snapshot()["pace"].startswith("2 labels and 1 skip in ")
