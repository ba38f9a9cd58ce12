"""Read services for the trends: the user's records as the plain series charts and the change
analysis take (tracker.charts.series, tracker.analysis). Days are the user's local days."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from tracker.activity import services as activity
from tracker.activity.catalog import PRACTICES
from tracker.analysis import model as analysis
from tracker.analysis.model import MedicationChange, Series
from tracker.auth.models import User
from tracker.charts import series as cs
from tracker.checkins import services as checkins
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications import services as medications
from tracker.medications.models import Medication
from tracker.questionnaires import services as questionnaires
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep import services as sleep
from tracker.sleep.models import SleepEntry
from tracker.symptoms import services as symptoms
from tracker.symptoms.following import all_symptoms
from tracker.symptoms.models import SymptomEntry
from tracker.therapy import services as therapy
from tracker.timeutils import day_bounds, to_local

ROLLING_DAYS = 7


def first_day(user: User, *, today: date) -> date:
    """The earliest local day the account has anything on (today for an empty account)."""
    found = [
        db.session.scalar(
            select(func.min(Medication.started_on)).where(Medication.user_id == user.id)
        ),
        *(
            db.session.scalar(select(func.min(model.day)).where(model.user_id == user.id))
            for model in (MoodCheckin, SymptomEntry, SleepEntry, QuestionnaireResponse)
        ),
    ]
    return min([d for d in found if d is not None and d < today], default=today)


# --- Medications ---------------------------------------------------------------------------


def _active_between(med: Medication, first: date, last: date) -> bool:
    return med.started_on <= last and (med.stopped_on is None or med.stopped_on >= first)


def _medications(user: User) -> list[Medication]:
    meds = medications.list_medications(user, with_schedules=True)
    return sorted(meds, key=lambda m: (m.started_on, m.name.lower()))


def _changes(med: Medication) -> list[MedicationChange]:
    """A scheduled medication's start, dose changes, taper steps and stop. A new version that
    keeps the daily total (only the times moved) is not a dose change and is left out."""
    found: list[MedicationChange] = []
    previous: float | None = None
    for version in med.versions:
        total = version.daily_total
        if previous is None:
            found.append(MedicationChange(med.started_on, med.name, "start", None, total, med.unit))
        elif total != previous:
            kind = "taper" if version.kind == "taper" else "change"
            found.append(
                MedicationChange(version.effective_from, med.name, kind, previous, total, med.unit)
            )
        previous = total
    if med.stopped_on is not None:
        found.append(MedicationChange(med.stopped_on, med.name, "stop", previous, None, med.unit))
    return found


def _changes_by_medication(user: User) -> list[tuple[int, MedicationChange]]:
    """(medication id, change) for every scheduled medication's changes, in day order."""
    found = [(med.id, c) for med in _medications(user) if not med.as_needed for c in _changes(med)]
    return sorted(found, key=lambda row: (row[1].day, row[1].medication.casefold()))


def medication_changes(user: User) -> list[MedicationChange]:
    """Every start, dose change, taper step and stop, in day order."""
    return [change for _, change in _changes_by_medication(user)]


def frame(user: User, first: date, last: date) -> cs.Frame:
    """The range with the medication changes inside it, for every time chart; each change
    names its medication's id, so a medication's own calendar marks only its changes."""
    changes = [
        cs.Change(c.day, c.label, c.kind, med_id)
        for med_id, c in _changes_by_medication(user)
        if first <= c.day <= last
    ]
    return cs.Frame(first, last, changes)


def medication_colours(meds: list[Medication]) -> dict[int, int]:
    """Each scheduled medication's place in the chart palette: its position among all the
    user's scheduled medications in the order they were added (by id). It depends on the
    medication, not on the range, so a drug keeps its colour in a 30-day, 90-day or 1-year
    chart; adding a medication never recolours an earlier one (ordering by start date would,
    for a back-dated one); medications share a colour only past the palette's size."""
    scheduled = sorted(m.id for m in meds if not m.as_needed)
    return {med_id: n for n, med_id in enumerate(scheduled)}


