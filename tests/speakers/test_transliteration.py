"""Russian names romanised as the English press writes them, and linked across spellings."""
from __future__ import annotations

import pytest

from analysis.speakers.transliteration import has_cyrillic, romanise, spelling_key


@pytest.mark.parametrize("cyrillic, latin", [
    ("Дмитрий Песков", "Dmitry Peskov"),
    ("Павел Дуров", "Pavel Durov"),
    ("Алексей Навальный", "Aleksey Navalny"),
    ("Мария Захарова", "Mariya Zakharova"),
    ("Сергей Шойгу", "Sergey Shoygu"),
    ("Елена Ямпольская", "Yelena Yampolskaya"),
    ("Роскомнадзор", "Roskomnadzor"),
    ("Антон Горелкин", "Anton Gorelkin"),
    ("Владимир Путин", "Vladimir Putin"),
    ("ФСБ", "FSB"),
])
def test_romanise(cyrillic: str, latin: str) -> None:
    assert romanise(cyrillic) == latin


def test_latin_text_is_unchanged() -> None:
    assert romanise("Dmitry Peskov's office") == "Dmitry Peskov's office"
    assert not has_cyrillic("Peskov") and has_cyrillic("Песков")


@pytest.mark.parametrize("spellings", [
    ("Дмитрий", "Dmitry", "Dmitriy", "Dmitrii"),
    ("Алексей", "Alexei", "Alexey", "Aleksei", "Aleksey"),
    ("Навальный", "Navalny", "Navalnyy"),
    ("Елена", "Yelena", "Elena"),
    ("Шойгу", "Shoigu", "Shoygu"),
    ("Захарова", "Zakharova"),
    ("Зеленский", "Zelensky", "Zelenskyy", "Zelenskiy"),
    ("Песков", "Peskov"),
])
def test_spelling_key_links_romanisations(spellings: tuple[str, ...]) -> None:
    assert len({spelling_key(s) for s in spellings}) == 1


@pytest.mark.parametrize("a, b", [("Peskov", "Putin"), ("Дуров", "Durov's"), ("Maria", "Mario")])
def test_spelling_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert spelling_key(a) != spelling_key(b)
