"""The demo's appointments and questions: the switch visit, the visit that agreed the increase
and quetiapine for sleep (its day starts the report's default range), a call that adds lithium,
a phone call about the taper, and the next visit with two open questions about the data, in the
user's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker.appointments.questions import add_question, mark_asked
from tracker.appointments.services import AppointmentFields, record_appointment
from tracker.auth.models import User
from tracker.timeutils import localize

DOCTOR = "Dr. Okafor"
OPEN_QUESTIONS = (
    "Is the brain fog since the increase to 100 mg related to the dose?",
    "Can we talk about the lorazepam on evenings when I have had a drink?",
)
NEXT_VISIT_IN = 7


@dataclass(frozen=True)
class Timeline:
    """The medication story's days the visits talk about."""

    start: date
    today: date
    switch_on: date  # escitalopram stopped, sertraline 50 mg started
    review_on: date  # the visit that agreed the increase and quetiapine for sleep
    increase_on: date
    lithium_on: date  # lithium 400 mg at night added
    taper_on: date


def _short(day: date) -> str:
    return f"{day.day} {day:%b}"


def _for(first: date, last: date) -> str:
    days = (last - first).days
    return f"{round(days / 7)} weeks" if days >= 14 else f"{days} days"


def add_visits(user: User, t: Timeline, *, now: datetime) -> None:
    """Past and upcoming appointments, one question asked at the review, two still open."""
    tz = user.timezone
    F = AppointmentFields  # noqa: N806
    notes = (
        "Escitalopram 10 mg: nausea, poor sleep, mood no better. Plan: stop it and start "
        f"sertraline 50 mg on {_short(t.switch_on)}."
    )
    switch_day = t.switch_on - timedelta(days=2)
    record_appointment(user, F(switch_day, "prescriber", time(9, 40), DOCTOR, notes), now=now)
    notes = (
        f"Sertraline 50 mg for {_for(t.switch_on, t.review_on)}: low mood persisting; waking "
        "at night, stopped melatonin three weeks ago (no help). "
        f"Plan: increase to 100 mg from {_short(t.increase_on)}, when this pack runs out; "
        "quetiapine 25 mg at night for sleep from tonight, weight weekly. "
        "Call if side effects. Review in about three months."
    )
    review = record_appointment(
        user, F(t.review_on, "prescriber", time(11, 15), DOCTOR, notes), now=now
    )
    asked = add_question(
        user,
        "Is it too early to tell whether the sertraline is working?",
        now=localize(t.review_on - timedelta(days=4), time(21, 10), tz),
    )
    mark_asked(
        user,
        asked,
        appointment_id=review.id,
        answer="A partial response so far: increase to 100 mg, then review.",
        row_version=None,
        now=localize(t.review_on, time(12), tz),
    )
    notes = (
        "Phone call: mood still low on 100 mg. Plan: add lithium 400 mg at 21:00 from "
        f"{_short(t.lithium_on)} after baseline kidney and thyroid bloods; lithium levels 12 h "
        "after the evening dose at 1, 2 and 4 weeks, then monthly."
    )
    call = max(t.increase_on, t.lithium_on - timedelta(days=4))
    record_appointment(user, F(call, "other", time(12, 10), DOCTOR, notes), now=now)
    notes = (
        "Phone call with the practice nurse: foggy and flat since the increase. Dr. Okafor "
        f"agreed a taper: 75 mg from {_short(t.taper_on)}, then 50 mg two weeks later."
    )
    call_day = min(t.taper_on, t.today) - timedelta(days=2)
    record_appointment(user, F(call_day, "other", time(16, 30), "Practice nurse", notes), now=now)
    upcoming = t.today + timedelta(days=NEXT_VISIT_IN)
    record_appointment(user, F(upcoming, "prescriber", time(10, 30), DOCTOR), now=now)
    added = (min(t.today, t.increase_on + timedelta(days=30)), t.today - timedelta(days=2))
    for question, day in zip(OPEN_QUESTIONS, added, strict=True):
        add_question(user, question, now=min(now, localize(day, time(21, 30), tz)))
