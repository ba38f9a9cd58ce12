"""The therapy card on the Today page: the day's session, open homework, a link to log one."""

from __future__ import annotations

from datetime import date, datetime

from tracker.auth.models import User
from tracker.therapy import services
from tracker.therapy.forms import HomeworkDoneForm
from tracker.timeutils import local_today

# The tables the Today part reads (the day's sessions and the latest one's homework); it is drawn
# anew when one of them changes.
TABLES: tuple[str, ...] = ("therapy_sessions",)


def today_panel(user: User, day: date, now: datetime) -> dict:
    """Context for templates/therapy/_today.html."""
    next_url = f"/today?day={day.isoformat()}"
    latest = services.latest_session(user, until=day)
    homework = latest if latest is not None and latest.homework else None
    open_homework = homework is not None and not homework.homework_done
    return {
        "day": day,
        "is_today": day == local_today(user.timezone, now),
        "next": next_url,
        "sessions": services.sessions_on(user, day),
        "homework": homework,
        "done_form": (
            HomeworkDoneForm(formdata=None, row_version=homework.row_version, next=next_url)
            if open_homework and homework is not None
            else None
        ),
    }
