"""What a parser reads out of another app's file, before it is mapped onto this account.

Times: a naive datetime is wall time with no zone (Daylio, Bearable), read in the user's zone
when planned; an aware datetime is an exact instant (Apple Health). `key` names the
observation in its source app so that the same observation in a later, longer export has the
same key: the import skips keys it has already added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Skip:
    """A line (or record) of the file that adds nothing, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class Mood:
    """A mood entry. `label` is the source's own word for the mood (mapped by the user when it
    is not a default); `mood` and `energy` are on our 0-10 scales when the source gives them."""

    line: int
    key: str
    at: datetime
    label: str | None = None
    mood: int | None = None
    energy: int | None = None
    note: str | None = None
    activities: tuple[str, ...] = ()  # the source's activity names, mapped by the user
    feelings: tuple[str, ...] = ()  # the source's words for the mood (Bearable), kept as text


@dataclass(frozen=True)
class Night:
    """A night, filed under `day` (the date of the final awakening). When the source gives
    only a length (`times_known` False), the times are left None and `asleep_minutes` holds it."""

    line: int
    key: str
    day: date
    in_bed: datetime | None = None
    asleep: datetime | None = None  # sleep onset
    woke: datetime | None = None  # final awakening
    out_of_bed: datetime | None = None
    asleep_minutes: int | None = None  # total sleep time
    awake_minutes: int = 0  # awake after sleep onset, before the final awakening
    awakenings: int = 0
    quality: int | None = None  # 1 very poor ... 5 very good
    note: str | None = None

    @property
    def times_known(self) -> bool:
        return self.asleep is not None and self.woke is not None


@dataclass(frozen=True)
class Symptom:
    """A symptom by the source's name, severity on our 0-10 scale."""

    line: int
    key: str
    at: datetime
    name: str
    severity: int
    note: str | None = None


@dataclass(frozen=True)
class Dose:
    """A medication or supplement taken, by the source's name; mapped to a medication."""

    line: int
    key: str
    at: datetime
    name: str
    amount: float | None = None
    unit: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Steps:
    """Steps walked on one local day (sources already de-duplicated)."""

    line: int
    key: str
    day: date
    steps: int


@dataclass(frozen=True)
class Practice:
    """A wellness practice done, by our catalog key (tracker.activity.catalog.PRACTICES)."""

    line: int
    key: str
    at: datetime
    practice: str
    minutes: int | None = None


@dataclass(frozen=True)
class Workout:
    """An activity session: `kind` is one of tracker.activity.catalog.ACTIVITY_KINDS."""

    line: int
    key: str
    at: datetime
    kind: str
    minutes: int
    intensity: str = "moderate"  # light, moderate, vigorous
    steps: int | None = None
    note: str | None = None


Record = Mood | Night | Symptom | Dose | Steps | Practice | Workout


@dataclass
class Parsed:
    """Everything a parser read: the records in file order, the skipped lines, rows read,
    and how many of those rows repeated an earlier row of the file (each is also a Skip)."""

    source: str
    records: list[Record] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    rows: int = 0
    repeated: int = 0
