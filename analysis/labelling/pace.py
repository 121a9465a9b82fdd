"""How long a person took to label: read from the labels file's ``decided_at`` stamps.

The page stamps every decision (label, skip) with the time it was written, so the time a sitting
took is in the file, whoever labelled and however many sittings it took: the sum of the gaps
between consecutive decisions. A gap longer than :data:`BREAK_SECONDS` is a break (the tab left
open over lunch, a server restarted next morning): it is not counted, and the number of breaks is
reported beside the time. The first decision of each sitting has no gap before it (the time spent
reading the first card is not in the file), so it is counted as the sitting's median gap, said in
:attr:`Pace.note`. Skips count, since they cost a person a reading too.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from statistics import median
from typing import NamedTuple

from analysis.errors import ExamplesError
from analysis.schema import STANCES
from analysis.stance.labels_file import LabelRow

BREAK_SECONDS = 120.0
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def stamp(when: float) -> str:
    """The ``decided_at`` text of a POSIX time: UTC, to the millisecond."""
    return datetime.fromtimestamp(when, tz=UTC).strftime(STAMP_FORMAT)[:-4] + "Z"


def parse_stamp(text: str) -> float:
    """The POSIX time of a ``decided_at`` text (ValueError when it is not one)."""
    return datetime.strptime(text.strip().rstrip("Z") + "000Z", STAMP_FORMAT).replace(tzinfo=UTC).timestamp()


class Pace(NamedTuple):
    """``labels`` stance labels (and ``decisions`` including skips) took ``seconds`` of labelling."""

    labels: int
    decisions: int
    seconds: float
    breaks: int
    note: str

    @property
    def per_label(self) -> float:
        return self.seconds / self.labels if self.labels else float("nan")

    def line(self) -> str:
        minutes, seconds = divmod(round(self.seconds), 60)
        extra = f"; {self.breaks} break(s) over {BREAK_SECONDS:.0f} s not counted" if self.breaks else ""
        n = self.decisions - self.labels
        skips = f" and {n} skip{'s' if n > 1 else ''}" if n else ""
        return (f"{self.labels} labels{skips} in {minutes} min {seconds:02d} s of labelling, "
                f"{self.per_label:.1f} s per label{extra}")


def labelling_pace(rows: Sequence[LabelRow], first_labels: int | None = None) -> Pace | None:
    """The time the stamped decisions took, up to the ``first_labels``-th stance label (all when
    None); None when fewer than two decisions carry a stamp (a file written by hand)."""
    stamped: list[tuple[float, bool]] = []
    for r in rows:
        if not r.decided_at:
            continue
        try:
            when = parse_stamp(r.decided_at)
        except ValueError:
            raise ExamplesError(f"line {r.line}: decided_at {r.decided_at!r} is not a time like "
                                f"{stamp(0)!r}; clear it or fix it") from None
        stamped.append((when, r.stance in STANCES))
        if first_labels is not None and sum(is_label for _, is_label in stamped) >= first_labels:
            break
    if len(stamped) < 2:
        return None
    gaps = [b[0] - a[0] for a, b in zip(stamped, stamped[1:])]
    worked = [g for g in gaps if g <= BREAK_SECONDS]
    breaks = len(gaps) - len(worked)
    first = median(worked) if worked else 0.0
    seconds = sum(worked) + first * (breaks + 1)  # each sitting's first card, at its median pace
    labels = sum(is_label for _, is_label in stamped)
    return Pace(labels, len(stamped), seconds, breaks,
                "each sitting's first decision is counted at the median gap (its reading time is not in the file)")
