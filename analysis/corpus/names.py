"""One name per person across a corpus: the name table of a run, and ``--aliases FILE``.

Within an article :mod:`analysis.speakers.resolution` already gives a person one name; across
articles the same person is "Trump", "Donald Trump", "Donald J. Trump", "President Trump",
"Mr. Trump" or "Trump's". :func:`name_table` maps every speaker and actor string of a run to a
canonical name with a stable id, by the conventions of news naming (a first reference gives the
full name, later ones the surname with or without a title; AP Stylebook, "names"):

- titles, honorifics, middle initials and possessives do not change the person
  ("President Donald J. Trump" = "Donald Trump");
- a surname alone, or a title with a surname, is the one full name in the corpus that ends with
  it; when two people share it ("Clinton": Hillary and Bill) it stays as written, unless one of
  them is written at least :data:`DOMINANT` times as often;
- "Trump's account", "Trump's tweet": a thing of a person speaks for that person;
- pronouns, "he (unresolved)" and the empty string are no one: ``(unresolved)``; a description
  in lower case ("critics", "senior official") names no one either: ``(unnamed)``;
- the canonical form of a person is the full form written most often;
- across languages, names are compared by their spelling key
  (:func:`analysis.speakers.transliteration.spelling_key`), so "Дмитрий Песков", "Dmitry Peskov"
  and "Dmitriy Peskov" are one person; the canonical form is a Latin-script one when the corpus
  writes the name in Latin letters at all (its charts and tables are read in English), else the
  Cyrillic form written most often.

An aliases file (JSON object ``{"variant": "canonical"}``, or a CSV / TSV with two columns
``variant,canonical``) adds or overrides entries. The table is stored in the run's manifest under
``names``, and :class:`analysis.corpus.store.Corpus` applies it when it reads the statements, so
every chart and table of the run uses canonical names.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError
from analysis.speakers.first_names import first_name_gender
from analysis.speakers.transliteration import has_cyrillic, romanise, spelling_key

UNRESOLVED = "(unresolved)"
UNNAMED = "(unnamed)"
DOMINANT = 4  # a surname goes to the most written full name when it is written at least 4 times as often
NAME_COLUMNS = ("speaker", "actor")
TITLES = frozenset("""mr mrs ms miss dr sen rep gov gen president senator governor representative former
    vice secretary minister prime the""".split())
PRONOUNS = frozenset("he she they we i you it him her them this that who".split())
#: Things of a person that speak for them ("Trump's account", "Clinton's campaign").
THINGS = frozenset("""account tweet tweets post posts comments comment remarks statement campaign spokesman
    spokeswoman spokesperson office team aides lawyer lawyers letter ad ads email video""".split())
#: People around a named person, unnamed themselves ("Clinton allies", "Sanders aides").
GROUP_NOUNS = frozenset("""allies aides advisers advisors strategists officials supporters critics staffers staff
    spokesmen lawyers voters members donors backers opponents loyalists surrogates""".split())
_POSSESSIVE = re.compile(r"^(.+?)['’]s?\s+(?:[\w-]+\s+)*?([\w-]+)$")


def _words(name: str) -> list[str]:
    """Lower-case words of a name without titles, initials and a possessive ending."""
    name = re.sub(r"['’]s?$", "", name.strip())
    words = [w.strip("'’") for w in re.findall(r"[\w'’-]+", name.lower()) if w.strip("'’") not in TITLES]
    return [w for w in words if len(w) > 1] or words


def _keys(name: str) -> list[str]:
    """:func:`_words` by spelling key: the same for a name in Cyrillic and in any romanisation."""
    return [spelling_key(w) for w in _words(name)]


def person_id(canonical: str) -> str:
    """A stable id of a canonical name (the same in every run): ``p-`` and 10 hex digits."""
    return "p-" + hashlib.sha256(" ".join(_words(canonical)).encode()).hexdigest()[:10]


def _no_one(name: str) -> bool:
    lower = name.strip().lower()
    return not lower or lower in PRONOUNS or lower.endswith("(unresolved)") or lower == UNRESOLVED


def _owner(name: str) -> str:
    """"Trump's account" → "Trump"; "Trump's opponents" → someone else, unnamed; others unchanged."""
    match = _POSSESSIVE.match(name.strip())
    if match is None or not match.group(1)[:1].isupper():
        return name
    return match.group(1) if match.group(2).lower() in THINGS else UNNAMED


def name_table(names: Iterable[str], aliases: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """``{written name: {"name": canonical, "id": person_id}}`` for every distinct name in ``names``."""
    counts = Counter(str(n) for n in names if n is not None and not (isinstance(n, float) and pd.isna(n)))
    owners = {n: _owner(n) for n in counts}
    # Full forms (two words or more once titles and initials are gone), grouped by first and last word.
    full: dict[tuple[str, str], Counter] = {}
    for written, owner in owners.items():
        words = _keys(owner)
        if len(words) >= 2 and owner[:1].isupper():
            full.setdefault((words[0], words[-1]), Counter())[re.sub(r"['’]s?$", "", owner.strip())] += counts[written]
    by_last: dict[str, list[tuple[str, str]]] = {}
    for key in full:
        by_last.setdefault(key[1], []).append(key)
    table: dict[str, dict[str, str]] = {}
    for written, owner in owners.items():
        if _no_one(owner):
            canonical = UNRESOLVED
        elif owner == UNNAMED or not owner[:1].isupper() or owner.split()[-1] in GROUP_NOUNS:
            canonical = UNNAMED  # "critics", "senior official": a description, not a person's name
        else:
            canonical = _canonical(owner, full, by_last)
            canonical = canonical if canonical[:1].isupper() else UNNAMED  # "Former prosecutors"
        table[written] = {"name": canonical, "id": "" if canonical in (UNRESOLVED, UNNAMED) else person_id(canonical)}
    _one_word_across_scripts(table)
    for variant, canonical in (aliases or {}).items():
        target = table.get(canonical, {}).get("name", canonical)
        table[variant] = {"name": target, "id": person_id(target)}
    return table


def _canonical(owner: str, full: Mapping[tuple[str, str], Counter], by_last: Mapping[str, list[tuple[str, str]]]) -> str:
    words = _keys(owner)
    if len(words) >= 2 and (words[0], words[-1]) in full:
        return _most_written(full[(words[0], words[-1])])
    keys = list(by_last.get(words[-1], [])) if words else []
    keys = [k for k in keys if _first_name_gender(k, full)] or keys  # "Ted Cruz", not a headline's "Both Cruz"
    honorific = owner.split()[0].lower().rstrip(".") if owner.split() else ""
    gender = "m" if honorific == "mr" else "f" if honorific in ("mrs", "ms", "miss") else ""
    if gender:  # "Mrs. Clinton" is Hillary Clinton, "Mr. Clinton" Bill
        keys = [k for k in keys if _first_name_gender(k, full) == gender] or keys
    keys.sort(key=lambda k: -sum(full[k].values()))
    if len(keys) == 1 or (keys and sum(full[keys[0]].values()) >= DOMINANT * sum(full[keys[1]].values())):
        return _most_written(full[keys[0]])
    # Two people share the surname: keep it, without title or possessive, one form for all.
    kept = [w for w in re.findall(r"[\w.'’-]+", re.sub(r"['’]s?$", "", owner.strip())) if w.lower().rstrip(".") not in TITLES]
    return " ".join(kept) or owner.strip()


def _one_word_across_scripts(table: dict[str, dict[str, str]]) -> None:
    """A one-word name in Cyrillic ("Роскомнадзор", "Дуров") is the Latin one of the same spelling
    key when the corpus writes one ("Roskomnadzor", "Durov"): organisations and lone surnames have
    no full form to be linked through."""
    latin: dict[str, str] = {}
    for entry in table.values():
        name = entry["name"]
        if entry["id"] and not has_cyrillic(name) and len(_words(name)) == 1:
            latin.setdefault(spelling_key(_words(name)[0]), name)
    for written, entry in table.items():
        name = entry["name"]
        if entry["id"] and has_cyrillic(name) and len(_words(name)) == 1:
            match = latin.get(spelling_key(_words(name)[0]))
            if match:
                table[written] = {"name": match, "id": person_id(match)}


def _first_name_gender(key: tuple[str, str], full: Mapping[tuple[str, str], Counter]) -> str:
    """The gender of the first name of a full form (keys are spelling keys, so read a written form)."""
    written = _words(romanise(next(iter(full[key]))))
    return first_name_gender(written[0]) if written else ""


def _most_written(forms: Counter) -> str:
    """The full form written most often, Latin-script forms first; ties go to the shortest, then
    the first alphabetically."""
    return min(forms, key=lambda form: (has_cyrillic(form), -forms[form], len(form), form))


def load_aliases(path: str | Path) -> dict[str, str]:
    """Read an aliases file: a JSON object, or a CSV / TSV of ``variant,canonical`` rows."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the aliases file ({exc})") from exc
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise InputError(f"{path}: aliases must be a JSON object of name -> canonical name")
        return dict(data)
    rows = list(csv.reader(text.splitlines(), delimiter="\t" if path.suffix.lower() == ".tsv" else ","))
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["variant", "canonical"]:
        rows = rows[1:]
    bad = [i + 1 for i, row in enumerate(rows) if row and (len(row) < 2 or not row[0].strip() or not row[1].strip())]
    if bad:
        raise InputError(f"{path}: rows {bad[:5]} need two columns, variant and canonical")
    return {row[0].strip(): row[1].strip() for row in rows if row}


