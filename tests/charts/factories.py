"""Plain, deterministic series for chart tests: a full quarter, one day, nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tracker.charts import describe, render
from tracker.charts.series import (
    ActivityDay,
    ActivitySeries,
    AdherenceSeries,
    Change,
    DayRange,
    DoseSeries,
    DoseStep,
    Frame,
    MedicationAdherence,
    MedicationDoses,
    MoodSeries,
    Night,
    OverviewSeries,
    PrnDose,
    QuestionnaireSeries,
    Score,
    SideEffectSeries,
    SleepSeries,
    SymptomLine,
    TherapySeries,
    TherapySession,
)
from tracker.vitals.series import VitalPoint, VitalsSeries, describe_vitals

FIRST, LAST = date(2025, 8, 1), date(2025, 10, 30)
DAYS = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
CHANGE_DAY = date(2025, 8, 20)
CHANGE_LABEL = "sertraline 50 → 100 mg"
TAPER_LABEL = "sertraline 100 → 75 mg"


def frame(*, changes: bool = True) -> Frame:
    listed = [Change(CHANGE_DAY, CHANGE_LABEL), Change(date(2025, 10, 1), TAPER_LABEL, "taper")]
    return Frame(FIRST, LAST, listed if changes else [])


def wave(n: int, low: float = 2, high: float = 8) -> float:
    """A repeatable value between low and high for day n (no randomness)."""
    return low + (high - low) * ((n * 7) % 11) / 10


def mood(days: list[date] = DAYS) -> MoodSeries:
    def ranges(shift: int) -> list[DayRange]:
        return [
            DayRange(d, wave(n + shift), wave(n + shift) - 1, wave(n + shift) + 1)
            for n, d in enumerate(days)
        ]

    return MoodSeries(ranges(0), ranges(3))


def side_effects(days: list[date] = DAYS, name: str = "Headache") -> SideEffectSeries:
    return SideEffectSeries(
        [
            SymptomLine(name, [(d, wave(n)) for n, d in enumerate(days)], "headache"),
            SymptomLine("Brain fog", [(d, wave(n + 1)) for n, d in enumerate(days)], "brain_fog"),
            SymptomLine(
                "Emotional numbness",
                [(d, wave(n + 2)) for n, d in enumerate(days)],
                "emotional_numbness",
            ),
        ]
    )


def doses(days: list[date] = DAYS, name: str = "lorazepam") -> DoseSeries:
    steps = [DoseStep(days[0], 50, "start")]
    if len(days) > 40:
        steps += [DoseStep(CHANGE_DAY, 100), DoseStep(date(2025, 10, 1), 75, "taper")]
        steps += [DoseStep(date(2025, 10, 20), 0, "stop")]
    prn = [PrnDose(d, 0.5) for d in days[::10]]
    if len(days) == 1:
        steps, prn = [], [PrnDose(days[0], 0.5)]
    return DoseSeries([MedicationDoses("sertraline", steps), MedicationDoses(name, [], prn)])


def adherence(days: list[date] = DAYS) -> AdherenceSeries:
    cycle = ("on_time", "on_time", "late", "on_time", "skipped", "on_time", "missed")
    statuses = {d: cycle[n % len(cycle)] for n, d in enumerate(days)}
    return AdherenceSeries([MedicationAdherence("sertraline", statuses)])


def sleep(days: list[date] = DAYS) -> SleepSeries:
    return SleepSeries(
        [Night(d, 5 + wave(n) / 3, 70 + wave(n) * 3, 1 + n % 5) for n, d in enumerate(days)]
    )


def activity(days: list[date] = DAYS, practice: str = "Mindfulness") -> ActivitySeries:
    return ActivitySeries(
        [
            ActivityDay(d, 30 + n % 3 * 15, {practice: 10, "Journaling": n % 2 * 5}, 2, n % 3)
            for n, d in enumerate(days)
        ]
    )


def therapy(days: list[date] = DAYS, modality: str = "DBT") -> TherapySeries:
    picked = days[::7]
    return TherapySeries(
        [
            TherapySession(d, "CBT" if n % 3 else modality, n % 2 == 0, n % 4 == 0)
            for n, d in enumerate(picked)
        ]
    )


def questionnaires(days: list[date] = DAYS) -> QuestionnaireSeries:
    picked = days[::14]
    return QuestionnaireSeries(
        [Score(d, max(17 - 2 * n, 0), 1 if n == 2 else 0) for n, d in enumerate(picked)],
        [Score(d, max(14 - 2 * n, 0)) for n, d in enumerate(picked)],
    )


def vitals(days: list[date] = DAYS) -> VitalsSeries:
    """A weekly weight creeping up about 1 kg a month, a blood pressure every fourth week."""
    points = [
        VitalPoint(
            d,
            round(74 + n / 30 + wave(n, -0.4, 0.4), 1),
            "kg",
            *((118 + n % 9, 76 + n % 5, 70) if n % 28 == 0 else (None, None, None)),
        )
        for n, d in enumerate(days)
        if n % 7 == 0
    ]
    return VitalsSeries("kg", tuple(points))


def overview(days: list[date] = DAYS) -> OverviewSeries:
    return OverviewSeries(doses(days), mood(days), side_effects(days), sleep(days))


@dataclass(frozen=True)
class Chart:
    name: str
    build: Callable[..., Any]  # series factory: build(days) -> series
    figure: Callable[..., Any]
    render: Callable[..., bytes]
    describe: Callable[..., str]
    time_axis: bool = True

    def full(self) -> Any:
        return self.build()

    def single(self) -> Any:
        return self.build([DAYS[10]])

    def empty(self) -> Any:
        return type(self.build())()


CHARTS = [
    Chart("mood", mood, render.mood_figure, render.render_mood, describe.describe_mood),
    Chart(
        "side_effects",
        side_effects,
        render.side_effects_figure,
        render.render_side_effects,
        describe.describe_side_effects,
    ),
    Chart("doses", doses, render.doses_figure, render.render_doses, describe.describe_doses),
    Chart(
        "adherence",
        adherence,
        render.adherence_figure,
        render.render_adherence,
        describe.describe_adherence,
        time_axis=False,
    ),
    Chart("sleep", sleep, render.sleep_figure, render.render_sleep, describe.describe_sleep),
    Chart(
        "activity",
        activity,
        render.activity_figure,
        render.render_activity,
        describe.describe_activity,
    ),
    Chart(
        "therapy",
        therapy,
        render.therapy_figure,
        render.render_therapy,
        describe.describe_therapy,
        time_axis=False,
    ),
    Chart(
        "questionnaires",
        questionnaires,
        render.questionnaires_figure,
        render.render_questionnaires,
        describe.describe_questionnaires,
    ),
    Chart("vitals", vitals, render.vitals_figure, render.render_vitals, describe_vitals),
    Chart(
        "overview",
        overview,
        render.overview_figure,
        render.render_overview,
        describe.describe_overview,
    ),
]
