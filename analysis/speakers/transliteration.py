"""Russian names in Latin letters, and a spelling-blind key that links "Песков" with "Peskov".

English-language news writes Russian names in a press romanisation close to BGN/PCGN (1947):
ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ю yu, я ya, е ye at the start of a word or after a vowel,
soft and hard signs dropped; and the endings -ий / -ый as -y ("Дмитрий" → "Dmitry", "Навальный"
→ "Navalny"), as Reuters, AP and the BBC spell them. :func:`romanise` gives that spelling.

Outlets still disagree on details (Dmitry / Dmitriy / Dmitrii, Alexei / Alexey / Aleksei, Yelena /
Elena, Zelensky / Zelenskyy), so names are linked across languages by :func:`spelling_key`, which
erases exactly those differences: y and i become one letter, x is ks, doubled vowels collapse, and
an initial ye is e. Two names with the same key are written the same way in some romanisation.
"""
from __future__ import annotations

import re

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}
_VOWELS = set("аеёиоуыэюя")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def _romanise_word(word: str) -> str:
    lower = word.lower()
    out: list[str] = []
    for i, ch in enumerate(lower):
        if ch == "е" and (i == 0 or lower[i - 1] in _VOWELS or lower[i - 1] in "ъь"):
            out.append("ye")
        else:
            out.append(_LETTERS.get(ch, ch))
    latin = "".join(out)
    if lower.endswith(("ий", "ый")) and len(lower) > 3:  # Dmitry, Navalny: the press drops the second y/i
        latin = latin[:-2] + "y"
    if word[:1].isupper():
        latin = latin[:1].upper() + latin[1:]
    if word.isupper() and len(word) > 1:
        latin = latin.upper()
    return latin


def romanise(text: str) -> str:
    """``"Дмитрий Песков"`` → ``"Dmitry Peskov"``; Latin text is returned unchanged."""
    if not has_cyrillic(text):
        return text
    return re.sub(r"[\u0400-\u04ff]+", lambda m: _romanise_word(m.group(0)), text)


def spelling_key(word: str) -> str:
    """A key equal for the romanisations of one Russian name: ``Dmitriy``, ``Dmitry``, ``Dmitrii``
    and ``Дмитрий`` all give ``"dmitri"``."""
    key = romanise(word).lower()
    key = key.replace("x", "ks").replace("j", "y")
    key = re.sub(r"^ye", "e", key)
    key = key.replace("y", "i")
    return re.sub(r"([aeiou])\1+", r"\1", key)
