"""The Today panel: one tap per followed side effect, and "Same as yesterday"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tracker.auth.models import User
from tracker.symptoms import services
from tracker.symptoms.following import followed_symptoms
from tracker.symptoms.forms import DayForm, followed_form, scale_name
from tracker.timeutils import local_today

# The tables the Today part reads (the followed side effects and their ratings of the day and the
# day before); it is drawn anew when one of them changes.
TABLES: tuple[str, ...] = ("users", "symptoms", "symptom_entries")


def today_panel(user: User, day: date, now: datetime) -> dict:
    """Context for templates/symptoms/_today.html: the followed symptoms on `day`."""
    symptoms = followed_symptoms(user)
    latest = services.latest_on(user, day)
    before = services.latest_on(user, day - timedelta(days=1))
    back = f"/today?day={day.isoformat()}"
    chosen = {scale_name(s): latest[s.id].severity for s in symptoms if s.id in latest}
    form = followed_form(symptoms, formdata=None, data={"day": day, "next": back, **chosen})
    return {
        "day": day,
        "next": back,
        "form": form,
        # (symptom, its 0-10 field, the day's latest entry or None), numbness and fog first
        "rows": [(s, field, latest.get(s.id)) for s, field in form.rows()],
        "same": DayForm(formdata=None, day=day, next=back),
        # What "Same as yesterday" would copy: (name, value) of the day before.
        "yesterday": [(s.name, before[s.id].severity) for s in symptoms if s.id in before],
        "yesterday_label": "Yesterday"
        if day == local_today(user.timezone, now)
        else "The day before",
        "scale_help": services.SCALE_HELP,
        # Every followed side effect has a value on this day: the card folds to them.
        "done": bool(symptoms) and all(s.id in latest for s in symptoms),
        # The day's progress asks for side effects only when some are followed.
        "asks": bool(symptoms),
        "logged": [(s.name, latest[s.id].severity) for s in symptoms if s.id in latest],
    }
