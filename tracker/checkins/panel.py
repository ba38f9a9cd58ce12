"""The check-in card on the Today page: the day's summary so far and a one-tap-per-scale form."""

from __future__ import annotations

from datetime import date, datetime, time

from tracker.auth.models import User
from tracker.checkins import services
from tracker.checkins.forms import TODAY_PREFIX, CheckinForm
from tracker.checkins.scales import BY_KEY
from tracker.timeutils import local_today

# The tables the Today part reads (the check-ins of the day, and the mood scales the user shows);
# it is drawn anew when one of them changes.
TABLES: tuple[str, ...] = ("users", "mood_checkins")

# A check-in added while looking at an earlier day is filed at midday of that day, unless the
# user sets another time (shown beside the form for that case).
BACKDATED_AT = time(12, 0)


def today_panel(user: User, day: date, now: datetime) -> dict:
    """Context for templates/checkins/_today.html."""
    today = local_today(user.timezone, now)
    next_url = f"/today?day={day.isoformat()}"
    backdate = day < today
    overview = services.day_overview(user, day)
    return {
        "day": day,
        "is_today": day == today,
        "can_log": day <= today,
        "backdate": backdate,
        "next": next_url,
        "scale_keys": services.shown_scales(user),
        "scales": BY_KEY,
        "overview": overview,
        # Logged once on this day: the card folds to its latest ratings (more are welcome).
        "done": bool(overview.count),
        "latest": overview.checkins[-1] if overview.count else None,
        "form": CheckinForm(
            formdata=None,
            prefix=TODAY_PREFIX,
            at=datetime.combine(day, BACKDATED_AT) if backdate else None,
        ),
    }
