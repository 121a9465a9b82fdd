"""analysis.parquet_files: the record round-trips; a failed write leaves neither a file nor a temporary."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.parquet_files import read_parquet_meta, write_parquet


def test_frame_and_record_round_trip(tmp_path):
    frame = pd.DataFrame({"speaker": ["Dmitry Peskov", "WhatsApp"], "p_favor": [0.8, 0.1]}, index=[5, 9])
    path = write_parquet(frame, tmp_path / "sub" / "a.parquet", {"key": "abc", "target": "the blocking of WhatsApp"})
    assert read_parquet_meta(path) == {"key": "abc", "target": "the blocking of WhatsApp"}
    pd.testing.assert_frame_equal(pd.read_parquet(path), frame.reset_index(drop=True))
    assert read_parquet_meta(write_parquet(frame, tmp_path / "b.parquet")) == {}


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = write_parquet(pd.DataFrame({"a": [1]}), tmp_path / "a.parquet", {"v": 1})

    def broken(table, where, **kw):
        open(where, "wb").write(b"half")  # noqa: SIM115 - a write cut off midway
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", broken)
    with pytest.raises(OSError, match="disk full"):
        write_parquet(pd.DataFrame({"a": [2]}), path, {"v": 2})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet"]
    monkeypatch.undo()
    assert read_parquet_meta(path) == {"v": 1}


def test_a_file_that_is_not_parquet_is_an_error(tmp_path):
    (tmp_path / "x.parquet").write_text("not parquet")
    with pytest.raises((OSError, ValueError)):
        read_parquet_meta(tmp_path / "x.parquet")
