"""Which language an article is read in: the sidecar's word, else the share of Cyrillic letters."""
from __future__ import annotations

import pytest

from analysis.article import parse_article
from analysis.errors import InputError
from analysis.languages import cyrillic_share, detect_language, normalise_language


@pytest.mark.parametrize("text, expected", [
    ("Kremlin spokesman Dmitry Peskov said WhatsApp must comply with Russian law.", "en"),
    ("«Мессенджер WhatsApp должен соблюдать российское законодательство», — заявил Песков.", "ru"),
    ("Роскомнадзор ограничил работу WhatsApp и Telegram в России.", "ru"),
    ("The word «Макс» appears once in this English sentence about the state messenger.", "en"),
    ("", "en"),
])
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_cyrillic_share_counts_letters_only() -> None:
    assert cyrillic_share("Песков, 2025!") == 1.0
    assert cyrillic_share("12345 ...") == 0.0


@pytest.mark.parametrize("value, code", [("ru", "ru"), ("RU", "ru"), ("ru-RU", "ru"), ("Russian", "ru"),
                                         ("en", "en"), ("en_GB", "en"), ("English", "en")])
def test_normalise_language(value: str, code: str) -> None:
    assert normalise_language(value) == code


def test_unsupported_language_is_an_error_naming_the_supported_ones() -> None:
    with pytest.raises(InputError, match=r"'de' is not supported.*en \(English\), ru \(Russian\)"):
        normalise_language("de")


def test_sidecar_language_wins_over_the_text() -> None:
    article = parse_article("Title\n\nPeskov said so.\n", sidecar={"language": "ru"})
    assert article.language == "ru"
    assert parse_article("Заголовок\n\nПесков так сказал.\n").language == "ru"
    assert parse_article("Title\n\nPeskov said so.\n").language == "en"


def test_sidecar_with_unsupported_language_fails_at_parse_time() -> None:
    with pytest.raises(InputError, match="sidecar"):
        parse_article("Title\n\nText.\n", sidecar={"language": "fr"})
