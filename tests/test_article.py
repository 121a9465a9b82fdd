"""Reading articles: layout, sidecar and every kind of bad input."""
from __future__ import annotations

import json

import pytest

from analysis.article import ArticleError, parse_article, read_article


def write(tmp_path, data: bytes, name: str = "a.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"   \n\n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("Caf\u00e9 au lait".encode("cp1252"), "not valid UTF-8"),
    (b"12345 67890\n", "no letters"),
])
def test_bad_input_gets_a_clear_error(tmp_path, data, message):
    with pytest.raises(ArticleError, match=message):
        read_article(write(tmp_path, data))


def test_other_encoding_when_asked(tmp_path):
    data = "Caf\u00e9 owners protest\n\nThe owners said prices rose.".encode("cp1252")
    article = read_article(write(tmp_path, data), encoding="cp1252")
    assert article.title == "Caf\u00e9 owners protest"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="directory"):
        read_article(tmp_path)


def test_utf8_bom_is_dropped(tmp_path):
    article = read_article(write(tmp_path, "\ufeffTitle line\n\nBody text here.".encode("utf-8")))
    assert article.text.startswith("Title line")


def test_layout_single_newline_paragraphs_headings_boilerplate():
    text = ("Big headline for the story\nFirst paragraph ends here.\nA Subheading\nSecond paragraph.\n"
            "Advertisement\nComments you share on our site are welcome.")
    article = parse_article(text)
    kinds = [p.kind for p in article.paragraphs]
    assert kinds == ["title", "body", "heading", "body", "boilerplate", "boilerplate"]
    assert article.title == "Big headline for the story"
    assert article.paragraphs[3].section == "A Subheading"


@pytest.mark.parametrize("line,furniture", [
    ("Читайте также: Как установить мессенджер Max", True),
    ("Смотрите также", True),
    ("Подробнее: Роскомнадзор ограничил звонки", True),
    ("Подписывайтесь на наш канал в Telegram", True),
    ("Реклама", True),
    ("Фото: Сергей Бобылев/ТАСС", True),
    ("© 2025 Все права защищены.", True),
    ("При использовании материалов ссылка на сайт обязательна.", True),
    ("Читатели также жалуются на перебои в работе звонков.", False),
    ("Реклама мессенджера Max заполнила эфир федеральных каналов.", False),
    ("Фото с места событий появились в сети вечером.", False),
])
def test_russian_site_furniture_is_boilerplate(line, furniture):
    """Lines Russian news sites add around a story are boilerplate; sentences that start alike are not."""
    article = parse_article(f"Заголовок новости\n\nРоскомнадзор ограничил звонки в WhatsApp.\n\n{line}")
    assert (article.paragraphs[-1].kind == "boilerplate") == furniture


def test_hard_wrapped_lines_are_one_paragraph_and_crlf_offsets_hold():
    text = "Headline\r\n\r\nThe minister said the plan\r\nwould be delayed until spring.\r\n\r\nNext paragraph."
    article = parse_article(text)
    body = [p for p in article.paragraphs if p.kind == "body"]
    assert len(body) == 2
    assert text[body[0].start:body[0].end] == "The minister said the plan\r\nwould be delayed until spring."


def test_sidecar_is_read_and_validated(tmp_path):
    path = write(tmp_path, b"Title\n\nBody sentence here.")
    path.with_suffix(".json").write_text(json.dumps({"target": "the plan", "actors": {"A": {"members": [], "aliases": ["a"]}}}))
    assert read_article(path).target == "the plan"
    path.with_suffix(".json").write_text("{not json")
    with pytest.raises(ArticleError, match="sidecar"):
        read_article(path)
    path.with_suffix(".json").write_text(json.dumps({"actors": {"A": ["x"]}}))
    with pytest.raises(ArticleError, match="actors"):
        read_article(path)


def test_null_examples_in_a_sidecar_stay_unlabelled():
    """``"stance": null`` is an unlabelled row, never the label "None" (which reads as neutral)."""
    from analysis.errors import ExamplesError
    from analysis.schema import Sidecar
    from analysis.stance.examples import parse_examples

    side = Sidecar.from_dict({"stance_examples": [{"text": "We back the ban.", "stance": None},
                                                  {"text": "The ban is wrong.", "stance": "against"},
                                                  {"text": "The ban is right.", "stance": "favor"}]})
    assert side.stance_examples == (("We back the ban.", ""), ("The ban is wrong.", "against"),
                                    ("The ban is right.", "favor"))
    with pytest.raises(ExamplesError, match="empty text"):
        parse_examples([(None, "favor"), ("Fine.", "against")])


def test_a_windows_file_read_as_latin1_is_warned_about_and_cp1252_reads_its_quotes(tmp_path):
    """cp1252 puts curly quotes at 0x93/0x94, C1 controls in latin-1: the quotes would vanish."""
    import warnings

    from analysis.article import read_article
    from analysis.attribution.statements import extract_statements
    from analysis.errors import MisencodingWarning

    path = tmp_path / "win.txt"
    path.write_bytes("Ban on messaging\n\n\u201cWe will comply,\u201d the company said on Monday.\n".encode("cp1252"))
    with pytest.warns(MisencodingWarning, match=r"--encoding cp1252"):
        latin = read_article(path, encoding="latin-1")
    assert "\x93" in latin.text
    with warnings.catch_warnings():
        warnings.simplefilter("error", MisencodingWarning)
        right = read_article(path, encoding="cp1252")
    assert "\u201cWe will comply,\u201d" in right.text
    assert (extract_statements(right)["kind"] == "direct").any()
