"""Which language an article is in: the sidecar's ``language``, else a count of its letters.

Two languages are read: English (``en``, spaCy) and Russian (``ru``, natasha). The sidecar may
name the language as an ISO 639-1 code or its English name ("ru", "RU", "Russian", "ru-RU");
anything else is an error that lists what is supported, never a silent English reading of a
text in another language. Without a sidecar language the text decides: Russian when at least
half of its letters are Cyrillic (news in Russian quotes Latin brand names, "WhatsApp",
"Telegram", but its running text is Cyrillic), else English.
"""
from __future__ import annotations

from typing import Literal

from analysis.errors import InputError

Language = Literal["en", "ru"]
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Russian"}
#: A text is Russian when at least this share of its letters is Cyrillic.
CYRILLIC_SHARE = 0.5
_ALIASES = {"english": "en", "eng": "en", "russian": "ru", "rus": "ru", "русский": "ru"}


def normalise_language(value: str, where: str = "language") -> Language:
    """``"ru"``, ``"RU"``, ``"ru-RU"``, ``"Russian"`` → ``"ru"``; an unsupported one is an InputError."""
    raw = str(value).strip().lower().replace("_", "-")
    code = _ALIASES.get(raw, raw.split("-")[0])
    if code not in LANGUAGES:
        supported = ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
        raise InputError(f"{where}: language {value!r} is not supported; supported: {supported}.")
    return code  # type: ignore[return-value]


def cyrillic_share(text: str) -> float:
    """Share of the letters of ``text`` that are Cyrillic (0.0 when it has no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)


def detect_language(text: str) -> Language:
    """``"ru"`` when at least :data:`CYRILLIC_SHARE` of the letters are Cyrillic, else ``"en"``."""
    return "ru" if cyrillic_share(text) >= CYRILLIC_SHARE else "en"