def _steps(med: Medication) -> list[cs.DoseStep]:
    steps = []
    for n, version in enumerate(med.versions):
        kind = cs.START if n == 0 else (cs.TAPER if version.kind == "taper" else cs.CHANGE)
        steps.append(
            cs.DoseStep(max(version.effective_from, med.started_on), version.daily_total, kind)
        )
    if med.stopped_on is not None:
        steps.append(cs.DoseStep(med.stopped_on, 0.0, cs.STOP))
    return steps


def _as_needed(user: User, med: Medication, first: date, last: date) -> list[cs.PrnDose]:
    start, _ = day_bounds(first, user.timezone)
    _, end = day_bounds(last, user.timezone)
    return [
        cs.PrnDose(to_local(e.taken_at, e.tz).date(), e.amount or 0.0)
        for e in doses.prn_taken_between(user, med, start, end)
        if e.taken_at < end
    ]


def dose_series(user: User, first: date, last: date) -> cs.DoseSeries:
    """Scheduled daily amounts as steps, and as-needed doses, of the medications in the range;
    each scheduled one with its own colour (medication_colours)."""
    meds = _medications(user)
    colours = medication_colours(meds)
    rows = []
    for med in meds:
        if med.as_needed:
            prn = _as_needed(user, med, first, last)
            if prn:
                rows.append(cs.MedicationDoses(med.name, [], prn, med.unit))
        elif _active_between(med, first, last):
            rows.append(cs.MedicationDoses(med.name, _steps(med), [], med.unit, colours[med.id]))
    return cs.DoseSeries(rows)


def adherence_series(user: User, first: date, last: date, *, now: datetime) -> cs.AdherenceSeries:
    """Each scheduled medication's days in the range with the worst status of the day (or
    due later, for a day whose doses are all still to come)."""
    meds = [m for m in _medications(user) if not m.as_needed and _active_between(m, first, last)]
    by_med: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for slot in doses.slots_between(user, meds, first, last, now):
        by_med[slot.medication.id].append((slot.day, slot.status))
    return cs.AdherenceSeries(
        [cs.MedicationAdherence(m.name, cs.day_statuses(by_med[m.id]), m.id) for m in meds]
    )


# --- Journal -------------------------------------------------------------------------------


def mood_series(user: User, first: date, last: date) -> cs.MoodSeries:
    """Mood and anxiety per day, from a week before `first` so the rolling mean warms up."""
    days = checkins.checkin_days(user, first - timedelta(days=ROLLING_DAYS - 1), last)
    readings: dict[str, list[tuple[date, float]]] = {"mood": [], "anxiety": []}
    for day in days:
        for checkin in day.checkins:
            for key, values in readings.items():
                if key in checkin.ratings:
                    values.append((day.day, float(checkin.ratings[key])))
    return cs.MoodSeries(cs.day_ranges(readings["mood"]), cs.day_ranges(readings["anxiety"]))


def side_effect_series(user: User, first: date, last: date) -> cs.SideEffectSeries:
    """Each symptom's highest severity per day, followed ones (numbness, fog) first."""
    keys = {v.name: v.ref for v in all_symptoms(user)}
    lines = [
        cs.SymptomLine(name, [(day, float(value)) for day, value in points], keys.get(name, ""))
        for name, points in symptoms.daily_severity(user, first, last).items()
    ]
    return cs.SideEffectSeries(lines)


def sleep_series(user: User, first: date, last: date) -> cs.SleepSeries:
    """Nights filed under the morning the user woke up; efficiency and quality None where not
    known (a night known only by its length or without its minutes to fall asleep or awake,
    an unrated one)."""
    return cs.SleepSeries(
        [
            cs.Night(n.day, n.tst_minutes / 60, n.efficiency, n.quality, n.tst_at_most)
            for n in sleep.nights(user, first, last)
        ]
    )


