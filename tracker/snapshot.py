"""A range of a user's journal read once: each kind's rows and the medication plan.

`read_range` walks the registry (every kind with a `read`, tracker/kind.py) and reads the
medication plan once; the report parts, the chart series and the API summaries are pure
functions of the snapshot it returns, so one report is a fixed handful of queries whatever
the number of medications, symptoms or days (docs/report.md).

What a snapshot holds beyond the range `first..last`:
- every kind's rows from `reach` (`lookback` days before `first`, LOOKBACK_DAYS unless the
  caller needs more) to `last`: a side effect's onset compares it with the weeks before it,
  a dose period current at the range's start is shown from 28 days before, and the mood
  line's 7-day mean warms up on the days before the first;
- the questionnaires' whole history (their reading.py says why);
- the open questions for the prescriber, whenever added;
- the medication plan whatever the range: every medication with its schedule versions and
  taper plans (the regimen reads a year back and the steps still planned).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any

from tracker import registry
from tracker.analysis.onset import LOOKBACK_DAYS
from tracker.auth.models import User
from tracker.medications.reading import MedicationPlan, read_plan

__all__ = ["LOOKBACK_DAYS", "Snapshot", "read_range"]


@dataclass(frozen=True)
class Snapshot:
    user: User  # the account's settings (zone, on-time window, name) as read with it
    first: date
    last: date
    reach: date  # the first day every kind's rows cover (`first` less the lookback)
    now: datetime
    plan: MedicationPlan
    rows: Mapping[str, Any]  # each kind's `read` result, by kind key

    def of(self, key: str) -> Any:
        """The rows of the kind with this key (read with the snapshot: a KeyError says the
        consumer left it out of the `kinds` it asked for)."""
        return self.rows[key]

    def covers(self, first: date, last: date) -> None:
        """Refuse days the snapshot did not read: a consumer asking for them has a bug (its
        lookback is longer than the one it read with), not data to show."""
        if first < self.reach or last > self.last:
            raise ValueError(
                f"The snapshot holds {self.reach}..{self.last}, not {first}..{last}: "
                "read it with a longer lookback."
            )


def read_range(
    user: User,
    first: date,
    last: date,
    *,
    now: datetime,
    lookback: int = LOOKBACK_DAYS,
    kinds: Collection[str] | None = None,
) -> Snapshot:
    """Every kind's rows of local days `first - lookback` to `last` (or only those of `kinds`:
    one chart reads what it draws), and the plan: one read each."""
    reach = first - timedelta(days=lookback)
    rows = {
        kind.key: kind.read(user, reach, last)
        for kind in registry.KINDS
        if kind.read is not None and (kinds is None or kind.key in kinds)
    }
    return Snapshot(user, first, last, reach, now, read_plan(user), MappingProxyType(rows))
