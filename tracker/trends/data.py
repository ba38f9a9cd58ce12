"""The trends' series: the user's records as the plain series charts and the change analysis
take (tracker.charts.series, tracker.analysis), each a pure function of a snapshot
(tracker/snapshot.py) and the local days it covers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from tracker.analysis import model as analysis
from tracker.analysis.model import MedicationChange, Series
from tracker.auth.models import User
from tracker.charts import series as cs
from tracker.checkins.models import MoodCheckin
from tracker.extensions import db
from tracker.medications import doses
from tracker.medications.models import Medication
from tracker.medications.reading import MedicationPlan
from tracker.questionnaires.models import QuestionnaireResponse
from tracker.sleep.models import SleepEntry
from tracker.sleep.summaries import NightSummary
from tracker.snapshot import Snapshot
from tracker.symptoms.models import SymptomEntry
from tracker.timeutils import day_bounds, to_local

ROLLING_DAYS = 7
# The kinds daily_measures reads (the change analysis and the API's daily summaries).
MEASURED_KINDS = ("checkins", "symptoms", "sleep", "activity")


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


def _medications(plan: MedicationPlan) -> list[Medication]:
    return sorted(plan.medications, key=lambda m: (m.started_on, m.name.lower()))


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


def _changes_by_medication(plan: MedicationPlan) -> list[tuple[int, MedicationChange]]:
    """(medication id, change) for every scheduled medication's changes, in day order."""
    found = [(med.id, c) for med in _medications(plan) if not med.as_needed for c in _changes(med)]
    return sorted(found, key=lambda row: (row[1].day, row[1].medication.casefold()))


def medication_changes(snap: Snapshot) -> list[MedicationChange]:
    """Every start, dose change, taper step and stop, in day order (whatever the range)."""
    return [change for _, change in _changes_by_medication(snap.plan)]


def frame(snap: Snapshot) -> cs.Frame:
    """The range with the medication changes inside it, for every time chart; each change
    names its medication's id, so a medication's own calendar marks only its changes."""
    changes = [
        cs.Change(c.day, c.label, c.kind, med_id)
        for med_id, c in _changes_by_medication(snap.plan)
        if snap.first <= c.day <= snap.last
    ]
    return cs.Frame(snap.first, snap.last, changes)


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


def _as_needed(snap: Snapshot, med: Medication, first: date, last: date) -> list[cs.PrnDose]:
    start, _ = day_bounds(first, snap.user.timezone)
    _, end = day_bounds(last, snap.user.timezone)
    return [
        cs.PrnDose(to_local(e.taken_at, e.tz).date(), e.amount or 0.0)
        for e in snap.of("doses").taken(med.id, start, end)
        if e.taken_at < end
    ]


def dose_series(snap: Snapshot, first: date, last: date) -> cs.DoseSeries:
    """Scheduled daily amounts as steps, and as-needed doses, of the medications in the range;
    each scheduled one with its own colour (medication_colours)."""
    snap.covers(first, last)
    meds = _medications(snap.plan)
    colours = medication_colours(meds)
    rows = []
    for med in meds:
        if med.as_needed:
            prn = _as_needed(snap, med, first, last)
            if prn:
                rows.append(cs.MedicationDoses(med.name, [], prn, med.unit))
        elif _active_between(med, first, last):
            rows.append(cs.MedicationDoses(med.name, _steps(med), [], med.unit, colours[med.id]))
    return cs.DoseSeries(rows)


def adherence_series(snap: Snapshot, first: date, last: date) -> cs.AdherenceSeries:
    """Each scheduled medication's days in the range with the worst status of the day (or
    due later, for a day whose doses are all still to come) at the snapshot's `now`."""
    snap.covers(first, last)
    meds = [
        m for m in _medications(snap.plan) if not m.as_needed and _active_between(m, first, last)
    ]
    events = snap.of("doses").by_slot(first, last)
    by_med: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for slot in doses.slots_of(snap.user, meds, events, first, last, snap.now):
        by_med[slot.medication.id].append((slot.day, slot.status))
    return cs.AdherenceSeries(
        [cs.MedicationAdherence(m.name, cs.day_statuses(by_med[m.id]), m.id) for m in meds]
    )


# --- Journal -------------------------------------------------------------------------------


def mood_series(snap: Snapshot, first: date, last: date) -> cs.MoodSeries:
    """Mood and anxiety per day, from a week before `first` so the rolling mean warms up."""
    start = first - timedelta(days=ROLLING_DAYS - 1)
    snap.covers(start, last)
    days = snap.of("checkins").between(start, last)
    readings: dict[str, list[tuple[date, float]]] = {"mood": [], "anxiety": []}
    for day in days:
        for checkin in day.checkins:
            for key, values in readings.items():
                if key in checkin.ratings:
                    values.append((day.day, float(checkin.ratings[key])))
    return cs.MoodSeries(cs.day_ranges(readings["mood"]), cs.day_ranges(readings["anxiety"]))