def activity_series(user: User, first: date, last: date) -> cs.ActivitySeries:
    """Per day: activity minutes, minutes of each practice, caffeine drinks, alcohol units."""
    practices = activity.practice_minutes_by_day(user, first, last)
    labels = {key: p.label for key, p in PRACTICES.items()}
    return cs.ActivitySeries(
        [
            cs.ActivityDay(
                p.day,
                p.activity_minutes,
                {labels.get(k, k): m for k, m in practices.get(p.day, {}).items()},
                p.caffeine,
                p.alcohol,
            )
            for p in activity.daily_series(user, first, last)
        ]
    )


def therapy_series(user: User, first: date, last: date) -> cs.TherapySeries:
    return cs.TherapySeries(
        [
            cs.TherapySession(
                s.day, s.modality_label, bool(s.homework), bool(s.homework and s.homework_done)
            )
            for s in therapy.sessions_between(user, first, last)
        ]
    )


def questionnaire_series(user: User, first: date, last: date) -> cs.QuestionnaireSeries:
    def scores(key: str) -> list[cs.Score]:
        return [
            cs.Score(s.day, s.total, s.item9) for s in questionnaires.scores(user, key, first, last)
        ]

    return cs.QuestionnaireSeries(scores("phq9"), scores("gad7"))


def overview_series(user: User, first: date, last: date) -> cs.OverviewSeries:
    return cs.OverviewSeries(
        dose_series(user, first, last),
        mood_series(user, first, last),
        side_effect_series(user, first, last),
        sleep_series(user, first, last),
    )


# --- Daily measures for the change analysis -------------------------------------------------


def daily_measures(
    user: User, first: date, last: date
) -> tuple[dict[analysis.Measure, Series], dict[str, Series]]:
    """(measures for the change table, in table order; series by key for the associations).

    Measures with no data in the range are left out. Activity, caffeine and alcohol count as
    0 on a day with any journal entry and none of them, but only once the user has logged
    that kind at all in the range: someone who never logs drinks has no "0 drinks" days.
    """
    mood = mood_series(user, first, last)
    side = side_effect_series(user, first, last)
    nights = sleep_series(user, first, last)
    by_key: dict[str, Series] = {
        analysis.MOOD: {r.day: r.mean for r in mood.mood if r.day >= first},
        analysis.ANXIETY: {r.day: r.mean for r in mood.anxiety if r.day >= first},
        analysis.SLEEP_TOTAL: {n.day: n.total_sleep_hours * 60 for n in nights.nights},
    }
    logged = set(by_key[analysis.MOOD]) | set(by_key[analysis.ANXIETY])
    logged |= {day for line in side.symptoms for day, _ in line.points}
    points = activity.daily_series(user, first, last)
    logged |= {p.day for p in points if p.activity_minutes or p.caffeine or p.alcohol}
    for key, field in (
        (analysis.ACTIVITY, "activity_minutes"),
        (analysis.CAFFEINE, "caffeine"),
        (analysis.ALCOHOL, "alcohol"),
    ):
        values = {p.day: float(getattr(p, field)) for p in points if p.day in logged}
        by_key[key] = values if any(values.values()) else {}
    followed = {v.name for v in all_symptoms(user) if v.followed}
    measures: dict[analysis.Measure, Series] = {
        analysis.MOOD_MEASURE: by_key[analysis.MOOD],
        analysis.ANXIETY_MEASURE: by_key[analysis.ANXIETY],
        **{
            analysis.symptom_measure(line.key or line.name, line.name): dict(line.points)
            for line in side.symptoms
            if line.name in followed
        },
        analysis.SLEEP_MEASURE: by_key[analysis.SLEEP_TOTAL],
        analysis.ACTIVITY_MEASURE: by_key[analysis.ACTIVITY],
    }
    measures = {m: s for m, s in measures.items() if s}
    return measures, by_key
