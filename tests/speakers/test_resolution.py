"""Speaker resolution: canonical names, aliases, pronouns, descriptions, actors."""
from __future__ import annotations

import pytest

from analysis.schema import ActorSpec
from analysis.speakers.resolution import SpeakerResolver, canonical_name

SEED_ACTORS = {
    "Kremlin": ActorSpec(("Dmitry Peskov",), ("the Kremlin", "Moscow", "Russian authorities")),
    "WhatsApp": ActorSpec((), ("WhatsApp", "the company")),
}


@pytest.mark.parametrize("mention,name", [
    ("spokesman Dmitry Peskov", "Dmitry Peskov"),
    ("Telegram founder Pavel Durov", "Pavel Durov"),
    ("The communications regulator Roskomnadzor", "Roskomnadzor"),
    ("Gov. Kasich", "Kasich"),
    ("the company", "company"),
    ("The Kremlin", "Kremlin"),
    ("a member of Congress", "member of Congress"),
    ("A spokesman for the ministry", "spokesman for the ministry"),
    ("The Bank of England", "Bank of England"),
    ("Jane Smith of the city council", "Jane Smith"),
])
def test_canonical_name(mention, name):
    assert canonical_name(mention) == name


def test_surname_merges_with_full_name_and_pronoun_follows():
    resolver = SpeakerResolver()
    for mention in ("spokesman Dmitry Peskov", "Peskov"):
        speaker, _ = resolver.resolve(mention)
        resolver.observe(speaker, mention)
        assert speaker.name == "Dmitry Peskov" and speaker.is_person
    speaker, flag = resolver.resolve("he")
    assert speaker.name == "Dmitry Peskov" and flag == ""


def test_sidecar_aliases_group_actors_and_resolve_descriptions():
    resolver = SpeakerResolver(SEED_ACTORS)
    whatsapp, _ = resolver.resolve("WhatsApp")
    resolver.observe(whatsapp, "WhatsApp")
    peskov, _ = resolver.resolve("Peskov")
    resolver.observe(peskov, "Peskov")
    assert (peskov.name, peskov.actor) == ("Dmitry Peskov", "Kremlin")
    company, _ = resolver.resolve("The company")
    assert company.name == "WhatsApp"
    assert resolver.resolve("Russian authorities")[0].actor == "Kremlin"


@pytest.mark.parametrize("mention,actor", [
    ("Moscow", "Russia government"),
    ("Russian authorities", "Russia government"),
    ("the White House", "United States government"),
    ("Telegram founder Pavel Durov", "Telegram"),
    ("Kremlin spokesman Dmitry Peskov", "Russia government"),
])
def test_actor_groups_from_text_without_sidecar(mention, actor):
    speaker, _ = SpeakerResolver().resolve(mention)
    assert speaker.actor == actor


def test_unresolvable_pronoun_is_flagged():
    speaker, flag = SpeakerResolver().resolve("she")
    assert speaker is None and flag == "unresolved_speaker"


def test_confidence_is_highest_for_names_and_lowest_for_unresolved():
    resolver = SpeakerResolver()
    speaker, _, named = resolver.resolve_scored("Jane Smith")
    resolver.observe(speaker, "Jane Smith")
    _, _, surname = resolver.resolve_scored("Smith")
    _, _, pronoun = resolver.resolve_scored("she")
    _, _, unresolved = SpeakerResolver().resolve_scored("they")
    assert 1 >= named >= surname > pronoun > unresolved > 0
