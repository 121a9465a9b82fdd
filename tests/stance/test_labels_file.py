"""analysis.stance.labels_file and the target rule of analysis.pipeline: a labels file carries its
target, labels are spelled as documented, and every mistake is one error naming the file's line."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis.errors import ExamplesError, InputError
from analysis.pipeline import ScoreOptions
from analysis.stance.examples import parse_examples
from analysis.stance.labels_file import LabelRow, check_target, normalise_label, read_labels_csv, record_target, write_labels_csv
from tests.support import ROOT

TARGET = "The ban on the messenger is justified."
ROWS = [("Blocking the messenger protects citizens.", "favor"), ("The ban is an attack on free speech.", "against"),
        ("The regulator published the list on Monday.", "neutral")]


def _csv(path, rows, target=TARGET, extra=""):
    lines = ["text,stance,target"] + [f'"{t}",{s},{target}' for t, s in rows]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def test_spellings_map_to_the_three_stances_and_skip():
    assert [normalise_label(x) for x in ("Favour", " pro ", "F", "con", "a", "none", "N")] == \
        ["favor", "favor", "favor", "against", "against", "neutral", "neutral"]
    assert normalise_label("skip") == "" and normalise_label("-") == ""
    assert normalise_label("") is None and normalise_label("positive") is None


@pytest.mark.parametrize("extra,line,message", [
    ('"A new statement.",positive,\n', 5, "unknown stance label 'positive'"),
    ('"A new statement.",,\n', 5, "blank stance label"),
    ('"A statement\nover two lines.",favor,\n"Next one.",maybe,\n', 7, "unknown stance label 'maybe'"),
])
def test_a_bad_label_names_its_file_line(tmp_path, extra, line, message):
    path = _csv(tmp_path / "labels.csv", ROWS, extra=extra)
    with pytest.raises(ExamplesError, match=f"labels.csv line {line}: {message}"):
        parse_examples(path)


def test_skipped_rows_are_left_out_and_the_target_read(tmp_path):
    path = _csv(tmp_path / "labels.csv", ROWS + [("Not sure about this one.", "skip")])
    lf = read_labels_csv(path)
    assert lf.target == TARGET and [r.line for r in lf.rows] == [2, 3, 4]
    assert parse_examples(path) == tuple(ROWS)


def test_two_targets_in_one_file_are_refused(tmp_path):
    path = _csv(tmp_path / "labels.csv", ROWS, extra='"Other.",favor,Vaccines are safe.\n')
    with pytest.raises(ExamplesError, match="more than one target.*line 5"):
        read_labels_csv(path)


def test_examples_for_another_target_are_an_error_naming_both(tmp_path):
    path = _csv(tmp_path / "labels.csv", ROWS)
    with pytest.raises(InputError, match=f"'{TARGET}'.*--target is 'Vaccines are safe.'"):
        ScoreOptions.from_files(examples=path, target="Vaccines are safe.")
    same = ScoreOptions.from_files(examples=path, target=TARGET.lower().rstrip("."))
    assert same.examples == tuple(ROWS)
    assert ScoreOptions.from_files(examples=path).target == TARGET  # the file's target is used


def test_a_file_without_target_takes_target_and_records_it(tmp_path):
    path = tmp_path / "labels.csv"
    pd.DataFrame(ROWS, columns=["text", "stance"]).to_csv(path, index=False)
    options = ScoreOptions.from_files(examples=path, target=TARGET)
    assert options.target == TARGET and read_labels_csv(path).target == TARGET
    with pytest.raises(InputError, match="Vaccines"):
        ScoreOptions.from_files(examples=path, target="Vaccines are safe.")


@pytest.mark.parametrize("target,message", [
    ("Should the messenger be banned?", "phrased as a question"),
    ("Is climate change real", "phrased as a question"),
    ("The ban is right. It protects users and the state must act.", "longer than one sentence"),
    (" ".join(["word"] * 40), "longer than one sentence"),
])
def test_a_question_or_a_paragraph_is_not_a_target(target, message):
    with pytest.raises(InputError, match=f"{message}.*e.g. \"Climate change is a serious concern.\""):
        check_target(target)
    assert check_target("  Climate change   is a serious concern. ") == "Climate change is a serious concern."


def test_writes_are_atomic_and_round_trip(tmp_path):
    path = tmp_path / "labels.csv"
    rows = [LabelRow(t, s, TARGET, ("Economic", "Political") if i == 0 else (), "a.txt", str(i))
            for i, (t, s) in enumerate(ROWS)]
    write_labels_csv(path, rows)
    assert [p.name for p in tmp_path.iterdir()] == ["labels.csv"]  # no temporary file left behind
    back = read_labels_csv(path)
    assert [(r.text, r.stance, r.frames, r.statement_id) for r in back.rows] == \
        [(r.text, r.stance, r.frames, r.statement_id) for r in rows]
    record_target(path, "ignored: every row has one")
    assert read_labels_csv(path).target == TARGET


@pytest.mark.parametrize("args,message", [
    (["--target", "Vaccines are safe."], "holds labels for the target"),
    (["--target", "Should it be banned?"], "phrased as a question"),
    (["--target", TARGET, "--extra"], None),
])
def test_the_command_line_gives_one_line_and_exit_2(tmp_path, args, message):
    path = _csv(tmp_path / "labels.csv", ROWS)
    article = tmp_path / "a.txt"
    article.write_text("The minister said the ban protects citizens.\n", encoding="utf-8")
    if message is None:  # a bad label, read before any model is loaded
        path.write_text(path.read_text() + '"One more.",perhaps,\n')
        args, message = args[:2], "labels.csv line 5: unknown stance label"
    proc = subprocess.run([sys.executable, "-m", "analysis", "stance", str(article), "--examples", str(path), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in proc.stderr


def test_a_sidecars_labels_file_must_match_the_articles_target(tmp_path):
    import json

    from analysis.article import read_article
    from analysis.pipeline import resolve

    _csv(tmp_path / "labels.csv", ROWS)
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nThe minister said the ban protects citizens.\n", encoding="utf-8")
    sidecar = {"target": "Vaccines are safe.", "stance_examples": "labels.csv"}
    article.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
    with pytest.raises(InputError, match="holds labels for the target 'The ban.*'Vaccines are safe.'"):
        resolve(read_article(article), ScoreOptions())
    article.with_suffix(".json").write_text(json.dumps({**sidecar, "target": TARGET}), encoding="utf-8")
    assert resolve(read_article(article), ScoreOptions()).examples == tuple(ROWS)


def test_the_command_line_says_when_it_records_a_target(tmp_path, capsys):
    import argparse

    from analysis.cli.commands import score_options

    path = tmp_path / "labels.csv"
    pd.DataFrame(ROWS, columns=["text", "stance"]).to_csv(path, index=False)
    args = argparse.Namespace(target=TARGET, backend=None, model=None, examples=str(path), llm_features=False)
    assert score_options(args).target == TARGET
    assert capsys.readouterr().err.strip() == f"recorded the target {TARGET!r} in {path} (it had none)"
    score_options(args)  # now the file carries it: nothing to say
    assert capsys.readouterr().err == ""
