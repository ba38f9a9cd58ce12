"""Text alternatives for the charts: one plain paragraph with the numbers (no matplotlib).

Shown as alt text and under each chart for screen readers and for anyone who prefers words.
They state what was logged, never what it means or what to do; the one exception is PHQ-9
item 9, which leads its paragraph and points to the prescriber, as the product requires.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from tracker.charts import style
from tracker.charts.series import (
    DUE_LATER,
    GAD7_BANDS,
    MAX_SYMPTOM_LINES,
    PHQ9_BANDS,
    STOP,
    TAPER,
    ActivitySeries,
    AdherenceSeries,
    DayRange,
    DoseSeries,
    Frame,
    MedicationDoses,
    MoodSeries,
    OverviewSeries,
    QuestionnaireSeries,
    Score,
    SideEffectSeries,
    SleepSeries,
    TherapySeries,
    band,
    item9_flags,
    modality_counts,
    pick_symptoms,
)


def _n(value: float) -> str:
    """One decimal at most: 5.0 -> "5", 5.25 -> "5.2"."""
    return f"{round(value, 1):g}"


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _unit(amount: float, one: str) -> str:
    return one if _n(amount) == "1" else one + "s"


def _day(day: date, frame: Frame) -> str:
    return style.day_label(day, year=frame.first.year != frame.last.year)


def _between(frame: Frame) -> str:
    return f"between {_day(frame.first, frame)} and {_day(frame.last, frame)}"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def changes_sentence(frame: Frame) -> str:
    """ "Medication changes: sertraline 50 → 100 mg on 20 Aug." ("" when none)."""
    inside = sorted((c for c in frame.changes if c.day in frame), key=lambda c: c.day)
    if not inside:
        return ""
    return (
        "Medication changes: "
        + "; ".join(f"{c.label} on {_day(c.day, frame)}" for c in inside)
        + "."
    )


def _and(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


# --- Mood, side effects ------------------------------------------------------------------


def _scale_sentence(name: str, anchors: str, days: Iterable[DayRange], frame: Frame) -> str:
    inside = [d for d in days if d.day in frame]
    if not inside:
        return f"No {name.lower()} ratings {_between(frame)}."
    lowest, highest = min(d.low for d in inside), max(d.high for d in inside)
    return (
        f"{name} ({anchors}) averaged {_n(_mean([d.mean for d in inside]))} out of 10 "
        f"{_between(frame)} ({_count(len(inside), 'day')} with a check-in); "
        f"lowest {_n(lowest)}, highest {_n(highest)}."
    )


def describe_mood(series: MoodSeries, frame: Frame) -> str:
    """Mood and anxiety in words: the mean of the daily means, the lowest and highest rating."""
    if not any(d.day in frame for d in series.mood + series.anxiety):
        return _join(f"No mood or anxiety check-ins {_between(frame)}.", changes_sentence(frame))
    return _join(
        _scale_sentence("Mood", "0 = worst, 10 = best", series.mood, frame),
        _scale_sentence("Anxiety", "0 = none, 10 = most severe", series.anxiety, frame),
        changes_sentence(frame),
    )


def describe_side_effects(series: SideEffectSeries, frame: Frame) -> str:
    shown, omitted = pick_symptoms(series.symptoms, frame)
    if not shown:
        return _join(f"No side effects rated {_between(frame)}.", changes_sentence(frame))
    parts = []
    for line in shown:
        points = sorted((d, v) for d, v in line.points if d in frame)
        values = [v for _, v in points]
        last_day, last_value = points[-1]
        parts.append(
            f"{line.name} averaged {_n(_mean(values))} over {_count(len(points), 'rating')} "
            f"(lowest {_n(min(values))}, highest {_n(max(values))}, "
            f"latest {_n(last_value)} on {_day(last_day, frame)})"
        )
    text = f"Side-effect severity {_between(frame)} (0 = none, 10 = worst): " + "; ".join(parts)
    left_out = ""
    if omitted:
        names = ", ".join(line.name for line in omitted)
        left_out = f"Not drawn (at most {MAX_SYMPTOM_LINES} per chart): {names}."
    return _join(text + ".", left_out, changes_sentence(frame))


# --- Doses, adherence --------------------------------------------------------------------


def _schedule(med: MedicationDoses, frame: Frame) -> str:
    steps = sorted(med.steps, key=lambda s: s.day)
    parts = []
    before = [s for s in steps if s.day < frame.first]
    if before and before[-1].kind != STOP:
        parts.append(f"{_n(before[-1].amount)} {med.unit} a day at the start")
    for step in steps:
        if step.day not in frame:
            continue
        when = _day(step.day, frame)
        if step.kind == STOP:
            parts.append(f"stopped on {when}")
        else:
            note = " (taper step)" if step.kind == TAPER else ""
            parts.append(f"{_n(step.amount)} {med.unit} a day from {when}{note}")
    return f"{med.name}: " + ", ".join(parts) if parts else ""


def _as_needed(med: MedicationDoses, frame: Frame) -> str:
    doses = [d for d in med.as_needed if d.day in frame]
    if not doses:
        return ""
    amounts = sorted({d.amount for d in doses})
    spread = _n(amounts[0]) if len(amounts) == 1 else f"{_n(amounts[0])} to {_n(amounts[-1])}"
    days = len({d.day for d in doses})
    return (
        f"{med.name} as needed: {_count(len(doses), 'dose')} on {_count(days, 'day')} "
        f"({spread} {med.unit} each)"
    )


def describe_doses(series: DoseSeries, frame: Frame) -> str:
    """Scheduled daily amounts and their changes, and as-needed doses, in words."""
    parts = [_schedule(m, frame) for m in series.medications]
    parts += [_as_needed(m, frame) for m in series.medications]
    parts = [p for p in parts if p]
    if not parts:
        return f"No medication scheduled or taken {_between(frame)}."
    return f"Doses {_between(frame)}. " + "; ".join(parts) + "."


def describe_adherence(series: AdherenceSeries, frame: Frame) -> str:
    """Days per status per medication; each day counts once, as its worst dose."""
    parts = []
    for med in series.medications:
        days = [status for day, status in med.days.items() if day in frame]
        # A day whose doses are all still to come is neither taken nor missed yet.
        settled = [s for s in days if s != DUE_LATER]
        if not days:
            continue
        taken = sum(s in ("on_time", "late") for s in settled)
        counts = ", ".join(
            f"{style.ADHERENCE_LABELS[s].lower()} on {days.count(s)}"
            for s in ("on_time", "late", "skipped", "missed", DUE_LATER)
            if days.count(s)
        )
        taken_on = (
            f"all doses taken on {taken} of {len(settled)} days "
            f"({round(100 * taken / len(settled))}%)"
            if settled
            else "none due yet"
        )
        parts.append(
            f"{med.name}: {_count(len(days), 'day')} with a scheduled dose; {counts}; {taken_on}"
        )
    if not parts:
        return f"No scheduled doses {_between(frame)}."
    method = "Each day counts once, in the status of its worst dose (missed, skipped, late)."
    return _join(f"Doses taken {_between(frame)}. " + "; ".join(parts) + ".", method)


# --- Sleep, activity, therapy ------------------------------------------------------------


# The nights a sleep efficiency is known for.
EFFICIENT = "with bed times and minutes to fall asleep and awake"


def describe_sleep(series: SleepSeries, frame: Frame) -> str:
    nights = [n for n in series.nights if n.day in frame]
    if not nights:
        return _join(f"No nights in the sleep diary {_between(frame)}.", changes_sentence(frame))
    hours = [n.total_sleep_hours for n in nights]
    efficiency = [n.efficiency_pct for n in nights if n.efficiency_pct is not None]
    quality = [n.quality for n in nights if n.quality is not None]
    at_most = sum(1 for n in nights if n.at_most)
    bound = (
        f"; minutes to fall asleep or awake not recorded on {_count(at_most, 'night')}"
        if at_most
        else ""
    )
    text = (
        f"{_count(len(nights), 'night')} in the sleep diary {_between(frame)} (dated by the "
        f"morning): total sleep averaged {'at most ' if at_most else ''}{_n(_mean(hours))} "
        f"hours (lowest {_n(min(hours))}, highest {_n(max(hours))}{bound})"
    )
    if efficiency:
        text += (
            f"; efficiency averaged {round(_mean(efficiency))}% (lowest "
            f"{round(min(efficiency))}%, highest {round(max(efficiency))}%)"
            f"{_of(len(efficiency), len(nights), EFFICIENT)}"
        )
    if quality:
        text += (
            f"; quality averaged {_n(_mean(quality))} out of 5 (1 = very poor, 5 = very good)"
            f"{_of(len(quality), len(nights), 'rated')}"
        )
    return _join(text + ".", changes_sentence(frame))


def _of(n: int, total: int, which: str) -> str:
    """' over the 3 nights rated' when some nights lack the measure; '' when none do."""
    return "" if n == total else f" over the {_count(n, 'night')} {which}"


def describe_activity(series: ActivitySeries, frame: Frame) -> str:
    days = [d for d in series.days if d.day in frame]
    weeks = frame.days / 7
    if weeks <= 0 or not days:
        return f"No activity, practices, caffeine or alcohol logged {_between(frame)}."
    practices: dict[str, float] = {}
    for d in days:
        for name, minutes in d.practice_minutes.items():
            practices[name] = practices.get(name, 0) + minutes
    per_practice = ", ".join(
        f"{name} {round(total / weeks)}"
        for name, total in sorted(practices.items(), key=lambda item: -item[1])
        if total
    )
    practice_total = sum(practices.values()) / weeks
    activity = sum(d.activity_minutes for d in days) / weeks
    caffeine = sum(d.caffeine_drinks for d in days) / weeks
    alcohol = sum(d.alcohol_units for d in days) / weeks
    text = (
        f"Per week on average {_between(frame)}: {round(activity)} minutes of activity; "
        f"{round(practice_total)} minutes of practices"
        + (f" ({per_practice})" if per_practice else "")
        + f"; {_n(caffeine)} caffeinated {_unit(caffeine, 'drink')}; "
        f"{_n(alcohol)} {_unit(alcohol, 'unit')} of alcohol (10 g each)."
    )
    return _join(text, changes_sentence(frame))


def describe_therapy(series: TherapySeries, frame: Frame) -> str:
    rows = modality_counts(series.sessions, frame)
    if not rows:
        return f"No therapy sessions {_between(frame)}."
    total = sum(r.sessions for r in rows)
    by_modality = ", ".join(f"{r.modality} {r.sessions}" for r in rows)
    given = sum(r.homework_given for r in rows)
    done = sum(r.homework_done for r in rows)
    homework = (
        f"Homework was given in {given} and done in {done} of them."
        if given
        else "No homework was given."
    )
    return f"{_count(total, 'therapy session')} {_between(frame)}: {by_modality}. {homework}"


# --- Questionnaires, overview ------------------------------------------------------------


def _scores_sentence(
    name: str, scores: Iterable[Score], frame: Frame, bands: Sequence[tuple[int, int, str]]
) -> str:
    inside = sorted((s for s in scores if s.day in frame), key=lambda s: s.day)
    if not inside:
        return f"No {name} scores {_between(frame)}."
    first, last = inside[0], inside[-1]
    totals = [s.total for s in inside]

    def scored(s: Score) -> str:
        return f"{s.total} ({band(s.total, bands)}) on {_day(s.day, frame)}"

    if len(inside) == 1:
        return f"{name}: one score {_between(frame)}, {scored(first)}."
    return (
        f"{name}: {_count(len(inside), 'score')} {_between(frame)}, from {scored(first)} to "
        f"{scored(last)}; lowest {min(totals)}, highest {max(totals)}."
    )


def describe_questionnaires(series: QuestionnaireSeries, frame: Frame) -> str:
    """PHQ-9 (0-27) and GAD-7 (0-21) totals with their bands; item 9 above 0 leads."""
    flags = item9_flags(series.phq9, frame)
    safety = ""
    if flags:
        days = _and([_day(s.day, frame) for s in flags])
        safety = (
            f"PHQ-9 item 9 (thoughts of self-harm) was above 0 on {days}: "
            "discuss this with your prescriber."
        )
    return _join(
        safety,
        _scores_sentence("PHQ-9 (0-27)", series.phq9, frame, PHQ9_BANDS),
        _scores_sentence("GAD-7 (0-21)", series.gad7, frame, GAD7_BANDS),
        changes_sentence(frame),
    )


def describe_overview(series: OverviewSeries, frame: Frame) -> str:
    """The four parts of the overview in one paragraph, the changes once at the end."""
    quiet = Frame(frame.first, frame.last, [])
    return _join(
        describe_doses(series.doses, quiet),
        describe_mood(series.mood, quiet),
        describe_side_effects(series.side_effects, quiet),
        describe_sleep(series.sleep, quiet),
        changes_sentence(frame),
    )
