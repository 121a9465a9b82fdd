"""The rates both attribution scorers report from their counts (English: :mod:`.evaluate`, Russian:
:mod:`.russian.evaluate`): precision and recall of matched statements, defined once."""
from __future__ import annotations

__all__ = ["MatchCounts"]


class MatchCounts:
    """Mixin for a record with ``predicted``, ``gold`` and ``matched`` statement counts (0 when nothing
    was predicted or labelled, rather than a division error)."""

    predicted: int
    gold: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0
