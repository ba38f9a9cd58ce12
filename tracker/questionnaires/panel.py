"""The questionnaires part of the Today page: what is due, FIBSER, and an item-9 reminder."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from tracker.auth.models import User
from tracker.filters import day as day_text
from tracker.questionnaires import instruments as ins
from tracker.questionnaires import services
from tracker.timeutils import local_today

# The tables the Today part reads (the latest answer of each instrument, and the user's cadence);
# it is drawn anew when one of them changes.
TABLES: tuple[str, ...] = ("users", "questionnaire_responses")

RECENT_DAYS = 14  # how far back an item-9 answer keeps the reminder on Today


def _names(keys: list[str]) -> str:
    return " and ".join(ins.TITLES[k] for k in keys)


def _due_text(due: list[str], cadence: int) -> str | None:
    if not due:
        return None
    verb = "are" if len(due) > 1 else "is"
    return f"{_names(due)} {verb} due (every {cadence} days)"


def _next_text(upcoming: dict[str, date]) -> str | None:
    if not upcoming:
        return None
    dates = set(upcoming.values())
    if len(dates) == 1:
        verb = "are" if len(upcoming) > 1 else "is"
        return f"{_names(list(upcoming))} {verb} next due on {day_text(dates.pop())}."
    parts = [f"{ins.TITLES[k]} on {day_text(on)}" for k, on in upcoming.items()]
    return "Next due: " + ", ".join(parts) + "."


def today_panel(user: User, day: date, now: datetime) -> dict:
    """Context for questionnaires/_today.html.

    Due dates are counted from the real today, not the day shown: a back-dated page must not
    ask for a questionnaire that has been taken since.
    """
    today = local_today(user.timezone, now)
    next_due = services.next_due(user, today)
    due = [key for key, on in next_due.items() if on <= today]
    upcoming = {key: on for key, on in next_due.items() if on > today}
    recent = services.recent_item9(user, today, RECENT_DAYS)
    return {
        "day": day,
        "next": f"/today?day={day.isoformat()}",
        "cadence": user.questionnaire_days,
        "due": [(key, ins.TITLES[key]) for key in due],
        "due_text": _due_text(due, user.questionnaire_days),
        "next_text": _next_text(upcoming),
        "item9": recent,
        "crisis_text": current_app.config["CRISIS_TEXT"] if recent else None,
    }