def side_effect_series(snap: Snapshot, first: date, last: date) -> cs.SideEffectSeries:
    """Each symptom's highest severity per day, followed ones (numbness, fog) first."""
    snap.covers(first, last)
    log = snap.of("symptoms")
    keys = {v.name: v.ref for v in log.symptoms}
    lines = [
        cs.SymptomLine(name, [(day, float(value)) for day, value in points], keys.get(name, ""))
        for name, points in log.daily_severity(first, last).items()
    ]
    return cs.SideEffectSeries(lines)


def sleep_series(snap: Snapshot, first: date, last: date) -> cs.SleepSeries:
    """Nights filed under the morning the user woke up; efficiency and quality None where not
    known (a night known only by its length or without its minutes to fall asleep or awake,
    an unrated one)."""
    return cs.SleepSeries(
        [
            cs.Night(n.day, n.tst_minutes / 60, n.efficiency, n.quality, n.tst_at_most)
            for n in _nights(snap, first, last)
        ]
    )


def _nights(snap: Snapshot, first: date, last: date) -> list[NightSummary]:
    snap.covers(first, last)
    return snap.of("sleep").between(first, last)


def activity_series(snap: Snapshot, first: date, last: date) -> cs.ActivitySeries:
    """Per day: activity minutes, minutes of each practice, caffeine drinks, alcohol units."""
    snap.covers(first, last)
    log = snap.of("activity")
    practices = log.practice_minutes_by_day(first, last)
    return cs.ActivitySeries(
        [
            cs.ActivityDay(
                p.day,
                p.activity_minutes,
                {log.label(k): m for k, m in practices.get(p.day, {}).items()},
                p.caffeine,
                p.alcohol,
            )
            for p in log.daily_series(first, last)
        ]
    )


def therapy_series(snap: Snapshot, first: date, last: date) -> cs.TherapySeries:
    snap.covers(first, last)
    return cs.TherapySeries(
        [
            cs.TherapySession(
                s.day, s.modality_label, bool(s.homework), bool(s.homework and s.homework_done)
            )
            for s in snap.of("therapy").between(first, last)
        ]
    )


def questionnaire_series(snap: Snapshot, first: date, last: date) -> cs.QuestionnaireSeries:
    log = snap.of("questionnaires")  # the whole history: any days

    def scores(key: str) -> list[cs.Score]:
        return [cs.Score(s.day, s.total, s.item9) for s in log.scores(key, first, last)]

    return cs.QuestionnaireSeries(scores("phq9"), scores("gad7"))


def overview_series(snap: Snapshot, first: date, last: date) -> cs.OverviewSeries:
    return cs.OverviewSeries(
        dose_series(snap, first, last),
        mood_series(snap, first, last),
        side_effect_series(snap, first, last),
        sleep_series(snap, first, last),
    )


# --- Daily measures for the change analysis -------------------------------------------------


def daily_measures(
    snap: Snapshot, first: date, last: date
) -> tuple[dict[analysis.Measure, Series], dict[str, Series]]:
    """(measures for the change table, in table order; series by key for the associations).

    Measures with no data in the range are left out. Activity, caffeine and alcohol count as
    0 on a day with any journal entry and none of them, but only once the user has logged
    that kind at all in the range: someone who never logs drinks has no "0 drinks" days.
    """
    mood = mood_series(snap, first, last)
    side = side_effect_series(snap, first, last)
    nights = sleep_series(snap, first, last)
    by_key: dict[str, Series] = {
        analysis.MOOD: {r.day: r.mean for r in mood.mood if r.day >= first},
        analysis.ANXIETY: {r.day: r.mean for r in mood.anxiety if r.day >= first},
        analysis.SLEEP_TOTAL: {n.day: n.total_sleep_hours * 60 for n in nights.nights},
    }
    logged = set(by_key[analysis.MOOD]) | set(by_key[analysis.ANXIETY])
    logged |= {day for line in side.symptoms for day, _ in line.points}
    points = snap.of("activity").daily_series(first, last)
    logged |= {p.day for p in points if p.activity_minutes or p.caffeine or p.alcohol}
    for key, field in (
        (analysis.ACTIVITY, "activity_minutes"),
        (analysis.CAFFEINE, "caffeine"),
        (analysis.ALCOHOL, "alcohol"),
    ):
        values = {p.day: float(getattr(p, field)) for p in points if p.day in logged}
        by_key[key] = values if any(values.values()) else {}
    followed = {v.name for v in snap.of("symptoms").symptoms if v.followed}
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
