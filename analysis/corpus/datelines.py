"""Datelines: the place a news article was filed from, as its lead states it.

Wire and newspaper copy opens with a dateline, the city in capitals followed by a dash:
"PHILADELPHIA —", "WASHINGTON (AP) —", "MANCHESTER, N.H. —", "WASHINGTON, Aug. 19 (UPI) —",
or with an agency, "Mexico City (AFP) –" (AP Stylebook, "datelines"; Reuters Handbook of
Journalism); Russian agencies with a date and the agency, "МОСКВА, 4 декабря. /ТАСС/."
(:data:`analysis.attribution.russian.wire_copy.DATELINE`). It says where the reporter was, so
two articles filed from the same city within a few days are likely about the same occurrence,
*unless* the city is a hub where news organisations keep permanent bureaus and file many
unrelated stories every day (national capitals of politics and finance). :data:`HUB_DATELINES`
lists those; a corpus can pass its own.

:func:`dateline` returns the place, upper-cased, without its state / country / date qualifier and
without the agency; ``None`` when the body does not open with one (most feature and opinion
pieces, and NYT abstracts, do not).
"""
from __future__ import annotations

import re

from analysis.attribution.russian.wire_copy import DATELINE as RUSSIAN_DATELINE

DASHES = "-\u2013\u2014\u2015"  # hyphen, en dash, em dash, horizontal bar (HuffPost's "―")
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\- ]{1,28}[A-Z.]"              # PHILADELPHIA, NEW YORK, ST. LOUIS
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?= \())"          # Mexico City (AFP): title case only with an agency
    r"(?:,\s*[A-Z][A-Za-z.]{1,12}(?: \d{1,2})?)?"           # , N.H.  / , Aug. 19
    r"\s*(?:\([A-Za-z\- ]{2,25}\))?"                        # (AP), (Reuters)
    r"\s*[" + DASHES + r"]+\s")
#: Cities where wire services and national papers file many unrelated stories a day: a shared
#: dateline there says little about the occurrence (AP's and Reuters' largest bureaus).
HUB_DATELINES = frozenset({
    "WASHINGTON", "NEW YORK", "LONDON", "PARIS", "BERLIN", "BRUSSELS", "MOSCOW", "BEIJING", "TOKYO",
    "LOS ANGELES", "SAN FRANCISCO", "CHICAGO", "HONG KONG", "NEW DELHI", "JERUSALEM", "GENEVA",
    "UNITED NATIONS", "SEOUL", "SINGAPORE", "SYDNEY", "TORONTO", "OTTAWA", "MEXICO CITY", "ROME",
    "MADRID", "FRANKFURT", "KYIV", "KIEV", "ISTANBUL", "DUBAI", "CAIRO",
    "МОСКВА", "САНКТ-ПЕТЕРБУРГ", "КИЕВ", "МИНСК", "ВАШИНГТОН", "ЛОНДОН", "ПАРИЖ", "БЕРЛИН", "ПЕКИН", "НЬЮ-ЙОРК",
})


#: Capitalised openers that are labels, not places ("BREAKING —", "UPDATE -").
NOT_PLACES = frozenset({"BREAKING", "BREAKING NEWS", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "VIDEO", "LIVE",
                        "OPINION", "ANALYSIS", "EDITORIAL", "COMMENTARY", "EDITOR'S NOTE", "CORRECTION", "FILE"})


def body_start(title: str | None, text: str | None, chars: int = 80) -> str:
    """The first ``chars`` characters of the body, after the title when the text repeats it."""
    title = (title or "").strip()
    body = (text or "").strip()
    if title and body.startswith(title):
        body = body[len(title):]
    return body.lstrip(" .\n\r\t")[:chars]


def dateline(title: str | None, text: str | None) -> str | None:
    """The dateline's place ("PHILADELPHIA", "MANCHESTER", "MEXICO CITY"), or ``None``."""
    start = body_start(title, text)
    found = DATELINE.match(start) or RUSSIAN_DATELINE.match(start)
    if not found:
        return None
    place = " ".join(found.group("place").upper().replace(".", "").split())
    return place if place and place not in NOT_PLACES else None
