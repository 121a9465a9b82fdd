"""Story entities in two languages: spaCy for English leads, natasha for Russian, one key per name."""
from __future__ import annotations

import pytest

from analysis.corpus.story_entities import entity_key, lead_entities

EN = ("Kremlin spokesman Dmitry Peskov said on Thursday that Roskomnadzor restricted WhatsApp "
      "because Meta ignored Russian law.")
RU = ("Пресс-секретарь Кремля Дмитрий Песков заявил в четверг, что Роскомнадзор ограничил WhatsApp, "
      "потому что Meta игнорирует российские законы.")
OTHER = "Senator Ted Cruz told reporters in Iowa that he would win the caucus."


@pytest.mark.parametrize("a, b", [("Dmitry Peskov", "Дмитрий Песков"), ("Roskomnadzor", "Роскомнадзор"),
                                  ("the Kremlin", "Kremlin"), ("Alexei Navalny", "Алексей Навальный")])
def test_one_key_for_a_name_in_either_script(a: str, b: str) -> None:
    assert entity_key(a) == entity_key(b)


def test_leads_in_two_languages_share_their_names() -> None:
    en, ru, other = lead_entities([EN, RU, OTHER], ["en", "ru", None])
    assert {entity_key("Dmitry Peskov"), entity_key("Roskomnadzor")} <= en & ru
    assert not (en & other) and not (ru & other)


def test_the_language_is_detected_when_not_given() -> None:
    assert lead_entities([RU]) == lead_entities([RU], ["ru"])
