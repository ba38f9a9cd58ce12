"""Check-ins of a range as plain rows, read once for the snapshot (tracker/snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.auth.models import User
from tracker.checkins.services import CheckinDay, checkin_days


@dataclass(frozen=True)
class CheckinLog:
    days: tuple[CheckinDay, ...]  # the days with check-ins, newest first

    def between(self, first: date, last: date) -> list[CheckinDay]:
        """The days of first..last with check-ins, newest first (as services.checkin_days)."""
        return [d for d in self.days if first <= d.day <= last]


def read(user: User, first: date, last: date) -> CheckinLog:
    """The check-ins kind's rows of local days first..last."""
    return CheckinLog(tuple(checkin_days(user, first, last)))
