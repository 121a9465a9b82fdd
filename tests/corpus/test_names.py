"""One name per person across a corpus: the name table, aliases, and the table applied to statements."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.corpus.names import UNNAMED, UNRESOLVED, apply_names, corpus_table, load_aliases, name_table, person_id
from analysis.errors import InputError

WRITTEN = ["Donald Trump", "Donald J. Trump", "Donald Trump", "President Trump", "Mr. Trump", "Trump", "Trump's",
           "Trump's account", "Hillary Clinton", "Bill Clinton", "Mrs. Clinton", "Mr. Clinton", "Clinton",
           "Lindsey Graham", "Sen. Graham", "he", "he (unresolved)", "", "critics", "Kremlin"]


@pytest.fixture(scope="module")
def table():
    return name_table(WRITTEN)


@pytest.mark.parametrize("written", ["Donald J. Trump", "President Trump", "Mr. Trump", "Trump", "Trump's",
                                     "Trump's account"])
def test_every_form_of_one_person_is_one_name_with_one_id(table, written):
    assert table[written] == {"name": "Donald Trump", "id": person_id("Donald Trump")}


@pytest.mark.parametrize("written,name", [
    ("Mrs. Clinton", "Hillary Clinton"), ("Mr. Clinton", "Bill Clinton"), ("Clinton", "Clinton"),
    ("Sen. Graham", "Lindsey Graham"), ("Kremlin", "Kremlin"),
])
def test_shared_surnames_follow_honorifics_or_stay_as_written(table, written, name):
    assert table[written]["name"] == name


@pytest.mark.parametrize("written,name", [("he", UNRESOLVED), ("he (unresolved)", UNRESOLVED), ("", UNRESOLVED),
                                          ("critics", UNNAMED)])
def test_pronouns_and_descriptions_are_no_one(table, written, name):
    assert table[written] == {"name": name, "id": ""}


def test_a_surname_goes_to_a_dominant_full_name_only():
    assert name_table(["Donald Trump"] * 4 + ["Ivana Trump", "Trump"])["Trump"]["name"] == "Donald Trump"
    assert name_table(["Donald Trump"] * 2 + ["Ivana Trump", "Trump"])["Trump"]["name"] == "Trump"


def test_ids_are_stable_across_runs_and_forms():
    assert person_id("Donald Trump") == person_id("Donald J. Trump") == person_id("President Donald Trump")
    assert person_id("Donald Trump") != person_id("Ivana Trump")


def test_aliases_add_and_override(tmp_path):
    path = tmp_path / "aliases.csv"
    path.write_text("variant,canonical\nThe Donald,Donald Trump\nClinton,Hillary Clinton\n", encoding="utf-8")
    table = name_table(WRITTEN + ["The Donald"], load_aliases(path))
    assert table["The Donald"] == {"name": "Donald Trump", "id": person_id("Donald Trump")}
    assert table["Clinton"] == {"name": "Hillary Clinton", "id": person_id("Hillary Clinton")}
    (tmp_path / "a.json").write_text(json.dumps({"POTUS": "Barack Obama"}), encoding="utf-8")
    assert load_aliases(tmp_path / "a.json") == {"POTUS": "Barack Obama"}


@pytest.mark.parametrize("content,suffix", [("[1, 2]", ".json"), ("only-one-column\n", ".csv")])
def test_bad_aliases_files_are_refused(tmp_path, content, suffix):
    path = tmp_path / f"aliases{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        load_aliases(path)


def test_table_applies_to_quoted_rows_only():
    frame = pd.DataFrame({"kind": ["direct", "indirect", "narrator"], "speaker": ["Mr. Trump", "he (unresolved)", ""],
                          "actor": ["Donald J. Trump", "(unresolved)", ""]})
    table = corpus_table(pd.concat([frame, pd.DataFrame({"kind": ["direct"], "speaker": ["Donald Trump"],
                                                         "actor": ["Donald Trump"]})]))
    out = apply_names(frame, table)
    assert out["speaker"].tolist() == ["Donald Trump", UNRESOLVED, ""]
    assert out["actor"].tolist() == ["Donald Trump", UNRESOLVED, ""]
    assert frame["speaker"].tolist()[0] == "Mr. Trump"  # the input is not changed


@pytest.mark.parametrize("written,name", [
    ("Trump’s official campaign account", "Donald Trump"), ("Trump's opponents", UNNAMED), ("Mr. Obama's eyes", UNNAMED),
    ("O'Brien", "Conan O'Brien"), ("Former prosecutors", UNNAMED),
])
def test_possessives_speak_for_their_owner_or_for_someone_unnamed(written, name):
    table = name_table(["Donald Trump", "Barack Obama", "Conan O'Brien", written])
    assert table[written]["name"] == name


def test_group_descriptions_are_unnamed_and_headline_fragments_yield_to_real_names():
    table = name_table(["Ted Cruz", "Both Cruz", "Cruz", "Clinton allies", "Sanders aides", "Russia government"])
    assert table["Cruz"]["name"] == "Ted Cruz"
    assert table["Clinton allies"]["name"] == table["Sanders aides"]["name"] == UNNAMED
    assert table["Russia government"]["name"] == "Russia government"


@pytest.mark.parametrize("names, expected", [
    (["Dmitry Peskov", "Дмитрий Песков", "Песков", "Peskov"], "Dmitry Peskov"),
    (["Дмитрий Песков", "Dmitriy Peskov", "Песков"], "Dmitriy Peskov"),
    (["Дмитрий Песков", "Песков", "Дмитрий Песков"], "Дмитрий Песков"),
    (["Alexei Navalny", "Алексей Навальный", "Навальный"], "Alexei Navalny"),
    (["Мария Захарова", "Maria Zakharova", "Захарова"], "Maria Zakharova"),
])
def test_one_name_across_languages(names: list[str], expected: str) -> None:
    table = name_table(names)
    assert {table[n]["name"] for n in names} == {expected}
    assert len({table[n]["id"] for n in names}) == 1


def test_different_people_in_two_scripts_stay_apart() -> None:
    table = name_table(["Dmitry Peskov", "Владимир Путин", "Путин", "Pavel Durov", "Павел Дуров"])
    assert table["Путин"]["name"] == "Владимир Путин"
    assert table["Павел Дуров"]["name"] == "Pavel Durov"
    assert table["Dmitry Peskov"]["name"] == "Dmitry Peskov"


def test_one_word_names_link_across_scripts_by_spelling():
    table = name_table(["Roskomnadzor", "Роскомнадзор", "Москва", "Moscow"])
    assert table["Роскомнадзор"]["name"] == "Roskomnadzor" and table["Роскомнадзор"]["id"] == table["Roskomnadzor"]["id"]
    assert table["Москва"]["name"] == "Москва"  # a translation ("Moscow"), not a spelling: an aliases file links it
