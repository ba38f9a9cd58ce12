"""The Today page's "Last night" panel: the night filed under the shown day, or a quick form."""

from __future__ import annotations

from datetime import date, datetime

from tracker.auth.models import User
from tracker.sleep import forms, naps, services

# The tables the Today part reads (the night filed under the day (or the usual night), and the
# naps); it is drawn anew when one of them changes.
TABLES: tuple[str, ...] = ("sleep_entries", "naps")


def today_panel(user: User, day: date, now: datetime) -> dict:
    """Context for `sleep/_today.html`: last night's summary, or the form prefilled with the
    most recent night so that a usual night is one tap on Save."""
    entry = services.night_on(user, day)
    usual = None if entry else services.usual_night(user, day)
    return {
        "day": day,
        "day_label": services.day_label(day),
        "next": f"/today?day={day.isoformat()}",
        "night": services.night_row(entry, user.clock) if entry else None,
        "headline": services.headline(services.summarize(entry)) if entry else None,
        "form": None if entry else forms.today_night_form(day, usual, formdata=None),
        "done": entry is not None,
        "prefilled": usual is not None,
        "naps": naps.naps_between(user, day, day),
    }
