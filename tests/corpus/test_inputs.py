"""Corpus inputs: folders (with sidecars and file-name conventions) and CSV / JSONL / Parquet tables."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.corpus.inputs import ArticleRecord, BadArticle, count_articles, input_kind, name_regex, read_corpus
from analysis.errors import CorpusError
from tests.support import SEED_TXT, WIRE_TXT, synthetic_corpus

WIRE = WIRE_TXT.read_text(encoding="utf-8")


def split(items):
    good = [i for i in items if isinstance(i, ArticleRecord)]
    bad = {i.id: i.reason for i in items if isinstance(i, BadArticle)}
    return good, bad


def test_folder_reads_sidecars_and_the_name_pattern_fills_what_they_leave_open(tmp_path):
    paths = synthetic_corpus(tmp_path / "c", 4)
    paths[1].with_suffix(".json").write_text(json.dumps({"outlet": "From Sidecar", "target": "x"}), encoding="utf-8")
    good, bad = split(list(read_corpus(tmp_path / "c", name_pattern="outlet_date")))
    assert not bad and [r.id for r in good] == [p.stem for p in sorted(paths)]
    by_id = {r.id: r for r in good}
    assert by_id[paths[0].stem].sidecar.outlet == "daily-ledger"
    assert by_id[paths[0].stem].sidecar.date == "2025-01-10"
    assert by_id[paths[1].stem].sidecar.outlet == "From Sidecar"  # the sidecar wins
    assert by_id[paths[0].stem].text == paths[0].read_text(encoding="utf-8")  # the file as it is
    plain, _ = split(list(read_corpus(tmp_path / "c")))
    assert plain[0].sidecar.outlet is None  # no convention unless asked for


def test_folder_ids_are_relative_paths_so_subfolders_cannot_collide(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(WIRE, encoding="utf-8")
    good, bad = split(list(read_corpus(tmp_path)))
    assert [r.id for r in good] == ["a/same", "b/same"] and not bad


def test_bad_files_are_recorded_with_their_reason_and_reading_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01" * 50)
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners said the plan was fine.".encode("cp1252"))
    (tmp_path / "huge.txt").write_text(WIRE * 50, encoding="utf-8")
    (tmp_path / "sidecar.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "sidecar.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "dated.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "dated.json").write_text(json.dumps({"date": "Tuesday"}), encoding="utf-8")
    good, bad = split(list(read_corpus(tmp_path, max_bytes=20_000)))
    assert [r.id for r in good] == ["good"]
    assert set(bad) == {"empty", "binary", "latin", "huge", "sidecar", "dated"}
    assert "empty" in bad["empty"] and "binary" in bad["binary"] and "UTF-8" in bad["latin"]
    assert "over the limit of 20,000" in bad["huge"] and "JSON" in bad["sidecar"] and "YYYY-MM-DD" in bad["dated"]


def test_an_empty_folder_or_an_unknown_file_is_an_error_for_the_whole_run(tmp_path):
    with pytest.raises(CorpusError, match="no .txt files"):
        list(read_corpus(tmp_path))
    (tmp_path / "x.xlsx").write_bytes(b"PK")
    with pytest.raises(CorpusError, match=".csv"):
        input_kind(tmp_path / "x.xlsx")
    with pytest.raises(CorpusError, match="no such"):
        input_kind(tmp_path / "missing")


ROWS = [
    {"id": "a1", "title": "City council approves new transit plan after heated debate", "text": WIRE,
     "outlet": "Ledger", "date": "2025-03-01", "url": "https://example.org/a1", "target": "the transit plan"},
    {"id": "a2", "title": "Kremlin story", "text": SEED_TXT.read_text(encoding="utf-8").split("\n", 1)[1],
     "outlet": "Post", "date": None, "url": None, "target": None},
    {"id": "a3", "title": None, "text": "   ", "outlet": None, "date": None, "url": None, "target": None},
    {"id": "a1", "title": None, "text": WIRE, "outlet": None, "date": None, "url": None, "target": None},
    {"id": None, "title": None, "text": WIRE, "outlet": None, "date": None, "url": None, "target": None},
    {"id": 7, "title": None, "text": WIRE, "outlet": None, "date": "01/02/2025", "url": None, "target": None},
]


def write_table(path, rows):
    frame = pd.DataFrame(rows)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        frame.astype({"id": str}).replace({"None": None}).to_parquet(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_tables_give_the_same_articles_and_errors_in_every_format(tmp_path, suffix):
    items = list(read_corpus(write_table(tmp_path / f"corpus{suffix}", ROWS)))
    good, bad = split(items)
    assert [r.id for r in good] == ["a1", "a2"]
    first, second = good
    assert first.text == WIRE  # the text already starts with its title: kept as it is
    assert second.text.startswith("Kremlin story\n\n")  # the title column heads the article
    assert (first.sidecar.outlet, first.sidecar.date, first.sidecar.target) == ("Ledger", "2025-03-01", "the transit plan")
    assert second.sidecar.date is None and second.sidecar.url is None
    reasons = list(bad.values())
    assert any("empty" in r for r in reasons) and any("duplicate id 'a1'" in r for r in reasons)
    assert any("missing id" in r for r in reasons) and any("YYYY-MM-DD" in r for r in reasons)
    assert count_articles(tmp_path / f"corpus{suffix}") == len(ROWS)
    assert len({i.id_hash for i in items}) == len(ROWS)  # every item gets its own part file


def test_a_table_without_the_required_columns_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"id": ["x"], "body": ["..."]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"lacks the columns \['text'\]"):
        list(read_corpus(path))


def test_a_broken_jsonl_line_is_one_bad_article(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": WIRE}) + "\n{oops\n[1, 2]\n", encoding="utf-8")
    good, bad = split(list(read_corpus(path)))
    assert [r.id for r in good] == ["ok"] and len(bad) == 2


def test_name_patterns_need_known_named_groups():
    assert name_regex("outlet_date").fullmatch("nyt_2016-05-01_some-slug")["outlet"] == "nyt"
    assert name_regex(r"(?P<date>\d{8})-(?P<outlet>\w+)").groupindex
    for bad in ("(?P<who>x)", "no groups", "(unclosed"):
        with pytest.raises(CorpusError):
            name_regex(bad)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_a_language_column_is_read_and_an_unsupported_language_is_a_bad_article(tmp_path, suffix):
    rows = [{"id": "en1", "text": WIRE, "language": "en"},
            {"id": "ru1", "text": "Заголовок\n\n«Мы не будем блокировать мессенджер», — заявил Песков.", "language": "ru"},
            {"id": "guess", "text": WIRE, "language": None},
            {"id": "de1", "text": WIRE, "language": "de"}]
    good, bad = split(list(read_corpus(write_table(tmp_path / f"corpus{suffix}", rows))))
    assert [(r.id, r.sidecar.language) for r in good] == [("en1", "en"), ("ru1", "ru"), ("guess", None)]
    assert "'de' is not supported" in bad["de1"] and "ru (Russian)" in bad["de1"]


def test_a_sidecar_language_is_checked_in_folders_too(tmp_path):
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"language": "Klingon"}), encoding="utf-8")
    good, bad = split(list(read_corpus(tmp_path)))
    assert not good and "'Klingon' is not supported" in bad["a"]
