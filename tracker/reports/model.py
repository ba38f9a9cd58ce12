"""The report as plain data (frozen dataclasses, no ORM rows): what the page and the PDF show.

The report is read by the prescriber: its words state the data, address nobody and judge nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.charts.series import Frame, OverviewSeries, QuestionnaireSeries
from tracker.kind import ReportSection
from tracker.medications.plan import Adherence
from tracker.reports.model_life import (
    ActivitySummary,
    AlcoholSummary,
    PracticeRow,
    SleepSummary,
    TherapySummary,
)
from tracker.reports.model_side_effects import DosePeriodTable, SideEffectRow, TaperWindow

MARK = "Patient-generated record, not a diagnosis"
NO_ITEM9 = "No PHQ-9 on record has item 9 above 0"

__all__ = [
    "MARK",
    "NO_ITEM9",
    "ActivitySummary",
    "AlcoholSummary",
    "DosePeriodTable",
    "PracticeRow",
    "SideEffectRow",
    "SleepSummary",
    "TaperWindow",
    "TherapySummary",
]


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
class Safety:
    """PHQ-9 item 9 (thoughts of being better off dead or of self-harm), over all time.

    `in_range` lists every positive answer inside the range; `last` is the most recent positive
    answer ever, wherever it falls, so one just before the range is never hidden."""

    in_range: tuple[SafetyFlag, ...]
    last: SafetyFlag | None
    position: str  # "before", "in" or "after" the range; "" when there is none
    days_from_range: int | None  # days from `last` to the range's first day (before) or last day
    later: int  # PHQ-9s answered after `last`
    later_zero: int  # of those, with item 9 at 0
    latest_zero: date | None  # the most recent of those with item 9 at 0
    phq9_count: int  # PHQ-9s on record

    @property
    def flagged(self) -> bool:
        return self.last is not None


@dataclass(frozen=True)
class RegimenEvent:
    day: date
    text: str  # "Increase: 50 → 100 mg a day", "Stopped (side effects)"
    note: str | None  # the note given with the change
    planned: bool = False  # a taper step still to come


@dataclass(frozen=True)
class RegimenRow:
    name: str
    strength: str | None  # "50 mg tablet"
    schedule: str  # "08:00 100 mg" or "as needed, max 3 mg per 24 h"
    started: date
    as_needed: bool
    stopped: date | None
    stop_reason: str | None
    indication: str | None
    prescriber: str | None
    # The start, every dose change, taper step and stop in the range and the 12 months before,
    # oldest first, then the planned taper steps.
    events: tuple[RegimenEvent, ...] = ()
    taper: str | None = None  # "taper plan 75 → 50 mg, 25 mg every 14 days, ends at 50 mg a day"


@dataclass(frozen=True)
class AdherenceRow:
    name: str
    adherence: Adherence
    skip_reasons: tuple[tuple[str, int], ...] = ()  # (reason, times), most frequent first


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
    weekly: tuple[int, ...] = ()  # doses in each 7-day block from the range's first day
    helped: float | None = None  # mean "how much it helped" (0-10) over the rated doses
    helped_n: int = 0


@dataclass(frozen=True)
class ScoreRow:
    day: date
    total: int
    band: str | None
    marks: tuple[str, ...]  # "response", "remission", "response, single score" …
    item9: int | None


@dataclass(frozen=True)
class Baseline:
    """The user's first score of an instrument: what response is measured from."""

    day: date
    total: int
    band: str | None
    regimen: str  # the scheduled medications that day, "sertraline 50 mg a day"


@dataclass(frozen=True)
class Scores:
    key: str
    title: str
    max_total: int
    bands: str  # the bands in words, e.g. "0–4 minimal, 5–9 mild, …"
    rows: tuple[ScoreRow, ...]  # oldest first
    baseline: Baseline | None


@dataclass(frozen=True)
class Burden:
    day: date
    frequency: int | None  # FIBSER items, 0-6 each
    intensity: int | None
    burden: int
    band: str

    @property
    def flagged(self) -> bool:
        """A burden of 3 or more: moderate impairment or worse."""
        return self.burden >= 3


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
class AnswerRow:
    """One questionnaire of the range in the appendix, item by item."""

    day: date
    key: str  # phq9, gad7, fibser
    title: str
    total: int
    max_total: int | None
    band: str | None
    answers: tuple[int, ...]  # in item order
    item9: int | None  # PHQ-9 only


@dataclass(frozen=True)
class Report:
    header: Header
    questions: tuple[Question, ...]
    safety: Safety
    regimen: tuple[RegimenRow, ...]  # taken at some point of the range, not stopped by its end
    stopped: tuple[RegimenRow, ...]  # stopped in the range or the 12 months before it
    overview: OverviewSeries
    frame: Frame
    on_time_minutes: int
    adherence: tuple[AdherenceRow, ...]
    as_needed: tuple[AsNeededRow, ...]
    side_effects: tuple[SideEffectRow, ...]  # followed ones and any with an onset
    other_side_effects: tuple[SideEffectRow, ...]  # the rest above 0 in the range
    onset_method: str
    dose_periods: tuple[DosePeriodTable, ...]
    tapers: tuple[TaperWindow, ...]
    burden: tuple[Burden, ...]
    scores: tuple[Scores, ...]
    score_chart: QuestionnaireSeries  # PHQ-9 and GAD-7 drawn over their bands
    sleep: SleepSummary
    activity: ActivitySummary
    alcohol: AlcoholSummary
    practices: tuple[PracticeRow, ...]
    therapy: TherapySummary
    appendix: tuple[DoseRow, ...] | None  # None: not asked for
    answers: tuple[AnswerRow, ...] | None = None  # with the appendix: every questionnaire
    # Each registered kind's own section (tracker/kind.py `report`), in the registry's order,
    # after sleep, activity and therapy; a kind with nothing in the range has none.
    sections: tuple[ReportSection, ...] = ()

    @property
    def adherence_method(self) -> str:
        return (
            "% of scheduled doses taken; on time = within ±"
            f"{self.on_time_minutes} minutes of the scheduled time. Doses not yet due are left "
            "out; a dose with no record once its window has passed counts as missed."
        )
