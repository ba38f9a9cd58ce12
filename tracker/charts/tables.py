"""The data table beside each chart: the numbers it draws, as rows (no matplotlib, no Flask).

Cells are plain text, already formatted; an empty cell means "not logged", never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.charts import style
from tracker.charts.series import (
    DUE_LATER,
    GAD7_BANDS,
    NOTHING,
    PHQ9_BANDS,
    STOP,
    TAPER,
    ActivitySeries,
    AdherenceSeries,
    DayRange,
    DoseSeries,
    Frame,
    MoodSeries,
    OverviewSeries,
    QuestionnaireSeries,
    SideEffectSeries,
    SleepSeries,
    TherapySeries,
    amount_on,
    band,
    modality_counts,
    pick_symptoms,
    rolling_mean,
    weekly_totals,
)


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


def _n(value: float | None) -> str:
    return "" if value is None else f"{round(value, 1):g}"


def _day(day: date) -> str:
    return day.isoformat()


def _by_day(ranges: Sequence[DayRange]) -> dict[date, DayRange]:
    return {r.day: r for r in ranges}


def mood_table(series: MoodSeries, frame: Frame) -> Table:
    mood, anxiety = _by_day(series.mood), _by_day(series.anxiety)
    rolling = dict(rolling_mean(((r.day, r.mean) for r in series.mood), frame.first, frame.last))
    rows = []
    for day in sorted(d for d in set(mood) | set(anxiety) if d in frame):
        m, a = mood.get(day), anxiety.get(day)
        rows.append(
            (
                _day(day),
                _n(m.mean) if m else "",
                f"{_n(m.low)}–{_n(m.high)}" if m else "",
                _n(rolling.get(day)),
                _n(a.mean) if a else "",
                f"{_n(a.low)}–{_n(a.high)}" if a else "",
            )
        )
    columns = ("Day", "Mood (0–10)", "Mood range", "Mood, 7-day mean", "Anxiety (0–10)", "Range")
    return Table("Mood and anxiety per day (mean of the day's check-ins)", columns, rows)


def side_effects_table(series: SideEffectSeries, frame: Frame) -> Table:
    shown, _ = pick_symptoms(series.symptoms, frame)
    values = [dict(line.points) for line in shown]
    days = sorted({d for line in values for d in line if d in frame})
    rows = [(_day(d), *(_n(line.get(d)) for line in values)) for d in days]
    columns = ("Day", *(f"{line.name} (0–10)" for line in shown))
    return Table("Side-effect severity per day (the day's highest rating)", columns, rows)


def doses_table(series: DoseSeries, frame: Frame) -> Table:
    rows = []
    for med in series.medications:
        steps = sorted(med.steps, key=lambda s: s.day)
        start = amount_on(steps, frame.first)
        if start is not None and not any(s.day == frame.first for s in steps):
            rows.append((_day(frame.first), med.name, "at the start of the range", _n(start)))
        for step in steps:
            if step.day in frame:
                event = {STOP: "stopped", TAPER: "taper step"}.get(step.kind, step.kind)
                rows.append((_day(step.day), med.name, event, _n(step.amount)))
        for dose in med.as_needed:
            if dose.day in frame:
                rows.append((_day(dose.day), med.name, "as-needed dose", _n(dose.amount)))
    rows.sort(key=lambda r: (r[0], r[1]))
    columns = ("Day", "Medication", "Event", "Amount (scheduled per day, or the dose)")
    return Table("Dose changes and as-needed doses", columns, rows)


def adherence_table(series: AdherenceSeries, frame: Frame) -> Table:
    statuses = ("on_time", "late", "skipped", "missed", DUE_LATER)
    rows = []
    for med in series.medications:
        days = [s for d, s in med.days.items() if d in frame]
        nothing = frame.days - len(days)
        rows.append((med.name, *(str(days.count(s)) for s in statuses), str(nothing)))
    columns = (
        "Medication",
        *(style.ADHERENCE_LABELS[s] for s in (*statuses, NOTHING)),
    )
    return Table("Days by status (each day counts once, as its worst dose)", columns, rows)


def sleep_table(series: SleepSeries, frame: Frame) -> Table:
    rows = [
        (
            _day(n.day),
            f"at most {_n(n.total_sleep_hours)}" if n.at_most else _n(n.total_sleep_hours),
            "" if n.efficiency_pct is None else f"{round(n.efficiency_pct)}%",
            "" if n.quality is None else str(n.quality),
        )
        for n in sorted(series.nights, key=lambda n: n.day)
        if n.day in frame
    ]
    columns = ("Morning", "Total sleep (hours)", "Efficiency", "Quality (1–5)")
    return Table("Nights, dated by the morning woken up", columns, rows)


def activity_table(series: ActivitySeries, frame: Frame) -> Table:
    def weekly(values: list[tuple[date, float]]) -> list[float]:
        return [w.total for w in weekly_totals(values, frame.first, frame.last)]

    days = series.days
    weeks = weekly_totals([], frame.first, frame.last)
    activity = weekly([(d.day, d.activity_minutes) for d in days])
    practice = weekly([(d.day, sum(d.practice_minutes.values())) for d in days])
    caffeine = weekly([(d.day, d.caffeine_drinks) for d in days])
    alcohol = weekly([(d.day, d.alcohol_units) for d in days])
    rows = [
        (
            _day(w.week_start) + ("" if w.days_in_range == 7 else f" ({w.days_in_range} days)"),
            _n(activity[i]),
            _n(practice[i]),
            _n(caffeine[i]),
            _n(alcohol[i]),
        )
        for i, w in enumerate(weeks)
    ]
    columns = (
        "Week from",
        "Activity (min)",
        "Practices (min)",
        "Caffeine (drinks)",
        "Alcohol (units of 10 g)",
    )
    return Table("Totals per week (Monday to Sunday)", columns, rows)


def therapy_table(series: TherapySeries, frame: Frame) -> Table:
    rows = [
        (r.modality, str(r.sessions), str(r.homework_given), str(r.homework_done))
        for r in modality_counts(series.sessions, frame)
    ]
    columns = ("Modality", "Sessions", "Homework given", "Homework done")
    return Table("Therapy sessions by modality", columns, rows)


def questionnaires_table(series: QuestionnaireSeries, frame: Frame) -> Table:
    rows = [
        (_day(s.day), "PHQ-9", str(s.total), band(s.total, PHQ9_BANDS), str(s.item9 or 0))
        for s in series.phq9
        if s.day in frame
    ]
    rows += [
        (_day(s.day), "GAD-7", str(s.total), band(s.total, GAD7_BANDS), "")
        for s in series.gad7
        if s.day in frame
    ]
    rows.sort()
    columns = ("Day", "Questionnaire", "Total", "Band", "PHQ-9 item 9 (0–3)")
    return Table("PHQ-9 (0–27) and GAD-7 (0–21) scores", columns, rows)


def overview_table(series: OverviewSeries, frame: Frame) -> Table:
    meds = [m for m in series.doses.medications if m.steps]
    mood, anxiety = _by_day(series.mood.mood), _by_day(series.mood.anxiety)
    shown, _ = pick_symptoms(series.side_effects.symptoms, frame, limit=2)
    symptoms = [dict(line.points) for line in shown]
    sleep = {n.day: n for n in series.sleep.nights}
    days = {d for d in (*mood, *anxiety, *sleep) if d in frame}
    days |= {d for line in symptoms for d in line if d in frame}
    rows = []
    for day in sorted(days):
        rows.append(
            (
                _day(day),
                *(_n(amount_on(m.steps, day)) for m in meds),
                _n(mood[day].mean) if day in mood else "",
                _n(anxiety[day].mean) if day in anxiety else "",
                *(_n(line.get(day)) for line in symptoms),
                _n(sleep[day].total_sleep_hours) if day in sleep else "",
            )
        )
    columns = (
        "Day",
        *(f"{m.name} ({m.unit}/day)" for m in meds),
        "Mood (0–10)",
        "Anxiety (0–10)",
        *(f"{line.name} (0–10)" for line in shown),
        "Sleep (hours)",
    )
    return Table("Each day with data: doses, mood, side effects, sleep", columns, rows)
