"""``python -m analysis corpus``: arguments and one-line errors (the runs themselves: test_kill.py)."""
from __future__ import annotations

import pytest

from analysis.__main__ import build_parser, main
from tests.support import ROOT


def test_corpus_command_is_listed_with_its_options(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["corpus", "--help"])
    text = capsys.readouterr().out
    for option in ("--target", "--out", "--scheduler", "--workers", "--name-pattern", "--batch-calibration", "--frames",
                   "--examples", "--llm-features"):
        assert option in text


@pytest.mark.parametrize("argv, message", [
    (["corpus", "/no/such/folder", "--out", "OUT"], "no such file or folder"),
    (["corpus", "README.md", "--out", "OUT"], "give a folder of .txt files"),
    (["corpus", "tests/data", "--out", "OUT", "--prior", "0.4,0.3,0.3"], "--prior only applies with --batch-calibration"),
    (["corpus", "tests/data", "--out", "OUT", "--name-pattern", "(?P<who>x)"], "named groups"),
])
def test_bad_invocations_end_with_one_line_and_exit_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    argv = [a if a != "OUT" else str(tmp_path / "out") for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and "\n" not in err
    assert not (tmp_path / "out").exists()  # nothing written before the input is checked


def test_figures_takes_either_articles_or_a_corpus(capsys, tmp_path):
    assert main(["figures", "seeds/x.txt", "--corpus", str(tmp_path)]) == 2
    assert "either articles or --corpus" in capsys.readouterr().err
    assert main(["figures", "--corpus", str(tmp_path)]) == 2
    assert "not a corpus run" in capsys.readouterr().err


@pytest.mark.parametrize("modes, expected", [
    (["few-shot, 34 examples", "few-shot, 34 examples + LLM features"], False),  # sidecar codebooks everywhere
    (["few-shot, 34 examples", "zero-shot"], True),
    ([], True),  # nothing scored: the note stands
])
def test_the_zero_shot_note_of_a_corpus_run_reads_what_each_article_was_scored_with(modes, expected, tmp_path,
                                                                                     monkeypatch):
    import json

    import pandas as pd

    from analysis.cli import commands
    from analysis.corpus import store

    class Run:
        def articles(self, columns=None):
            return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(modes))],
                                 "caption": [json.dumps({"mode": m}) for m in modes]})

    monkeypatch.setattr(store, "open_corpus", lambda out: Run())
    assert commands._any_zero_shot(tmp_path) is expected
