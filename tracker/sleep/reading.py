"""Nights of a range as plain rows, read once for the snapshot (tracker/snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.auth.models import User
from tracker.sleep.summaries import NightSummary, nights


@dataclass(frozen=True)
class SleepLog:
    nights: tuple[NightSummary, ...]  # filed under the morning woken up, oldest first

    def between(self, first: date, last: date) -> list[NightSummary]:
        """The nights filed under the mornings first..last (as summaries.nights)."""
        return [n for n in self.nights if first <= n.day <= last]


def read(user: User, first: date, last: date) -> SleepLog:
    """The sleep kind's rows of the mornings first..last."""
    return SleepLog(tuple(nights(user, first, last)))