def corpus_table(statements: pd.DataFrame, aliases: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """The name table of a run's statements (speakers and actors of the quoted rows)."""
    quoted = statements[statements["kind"] != "narrator"] if "kind" in statements else statements
    names: list[Any] = []
    for column in NAME_COLUMNS:
        if column in quoted:
            names += quoted[column].tolist()
    return name_table(names, aliases)


def apply_names(frame: pd.DataFrame, table: Mapping[str, Mapping[str, str]] | None) -> pd.DataFrame:
    """``frame`` with its speaker and actor columns in canonical names (narrator rows untouched),
    the speaker as the article wrote it kept in ``speaker_as_written`` and the person's stable id
    in ``speaker_id`` ("" for unresolved, unnamed and narrator rows)."""
    if not table or frame.empty:
        return frame
    frame = frame.copy()
    quoted = frame["kind"] != "narrator" if "kind" in frame else pd.Series(True, index=frame.index)
    if "speaker" in frame:
        at = frame.columns.get_loc("speaker") + 1
        ids = frame["speaker"].map(lambda n: table.get(n, {}).get("id", "") if isinstance(n, str) else "")
        frame.insert(at, "speaker_id", ids.where(quoted, ""))
        frame.insert(at, "speaker_as_written", frame["speaker"])
    for column in NAME_COLUMNS:
        if column in frame:
            canonical = frame[column].map(lambda n: table.get(n, {}).get("name", n) if isinstance(n, str) else n)
            frame[column] = frame[column].where(~quoted, canonical)
    return frame
