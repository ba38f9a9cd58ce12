"""A reminder's words: only what the user chose to show (no drug name unless opted in)."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.auth.models import User
from tracker.medications.models import Medication
from tracker.medications.supply import RefillDue
from tracker.reminders import actions
from tracker.reminders.models import Reminder, ReminderPreferences
from tracker.reminders.transport import Message
from tracker.timeutils import clock_time

ACTION_PATH = "/reminders/act/"  # reminders.act in tracker/reminders/views.py serves it


def dose_message(
    reminder: Reminder,
    med: Medication,
    user: User,
    prefs: ReminderPreferences,
    *,
    public_url: str | None,
    secret_key: str,
) -> Message:
    """ "Time for your 08:00 medication", with Taken and Skip links when the server's public
    address is configured (PUBLIC_URL)."""
    at = clock_time(reminder.slot_time, user.clock)
    what = med.name if prefs.name_drug else "medication"
    body = f"Time for your {at} {what}"
    if reminder.repeat:
        body += " (still not logged)"
    links: tuple[tuple[str, str], ...] = ()
    if public_url and reminder.slot_day and reminder.slot_time:
        expires = reminder.due_at + timedelta(minutes=user.on_time_window_minutes)
        base = public_url.rstrip("/") + ACTION_PATH
        links = tuple(
            (label, base + actions.make_token(
                user_id=user.id, medication_id=med.id, day=reminder.slot_day,
                at=reminder.slot_time, action=action, expires=expires, secret_key=secret_key,
            ))
            for action, label in actions.LABELS.items()
        )  # fmt: skip
    return Message("Medication reminder", body, links)


def appointment_message(reminder: Reminder, user: User, *, today: date) -> Message:
    """ "Appointment tomorrow at 10:00": no kind, no name (a locked screen shows it)."""
    when = "today" if reminder.slot_day == today else "tomorrow"
    if reminder.slot_day not in (today, today + timedelta(days=1)):
        when = f"on {reminder.slot_day:%a} {reminder.slot_day.day} {reminder.slot_day:%b}"
    at = f" at {clock_time(reminder.slot_time, user.clock)}" if reminder.slot_time else ""
    return Message("Appointment reminder", f"Appointment {when}{at}")


def refill_message(refill: RefillDue, user: User, prefs: ReminderPreferences) -> Message:
    """ "A medication runs out in about 6 days (around Sat 12 Dec)": the drug named only when
    the user opted in."""
    what = refill.name if prefs.name_drug else "A medication"
    days = "1 day" if refill.days_left == 1 else f"{refill.days_left} days"
    when = f"{refill.runs_out_on:%a} {refill.runs_out_on.day} {refill.runs_out_on:%b}"
    return Message("Refill reminder", f"{what} runs out in about {days} (around {when})")


def questionnaire_message() -> Message:
    """Which questionnaire is not said (its name tells what it measures)."""
    return Message("Questionnaire reminder", "Your check-in questionnaire is due today")
