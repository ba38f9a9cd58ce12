"""The report as plain data (frozen dataclasses, no ORM rows): what the page and the PDF show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.charts.series import Frame, OverviewSeries, QuestionnaireSeries
from tracker.medications.plan import Adherence

MARK = "Patient-generated record, not a diagnosis"
CLOSING = "Discuss any change with your prescriber."
NO_ITEM9 = "No PHQ-9 in this range had item 9 above 0"


@dataclass(frozen=True)
class Header:
    name: str | None
    first: date
    last: date
    generated_at: datetime  # aware, in the user's zone
    timezone: str
    checkin_days: int  # days of the range with at least one mood check-in
    doses_due: int  # scheduled doses whose window has passed (or that have a record)
    doses_recorded: int  # of those, how many have a status (taken or skipped) recorded

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def checkin_pct(self) -> float:
        return 100.0 * self.checkin_days / self.days

    @property
    def doses_pct(self) -> float | None:
        return 100.0 * self.doses_recorded / self.doses_due if self.doses_due else None


@dataclass(frozen=True)
class Question:
    text: str
    day: date  # the day it was added
    asked_on: date | None  # None: still to ask


@dataclass(frozen=True)
class SafetyFlag:
    day: date
    answer: int  # PHQ-9 item 9: 1 several days, 2 more than half the days, 3 nearly every day
    label: str


@dataclass(frozen=True)
class RegimenRow:
    name: str
    strength: str | None  # "50 mg tablet"
    schedule: str  # "08:00 100 mg" or "as needed, up to 3 mg per 24 h"
    started: date
    last_change: date | None
    change: str | None  # "Taper step: 100 → 75 mg a day"
    note: str | None  # the reason or note given with the change
    as_needed: bool
    stopped: date | None
    stop_reason: str | None


@dataclass(frozen=True)
class AdherenceRow:
    name: str
    adherence: Adherence


@dataclass(frozen=True)
class AsNeededRow:
    name: str
    unit: str
    doses: int
    per_week: float
    max_per_24h: float | None
    highest_24h: float  # the most taken in any rolling 24 hours of the range
    near_limit: int  # doses after which the rolling 24 h reached 75 % of the maximum
    over_limit: int  # doses saved with a limit warning (over the maximum or too soon)


@dataclass(frozen=True)
class SideEffectRow:
    name: str
    onset: date | None  # the latest onset in the range
    since_change: tuple[tuple[str, int], ...]  # (medication, days from its last change to onset)
    current: float | None  # mean severity of the last 7 days with data (0-10)
    trend: str  # "rising", "easing", "steady" or "not enough data"


@dataclass(frozen=True)
class ScoreRow:
    day: date
    total: int
    band: str | None
    marks: tuple[str, ...]  # "response", "remission"
    item9: int | None


@dataclass(frozen=True)
class Scores:
    title: str
    max_total: int
    bands: str  # the bands in words, e.g. "0–4 minimal, 5–9 mild, …"
    rows: tuple[ScoreRow, ...]  # oldest first
    baseline: int | None  # the user's first score ever, that response is measured from


@dataclass(frozen=True)
class Burden:
    day: date
    burden: int  # FIBSER burden item, 0-6
    band: str


@dataclass(frozen=True)
class SleepSummary:
    """Means over the nights that have each measure: total sleep over every night; SOL, WASO
    and efficiency over the `timed` ones (an imported night may give only its length);
    quality (1-5) over the `rated` ones."""

    nights: int
    tst_minutes: float | None
    sol_minutes: float | None
    waso_minutes: float | None
    efficiency: float | None
    timed: int = 0
    quality: float | None = None
    rated: int = 0


@dataclass(frozen=True)
class ActivitySummary:
    minutes_per_week: float
    active_days: int


@dataclass(frozen=True)
class PracticeRow:
    label: str
    days: int
    minutes: int | None  # None for a yes/no practice


@dataclass(frozen=True)
class TherapySummary:
    sessions: int
    by_modality: tuple[tuple[str, int], ...]
    homework_given: int
    homework_done: int


@dataclass(frozen=True)
class DoseRow:
    medication: str
    day: date
    scheduled: str  # local "HH:MM", "" for as-needed doses
    actual: str  # local "YYYY-MM-DD HH:MM", "" when not taken
    status: str
    amount: str  # "50 mg", ""
    note: str


@dataclass(frozen=True)
class Report:
    header: Header
    questions: tuple[Question, ...]
    safety: tuple[SafetyFlag, ...]
    regimen: tuple[RegimenRow, ...]
    overview: OverviewSeries
    frame: Frame
    on_time_minutes: int
    adherence: tuple[AdherenceRow, ...]
    as_needed: tuple[AsNeededRow, ...]
    side_effects: tuple[SideEffectRow, ...]
    burden: tuple[Burden, ...]
    scores: tuple[Scores, ...]
    score_chart: QuestionnaireSeries  # PHQ-9 and GAD-7 drawn over their bands
    sleep: SleepSummary
    activity: ActivitySummary
    practices: tuple[PracticeRow, ...]
    therapy: TherapySummary
    appendix: tuple[DoseRow, ...] | None  # None: not asked for

    @property
    def adherence_method(self) -> str:
        return (
            "% of scheduled doses taken; on time = within ±"
            f"{self.on_time_minutes} minutes of the scheduled time. Doses not yet due are left "
            "out; a dose with no record once its window has passed counts as missed."
        )
