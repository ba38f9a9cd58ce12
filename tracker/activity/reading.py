"""Activity, practices and substances of a range as plain rows, read once for the snapshot
(tracker/snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from tracker.activity import catalog
from tracker.activity.models import ActivityEntry, OwnPractice, PracticeEntry, SubstanceEntry
from tracker.activity.series import DayPoint, fold_days
from tracker.activity.services import check_series_range, practices_done
from tracker.auth.models import User
from tracker.extensions import db


@dataclass(frozen=True)
class Practice:
    """A practice entry's fields the charts and the report read (practices_done takes it)."""

    day: date
    practice_key: str  # a catalog key, or an own practice's "own:<id>"
    minutes: int | None  # None for a yes/no practice
    done: bool


@dataclass(frozen=True)
class ActivityLog:
    activities: tuple[tuple[date, int, int | None], ...]  # (local day, minutes, steps)
    substances: tuple[tuple[date, str, float], ...]  # (local day, substance, amount)
    practices: tuple[Practice, ...]  # in the order they were made
    # Every practice key to its name (catalog, and the own ones logged in the range), and the
    # followed own ones logged, by name: the series and the report name practices from here,
    # without reading the database.
    labels: dict[str, str]
    followed_own: tuple[str, ...]

    def label(self, key: str) -> str:
        return self.labels.get(key, catalog.practice_label(key))

    def daily_series(self, first: date, last: date) -> list[DayPoint]:
        """Every day of first..last with its sums (as services.daily_series)."""
        check_series_range(first, last)
        return fold_days(first, last, self.activities, self.substances)

    def practices_between(self, first: date, last: date) -> list[Practice]:
        return [p for p in self.practices if first <= p.day <= last]

    def practice_minutes_by_day(self, first: date, last: date) -> dict[date, dict[str, int]]:
        """Per local day, the minutes of each practice done (as
        services.practice_minutes_by_day: yes/no ones left out)."""
        by_day: dict[date, list[Practice]] = {}
        for entry in self.practices_between(first, last):
            by_day.setdefault(entry.day, []).append(entry)
        result = {}
        for day, entries in by_day.items():
            minutes = {k: v for k, v in practices_done(entries).items() if v is not True}
            if minutes:
                result[day] = minutes
        return result


def read(user: User, first: date, last: date) -> ActivityLog:
    """The activity kind's rows of local days first..last, in three reads (one a table)."""
    activities = db.session.execute(
        select(ActivityEntry.day, ActivityEntry.minutes, ActivityEntry.steps).where(
            ActivityEntry.user_id == user.id, ActivityEntry.day.between(first, last)
        )
    )
    substances = db.session.execute(
        select(SubstanceEntry.day, SubstanceEntry.substance, SubstanceEntry.amount).where(
            SubstanceEntry.user_id == user.id, SubstanceEntry.day.between(first, last)
        )
    )
    # The own practices' names come with their entries (an outer join): the range's rows
    # are all the series and the report name.
    practices = db.session.execute(
        select(
            PracticeEntry.day,
            PracticeEntry.practice,
            PracticeEntry.own_practice_id,
            PracticeEntry.minutes,
            PracticeEntry.done,
            OwnPractice.name,
            OwnPractice.followed,
        )
        .outerjoin(OwnPractice, OwnPractice.id == PracticeEntry.own_practice_id)
        .where(PracticeEntry.user_id == user.id, PracticeEntry.day.between(first, last))
        .order_by(PracticeEntry.at, PracticeEntry.id)
    ).all()
    labels = {key: p.label for key, p in catalog.PRACTICES.items()}
    own = {catalog.own_key(row[2]): (row[5], row[6]) for row in practices if row[2] is not None}
    labels |= {key: name for key, (name, _) in own.items()}
    return ActivityLog(
        tuple((d, m, s) for d, m, s in activities),
        tuple((d, k, a) for d, k, a in substances),
        tuple(
            Practice(day, key if key is not None else catalog.own_key(own_id), minutes, done)
            for day, key, own_id, minutes, done, _, _ in practices
        ),
        labels,
        tuple(sorted((k for k, (_, followed) in own.items() if followed), key=labels.__getitem__)),
    )
