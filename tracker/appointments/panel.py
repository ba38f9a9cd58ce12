"""The Today page card: the next appointment, the questions so far, and a box to add one."""

from __future__ import annotations

from datetime import date, datetime

from tracker.appointments import services
from tracker.appointments.forms import QuestionForm
from tracker.auth.models import User
from tracker.timeutils import local_today

# The tables the Today part reads (the next appointment and the open questions); it is drawn anew
# when one of them changes.
TABLES: tuple[str, ...] = ("appointments", "appointment_questions")


def today_panel(user: User, day: date, now: datetime) -> dict:
    """Context for templates/appointments/_today.html."""
    next_url = f"/today?day={day.isoformat()}"
    # Questions are filed under the day they are written, whichever day the page shows.
    today = local_today(user.timezone, now)
    return {
        "day": day,
        "next": next_url,
        "next_appointment": services.next_appointment(user, today=today),
        "open": services.open_questions(user),
        "form": QuestionForm(formdata=None, next=next_url),
    }
